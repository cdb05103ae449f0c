"""Delivery of the outbox to the national node, and its upkeep.

Guarantees (the fault tests and the drain benchmark build on them):
- ``deliver(message_id)`` sends a message at most once at a time: the row is
  taken with ``SELECT ... FOR UPDATE SKIP LOCKED`` and marked ``sending``
  with a lease, and that is committed before the network is touched; the
  request goes OUTSIDE any transaction, with a new wsa:MessageID per attempt
  and the same communication code, so the node's idempotency by code turns a
  resend after a lost reply into «già acquisito», never a second effect.
- Running it twice, for a message already sent, not yet due, or taken by
  another worker changes nothing.
- ``sweep()`` puts back in the queue every due retry, every pending message
  whose task was lost, and every ``sending`` message whose lease expired (a
  worker killed mid-send): nothing waits forever.
- Backoff: exponential with full jitter (``backoff_delay``), the node's
  Retry-After honoured; ``dead`` after ``max_attempts``.
All three work in the current schema; the Celery tasks (tasks.py) visit the
tenants."""

from __future__ import annotations

import logging
import random
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from audit import services as audit
from integrations.outbox.audit_actions import EXCHANGE_LOG_PRUNED
from integrations.outbox.models import OutboxAttempt, OutboxMessage, Outcome
from integrations.outbox.queueing import deliver_after_commit
from integrations.outbox.registry import TransientDeliveryError, registry
from integrations.outbox.services import lock_summary, move
from integrations.outbox.states import State

S = State
logger = logging.getLogger(__name__)
# The client's transient failures that prove the node did not take the message
# (integrations.cliclavoro.client); after any other one it may have.
NEVER_RECEIVED = frozenset({"connessione_rifiutata", "limite_richieste",
                            "servizio_non_disponibile", "accesso_negato",
                            "chiave_non_disponibile"})


def config(name: str):
    """One knob of settings.RETE_OUTBOX (declared once there)."""
    return settings.RETE_OUTBOX[name]


def backoff_delay(attempt: int, *, retry_after: float | None = None,
                  rng: random.Random | None = None) -> float:
    """Seconds to wait before attempt ``attempt + 1``: full jitter, uniform
    in [0, min(cap, base * 2**(attempt-1))], and never less than the node's
    Retry-After."""
    rng = rng or random
    ceiling = min(float(config("backoff_cap_seconds")),
                  float(config("backoff_base_seconds")) * 2 ** max(attempt - 1, 0))
    delay = rng.uniform(0, ceiling)
    return max(delay, float(retry_after or 0))


def _due(message: OutboxMessage, now) -> bool:
    if message.state == S.PENDING:
        return True
    if message.state == S.RETRYING:
        return message.next_attempt_at is None or message.next_attempt_at <= now
    return message.state == S.SENDING and (message.lease_until is None
                                           or message.lease_until <= now)


def _waits_for_predecessor(message: OutboxMessage) -> bool:
    """A chained message goes after the one it chains to has reached the node."""
    if not message.previous_code:
        return False
    return OutboxMessage.objects.filter(code=message.previous_code,
                                        state__in=(S.PENDING, S.SENDING, S.RETRYING)).exists()


def _interrupt(message: OutboxMessage, now, *, note: str) -> None:
    """A ``sending`` message whose lease expired: its attempt was cut short
    (may have reached the node), and it waits for a new one."""
    if message.current_attempt_id:
        OutboxAttempt.objects.filter(pk=message.current_attempt_id,
                                     outcome=Outcome.IN_PROGRESS).update(
            outcome=Outcome.INTERRUPTED, finished_at=now,
            error_code="lease_scaduto", error_message=note)
    move(message, S.RETRYING, note=note, maybe_received=True, next_attempt_at=now,
         lease_until=None, current_attempt=None, last_error=note)


def _claim(message_id: int):
    """Take the message for one attempt (committed before sending), or None."""
    now = timezone.now()
    destination = (OutboxMessage.objects.filter(pk=message_id)
                   .values_list("destination", flat=True).first())
    if destination is None:
        return None, "nulla da fare"
    with transaction.atomic():
        lock_summary(destination)
        message = (OutboxMessage.objects.select_for_update(skip_locked=True)
                   .filter(pk=message_id).first())
        if message is None or not _due(message, now):
            return None, "nulla da fare"
        if _waits_for_predecessor(message):
            return None, "in attesa del precedente"
        if message.state == S.SENDING:
            _interrupt(message, now, note="Invio interrotto prima della risposta: si ritenta")
        attempt = OutboxAttempt.objects.create(
            message=message, number=message.attempts + 1,
            wsa_message_id=f"urn:uuid:{uuid.uuid4()}", started_at=now)
        move(message, S.SENDING, note=f"Tentativo {attempt.number}",
             attempts=F("attempts") + 1, current_attempt=attempt,
             lease_until=now + timedelta(seconds=float(config("lease_seconds"))))
        message.refresh_from_db()
        return (message, attempt), ""


def _send(message: OutboxMessage, attempt: OutboxAttempt):
    """The exchange itself, outside any transaction: a reply, or a transient error."""
    route = registry.route(message.destination, message.kind)
    try:
        return route.send(kind=message.kind, payload=bytes(message.xml),
                          destination=message.destination, message_id=attempt.wsa_message_id)
    except TransientDeliveryError as exc:
        return exc
    except Exception as exc:  # any other failure: retried, counted, logged
        logger.exception("Invio del conferimento %s non riuscito", message.code)
        return TransientDeliveryError(f"Errore imprevisto durante l'invio ({type(exc).__name__}).",
                                      code="errore_interno")


def _record(message_id: int, attempt: OutboxAttempt, result, *, destination: str) -> str:
    now = timezone.now()
    transient = isinstance(result, TransientDeliveryError)
    maybe_taken = transient and result.code not in NEVER_RECEIVED
    with transaction.atomic():
        lock_summary(destination)
        message = OutboxMessage.objects.select_for_update().get(pk=message_id)
        if transient:
            outcome, error_code, error_message = Outcome.TRANSIENT, result.code, result.message
        elif result.outcome == "OK" or result.already_received:
            outcome = Outcome.ALREADY if result.already_received else Outcome.OK
            error_code, error_message = "", ""
        else:
            outcome, error_code = Outcome.KO, result.anomaly_code or "ko"
            error_message = result.description or "Rifiutato dal nodo nazionale."
        OutboxAttempt.objects.filter(pk=attempt.pk).update(
            finished_at=now, outcome=outcome, error_code=error_code[:60],
            error_message=error_message, http_status=result.http_status,
            elapsed_ms=result.elapsed_ms, request_xml=result.request_xml or b"",
            response_xml=result.response_xml or b"")
        if message.state != S.SENDING or message.current_attempt_id != attempt.pk:
            # The lease expired and the message moved on: this answer is only logged
            # (a later attempt finds the node's «già acquisito»).
            return "superato"
        done = dict(lease_until=None, current_attempt=None)
        if outcome in (Outcome.OK, Outcome.ALREADY):
            move(message, S.SENT, note=result.description or "Accettato dal nodo nazionale",
                 sent_at=now, reply_description=result.description,
                 anomaly_code="", last_error="", next_attempt_at=None, **done)
            for successor in OutboxMessage.objects.filter(previous_code=message.code,
                                                          state=S.PENDING).only("pk"):
                _requeue(successor)  # it was waiting for this one
            return "sent"
        permanent = outcome == Outcome.KO and error_code not in config("transient_anomalies")
        if not permanent and message.attempts >= int(config("max_attempts")):
            move(message, S.DEAD, note=f"{error_message} (tentativi esauriti)",
                 last_error=error_message, anomaly_code=error_code if not transient else "",
                 maybe_received=message.maybe_received or maybe_taken, **done)
            return "dead"
        if permanent:
            move(message, S.DEAD, note=error_message, reply_description=result.description,
                 anomaly_code=error_code, last_error=error_message, **done)
            return "dead"
        delay = backoff_delay(message.attempts, retry_after=getattr(result, "retry_after", None))
        due = now + timedelta(seconds=delay)
        move(message, S.RETRYING, note=error_message, last_error=error_message,
             anomaly_code=error_code if not transient else "",
             maybe_received=message.maybe_received or maybe_taken, next_attempt_at=due,
             **done)
        if delay <= float(config("sweep_seconds")):
            _requeue(message, countdown=delay, at=due)
        return "retrying"


def _requeue(message: OutboxMessage, *, countdown: float | None = None, at=None) -> None:
    deliver_after_commit(message.pk, countdown=countdown, at=at)


def deliver(message_id: int) -> str:
    """One delivery attempt of the message ``message_id`` of the current schema.
    Returns what happened: "sent", "retrying", "dead", or why nothing was done."""
    claimed, reason = _claim(message_id)
    if claimed is None:
        return reason
    message, attempt = claimed
    result = _send(message, attempt)
    return _record(message_id, attempt, result, destination=message.destination)


def sweep(*, now=None) -> dict[str, int]:
    """Re-queue, in the current schema, what is due and has no task coming:
    retries whose time came, pending messages queued long ago (a lost task),
    and ``sending`` messages whose lease expired (moved to retrying at once).
    Safe to run at any time and in parallel with the workers."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=float(config("requeue_after_seconds")))
    found = {"interrotti": 0, "riaccodati": 0}
    with transaction.atomic():
        expired = OutboxMessage.objects.filter(state=S.SENDING, lease_until__lte=now)
        for destination in sorted(set(expired.values_list("destination", flat=True))):
            lock_summary(destination)
        for message in expired.select_for_update(skip_locked=True):
            _interrupt(message, now, note="Lavoratore fermato durante l'invio (lease scaduto): "
                                          "si ritenta")
            _requeue(message)
            found["interrotti"] += 1
    due = (OutboxMessage.objects
           .filter(Q(state=S.PENDING) | Q(state=S.RETRYING, next_attempt_at__lte=now))
           .filter(Q(queued_at__isnull=True) | Q(queued_at__lte=stale)
                   | Q(state=S.RETRYING, queued_at__lt=F("next_attempt_at")))
           .values_list("pk", flat=True))
    with transaction.atomic():
        for pk in due:
            _requeue(OutboxMessage(pk=pk))
            found["riaccodati"] += 1
    return found


def prune(*, now=None) -> int:
    """Delete the exchange log's attempts older than the retention rule
    (``retention_days``), recording how many in the audit."""
    now = now or timezone.now()
    limit = now - timedelta(days=int(config("retention_days")))
    with transaction.atomic():
        deleted, _ = OutboxAttempt.objects.filter(started_at__lt=limit).exclude(
            message__current_attempt=F("pk")).delete()
        if deleted:
            audit.record(action=EXCHANGE_LOG_PRUNED, actor=None,
                         actor_label="Conservazione del registro degli scambi",
                         details={"deleted": deleted, "before": limit.isoformat(),
                                  "retention_days": int(config("retention_days"))})
    return deleted
