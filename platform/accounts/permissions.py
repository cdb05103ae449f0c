"""Who may do what, by role. Views and the API both ask here."""

from accounts.models import TENANT_ROLES, Role


def is_tenant_staff(user) -> bool:
    """The counter's staff: an active user with one of ``TENANT_ROLES``
    (``accounts.selectors.staff_members`` lists the same people)."""
    return user.is_authenticated and user.is_active and user.role in TENANT_ROLES


def can_manage_users(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in (
        Role.TENANT_ADMIN, Role.PLATFORM_ADMIN)


def can_view_dashboard(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in (
        Role.COORDINATOR, Role.TENANT_ADMIN)


def can_supervise(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in (
        Role.SUPERVISOR, Role.PLATFORM_ADMIN)


def can_administer_platform(user) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.PLATFORM_ADMIN
