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
}
