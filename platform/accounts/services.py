"""Writes on users: creation, invitation, roles, deactivation, reactivation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from rest_framework.authtoken.models import Token

from accounts import audit_actions as actions
from accounts.errors import UserError
from accounts.identity import normalize_login
from accounts.models import User
from accounts.selectors import roles_for_current_schema
from accounts.tasks import send_invitation
from audit import services as audit
from tenants.queue import on_commit


def _check_role(role: str) -> None:
    if role not in roles_for_current_schema():
        where = "nazionale" if connection.schema_name == "public" else "di sportello"
        raise UserError(f"Ruolo non ammesso per un utente {where}.", field="role")


@transaction.atomic
def create_user(
    *,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    acting_user=None,
    invite: bool = False,
) -> User:
    email = normalize_login(email)
    try:
        validate_email(email)
    except ValidationError as exc:
        raise UserError("Indirizzo e-mail non valido.", field="email") from exc
    _check_role(role)
    if User.objects.filter(email__iexact=email).exists():
        raise UserError("Esiste già un utente con questo indirizzo e-mail.", field="email",
                        code="utente_esistente")
    user = User(email=email, role=role, first_name=first_name, last_name=last_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(action=actions.USER_CREATED, actor=acting_user, target=user,
                 details={"role": role, "invited": invite})
    if invite:
        on_commit(send_invitation, user.pk)
    return user


@transaction.atomic
def change_role(*, user: User, role: str, acting_user) -> User:
    _check_role(role)
    if user.pk == getattr(acting_user, "pk", None):
        raise UserError("Non è possibile modificare il proprio ruolo.", field="role")
    previous = user.role
    if previous == role:
        return user
    User.objects.filter(pk=user.pk).update(role=role)
    user.role = role
    audit.record(action=actions.ROLE_CHANGED, actor=acting_user, target=user,
                 details={"from": previous, "to": role})
    return user


@transaction.atomic
def deactivate_user(*, user: User, acting_user) -> User:
    if user.pk == getattr(acting_user, "pk", None):
        raise UserError("Non è possibile disattivare il proprio utente.", field="is_active")
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    audit.record(action=actions.USER_DEACTIVATED, actor=acting_user, target=user)
    return user


@transaction.atomic
def reactivate_user(*, user: User, acting_user) -> User:
    """Let a deactivated user log in again, with the role and password they had."""
    current = User.objects.select_for_update().get(pk=user.pk)
    if current.is_active:
        raise UserError("L'utente è già attivo.", field="is_active", code="utente_gia_attivo")
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    audit.record(action=actions.USER_REACTIVATED, actor=acting_user, target=user)
    return user


@transaction.atomic
def resend_invitation(*, user: User, acting_user) -> User:
    """A new invitation e-mail for a user who has not chosen a password yet.
    The link of the earlier invitation stops working: its token was made from
    the (unusable) password hash, which is drawn again here."""
    current = User.objects.select_for_update().get(pk=user.pk)
    if not current.is_active:
        raise UserError("L'utente è disattivato: lo riattivi prima di inviare di nuovo l'invito.",
                        field="is_active", code="utente_disattivato")
    if current.has_usable_password():
        raise UserError("L'utente ha già scelto la password: se l'ha dimenticata può chiederne "
                        "una nuova da «Password dimenticata?».", field="email",
                        code="invito_gia_accettato")
    current.set_unusable_password()
    current.save(update_fields=["password"])
    user.password = current.password
    audit.record(action=actions.INVITATION_RESENT, actor=acting_user, target=user)
    on_commit(send_invitation, user.pk)
    return user


@transaction.atomic
def issue_api_token(*, user: User) -> str:
    """The API token of ``user``: issued (and audited) the first time, the same after."""
    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit.record(action=actions.API_TOKEN_ISSUED, actor=user)
    return token.key
