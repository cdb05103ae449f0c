"""The counter's calendar: staff bookings, the explicit status transitions,
rescheduling, and the closed days nothing can be scheduled on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import services as audit
from core import wording
from core.errors import Conflict, ValidationFailed
from desks import closures, delivery, permissions, selectors, tasks
from desks.audit_actions import (
    APPOINTMENT_BOOKED,
    APPOINTMENT_RESCHEDULED,
    APPOINTMENT_STATUS_CHANGED,
    APPOINTMENT_UPDATED,
)
from desks.errors import CounterClosed, IllegalTransition, OutsideOpeningHours, SlotTaken
from desks.models import (
    MAX_MINUTES,
    MIN_MINUTES,
    RESCHEDULE_MAX_DAYS,
    Appointment,
    AppointmentEvent,
    OpeningHours,
    Service,
)
from desks.services._shared import user_or_none
from desks.services.messages import build_message, message_audit
from people import selectors as people_selectors
from people.models import ConsentPurpose, Person
from tenants.queue import on_commit

S = Appointment.Status


def refuse_closed_day(starts_at: datetime, *, field: str = "starts_at") -> None:
    """A holiday or a closure of the counter: nothing can be scheduled."""
    day = timezone.localdate(starts_at)
    reason = closures.closed_reason(day)
    if reason:
        raise CounterClosed(f"Lo sportello è chiuso {wording.day_text(day)} ({reason}): "
                            "scegliere un altro giorno.", field=field)


def build_appointment_event(appointment: Appointment, *, from_status: str, to_status: str,
                            actor, note: str = "",
                            occurred_at: datetime | None = None) -> AppointmentEvent:
    """The row of one step in an appointment's history, unsaved: the one builder
    of these rows (the demo data insert many at once, dated ``occurred_at``)."""
    event = AppointmentEvent(appointment=appointment, from_status=from_status,
                             to_status=to_status, actor=user_or_none(actor), note=note)
    if occurred_at is not None:
        event.occurred_at = occurred_at
    return event


def record_event(appointment: Appointment, *, from_status: str, to_status: str, actor,
                 note: str = "") -> AppointmentEvent:
    """Write one step in an appointment's history (the public booking's too)."""
    event = build_appointment_event(appointment, from_status=from_status, to_status=to_status,
                                    actor=actor, note=note)
    event.save(force_insert=True)
    return event


def _check_minutes(minutes: int) -> None:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ValidationFailed(f"La durata va da {MIN_MINUTES} a {MAX_MINUTES} minuti.",
                               field="minutes")


def _check_operator_free(operator, starts_at: datetime, ends_at: datetime,
                         exclude_pk: int | None = None) -> None:
    """Refuse a second appointment of ``operator`` at the same time. Checked
    under a lock on the operator's row, so two bookings cannot both pass."""
    type(operator).objects.select_for_update().filter(pk=operator.pk).first()
    overlapping = Appointment.objects.filter(
        operator=operator, status__in=selectors.OCCUPYING,
        starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(pk=exclude_pk).first()
    if overlapping is not None:
        when = timezone.localtime(overlapping.starts_at)
        raise Conflict(f"L'operatore ha già un appuntamento in questo orario "
                       f"(alle {when:%H:%M} con {overlapping.who}).",
                       field="starts_at", code="orario_occupato")


# --- Staff bookings ---------------------------------------------------------
def build_appointment(*, person: Person | None, starts_at: datetime, kind: str, acting_user,
                      operator=None, minutes: int = 30, notes: str = "",
                      service: Service | None = None) -> Appointment:
    """The row ``schedule_appointment`` inserts, checked on its own values and
    unsaved (closed days and the operator's other appointments are checked
    when it is booked): the one builder of appointment rows."""
    if kind not in Appointment.Kind.values:
        raise ValidationFailed("Tipo di appuntamento non valido.", field="kind")
    if starts_at is None or timezone.is_naive(starts_at):
        raise ValidationFailed("Indicare data e ora dell'appuntamento.", field="starts_at")
    _check_minutes(minutes)
    if service is not None and not service.is_active:
        raise ValidationFailed("Questo servizio non è più attivo.", field="service")
    return Appointment(
        person=person, operator=operator, starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes), kind=kind, notes=notes or "",
        service=service, created_by=user_or_none(acting_user))


@transaction.atomic
def schedule_appointment(*, person: Person | None, starts_at: datetime, kind: str,
                         acting_user, operator=None, minutes: int = 30, notes: str = "",
                         service: Service | None = None) -> Appointment:
    """Book a slot in the counter's calendar. An operator cannot be booked
    twice at the same time (checked under a lock on the operator's row)."""
    permissions.check_can_use_agenda(acting_user)
    appointment = build_appointment(person=person, starts_at=starts_at, kind=kind,
                                    acting_user=acting_user, operator=operator,
                                    minutes=minutes, notes=notes, service=service)
    refuse_closed_day(starts_at)
    if operator is not None:
        _check_operator_free(operator, appointment.starts_at, appointment.ends_at)
    appointment.save(force_insert=True)
    record_event(appointment, from_status="", to_status=S.BOOKED, actor=acting_user)
    audit.record(**booked_audit(appointment, acting_user=acting_user))
    return appointment


def booked_audit(appointment: Appointment, *, acting_user) -> dict:
    """The audit record of an appointment booked at the counter (for
    ``audit.record``, or ``audit.build_event`` when inserting many at once)."""
    return dict(action=APPOINTMENT_BOOKED, actor=acting_user, target=appointment,
                details={"kind": appointment.kind, "person": appointment.person_id,
                         "operator": appointment.operator_id})


def status_audit(appointment: Appointment, *, from_status: str, acting_user) -> dict:
    """The audit record of a change of status (to the appointment's current one)."""
    return dict(action=APPOINTMENT_STATUS_CHANGED, actor=acting_user, target=appointment,
                details={"from": from_status, "to": appointment.status})


@transaction.atomic
def update_appointment(*, appointment: Appointment, acting_user, operator=None,
                       person: Person | None = None) -> Appointment:
    """Give a booking its operator and, once registered, its person."""
    permissions.check_can_use_agenda(acting_user)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status != S.BOOKED:
        raise IllegalTransition("Si possono modificare solo gli appuntamenti prenotati.")
    changed = {}
    if operator is not None and operator.pk != appointment.operator_id:
        _check_operator_free(operator, appointment.starts_at, appointment.ends_at,
                             exclude_pk=appointment.pk)
        appointment.operator = operator
        changed["operator"] = operator.pk
    if person is not None and person.pk != appointment.person_id:
        appointment.person = person
        changed["person"] = person.pk
    if changed:
        appointment.save(update_fields=["operator", "person"])
        audit.record(action=APPOINTMENT_UPDATED, actor=acting_user, target=appointment,
                     details=changed)
    return appointment


# --- Explicit status transitions --------------------------------------------
TRANSITIONS: dict[str, set[str]] = {
    S.BOOKED: {S.DONE, S.CANCELLED, S.NO_SHOW},
    S.DONE: set(),
    S.CANCELLED: set(),
    S.NO_SHOW: set(),
}
_STATE_ADJECTIVE = {S.BOOKED: "prenotato", S.DONE: "già svolto", S.CANCELLED: "già annullato",
                    S.NO_SHOW: "già segnato come assenza"}
_TARGET_VERB = {S.BOOKED: "prenotato di nuovo", S.DONE: "segnato come svolto",
                S.CANCELLED: "annullato", S.NO_SHOW: "segnato come assenza"}
# Only what has started can be done or missed.
_NEEDS_START = {S.DONE, S.NO_SHOW}


def _transition(*, appointment: Appointment, to_status: str, acting_user, note: str = "",
                now: datetime | None = None) -> Appointment:
    permissions.check_can_use_agenda(acting_user)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    current = appointment.status
    if to_status not in TRANSITIONS.get(current, set()):
        raise IllegalTransition(f"Un appuntamento {_STATE_ADJECTIVE[S(current)]} non può essere "
                                f"{_TARGET_VERB[S(to_status)]}.", field="status")
    if to_status in _NEEDS_START and appointment.starts_at > (now or timezone.now()):
        raise IllegalTransition(f"L'appuntamento non è ancora iniziato: non può essere "
                                f"{_TARGET_VERB[S(to_status)]}.", field="status")
    appointment.status = to_status
    appointment.save(update_fields=["status"])
    record_event(appointment, from_status=current, to_status=to_status, actor=acting_user,
                 note=note.strip())
    audit.record(**status_audit(appointment, from_status=current, acting_user=acting_user))
    return appointment


@transaction.atomic
def mark_appointment_done(*, appointment: Appointment, acting_user,
                          note: str = "") -> Appointment:
    return _transition(appointment=appointment, to_status=S.DONE, acting_user=acting_user,
                       note=note)


@transaction.atomic
def cancel_appointment(*, appointment: Appointment, acting_user, note: str = "") -> Appointment:
    return _transition(appointment=appointment, to_status=S.CANCELLED, acting_user=acting_user,
                       note=note)


@transaction.atomic
def mark_appointment_no_show(*, appointment: Appointment, acting_user,
                             note: str = "") -> Appointment:
    return _transition(appointment=appointment, to_status=S.NO_SHOW, acting_user=acting_user,
                       note=note)


STATUS_ACTIONS = {S.DONE: mark_appointment_done, S.CANCELLED: cancel_appointment,
                  S.NO_SHOW: mark_appointment_no_show}


def change_appointment_status(*, appointment: Appointment, status: str, acting_user,
                              note: str = "") -> Appointment:
    """One entry for views and the API: the service of the named transition."""
    action = STATUS_ACTIONS.get(status)
    if action is None:
        raise IllegalTransition("Stato di destinazione non valido.", field="status")
    return action(appointment=appointment, acting_user=acting_user, note=note)


# --- Rescheduling -----------------------------------------------------------
@dataclass(frozen=True)
class Rescheduled:
    """A moved appointment and how the citizen hears of it (for the operator)."""

    appointment: Appointment
    event: AppointmentEvent
    notified: bool
    notice: str


def _check_within_hours(starts_at: datetime, ends_at: datetime) -> None:
    """The whole appointment inside one of the day's opening ranges."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() != end.date():
        raise OutsideOpeningHours("L'appuntamento deve finire nello stesso giorno.",
                                  field="starts_at")
    # Locked as public booking locks them: a citizen booking the slot this
    # appointment moves into waits, then sees it taken.
    hours = list(OpeningHours.objects.select_for_update().order_by("pk"))
    ranges = [(opens, closes) for opens, closes, _ in selectors.opening_ranges(start.weekday(),
                                                                                hours)]
    if not any(opens <= start.time() and end.time() <= closes for opens, closes in ranges):
        offered = ", ".join(f"{o:%H:%M}-{c:%H:%M}" for o, c in sorted(ranges))
        raise OutsideOpeningHours(
            f"Lo sportello in quell'orario è chiuso (quel giorno: {offered})." if offered
            else "Lo sportello quel giorno è chiuso.", field="starts_at")


@transaction.atomic
def reschedule_appointment(*, appointment: Appointment, starts_at: datetime | None,
                           acting_user, minutes: int | None = None, note: str = "",
                           now: datetime | None = None) -> Rescheduled:
    """Move a booked appointment to another time: inside the opening hours,
    never over another appointment of its operator (nor over another public
    booking). One event "riprogrammato" with the old and the new time, an
    audit record, and the citizen told by e-mail after commit."""
    permissions.check_can_use_agenda(acting_user)
    now = now or timezone.now()
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status != S.BOOKED:
        raise IllegalTransition(f"Un appuntamento {_STATE_ADJECTIVE[S(appointment.status)]} non "
                                "può essere riprogrammato.", field="status")
    if starts_at is None or timezone.is_naive(starts_at):
        raise ValidationFailed("Indicare data e ora del nuovo appuntamento.", field="starts_at")
    length = (minutes if minutes is not None
              else int((appointment.ends_at - appointment.starts_at).total_seconds() // 60))
    _check_minutes(length)
    try:  # dates at the ends of the calendar overflow when shifted to UTC
        past = starts_at <= now
        too_far = starts_at > now + timedelta(days=RESCHEDULE_MAX_DAYS)
    except OverflowError:
        past, too_far = False, True
    if past:
        raise ValidationFailed("Il nuovo orario è già passato: sceglierne uno futuro.",
                               field="starts_at")
    if too_far:
        raise ValidationFailed("Il nuovo orario è troppo lontano: al massimo due anni da oggi.",
                               field="starts_at")
    ends_at = starts_at + timedelta(minutes=length)
    if starts_at == appointment.starts_at and ends_at == appointment.ends_at:
        raise ValidationFailed("L'appuntamento è già a quest'ora.", field="starts_at")
    refuse_closed_day(starts_at)
    _check_within_hours(starts_at, ends_at)
    if appointment.operator_id is not None:
        _check_operator_free(appointment.operator, starts_at, ends_at, exclude_pk=appointment.pk)
    old_start, old_end = appointment.starts_at, appointment.ends_at
    appointment.starts_at, appointment.ends_at = starts_at, ends_at
    try:
        with transaction.atomic():
            appointment.save(update_fields=["starts_at", "ends_at"])
    except IntegrityError as exc:  # another public booking holds that slot
        raise SlotTaken("Questo orario è già prenotato da un'altra persona: sceglierne un altro.",
                        field="starts_at") from exc
    text = f"Riprogrammato: da {wording.when_text(old_start)} a {wording.when_text(starts_at)}"
    if note.strip():
        text += f". {note.strip()}"
    event = record_event(appointment, from_status=S.BOOKED, to_status=S.BOOKED,
                         actor=acting_user, note=text)
    audit.record(action=APPOINTMENT_RESCHEDULED, actor=acting_user, target=appointment,
                 details={
                     "from": timezone.localtime(old_start).isoformat(),
                     "to": timezone.localtime(starts_at).isoformat(),
                     "minutes_before": int((old_end - old_start).total_seconds() // 60),
                     "minutes": length, "event": event.pk})
    notified, notice = _tell_citizen_of_new_time(appointment=appointment, event=event,
                                                 old_start=old_start, acting_user=acting_user)
    return Rescheduled(appointment=appointment, event=event, notified=notified, notice=notice)


def _tell_citizen_of_new_time(*, appointment: Appointment, event: AppointmentEvent,
                              old_start: datetime, acting_user) -> tuple[bool, str]:
    """A registered person is written to as any message (OutgoingMessage, with
    the consent to service delivery); an online booking not yet tied to a person
    at the address it was booked with. Both leave after commit, once."""
    person = appointment.person
    if person is not None:
        if not person.email:
            return False, ("La persona non ha un indirizzo e-mail: la avvisi del nuovo orario "
                           "per telefono.")
        if not people_selectors.has_consent(person=person, purpose=ConsentPurpose.SERVICE):
            return False, ("Manca il consenso della persona per essere contattata: la avvisi "
                           "del nuovo orario di persona o per telefono.")
        message = build_message(
            person=person, template=None, acting_user=acting_user,
            subject=f"Appuntamento spostato - {delivery.site_name()}",
            body=delivery.reschedule_body(greeting=f"Gentile {person.full_name}",
                                          old_start=old_start, new_start=appointment.starts_at))
        message.save(force_insert=True)
        audit.record(**message_audit(message, appointment=appointment.pk,
                                     reason="riprogrammazione"))
        on_commit(tasks.deliver_message, message.pk)
        return True, f"La persona riceverà un'e-mail con il nuovo orario a {person.email}."
    if appointment.booked_online and appointment.requester_email:
        on_commit(tasks.send_reschedule_notice, event.pk)
        return True, (f"Chi ha prenotato riceverà un'e-mail con il nuovo orario a "
                      f"{appointment.requester_email}.")
    return False, "Nessun indirizzo e-mail a cui scrivere: avvisi la persona del nuovo orario."
