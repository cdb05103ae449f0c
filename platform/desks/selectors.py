"""Reads on the counter: services, hours, free slots, the calendar, messages.

Every read of one object goes through its ``get_..._for`` helper, which takes
the acting user and raises NotFound for missing and forbidden alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import TENANT_ROLES, User
from core.errors import NotFound
from core.fields import shift_days
from desks import closures, links, permissions
from desks.errors import LinkNotValid
from desks.models import (
    Appointment,
    AppointmentEvent,
    Closure,
    CounterContact,
    MessageTemplate,
    OpeningHours,
    OutgoingMessage,
    Service,
)
from people.models import Person

BOOKING_HORIZON_DAYS = 21
OCCUPYING = (Appointment.Status.BOOKED, Appointment.Status.DONE)


# --- Staff ------------------------------------------------------------------
def staff_members() -> QuerySet[User]:
    """Who can be given an appointment: the counter's active staff."""
    return User.objects.filter(is_active=True, role__in=TENANT_ROLES).order_by(
        "last_name", "first_name", "email")


def staff_member(*, user_id: int) -> User | None:
    """One of the counter's active staff, or None."""
    return staff_members().filter(pk=user_id).first()


# --- Services and hours -----------------------------------------------------
def services(*, active_only: bool = False) -> QuerySet[Service]:
    items = Service.objects.all()
    return items.filter(is_active=True) if active_only else items


def public_services() -> QuerySet[Service]:
    """What citizens see and may book: active services not kept internal."""
    return Service.objects.filter(is_active=True, is_public=True)


def get_service_for(*, actor, service_id) -> Service:
    if not permissions.can_use_agenda(actor):
        raise NotFound("Servizio non trovato.")
    service = Service.objects.filter(pk=service_id).first()
    if service is None:
        raise NotFound("Servizio non trovato.")
    return service


def opening_hours() -> QuerySet[OpeningHours]:
    return OpeningHours.objects.all()


def get_opening_hours_for(*, actor, hours_id) -> OpeningHours:
    if not permissions.can_manage_counter(actor):
        raise NotFound("Orario non trovato.")
    hours = OpeningHours.objects.filter(pk=hours_id).first()
    if hours is None:
        raise NotFound("Orario non trovato.")
    return hours


def hours_by_weekday() -> list[tuple[str, list[OpeningHours]]]:
    """The week as the public page shows it: each open day with its ranges."""
    days: dict[int, list[OpeningHours]] = {}
    for hours in OpeningHours.objects.all():
        days.setdefault(hours.weekday, []).append(hours)
    return [(OpeningHours.Weekday(day).label, ranges) for day, ranges in sorted(days.items())]


# --- Free slots -------------------------------------------------------------
@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime

    @property
    def key(self) -> str:
        """How a form names the slot: local date and time, minutes precision."""
        return timezone.localtime(self.starts_at).strftime("%Y-%m-%dT%H:%M")


def parse_slot_key(value: str) -> datetime | None:
    try:
        naive = datetime.strptime((value or "").strip(), "%Y-%m-%dT%H:%M")
    except ValueError:
        return None
    return timezone.make_aware(naive)


def day_slots(day: date, ranges: list[OpeningHours]) -> list[Slot]:
    slots = []
    for hours in ranges:
        step = timedelta(minutes=hours.slot_minutes)
        start = datetime.combine(day, hours.opens_at)
        close = datetime.combine(day, hours.closes_at)
        while start + step <= close:
            slots.append(Slot(timezone.make_aware(start), timezone.make_aware(start + step)))
            start += step
    return slots


def free_slots(*, start: date | None = None, days: int = BOOKING_HORIZON_DAYS,
               now: datetime | None = None, hours: list[OpeningHours] | None = None
               ) -> list[Slot]:
    """The public slots nobody holds: opening hours cut in slots, minus every
    appointment that occupies them, from ``now`` for ``days`` days. Two queries."""
    now = now or timezone.now()
    start = start or timezone.localdate(now)
    ranges: dict[int, list[OpeningHours]] = {}
    for row in (hours if hours is not None else OpeningHours.objects.all()):
        ranges.setdefault(row.weekday, []).append(row)
    candidates: list[Slot] = []
    closed = closures.closed_days(start, start + timedelta(days=max(days - 1, 0)))
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day in closed:  # holidays and the counter's closures: nothing to book
            continue
        candidates.extend(slot for slot in day_slots(day, ranges.get(day.weekday(), []))
                          if slot.starts_at > now)
    if not candidates:
        return []
    busy = list(Appointment.objects.filter(
        status__in=OCCUPYING, starts_at__lt=candidates[-1].ends_at,
        ends_at__gt=candidates[0].starts_at).values_list("starts_at", "ends_at"))
    return [slot for slot in candidates
            if not any(start < slot.ends_at and end > slot.starts_at for start, end in busy)]


def slots_by_day(slots: list[Slot]) -> list[tuple[date, list[Slot]]]:
    days: dict[date, list[Slot]] = {}
    for slot in slots:
        days.setdefault(timezone.localdate(slot.starts_at), []).append(slot)
    return sorted(days.items())


# --- Contacts and closures --------------------------------------------------
def counter_contact() -> CounterContact:
    """The counter's contacts (an empty, unsaved row until the administrator
    fills them in)."""
    return CounterContact.objects.order_by("pk").first() or CounterContact()


def closure_list(*, from_day: date | None = None) -> QuerySet[Closure]:
    items = Closure.objects.all()
    return items.filter(ends_on__gte=from_day) if from_day else items


def get_closure_for(*, actor, closure_id) -> Closure:
    if not permissions.can_manage_counter(actor):
        raise NotFound("Chiusura non trovata.")
    closure = Closure.objects.filter(pk=closure_id).first()
    if closure is None:
        raise NotFound("Chiusura non trovata.")
    return closure


def upcoming_closures(*, today: date | None = None, days: int = 60) -> list[tuple[date, str]]:
    """Closed weekdays of the next ``days`` days, as the public page lists them."""
    today = today or timezone.localdate()
    open_weekdays = set(OpeningHours.objects.values_list("weekday", flat=True))
    return [(day, reason) for day, reason in
            sorted(closures.closed_days(today, today + timedelta(days=days)).items())
            if day.weekday() in open_weekdays]


# --- Calendar ---------------------------------------------------------------
def local_range(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(first_day, time.min))
    end = timezone.make_aware(datetime.combine(shift_days(last_day, 1), time.min))
    return start, end


def appointments(*, actor, first_day: date | None = None, last_day: date | None = None,
                 operator_id: int | None = None, person_id: int | None = None,
                 status: str | None = None) -> QuerySet[Appointment]:
    if not permissions.can_use_agenda(actor):
        return Appointment.objects.none()
    items = Appointment.objects.select_related("person", "operator", "service")
    if first_day is not None:
        start, end = local_range(first_day, last_day or first_day)
        items = items.filter(starts_at__gte=start, starts_at__lt=end)
    if operator_id:
        items = items.filter(operator_id=operator_id)
    if person_id:
        items = items.filter(person_id=person_id)
    if status:
        items = items.filter(status=status)
    return items.order_by("starts_at", "id")


def online_booking(*, appointment_id: int | None) -> Appointment | None:
    """A public booking by its id (the one the citizen's session just made)."""
    if not appointment_id:
        return None
    return Appointment.objects.filter(pk=appointment_id, booked_online=True).first()


def booking_from_link(*, token: str) -> Appointment:
    """The online booking a confirmation link points to, on this counter.
    Tampered, expired, foreign or stale links all give the same error."""
    try:
        appointment_id, stamp = links.read_token(token)
    except links.InvalidLink as exc:
        raise LinkNotValid() from exc
    appointment = Appointment.objects.filter(pk=appointment_id, booked_online=True).select_related(
        "service").first()
    if appointment is None or not links.matches(appointment, stamp):
        raise LinkNotValid()
    return appointment


def can_cancel_online(appointment: Appointment, *, now: datetime | None = None) -> bool:
    return (appointment.status == Appointment.Status.BOOKED
            and appointment.starts_at > (now or timezone.now()))


def get_appointment_for(*, actor, appointment_id, for_update: bool = False) -> Appointment:
    if not permissions.can_use_agenda(actor):
        raise NotFound("Appuntamento non trovato.")
    items = Appointment.objects.select_related("person", "operator", "service")
    if for_update:
        items = Appointment.objects.select_for_update()
    appointment = items.filter(pk=appointment_id).first()
    if appointment is None:
        raise NotFound("Appuntamento non trovato.")
    return appointment


def appointment_events(*, appointment: Appointment) -> QuerySet[AppointmentEvent]:
    return AppointmentEvent.objects.filter(appointment=appointment).select_related("actor")


def next_appointment(*, person: Person, now: datetime | None = None) -> Appointment | None:
    return (Appointment.objects.filter(person=person, status=Appointment.Status.BOOKED,
                                       starts_at__gte=now or timezone.now())
            .order_by("starts_at").first())


# --- Messages ---------------------------------------------------------------
def message_templates(*, active_only: bool = False) -> QuerySet[MessageTemplate]:
    items = MessageTemplate.objects.all()
    return items.filter(is_active=True) if active_only else items


def get_template_for(*, actor, template_id, active_only: bool = False) -> MessageTemplate:
    """Staff read (and use) models; only the administrator changes them."""
    if not permissions.can_use_agenda(actor):
        raise NotFound("Modello non trovato.")
    template = message_templates(active_only=active_only).filter(pk=template_id).first()
    if template is None:
        raise NotFound("Modello non trovato.")
    return template


def messages_for_person(*, actor, person: Person) -> QuerySet[OutgoingMessage]:
    if not permissions.can_use_agenda(actor):
        return OutgoingMessage.objects.none()
    return OutgoingMessage.objects.filter(person=person).select_related("sent_by", "template")


def get_message_for(*, actor, message_id, person: Person | None = None) -> OutgoingMessage:
    if not permissions.can_use_agenda(actor):
        raise NotFound("Messaggio non trovato.")
    items = OutgoingMessage.objects.select_related("person", "sent_by", "template")
    if person is not None:
        items = items.filter(person=person)
    message = items.filter(pk=message_id).first()
    if message is None:
        raise NotFound("Messaggio non trovato.")
    return message


# --- The operator's worklist ------------------------------------------------
# Each read is one unsliced queryset: the home page counts it and shows its
# first rows (two queries per section, whatever the calendar's size).
def _mine(items: QuerySet, *, operator, field: str = "operator") -> QuerySet:
    return items if operator is None else items.filter(**{field: operator})


def todays_appointments(*, actor, operator=None, day: date | None = None
                        ) -> QuerySet[Appointment]:
    """Today's booked appointments, by time; with ``operator``, theirs and the
    ones nobody has taken yet (an online booking waits for whoever is free)."""
    if not permissions.can_use_agenda(actor):
        return Appointment.objects.none()
    start, end = local_range(day or timezone.localdate(), day or timezone.localdate())
    items = Appointment.objects.filter(starts_at__gte=start, starts_at__lt=end,
                                       status=Appointment.Status.BOOKED)
    if operator is not None:
        items = items.filter(Q(operator=operator) | Q(operator__isnull=True))
    return items.select_related("person", "service", "operator").order_by("starts_at", "id")


def second_interviews_due(*, actor, operator=None, now: datetime | None = None,
                          horizon_days: int = 14) -> QuerySet[Appointment]:
    """Second interviews still to be held: overdue (their time has passed and
    nobody marked them done or missed) and those of the next ``horizon_days``."""
    if not permissions.can_use_agenda(actor):
        return Appointment.objects.none()
    now = now or timezone.now()
    items = Appointment.objects.filter(kind=Appointment.Kind.SECOND_INTERVIEW,
                                       status=Appointment.Status.BOOKED,
                                       starts_at__lt=now + timedelta(days=horizon_days))
    return (_mine(items, operator=operator).select_related("person", "service", "operator")
            .order_by("starts_at", "id"))


def failed_messages(*, actor, sender=None) -> QuerySet[OutgoingMessage]:
    """E-mails that could not be delivered (the worker gave up), latest first."""
    if not permissions.can_use_agenda(actor):
        return OutgoingMessage.objects.none()
    items = OutgoingMessage.objects.filter(status=OutgoingMessage.Status.FAILED)
    return (_mine(items, operator=sender, field="sent_by").select_related("person")
            .only("id", "subject", "to_address", "queued_at", "error", "person__id",
                  "person__first_name", "person__last_name")
            .order_by("-queued_at", "-id"))


# --- Rescheduling -----------------------------------------------------------
# When the counter has set no opening hours: Monday to Friday, 9 to 17.
DEFAULT_HOURS = (time(9, 0), time(17, 0), 30)


def opening_ranges(weekday: int, hours: list[OpeningHours] | None = None
                   ) -> list[tuple[time, time, int]]:
    """(opens, closes, slot minutes) of a weekday, sorted; the default week
    when the counter has set none."""
    rows = list(OpeningHours.objects.all()) if hours is None else hours
    if not rows:
        return [DEFAULT_HOURS] if weekday < 5 else []
    return sorted((h.opens_at, h.closes_at, h.slot_minutes) for h in rows if h.weekday == weekday)


def reschedule_slots(*, appointment: Appointment, start_day: date | None = None, days: int = 7,
                     now: datetime | None = None, limit: int = 12) -> list[Slot]:
    """Where ``appointment`` could move: slots of its length inside the opening
    hours, from ``start_day`` for ``days`` days, that its operator has free
    (without an operator: that nobody holds). Two queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    start_day = min(max(start_day or today, today), today + timedelta(days=366))
    length = appointment.ends_at - appointment.starts_at
    hours = list(OpeningHours.objects.all())
    closed = closures.closed_days(start_day, start_day + timedelta(days=days))
    candidates: list[Slot] = []
    for offset in range(days):
        day = start_day + timedelta(days=offset)
        if day in closed:  # a holiday or a closure of the counter
            continue
        for opens, closes, step in opening_ranges(day.weekday(), hours):
            start = timezone.make_aware(datetime.combine(day, opens))
            close = timezone.make_aware(datetime.combine(day, closes))
            while start + length <= close:
                if start > now and start != appointment.starts_at:
                    candidates.append(Slot(start, start + length))
                start += timedelta(minutes=step or 30)
    if not candidates:
        return []
    busy = Appointment.objects.filter(status__in=OCCUPYING, starts_at__lt=candidates[-1].ends_at,
                                      ends_at__gt=candidates[0].starts_at
                                      ).exclude(pk=appointment.pk)
    if appointment.operator_id is not None:
        busy = busy.filter(operator_id=appointment.operator_id)
    taken = list(busy.values_list("starts_at", "ends_at"))
    free = [slot for slot in candidates
            if not any(s < slot.ends_at and e > slot.starts_at for s, e in taken)]
    return free[:limit]
