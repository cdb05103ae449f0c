"""Audit of logins, logouts and failed logins (Django's auth signals)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts import audit_actions as actions
from audit import services as audit


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.record(action=actions.LOGIN, actor=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(action=actions.LOGOUT, actor=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or credentials.get("email") or "")[:254]
    audit.record(action=actions.LOGIN_FAILED, actor_label=username)


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    audit.record(action=actions.LOCKED_OUT, actor_label=str(username or "")[:254])
