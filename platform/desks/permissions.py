"""Who may do what at the counter."""

from accounts import permissions
from accounts.models import Role
from core.errors import PermissionDenied


def can_use_agenda(user) -> bool:
    return permissions.is_tenant_staff(user)


def can_manage_counter(user) -> bool:
    """Services, opening hours and message models: the counter's administrator."""
    return permissions.is_tenant_staff(user) and user.role == Role.TENANT_ADMIN


def check_can_use_agenda(user) -> None:
    """What every calendar and message service asks first."""
    if user is None or not can_use_agenda(user):
        raise PermissionDenied("Il suo ruolo non consente di usare l'agenda dello sportello.")


def check_can_manage_counter(user) -> None:
    """What every service on the counter's services, hours, contacts,
    closures and message models asks first."""
    if user is None or not can_manage_counter(user):
        raise PermissionDenied("Solo l'amministratore dell'ente può modificare lo sportello.")
