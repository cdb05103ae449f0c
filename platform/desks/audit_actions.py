"""The audited actions of the counter: stable codes and their Italian labels,
declared once here (the services write them, the audit log shows the labels)."""

from django.utils.translation import gettext_lazy as _

APPOINTMENT_BOOKED = "appointment.booked"
APPOINTMENT_BOOKED_ONLINE = "appointment.booked_online"
APPOINTMENT_STATUS_CHANGED = "appointment.status_changed"
APPOINTMENT_UPDATED = "appointment.updated"
APPOINTMENT_CANCELLED_ONLINE = "appointment.cancelled_online"
APPOINTMENT_RESCHEDULED = "appointment.rescheduled"
RESCHEDULE_NOTICE_SENT = "appointment.reschedule_notice_sent"
CLOSURE_ADDED = "desk.closure_added"
CLOSURE_REMOVED = "desk.closure_removed"
CONTACTS_CHANGED = "desk.contacts_changed"
SERVICE_CREATED = "desk.service_created"
SERVICE_UPDATED = "desk.service_updated"
HOURS_CHANGED = "desk.hours_changed"
TEMPLATE_SAVED = "message.template_saved"
MESSAGE_QUEUED = "message.queued"

LABELS = {
    APPOINTMENT_BOOKED: _("Appuntamento fissato"),
    APPOINTMENT_BOOKED_ONLINE: _("Appuntamento prenotato online"),
    APPOINTMENT_STATUS_CHANGED: _("Stato dell'appuntamento modificato"),
    APPOINTMENT_UPDATED: _("Appuntamento modificato"),
    APPOINTMENT_CANCELLED_ONLINE: _("Prenotazione annullata dalla persona con il link"),
    APPOINTMENT_RESCHEDULED: _("Appuntamento spostato a un altro orario"),
    RESCHEDULE_NOTICE_SENT: _("Avviso del nuovo orario inviato"),
    CLOSURE_ADDED: _("Chiusura dello sportello aggiunta"),
    CLOSURE_REMOVED: _("Chiusura dello sportello eliminata"),
    CONTACTS_CHANGED: _("Contatti dello sportello modificati"),
    SERVICE_CREATED: _("Servizio dello sportello aggiunto"),
    SERVICE_UPDATED: _("Servizio dello sportello modificato"),
    HOURS_CHANGED: _("Orari di apertura modificati"),
    TEMPLATE_SAVED: _("Modello di messaggio salvato"),
    MESSAGE_QUEUED: _("Messaggio inviato alla persona"),
}
