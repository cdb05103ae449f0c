"""Writes of the outbox: enqueue (the one way in), the operator's actions
(regenerate, resend, cancel) and ``move``, the one function that changes a
message's state (transitions table, one event, the supervisor's counters).

Chaining: a subject's messages form a chain through ``previous_code``. A new
message for a subject first cancels that subject's messages that never left
(pending, retrying or invalid, and never possibly received by the node), so
the national node only ever sees one line of codes; it then chains to the
latest message that is (or may be) at the node. A closing with nothing at the
node cancels what was waiting and sends nothing."""

from __future__ import annotations

import logging
from dataclasses import asdict, is_dataclass

from django.db import connection, transaction
from django.db.models import Count, F, Min, Subquery
from django.utils import timezone

from audit import services as audit
from integrations.national.models import ConferralSummary
from integrations.outbox import permissions
from integrations.outbox.audit_actions import (
    MESSAGE_CANCELLED,
    MESSAGE_ENQUEUED,
    MESSAGE_REGENERATED,
    MESSAGE_RESENT,
)
from integrations.outbox.errors import TransitionRefused
from integrations.outbox.models import (
    LABEL_MAX_CHARS,
    NOTE_MAX_CHARS,
    SERIAL_SEQUENCE,
    OutboxEvent,
    OutboxMessage,
)
from integrations.outbox.queueing import deliver_after_commit
from integrations.outbox.registry import registry
from integrations.outbox.states import CANCELLABLE, UNDELIVERED, State, allowed, label

S = State
logger = logging.getLogger(__name__)
SYSTEM_LABEL = "Sistema (consegna automatica)"


# --- The state machine -------------------------------------------------------------

def move(message: OutboxMessage, to_state: str, *, actor=None, actor_label: str = "",
         note: str = "", **fields) -> OutboxMessage:
    """``message`` (locked by the caller) to ``to_state``: refused unless the
    table allows it; saves ``fields`` with it, writes one OutboxEvent and
    keeps the supervisor's counters in step, all in the caller's transaction."""
    from_state = message.state
    if not allowed(from_state, to_state):
        raise TransitionRefused(
            f"Un conferimento «{label(from_state)}» non può passare a «{label(to_state)}».",
            field="state")
    message.state = to_state
    for name, value in fields.items():
        setattr(message, name, value)
    message.save()
    OutboxEvent.objects.create(
        message=message, from_state=from_state, to_state=to_state,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label or (getattr(actor, "email", "") if actor else SYSTEM_LABEL),
        note=(note or "")[:NOTE_MAX_CHARS])
    _count(message.destination, from_state, to_state)
    return message


def move_many(messages: list[OutboxMessage], to_state: str, *, notes: list[str],
              values: dict | None = None) -> None:
    """``move`` for several messages of one destination at once (the caller
    holds lock_summary and the rows): the same checks, one event each, the
    same counters, in a few statements (the drain's batches). ``values`` are
    written to every one of them (expressions allowed); the objects get the
    new state, and the plain values."""
    if not messages:
        return
    now = timezone.now()
    moves: dict[str, int] = {}
    events = []
    for message, note in zip(messages, notes, strict=True):
        if not allowed(message.state, to_state):
            raise TransitionRefused(
                f"Un conferimento «{label(message.state)}» non può passare a "
                f"«{label(to_state)}».", field="state")
        moves[message.state] = moves.get(message.state, 0) + 1
        events.append(OutboxEvent(message=message, from_state=message.state, to_state=to_state,
                                  actor_label=SYSTEM_LABEL, note=(note or "")[:NOTE_MAX_CHARS]))
    values = {"state": to_state, "updated_at": now, **(values or {})}
    OutboxMessage.objects.filter(pk__in=[message.pk for message in messages]).update(**values)
    for message in messages:
        for name, value in values.items():
            if not hasattr(value, "resolve_expression"):
                setattr(message, name, value)
    OutboxEvent.objects.bulk_create(events)
    for from_state, n in moves.items():
        _count(messages[0].destination, from_state, to_state, n=n, locked=True)


def lock_summary(destination: str) -> None:
    """Lock this tenant's summary row for ``destination`` (made if missing).

    Lock order, everywhere: the summary row, then the messages. Every
    transaction that moves a message (enqueue, the operator's actions, each
    delivery step, the sweep) takes it first, so two of them never wait for
    each other in a ring, even when one enqueues several subjects."""
    tenant = connection.tenant
    rows = ConferralSummary.objects.select_for_update().filter(tenant_id=tenant.pk,
                                                               destination=destination)
    if not list(rows.values_list("pk", flat=True)):
        ConferralSummary.objects.bulk_create(
            [ConferralSummary(tenant_id=tenant.pk, destination=destination)],
            ignore_conflicts=True)
        list(rows.values_list("pk", flat=True))


def _count(destination: str, from_state: str, to_state: str, *, n: int = 1,
           locked: bool = False) -> None:
    """The public summary row of this tenant and destination: ``n`` less in
    ``from_state``, ``n`` more in ``to_state``. The row is locked (lock_summary,
    or by this UPDATE), so the oldest undelivered date re-read after it sees
    every committed change."""
    tenant = connection.tenant
    changes = {to_state: F(to_state) + n}
    if from_state:
        changes[from_state] = F(from_state) - n
    else:
        ConferralSummary.objects.bulk_create(
            [ConferralSummary(tenant_id=tenant.pk, destination=destination)],
            ignore_conflicts=True)
    rows = ConferralSummary.objects.filter(tenant_id=tenant.pk, destination=destination)
    if (from_state in UNDELIVERED) == (to_state in UNDELIVERED):
        rows.update(**changes)
        return
    oldest = Subquery(OutboxMessage.objects.filter(destination=destination,
                                                   state__in=UNDELIVERED)
                      .order_by("created_at").values("created_at")[:1])
    if locked:
        # The caller holds the row (lock_summary): one statement, whose snapshot
        # is taken after the lock, sees every committed change.
        rows.update(**changes, oldest_pending_at=oldest)
        return
    rows.update(**changes)
    # A statement of its own, after the lock: it sees every committed change.
    rows.update(oldest_pending_at=oldest)


def recount(destination: str) -> ConferralSummary:
    """The summary row rebuilt from this tenant's messages (a repair, and
    what the tests compare the kept counters with)."""
    tenant = connection.tenant
    summary, _ = ConferralSummary.objects.select_for_update().get_or_create(
        tenant_id=tenant.pk, destination=destination)
    counts = {state: 0 for state in S.values}
    for row in (OutboxMessage.objects.filter(destination=destination)
                .values("state").annotate(n=Count("id"))):
        counts[row["state"]] = row["n"]
    for state, n in counts.items():
        setattr(summary, state, n)
    summary.oldest_pending_at = (
        OutboxMessage.objects.filter(destination=destination, state__in=UNDELIVERED)
        .aggregate(oldest=Min("created_at"))["oldest"])
    summary.save()
    return summary


# --- Enqueue -------------------------------------------------------------------------

def _problems(built) -> list[dict]:
    found = []
    for problem in getattr(built, "problems", ()) or ():
        if is_dataclass(problem):
            problem = asdict(problem)
        found.append({key: str(problem.get(key, "") or "")
                      for key in ("path", "field", "message", "hint")})
    return found


def _build(route, subject, *, code: str, previous_code: str, closing: bool):
    """The payload and its problems; a builder that fails gives a problem,
    never a failed business change."""
    try:
        built = route.build(subject, code=code, previous_code=previous_code or None,
                            closing=closing)
    except Exception as exc:  # the publication must not fail for a conferral
        logger.exception("Costruzione del messaggio %s non riuscita", code)
        return b"", [{"path": "", "field": "", "hint": "Segnalare il problema all'assistenza.",
                      "message": f"Il messaggio non si è potuto costruire ({type(exc).__name__})."}]
    return bytes(built.xml or b""), _problems(built)


# The code of a message whose communication code could not be allocated (it is
# non valido, never sent; «Rigenera» allocates the real one).
UNALLOCATED_PREFIX = "NONASSEGNATO"


def _allocate(route, *, serial: int, closing: bool) -> tuple[str, dict | None]:
    """The communication code, or a placeholder and the problem that stopped it."""
    try:
        return route.allocate_code(tenant=connection.tenant, serial=serial, closing=closing,
                                   today=timezone.localdate()), None
    except Exception as exc:  # the business change must not fail for a conferral
        logger.exception("Codice di comunicazione non assegnato (progressivo %s)", serial)
        placeholder = f"{UNALLOCATED_PREFIX}{serial:0{25 - len(UNALLOCATED_PREFIX)}d}"
        return placeholder, {"path": "", "field": "Codice di comunicazione",
                             "message": f"Il codice di comunicazione non si è potuto assegnare "
                                        f"({type(exc).__name__}: {exc}).",
                             "hint": "Segnalare il problema all'assistenza, poi «Rigenera»."}


def _next_serial() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [SERIAL_SEQUENCE])
        return cursor.fetchone()[0]


def _chain(destination: str, kind: str, subject_id: int) -> list[OutboxMessage]:
    """The subject's messages, newest first, locked (concurrent enqueues of
    one subject wait for each other)."""
    return list(OutboxMessage.objects.select_for_update()
                .filter(destination=destination, kind=kind, subject_id=subject_id)
                .order_by("-id"))


def _at_node(message: OutboxMessage) -> bool:
    """Whether the node has, or may have, this message."""
    return message.state == S.SENT or (
        message.state != S.CANCELLED and (message.state == S.SENDING or message.maybe_received))


def _cancel_unsent(chain, *, acting_user, note: str) -> int:
    cancelled = 0
    for message in chain:
        if message.state in CANCELLABLE and not message.maybe_received:
            move(message, S.CANCELLED, actor=acting_user, note=note)
            cancelled += 1
    return cancelled


def enqueue(*, destination: str, kind: str, subject, closing: bool = False,
            acting_user) -> OutboxMessage | None:
    """Hand ``subject`` to ``destination`` as a ``kind`` message, inside the
    caller's transaction: a rolled-back business change leaves no row.

    Allocates the communication code from the tenant's sequence, chains it to
    the subject's latest code at the node, builds and checks the payload
    through the registered route, and stores it ``pending`` (queued for
    delivery when the transaction commits) or ``invalid`` (never sent; the
    operator sees the problems). Returns the new message; None for a closing
    with nothing at the node (the messages that were waiting are cancelled)
    or when the subject's latest message is already a closing."""
    route = registry.route(destination, kind)
    with transaction.atomic():
        lock_summary(destination)
        chain = _chain(destination, kind, subject.pk)
        note = ("Chiusura prima dell'invio: non c'è nulla da chiudere presso il nodo"
                if closing else "Sostituito da un conferimento più recente")
        _cancel_unsent(chain, acting_user=acting_user, note=note)
        head = next((m for m in chain if _at_node(m)), None)
        if closing and (head is None or head.closing):
            return None
        if head is not None and head.closing:
            head = None  # closed at the node: a new send starts a new chain
        serial = _next_serial()
        code, code_problem = _allocate(route, serial=serial, closing=closing)
        previous_code = head.code if head else ""
        xml, problems = (b"", [code_problem]) if code_problem else _build(
            route, subject, code=code, previous_code=previous_code, closing=closing)
        message = OutboxMessage(
            destination=destination, kind=kind, subject_id=subject.pk, closing=closing,
            subject_label=str(route.label(subject))[:LABEL_MAX_CHARS], code=code,
            previous_code=previous_code, serial=serial, xml=xml, problems=problems,
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
            state="")
        to_state = S.INVALID if problems else S.PENDING
        move(message, to_state, actor=acting_user,
             note="Chiusura" if closing else ("Aggiornamento" if previous_code else "Primo invio"))
        audit.record(action=MESSAGE_ENQUEUED, actor=acting_user, target=message,
                     details={"destination": destination, "kind": kind, "code": code,
                              "previous_code": previous_code, "closing": closing,
                              "state": to_state})
        if to_state == S.PENDING:
            queue_delivery(message)
        return message


def cancel_pending(*, destination: str, kind: str, subject, acting_user) -> int:
    """Cancel what ``subject`` still has waiting (never at the node); how many."""
    with transaction.atomic():
        lock_summary(destination)
        return _cancel_unsent(_chain(destination, kind, subject.pk), acting_user=acting_user,
                              note="Annullato: il presupposto dell'invio è venuto meno")


def queue_delivery(message: OutboxMessage, *, countdown: float | None = None) -> None:
    """Deliver ``message`` after the current transaction commits, in this schema."""
    deliver_after_commit(message.pk, countdown=countdown)


# --- The operator's actions ------------------------------------------------------------

def _locked(message: OutboxMessage) -> OutboxMessage:
    lock_summary(message.destination)
    return OutboxMessage.objects.select_for_update().get(pk=message.pk)


def _superseded(message: OutboxMessage) -> bool:
    return OutboxMessage.objects.filter(
        destination=message.destination, kind=message.kind, subject_id=message.subject_id,
        id__gt=message.pk).exclude(state=S.CANCELLED).exists()


def _refuse_if_superseded(message: OutboxMessage) -> None:
    if _superseded(message):
        raise TransitionRefused("Per questo record esiste un conferimento più recente: "
                                "si reinvia quello.", code="conferimento_superato")


@transaction.atomic
def regenerate(*, message: OutboxMessage, acting_user) -> OutboxMessage:
    """Rebuild a non-valid or refused message from its source record as it is
    now (same communication code: the node never took it) and queue it again;
    still wrong, it stays (or becomes) non valid with the new problems."""
    permissions.check_can_manage(acting_user)
    message = _locked(message)
    if message.state not in (S.INVALID, S.DEAD):
        raise TransitionRefused(f"Un conferimento «{message.state_label}» non si rigenera.")
    _refuse_if_superseded(message)
    route = registry.route(message.destination, message.kind)
    try:
        subject = route.load(message.subject_id)
    except LookupError:
        raise TransitionRefused("Il record di origine non esiste più.",
                                code="origine_non_trovata") from None
    code = message.code
    if code.startswith(UNALLOCATED_PREFIX):
        code, code_problem = _allocate(route, serial=message.serial, closing=message.closing)
    xml, problems = _build(route, subject, code=code, previous_code=message.previous_code,
                           closing=message.closing) if not code.startswith(
        UNALLOCATED_PREFIX) else (b"", [code_problem])
    before = message.state
    fields = dict(xml=xml, problems=problems, code=code, subject_label=str(
        route.label(subject))[:LABEL_MAX_CHARS], maybe_received=message.maybe_received)
    if problems:
        if before == S.INVALID:
            message.xml, message.problems, message.code = xml, problems, code
            message.save(update_fields=["xml", "problems", "code", "updated_at"])
        else:
            move(message, S.INVALID, actor=acting_user, note="Rigenerato: ancora non valido",
                 **fields)
    else:
        move(message, S.PENDING, actor=acting_user, note="Rigenerato dopo la correzione",
             attempts=0 if before == S.INVALID else message.attempts, next_attempt_at=None,
             **fields)
        queue_delivery(message)
    audit.record(action=MESSAGE_REGENERATED, actor=acting_user, target=message,
                 details={"code": message.code, "from": before, "to": message.state,
                          "problems": len(problems)})
    return message


@transaction.atomic
def resend(*, message: OutboxMessage, acting_user) -> OutboxMessage:
    """A refused message (dead-letter list) back to the queue as it is."""
    permissions.check_can_manage(acting_user)
    message = _locked(message)
    if message.state != S.DEAD:
        raise TransitionRefused(f"Un conferimento «{message.state_label}» non si reinvia: "
                                f"si reinviano i rifiutati.")
    _refuse_if_superseded(message)
    move(message, S.PENDING, actor=acting_user, note="Reinviato dall'operatore",
         next_attempt_at=None)
    queue_delivery(message)
    audit.record(action=MESSAGE_RESENT, actor=acting_user, target=message,
                 details={"code": message.code})
    return message


@transaction.atomic
def cancel(*, message: OutboxMessage, acting_user, note: str = "") -> OutboxMessage:
    permissions.check_can_manage(acting_user)
    message = _locked(message)
    move(message, S.CANCELLED, actor=acting_user, note=note or "Annullato dall'operatore")
    audit.record(action=MESSAGE_CANCELLED, actor=acting_user, target=message,
                 details={"code": message.code})
    return message


def record_read(*, message: OutboxMessage, acting_user) -> None:
    """The record page shows the XML sent (personal data for a candidatura)."""
    from integrations.outbox.audit_actions import MESSAGE_READ

    audit.record(action=MESSAGE_READ, actor=acting_user, target=message,
                 details={"code": message.code})


def record_export(*, acting_user, count: int, filters: dict) -> None:
    from integrations.outbox.audit_actions import MESSAGES_EXPORTED

    permissions.check_can_view(acting_user)
    audit.record(action=MESSAGES_EXPORTED, actor=acting_user,
                 details={"format": "csv", "count": count, "filters": filters})
