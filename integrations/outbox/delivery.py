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
- ``drain(message_id)`` is ``deliver(message_id)`` followed by the next due
  messages (pending, or retrying whose time came) of the same schema and
  destination, oldest first, each claimed as above (``SKIP LOCKED``: two
  workers draining one counter take different rows; a chained message is
  not taken while its predecessor is undelivered), by batches of
  ``drain_batch``: one transaction claims a batch (each row ``sending``
  with its lease and its attempt, committed before any request), each
  request starts with at least 90% of its lease left (renewed, for the rest
  of the batch, when less is left; a row the sweep took back is skipped),
  one transaction records the batch's outcomes, and the rows of a batch
  whose request never left because the node failed the one before are
  withdrawn (no attempt logged) and wait as long as it. It stops at the first
  retry (the node is in trouble: the backoff decides), when nothing is due,
  or after ``drain_messages`` messages or ``drain_seconds``; then it queues
  the task of the next due message, so the counters take turns. Every
  message keeps its own task too: the drain only saves the broker's round
  trip, and a task that finds its message gone changes nothing.
All of them work in the current schema; the Celery tasks (tasks.py) visit
the tenants."""

from __future__ import annotations

import logging
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from audit import services as audit
from integrations.outbox.audit_actions import EXCHANGE_LOG_PRUNED
from integrations.outbox.models import OutboxAttempt, OutboxMessage, Outcome
from integrations.outbox.queueing import deliver_after_commit
from integrations.outbox.registry import TransientDeliveryError, registry
from integrations.outbox.services import lock_summary, move, move_many
from integrations.outbox.states import UNDELIVERED, State

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
                                        state__in=UNDELIVERED).exists()


def _due_rows(destination: str, now):
    """The due messages of ``destination`` no other worker holds and whose
    predecessor (if any) reached the node, oldest first, to be locked."""
    predecessor = OutboxMessage.objects.filter(code=OuterRef("previous_code"),
                                               state__in=UNDELIVERED)
    return (OutboxMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(destination=destination, state__in=(S.PENDING, S.RETRYING))
            .filter(Q(state=S.PENDING) | Q(next_attempt_at__lte=now))
            .filter(~Exists(predecessor))
            .order_by("created_at", "id"))


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
    claimed, reason, _destination = _take(message_id)
    return claimed, reason


def _take(message_id: int | None = None, *, destination: str = ""):
    """Take the message ``message_id`` (or, without it, the next due one of
    ``destination``) for one attempt, committed before sending; or None, and
    why. Also returns the destination, known even when nothing was taken."""
    now = timezone.now()
    if message_id is not None:
        row = (OutboxMessage.objects.filter(pk=message_id)
               .values_list("destination", "state", "next_attempt_at", "lease_until").first())
        if row is None:
            return None, "nulla da fare", ""
        destination = row[0]
        if not _due(OutboxMessage(state=row[1], next_attempt_at=row[2], lease_until=row[3]), now):
            return None, "nulla da fare", destination  # no lock needed to know that
    with transaction.atomic():
        lock_summary(destination)
        if message_id is None:
            message = _due_rows(destination, now).first()
            if message is None:
                return None, "nulla da fare", destination
        else:
            message = (OutboxMessage.objects.select_for_update(skip_locked=True)
                       .filter(pk=message_id).first())
            if message is None or not _due(message, now):
                return None, "nulla da fare", destination
            if _waits_for_predecessor(message):
                return None, "in attesa del precedente", destination
        if message.state == S.SENDING:
            _interrupt(message, now, note="Invio interrotto prima della risposta: si ritenta")
        attempt = OutboxAttempt.objects.create(
            message=message, number=message.attempts + 1,
            wsa_message_id=f"urn:uuid:{uuid.uuid4()}", started_at=now)
        move(message, S.SENDING, note=f"Tentativo {attempt.number}",
             attempts=F("attempts") + 1, current_attempt=attempt,
             lease_until=now + timedelta(seconds=float(config("lease_seconds"))))
        message.attempts = attempt.number  # what the F() expression wrote
        return (message, attempt), "", destination


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


def _verdict(result):
    """(outcome, error code, error message) of a reply or a transient error."""
    if isinstance(result, TransientDeliveryError):
        return Outcome.TRANSIENT, result.code, result.message
    if result.outcome == "OK" or result.already_received:
        return (Outcome.ALREADY if result.already_received else Outcome.OK), "", ""
    return (Outcome.KO, result.anomaly_code or "ko",
            result.description or "Rifiutato dal nodo nazionale.")


def _log_attempt(attempt: OutboxAttempt, result, now) -> tuple[str, str, str]:
    """The exchange log's row of this attempt, filled in (not saved)."""
    outcome, error_code, error_message = _verdict(result)
    attempt.finished_at, attempt.outcome = now, outcome
    attempt.error_code, attempt.error_message = error_code[:60], error_message
    attempt.http_status, attempt.elapsed_ms = result.http_status, result.elapsed_ms
    attempt.request_xml = result.request_xml or b""
    attempt.response_xml = result.response_xml or b""
    return outcome, error_code, error_message


LOGGED_FIELDS = ("finished_at", "outcome", "error_code", "error_message", "http_status",
                 "elapsed_ms", "request_xml", "response_xml")


def _record(message_id: int, attempt: OutboxAttempt, result, *, destination: str) -> str:
    now = timezone.now()
    with transaction.atomic():
        lock_summary(destination)
        message = OutboxMessage.objects.select_for_update().get(pk=message_id)
        _log_attempt(attempt, result, now)
        OutboxAttempt.objects.filter(pk=attempt.pk).update(
            **{name: getattr(attempt, name) for name in LOGGED_FIELDS})
        return _conclude(message, attempt, result, now)


def _ours(message: OutboxMessage, attempt: OutboxAttempt) -> bool:
    """Whether the message is still in this attempt (else the lease expired and
    it moved on: the answer is only logged, a later attempt finds «già acquisito»)."""
    return message.state == S.SENDING and message.current_attempt_id == attempt.pk


def _conclude(message: OutboxMessage, attempt: OutboxAttempt, result, now) -> str:
    """The message (locked, with the summary) after its attempt, logged already."""
    transient = isinstance(result, TransientDeliveryError)
    maybe_taken = transient and result.code not in NEVER_RECEIVED
    outcome, error_code, error_message = attempt.outcome, attempt.error_code, attempt.error_message
    if not _ours(message, attempt):
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


# --- The drain's batches: a few statements for several messages ----------------------

def _claim_batch(destination: str, size: int) -> list[tuple[OutboxMessage, OutboxAttempt]]:
    """Up to ``size`` due messages of ``destination``, each taken for one attempt
    as ``_claim`` takes one (lease, new wsa:MessageID), in one transaction."""
    now = timezone.now()
    with transaction.atomic():
        lock_summary(destination)
        messages = list(_due_rows(destination, now)[:size])
        if not messages:
            return []
        attempts = OutboxAttempt.objects.bulk_create([
            OutboxAttempt(message=message, number=message.attempts + 1,
                          wsa_message_id=f"urn:uuid:{uuid.uuid4()}", started_at=now)
            for message in messages])
        for message, attempt in zip(messages, attempts, strict=True):
            message.attempts, message.current_attempt = attempt.number, attempt
        this_attempt = (OutboxAttempt.objects.filter(message=OuterRef("pk"),
                                                     outcome=Outcome.IN_PROGRESS)
                        .order_by("-id").values("id")[:1])
        move_many(messages, S.SENDING, notes=[f"Tentativo {a.number}" for a in attempts],
                  values={"attempts": F("attempts") + 1,
                          "current_attempt_id": Subquery(this_attempt),
                          "lease_until": now + timedelta(seconds=float(
                              config("lease_seconds")))})
    return list(zip(messages, attempts, strict=True))


def _save_logged(attempts: list[OutboxAttempt]) -> None:
    """The attempts' log rows, one statement each, sent together (psycopg's
    executemany pipelines them: one round trip)."""
    if not attempts:
        return
    table = connection.ops.quote_name(OutboxAttempt._meta.db_table)
    columns = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in LOGGED_FIELDS)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {columns} WHERE id = %s",  # noqa: S608
                           [[getattr(attempt, name) for name in LOGGED_FIELDS] + [attempt.pk]
                            for attempt in attempts])


def _renew_leases(rest: list) -> set[int]:
    """A full lease again for the rest of a batch (one statement; the sweep
    takes only expired leases). Returns the pks no longer in their attempt
    (the sweep took them back): they are skipped."""
    lease = timezone.now() + timedelta(seconds=float(config("lease_seconds")))
    renewed = (OutboxMessage.objects.filter(
        pk__in=[message.pk for message, _ in rest], state=S.SENDING,
        current_attempt_id__in=[attempt.pk for _, attempt in rest])
        .update(lease_until=lease))
    if renewed == len(rest):
        return set()
    ours = set(OutboxMessage.objects.filter(
        pk__in=[message.pk for message, _ in rest], state=S.SENDING,
        current_attempt_id__in=[attempt.pk for _, attempt in rest])
        .values_list("pk", flat=True))
    return {message.pk for message, _ in rest} - ours


def _record_batch(done: list, unsent: list, *, destination: str) -> list[str]:
    """The outcomes of a batch's attempts in one transaction: ``done`` holds
    (message, attempt, result); ``unsent`` the messages of the batch whose
    request never left (the node failed the one before): their attempt is
    withdrawn and they wait with the failed one's delay."""
    now = timezone.now()
    outcomes = []
    with transaction.atomic():
        lock_summary(destination)
        pks = [message.pk for message, _, _ in done] + [message.pk for message, _ in unsent]
        locked = OutboxMessage.objects.select_for_update().in_bulk(pks)
        for _, attempt, result in done:
            _log_attempt(attempt, result, now)
        _save_logged([attempt for _, attempt, _ in done])
        accepted: dict[str, list] = {}  # by the node's description (one statement each)
        for message, attempt, result in done:
            current = locked[message.pk]
            if attempt.outcome in (Outcome.OK, Outcome.ALREADY) and _ours(current, attempt):
                accepted.setdefault(result.description or "", []).append(current)
                outcomes.append("sent")
            else:
                outcomes.append(_conclude(current, attempt, result, now))
        for description, messages in accepted.items():
            move_many(messages, S.SENT,
                      notes=[description or "Accettato dal nodo nazionale"] * len(messages),
                      values={"sent_at": now, "reply_description": description,
                              "anomaly_code": "", "last_error": "", "next_attempt_at": None,
                              "lease_until": None, "current_attempt": None})
        accepted = [(message, None) for messages in accepted.values() for message in messages]
        if accepted:
            for successor in OutboxMessage.objects.filter(
                    previous_code__in=[message.code for message, _ in accepted],
                    state=S.PENDING).only("pk"):
                _requeue(successor)  # it was waiting for one of these
        withdrawn = _withdraw([(locked[message.pk], attempt) for message, attempt in unsent],
                              now, after=[locked[m.pk] for m, _, _ in done])
    return outcomes + ["non inviato"] * withdrawn


def _withdraw(unsent: list, now, *, after: list) -> int:
    """Claimed messages whose request never left: no attempt happened. How many."""
    waiting = [message for message, attempt in unsent if _ours(message, attempt)]
    if not waiting:
        return 0
    failed = [m.next_attempt_at for m in after if m.state == S.RETRYING and m.next_attempt_at]
    due = max(failed, default=now)
    OutboxAttempt.objects.filter(pk__in=[m.current_attempt_id for m in waiting]).delete()
    for message in waiting:
        message.attempts -= 1
    move_many(waiting, S.RETRYING,
              notes=["Non inviato: il nodo non ha risposto al precedente; si ritenta"] * len(
                  waiting),
              values={"attempts": F("attempts") - 1, "lease_until": None,
                      "current_attempt": None, "next_attempt_at": due})
    delay = (due - now).total_seconds()
    if delay <= float(config("sweep_seconds")):
        for message in waiting:
            _requeue(message, countdown=delay or None, at=due)
    return len(waiting)


def _requeue(message: OutboxMessage, *, countdown: float | None = None, at=None) -> None:
    deliver_after_commit(message.pk, countdown=countdown, at=at)


@dataclass
class Drained:
    """What one drain did: outcomes counted, and where its time went (seconds)."""

    outcomes: Counter = field(default_factory=Counter)
    claim: float = 0.0  # finding and taking the row (and the tries that found nothing)
    send: float = 0.0  # the request: building, signing, the exchange, the reply's checks
    record: float = 0.0  # the outcome's transaction
    requeued: bool = False

    def summary(self) -> dict:
        return {**dict(self.outcomes), "claim_ms": round(self.claim * 1000, 1),
                "send_ms": round(self.send * 1000, 1),
                "record_ms": round(self.record * 1000, 1), "requeued": self.requeued}


def _attempt(drained: Drained, message_id: int | None = None, *, destination: str = ""):
    """One claim and, if a message was taken, its send and its record."""
    clock = time.perf_counter
    started = clock()
    claimed, reason, destination = _take(message_id, destination=destination)
    sent = clock()
    drained.claim += sent - started
    if claimed is None:
        return reason, destination
    message, attempt = claimed
    result = _send(message, attempt)
    recorded = clock()
    drained.send += recorded - sent
    outcome = _record(message.pk, attempt, result, destination=destination)
    drained.record += clock() - recorded
    return outcome, destination


def deliver(message_id: int) -> str:
    """One delivery attempt of the message ``message_id`` of the current schema.
    Returns what happened: "sent", "retrying", "dead", or why nothing was done."""
    return _attempt(Drained(), message_id)[0]


def drain(message_id: int, *, max_messages: int | None = None,
          max_seconds: float | None = None) -> Drained:
    """``deliver(message_id)``, then the next due messages of its destination
    in the current schema, by batches (see the module's guarantees); what it did."""
    clock = time.perf_counter
    limit = int(config("drain_messages") if max_messages is None else max_messages)
    deadline = time.monotonic() + float(config("drain_seconds") if max_seconds is None
                                        else max_seconds)
    drained = Drained()
    outcome, destination = _attempt(drained, message_id)
    drained.outcomes[outcome] += 1
    taken = int(outcome in ("sent", "retrying", "dead", "superato"))
    trouble = outcome == "retrying"
    if outcome in ("nulla da fare", "in attesa del precedente") and destination:
        # This task's message went with another drain: a look without locks
        # before a transaction (most such tasks find the counter drained).
        started = clock()
        nothing = not (OutboxMessage.objects.filter(destination=destination,
                                                    state__in=(S.PENDING, S.RETRYING))
                       .filter(Q(state=S.PENDING) | Q(next_attempt_at__lte=timezone.now()))
                       .exists())
        drained.claim += clock() - started
        if nothing:
            return drained
    while destination and not trouble:
        if taken >= limit or time.monotonic() >= deadline:
            following = (OutboxMessage.objects.filter(destination=destination,
                                                      state=S.PENDING)
                         .order_by("created_at", "id").values_list("pk", flat=True).first())
            if following is not None:
                _requeue(OutboxMessage(pk=following))
                drained.requeued = True
            break
        started = clock()
        batch = _claim_batch(destination, min(int(config("drain_batch")), limit - taken))
        drained.claim += clock() - started
        if not batch:
            break
        # Each request starts with at least 90% of its lease left: renewed for
        # the rest of the batch when less is left.
        leased_at, done, unsent, lost = time.monotonic(), [], [], set()
        for position, (message, attempt) in enumerate(batch):
            if trouble:  # the node failed the one before: these wait with it
                unsent.append((message, attempt))
                continue
            started = clock()
            if time.monotonic() - leased_at >= float(config("lease_seconds")) / 10:
                lost |= _renew_leases(batch[position:])
                leased_at = time.monotonic()
            sending = clock()
            drained.claim += sending - started
            if message.pk in lost:
                continue  # the sweep took it back (this worker was too slow): not ours
            result = _send(message, attempt)
            drained.send += clock() - sending
            done.append((message, attempt, result))
            trouble = isinstance(result, TransientDeliveryError)
        started = clock()
        outcomes = _record_batch(done, unsent, destination=destination)
        drained.record += clock() - started
        drained.outcomes.update(outcomes)
        taken += len(batch)
        trouble = trouble or "retrying" in outcomes
    return drained


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
