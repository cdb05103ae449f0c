from django.db.models import QuerySet

from accounts.models import User
from core.errors import NotFound


def staff_list(*, role: str | None = None, search: str | None = None) -> QuerySet[User]:
    users = User.objects.all()
    if role:
        users = users.filter(role=role)
    if search:
        users = users.filter(email__icontains=search) | users.filter(last_name__icontains=search)
    return users.order_by("last_name", "first_name", "email")


def get_user_for(*, actor: User, user_id: int) -> User:
    """The user ``user_id`` as seen by ``actor``: only within the same schema,
    only for administrators (others see themselves)."""
    from accounts.permissions import can_manage_users

    if not can_manage_users(actor) and actor.pk != user_id:
        raise NotFound("Utente non trovato.")
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound("Utente non trovato.")
    return user
