"""The audited actions of ``accounts`` (logins, passwords, users and API tokens) and their
Italian labels, declared here once; ``audit.actions`` gathers every installed package's
``LABELS`` through the app registry."""

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
API_TOKEN_ISSUED = "api.token_issued"

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
    API_TOKEN_ISSUED: _("Token API rilasciato"),
}
