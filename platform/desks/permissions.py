"""Who may do what at the counter."""

from accounts import permissions
from accounts.models import Role


def can_use_agenda(user) -> bool:
    return permissions.is_tenant_staff(user)


def can_manage_counter(user) -> bool:
    """Services, opening hours and message models: the counter's administrator."""
    return permissions.is_tenant_staff(user) and user.role == Role.TENANT_ADMIN
