"""The conferral state machine: its states, their Italian labels (modelled on
the ministry's send-state codes) and the one table of allowed transitions.

Every change of state goes through ``integrations.outbox.services.move``,
which checks this table and writes one OutboxEvent: a message's history is
its events."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    PENDING = "pending", _("Da inviare")
    SENDING = "sending", _("In invio")
    SENT = "sent", _("Inviato")
    RETRYING = "retrying", _("Errore, nuovo tentativo")
    DEAD = "dead", _("Rifiutato (lista degli scarti)")
    INVALID = "invalid", _("Non valido")
    CANCELLED = "cancelled", _("Annullato")


S = State

# (from, to): allowed. Anything else raises TransitionRefused
# (``transizione_non_ammessa``). "" is a message's creation.
TRANSITIONS: frozenset[tuple[str, str]] = frozenset({
    ("", S.PENDING), ("", S.INVALID),
    (S.PENDING, S.SENDING),
    (S.SENDING, S.SENT), (S.SENDING, S.RETRYING), (S.SENDING, S.DEAD),
    (S.RETRYING, S.SENDING),
    (S.INVALID, S.PENDING),   # regenerated after the operator fixed the source record
    (S.DEAD, S.PENDING),      # resent (as it was, or regenerated)
    (S.DEAD, S.INVALID),      # regenerated, and the source record is still wrong
    (S.PENDING, S.CANCELLED), (S.RETRYING, S.CANCELLED), (S.INVALID, S.CANCELLED),
})

# Not yet at the national node, and expected to get there.
UNDELIVERED = (S.PENDING, S.SENDING, S.RETRYING)
# Each state's counter in the supervisor's summary (integrations.national).
COUNTED = (S.PENDING, S.SENDING, S.RETRYING, S.SENT, S.DEAD, S.INVALID, S.CANCELLED)
# What the operator can still stop.
CANCELLABLE = (S.PENDING, S.RETRYING, S.INVALID)


def allowed(from_state: str, to_state: str) -> bool:
    return (from_state, to_state) in TRANSITIONS


def label(state: str, *, next_attempt_at=None) -> str:
    """The state as the operator reads it: a retry names its time."""
    if state == S.RETRYING and next_attempt_at is not None:
        from django.utils import timezone

        return f"Errore, nuovo tentativo alle {timezone.localtime(next_attempt_at):%H:%M}"
    return str(State(state).label)
