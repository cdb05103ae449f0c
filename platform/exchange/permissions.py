"""Who may do what in the rete delle reti."""

from accounts import permissions


def can_publish(user) -> bool:
    """A counter's staff publish their own counter's entries and ask others for contact."""
    return permissions.is_tenant_staff(user)


def can_browse(user) -> bool:
    """Anyone, without logging in."""
    return True
