"""Reads on users. "The staff" of a counter is defined here and in
``accounts.permissions.is_tenant_staff``, once: the active users holding one
of the counter's roles (``TENANT_ROLES``)."""

from django.db import connection
from django.db.models import QuerySet

from accounts.models import NATIONAL_ROLES, TENANT_ROLES, User
from accounts.permissions import can_manage_users
from core.errors import NotFound


def roles_for_current_schema() -> tuple[str, ...]:
    """The roles a user of the current schema may hold (tenant or national)."""
    return NATIONAL_ROLES if connection.schema_name == "public" else TENANT_ROLES


def staff_members(*, include_inactive: bool = False) -> QuerySet[User]:
    """The counter's staff, by name: who may be given work (appointments,
    consultations). ``include_inactive`` keeps those who have left, for lists
    that filter past work by who did it."""
    users = User.objects.filter(role__in=TENANT_ROLES)
    if not include_inactive:
        users = users.filter(is_active=True)
    return users.order_by("last_name", "first_name", "email")


def staff_list(*, role: str | None = None, search: str | None = None) -> QuerySet[User]:
    """Every user of the current schema, for the administrators' user list."""
    users = User.objects.all()
    if role:
        users = users.filter(role=role)
    if search:
        users = users.filter(email__icontains=search) | users.filter(last_name__icontains=search)
    return users.order_by("last_name", "first_name", "email")


def invitation_pending(user: User) -> bool:
    """Invited and not yet arrived: the user has never chosen a password."""
    return user.is_active and not user.has_usable_password()


def get_user_for(*, actor: User, user_id: int) -> User:
    """The user ``user_id`` as seen by ``actor``: only within the same schema,
    only for administrators (others see themselves)."""
    if not can_manage_users(actor) and actor.pk != user_id:
        raise NotFound("Utente non trovato.")
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound("Utente non trovato.")
    return user
