"""Who may see and act on a tenant's conferrals: the counter's staff
(operators, coordinators, administrators) of a counter with the job desk."""

from django.db import connection

from accounts import permissions as account_permissions
from integrations.outbox.errors import OutboxPermissionDenied


def counter_offers_conferrals() -> bool:
    return bool(getattr(connection.tenant, "offers_job_desk", False))


def can_view(user) -> bool:
    return (user is not None and account_permissions.is_tenant_staff(user)
            and counter_offers_conferrals())


can_manage = can_view


def check_can_view(user) -> None:
    if not can_view(user):
        raise OutboxPermissionDenied("Il suo ruolo non consente di vedere i conferimenti "
                                     "ai sistemi nazionali.")


def check_can_manage(user) -> None:
    if not can_manage(user):
        raise OutboxPermissionDenied("Il suo ruolo non consente di reinviare i conferimenti "
                                     "ai sistemi nazionali.")
