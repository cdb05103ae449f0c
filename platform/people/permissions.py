"""Who may do what with people's records: the counter's staff work with them;
publishing the privacy notice is the administrator's."""

from accounts import permissions


def can_work_with_people(user) -> bool:
    """Register, update, record consents and intake, read and export people."""
    return user is not None and permissions.is_tenant_staff(user)


def can_manage_notices(user) -> bool:
    """Publish an informativa privacy and put a version in force."""
    return can_work_with_people(user) and permissions.can_manage_users(user)
