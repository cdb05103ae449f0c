"""Reads of the outbox, scoped by who asks (the current schema's staff with
the job desk): missing and forbidden look the same."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from integrations.outbox import permissions
from integrations.outbox.errors import MessageNotFound
from integrations.outbox.models import CODE_LENGTH, OutboxAttempt, OutboxEvent, OutboxMessage
from integrations.outbox.states import State


@dataclass(frozen=True)
class MessageFilters:
    state: str = ""
    kind: str = ""
    code: str = ""  # the communication code, or its beginning


def messages_for(*, actor, filters: MessageFilters | None = None) -> QuerySet[OutboxMessage]:
    if not permissions.can_view(actor):
        return OutboxMessage.objects.none()
    filters = filters or MessageFilters()
    messages = OutboxMessage.objects.defer("xml").order_by("-created_at", "-id")
    if filters.state in State.values:
        messages = messages.filter(state=filters.state)
    if filters.kind:
        messages = messages.filter(kind=filters.kind)
    code = (filters.code or "").strip().upper()[:CODE_LENGTH]
    if code:
        messages = messages.filter(code__startswith=code)
    return messages


def get_message_for(*, actor, message_id: int) -> OutboxMessage:
    if not permissions.can_view(actor):
        raise MessageNotFound("Conferimento non trovato.")
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None:
        raise MessageNotFound("Conferimento non trovato.")
    return message


def attempts_of(message: OutboxMessage) -> QuerySet[OutboxAttempt]:
    return OutboxAttempt.objects.filter(message=message).order_by("started_at", "id")


def events_of(message: OutboxMessage) -> QuerySet[OutboxEvent]:
    return OutboxEvent.objects.filter(message=message).select_related("actor")


def latest_for_subject(*, destination: str, kind: str, subject_id: int) -> OutboxMessage | None:
    return (OutboxMessage.objects.filter(destination=destination, kind=kind,
                                         subject_id=subject_id)
            .exclude(state=State.CANCELLED).defer("xml").order_by("-id").first())


def conferred_code(*, destination: str, kind: str, subject_id: int) -> str | None:
    """The communication code under which the node holds ``subject``: its
    latest message the node acknowledged (sent), unless that one, or a later
    one still standing, is a closing. None: not conferred (never sent, only
    on its way, or closed or closing)."""
    messages = (OutboxMessage.objects.filter(destination=destination, kind=kind,
                                             subject_id=subject_id)
                .exclude(state=State.CANCELLED).order_by("-id")
                .values_list("state", "closing", "code"))
    for state, closing, code in messages.iterator():
        if closing:
            return None
        if state == State.SENT:
            return code
    return None


def is_superseded(message: OutboxMessage) -> bool:
    return OutboxMessage.objects.filter(
        destination=message.destination, kind=message.kind, subject_id=message.subject_id,
        id__gt=message.pk).exclude(state=State.CANCELLED).exists()
