"""The audited actions of ``desks`` (appointments, the counter's services, hours and
messages) and their Italian labels, declared here once; ``audit.actions`` gathers every
installed package's ``LABELS`` through the app registry."""

from django.utils.translation import gettext_lazy as _

APPOINTMENT_BOOKED = "appointment.booked"
APPOINTMENT_BOOKED_ONLINE = "appointment.booked_online"
APPOINTMENT_STATUS_CHANGED = "appointment.status_changed"
APPOINTMENT_UPDATED = "appointment.updated"
APPOINTMENT_CANCELLED_ONLINE = "appointment.cancelled_online"
DESK_CLOSURE_ADDED = "desk.closure_added"
DESK_CLOSURE_REMOVED = "desk.closure_removed"
DESK_CONTACTS_CHANGED = "desk.contacts_changed"
APPOINTMENT_RESCHEDULED = "appointment.rescheduled"
APPOINTMENT_RESCHEDULE_NOTICE_SENT = "appointment.reschedule_notice_sent"
DESK_SERVICE_CREATED = "desk.service_created"
DESK_SERVICE_UPDATED = "desk.service_updated"
DESK_HOURS_CHANGED = "desk.hours_changed"
MESSAGE_TEMPLATE_SAVED = "message.template_saved"
MESSAGE_QUEUED = "message.queued"

LABELS = {
    APPOINTMENT_BOOKED: _("Appuntamento fissato"),
    APPOINTMENT_BOOKED_ONLINE: _("Appuntamento prenotato online"),
    APPOINTMENT_STATUS_CHANGED: _("Stato dell'appuntamento modificato"),
    APPOINTMENT_UPDATED: _("Appuntamento modificato"),
    APPOINTMENT_CANCELLED_ONLINE: _("Prenotazione annullata dalla persona con il link"),
    DESK_CLOSURE_ADDED: _("Chiusura dello sportello aggiunta"),
    DESK_CLOSURE_REMOVED: _("Chiusura dello sportello eliminata"),
    DESK_CONTACTS_CHANGED: _("Contatti dello sportello modificati"),
    APPOINTMENT_RESCHEDULED: _("Appuntamento spostato a un altro orario"),
    APPOINTMENT_RESCHEDULE_NOTICE_SENT: _("Avviso del nuovo orario inviato"),
    DESK_SERVICE_CREATED: _("Servizio dello sportello aggiunto"),
    DESK_SERVICE_UPDATED: _("Servizio dello sportello modificato"),
    DESK_HOURS_CHANGED: _("Orari di apertura modificati"),
    MESSAGE_TEMPLATE_SAVED: _("Modello di messaggio salvato"),
    MESSAGE_QUEUED: _("Messaggio inviato alla persona"),
}
