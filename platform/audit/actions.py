"""The stable codes of audited actions, with their Italian labels."""

from django.utils.translation import gettext_lazy as _

LOGIN = "auth.login"
LOGOUT = "auth.logout"
LOGIN_FAILED = "auth.login_failed"
LOCKED_OUT = "auth.locked_out"
PASSWORD_CHANGED = "auth.password_changed"
PASSWORD_RESET_REQUESTED = "auth.password_reset_requested"
USER_CREATED = "user.created"
ROLE_CHANGED = "user.role_changed"
USER_DEACTIVATED = "user.deactivated"
USER_REACTIVATED = "user.reactivated"
INVITATION_RESENT = "user.invitation_resent"
AUDIT_EXPORTED = "audit.exported"
TENANT_PROVISIONED = "tenant.provisioned"
TENANT_STATUS_CHANGED = "tenant.status_changed"
TENANT_DOMAIN_CHANGED = "tenant.domain_changed"
NETWORK_CHANGED = "network.changed"
API_TOKEN_ISSUED = "api.token_issued"
WORKER_CHECK = "system.worker_check"

LABELS = {
    LOGIN: _("Accesso"),
    LOGOUT: _("Uscita"),
    LOGIN_FAILED: _("Accesso non riuscito"),
    LOCKED_OUT: _("Accesso bloccato per troppi tentativi"),
    PASSWORD_CHANGED: _("Password cambiata"),
    PASSWORD_RESET_REQUESTED: _("Richiesta di reimpostazione password"),
    USER_CREATED: _("Utente creato"),
    ROLE_CHANGED: _("Ruolo modificato"),
    USER_DEACTIVATED: _("Utente disattivato"),
    USER_REACTIVATED: _("Utente riattivato"),
    INVITATION_RESENT: _("Invito inviato di nuovo"),
    AUDIT_EXPORTED: _("Esportazione del registro delle attività"),
    TENANT_PROVISIONED: _("Ente attivato"),
    TENANT_STATUS_CHANGED: _("Stato dell'ente modificato"),
    TENANT_DOMAIN_CHANGED: _("Dominio dell'ente modificato"),
    NETWORK_CHANGED: _("Rete territoriale modificata"),
    API_TOKEN_ISSUED: _("Token API rilasciato"),
    WORKER_CHECK: _("Verifica del worker"),
    "person.created": _("Persona registrata"),
    "person.updated": _("Dati della persona modificati"),
    "person.read": _("Consultazione della scheda persona"),
    "person.consent_recorded": _("Consenso registrato"),
    "person.contact_recorded": _("Accoglienza registrata"),
    "assessment.recorded": _("Valutazione registrata"),
    "assessment.answers_read": _("Lettura delle risposte di una valutazione (dati particolari)"),
    "instrument.created": _("Strumento di valutazione creato"),
    "instrument.version_created": _("Nuova versione di uno strumento di valutazione"),
    "instrument.status_changed": _("Strumento di valutazione messo in uso o tolto dall'uso"),
    "appointment.booked": _("Appuntamento fissato"),
    "appointment.booked_online": _("Appuntamento prenotato online"),
    "appointment.status_changed": _("Stato dell'appuntamento modificato"),
    "appointment.updated": _("Appuntamento modificato"),
    "appointment.cancelled_online": _("Prenotazione annullata dalla persona con il link"),
    "desk.closure_added": _("Chiusura dello sportello aggiunta"),
    "desk.closure_removed": _("Chiusura dello sportello eliminata"),
    "desk.contacts_changed": _("Contatti dello sportello modificati"),
    "appointment.rescheduled": _("Appuntamento spostato a un altro orario"),
    "appointment.reschedule_notice_sent": _("Avviso del nuovo orario inviato"),
    "desk.service_created": _("Servizio dello sportello aggiunto"),
    "desk.service_updated": _("Servizio dello sportello modificato"),
    "desk.hours_changed": _("Orari di apertura modificati"),
    "message.template_saved": _("Modello di messaggio salvato"),
    "message.queued": _("Messaggio inviato alla persona"),
    "person.export": _("Esportazione dell'elenco delle persone"),
    "privacy_notice.published": _("Informativa privacy pubblicata"),
    "privacy_notice.made_current": _("Informativa privacy messa in vigore"),
    "consultation.recorded": _("Consulenza registrata"),
    "consultation.document_added": _("Documento allegato a una consulenza"),
    "consultation.document_read": _("Apertura di un documento di una consulenza"),
    "consultation.exported": _("Esportazione dell'elenco delle consulenze"),
    "pathway.opened": _("Percorso aperto"),
    "pathway.advanced": _("Passaggio di fase di un percorso"),
    "lender.created": _("Finanziatore aggiunto all'elenco nazionale"),
    "lender.updated": _("Finanziatore modificato"),
    "lender.deactivated": _("Finanziatore disattivato"),
    "lender.reactivated": _("Finanziatore riattivato"),
    "microcredit_limit.saved": _("Limite del microcredito salvato"),
    "demo.people_seeded": _("Persone dimostrative caricate"),
}
