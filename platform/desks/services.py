"""Writes on the counter: its services and hours, the calendar (staff and
public bookings, explicit status transitions) and e-mails to people."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from audit import services as audit
from core import wording
from core.errors import Conflict, ValidationFailed
from desks import closures, links, rendering, selectors
from desks.errors import (
    CounterClosed,
    DeskError,
    IllegalTransition,
    LinkNotValid,
    OutsideOpeningHours,
    SlotTaken,
    TooManyBookings,
)
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
from people import services as people_services
from people.models import ConsentPurpose, Person, PrivacyNotice

APPOINTMENT_BOOKED = "appointment.booked"
APPOINTMENT_BOOKED_ONLINE = "appointment.booked_online"
APPOINTMENT_STATUS_CHANGED = "appointment.status_changed"
APPOINTMENT_UPDATED = "appointment.updated"
SERVICE_CREATED = "desk.service_created"
SERVICE_UPDATED = "desk.service_updated"
HOURS_CHANGED = "desk.hours_changed"
TEMPLATE_SAVED = "message.template_saved"
MESSAGE_QUEUED = "message.queued"
APPOINTMENT_CANCELLED_ONLINE = "appointment.cancelled_online"
CLOSURE_ADDED = "desk.closure_added"
CLOSURE_REMOVED = "desk.closure_removed"
CONTACTS_CHANGED = "desk.contacts_changed"

# Public bookings per hour from one IP address and for one e-mail address
# (settings may override).
BOOKINGS_PER_HOUR = 5
# Across the whole counter: rotating addresses or IPs must not fill the agenda
# or turn the confirmation e-mail into a relay.
COUNTER_BOOKINGS_PER_HOUR = 30
MIN_MINUTES, MAX_MINUTES = 5, 8 * 60


def _fail(errors: dict[str, str], error_class=DeskError) -> None:
    if errors:
        first = next(iter(errors))
        raise error_class(errors[first], field=first,
                          fields={name: [message] for name, message in errors.items()})


def build_appointment_event(appointment: Appointment, *, from_status: str, to_status: str,
                            actor, note: str = "",
                            occurred_at: datetime | None = None) -> AppointmentEvent:
    """The row of one step in an appointment's history, unsaved: the one builder
    of these rows (the demo data insert many at once, dated ``occurred_at``)."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    event = AppointmentEvent(appointment=appointment, from_status=from_status,
                             to_status=to_status, actor=actor, note=note)
    if occurred_at is not None:
        event.occurred_at = occurred_at
    return event


def _record_event(appointment: Appointment, *, from_status: str, to_status: str, actor,
                  note: str = "") -> AppointmentEvent:
    event = build_appointment_event(appointment, from_status=from_status, to_status=to_status,
                                    actor=actor, note=note)
    event.save(force_insert=True)
    return event


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


# --- Calendar: staff bookings ----------------------------------------------
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
    if not MIN_MINUTES <= int(minutes) <= MAX_MINUTES:
        raise ValidationFailed(f"La durata va da {MIN_MINUTES} a {MAX_MINUTES} minuti.",
                               field="minutes")
    if service is not None and not service.is_active:
        raise ValidationFailed("Questo servizio non è più attivo.", field="service")
    return Appointment(
        person=person, operator=operator, starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=int(minutes)), kind=kind, notes=notes or "",
        service=service,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None)


@transaction.atomic
def schedule_appointment(*, person: Person | None, starts_at: datetime, kind: str,
                         acting_user=None, operator=None, minutes: int = 30, notes: str = "",
                         request=None, service: Service | None = None) -> Appointment:
    """Book a slot in the counter's calendar. An operator cannot be booked
    twice at the same time (checked under a lock on the operator's row)."""
    appointment = build_appointment(person=person, starts_at=starts_at, kind=kind,
                                    acting_user=acting_user, operator=operator,
                                    minutes=minutes, notes=notes, service=service)
    refuse_closed_day(starts_at)
    if operator is not None:
        _check_operator_free(operator, appointment.starts_at, appointment.ends_at)
    appointment.save(force_insert=True)
    _record_event(appointment, from_status="", to_status=Appointment.Status.BOOKED,
                  actor=acting_user)
    audit.record(action=APPOINTMENT_BOOKED, actor=acting_user, target=appointment,
                 request=request, details={"kind": kind, "person": getattr(person, "pk", None),
                                           "operator": getattr(operator, "pk", None)})
    return appointment


@transaction.atomic
def update_appointment(*, appointment: Appointment, acting_user, operator=None,
                       person: Person | None = None, request=None) -> Appointment:
    """Give a booking its operator and, once registered, its person."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status != Appointment.Status.BOOKED:
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
                     request=request, details=changed)
    return appointment


def refuse_closed_day(starts_at: datetime, *, field: str = "starts_at") -> None:
    """A holiday or a closure of the counter: nothing can be scheduled."""
    day = timezone.localdate(starts_at)
    reason = closures.closed_reason(day)
    if reason:
        raise CounterClosed(f"Lo sportello è chiuso {wording.day_text(day)} ({reason}): "
                            "scegliere un altro giorno.", field=field)


# --- Calendar: explicit status transitions ----------------------------------
S = Appointment.Status
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
                request=None, now: datetime | None = None) -> Appointment:
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
    _record_event(appointment, from_status=current, to_status=to_status, actor=acting_user,
                  note=(note or "").strip())
    audit.record(action=APPOINTMENT_STATUS_CHANGED, actor=acting_user, target=appointment,
                 request=request, details={"from": current, "to": to_status})
    return appointment


@transaction.atomic
def mark_appointment_done(*, appointment: Appointment, acting_user, note: str = "",
                          request=None) -> Appointment:
    return _transition(appointment=appointment, to_status=S.DONE, acting_user=acting_user,
                       note=note, request=request)


@transaction.atomic
def cancel_appointment(*, appointment: Appointment, acting_user, note: str = "",
                       request=None) -> Appointment:
    return _transition(appointment=appointment, to_status=S.CANCELLED, acting_user=acting_user,
                       note=note, request=request)


@transaction.atomic
def mark_appointment_no_show(*, appointment: Appointment, acting_user, note: str = "",
                             request=None) -> Appointment:
    return _transition(appointment=appointment, to_status=S.NO_SHOW, acting_user=acting_user,
                       note=note, request=request)


STATUS_ACTIONS = {S.DONE: mark_appointment_done, S.CANCELLED: cancel_appointment,
                  S.NO_SHOW: mark_appointment_no_show}


def change_appointment_status(*, appointment: Appointment, status: str, acting_user,
                              note: str = "", request=None) -> Appointment:
    """One entry for views and the API: the service of the named transition."""
    action = STATUS_ACTIONS.get(status)
    if action is None:
        raise IllegalTransition("Stato di destinazione non valido.", field="status")
    return action(appointment=appointment, acting_user=acting_user, note=note, request=request)


# --- Calendar: rescheduling -------------------------------------------------
APPOINTMENT_RESCHEDULED = "appointment.rescheduled"
RESCHEDULE_NOTICE_SENT = "appointment.reschedule_notice_sent"
RESCHEDULE_MAX_DAYS = 730


@dataclass(frozen=True)
class Rescheduled:
    """A moved appointment and how the citizen hears of it (for the operator)."""

    appointment: Appointment
    event: AppointmentEvent
    notified: bool
    notice: str


def _when(value: datetime) -> str:
    return wording.when_text(value)


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
                           request=None, now: datetime | None = None) -> Rescheduled:
    """Move a booked appointment to another time: inside the opening hours,
    never over another appointment of its operator (nor over another public
    booking). One event "riprogrammato" with the old and the new time, an
    audit record, and the citizen told by e-mail after commit."""
    now = now or timezone.now()
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status != S.BOOKED:
        raise IllegalTransition(f"Un appuntamento {_STATE_ADJECTIVE[S(appointment.status)]} non "
                                "può essere riprogrammato.", field="status")
    if starts_at is None or timezone.is_naive(starts_at):
        raise ValidationFailed("Indicare data e ora del nuovo appuntamento.", field="starts_at")
    length = (int(minutes) if minutes is not None
              else int((appointment.ends_at - appointment.starts_at).total_seconds() // 60))
    if not MIN_MINUTES <= length <= MAX_MINUTES:
        raise ValidationFailed(f"La durata va da {MIN_MINUTES} a {MAX_MINUTES} minuti.",
                               field="minutes")
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
    text = f"Riprogrammato: da {_when(old_start)} a {_when(starts_at)}"
    if (note or "").strip():
        text += f". {note.strip()}"
    event = _record_event(appointment, from_status=S.BOOKED, to_status=S.BOOKED,
                          actor=acting_user, note=text)
    audit.record(action=APPOINTMENT_RESCHEDULED, actor=acting_user, target=appointment,
                 request=request, details={
                     "from": timezone.localtime(old_start).isoformat(),
                     "to": timezone.localtime(starts_at).isoformat(),
                     "minutes_before": int((old_end - old_start).total_seconds() // 60),
                     "minutes": length, "event": event.pk})
    notified, notice = _tell_citizen_of_new_time(appointment=appointment, event=event,
                                                 old_start=old_start, acting_user=acting_user,
                                                 request=request)
    return Rescheduled(appointment=appointment, event=event, notified=notified, notice=notice)


def _reschedule_body(*, greeting: str, old_start: datetime, new_start: datetime) -> str:
    site = _site_name()
    return (f"{greeting},\n\n"
            f"il suo appuntamento presso lo sportello di {site} previsto per "
            f"{_when(old_start)} è stato spostato a:\n"
            f"{_when(new_start)}.\n\n"
            "Porti con sé un documento d'identità e il codice fiscale. Se non può venire, "
            "avvisi lo sportello per liberare l'orario.\n\n"
            f"{site}\n")


def _tell_citizen_of_new_time(*, appointment: Appointment, event: AppointmentEvent,
                              old_start: datetime, acting_user, request) -> tuple[bool, str]:
    """A registered person is written to as any message (OutgoingMessage, with
    the consent to service delivery); an online booking not yet tied to a person
    at the address it was booked with. Both leave after commit, once."""
    from desks.tasks import deliver_message, send_reschedule_notice
    from tenants.queue import on_commit

    person = appointment.person
    if person is not None:
        if not person.email:
            return False, ("La persona non ha un indirizzo e-mail: la avvisi del nuovo orario "
                           "per telefono.")
        if not people_services.has_consent(person=person, purpose=ConsentPurpose.SERVICE):
            return False, ("Manca il consenso della persona per essere contattata: la avvisi "
                           "del nuovo orario di persona o per telefono.")
        message = OutgoingMessage.objects.create(
            person=person, subject=f"Appuntamento spostato - {_site_name()}",
            body=_reschedule_body(greeting=f"Gentile {person.full_name}", old_start=old_start,
                                  new_start=appointment.starts_at),
            to_address=person.email,
            sent_by=acting_user if getattr(acting_user, "is_authenticated", False) else None)
        audit.record(action=MESSAGE_QUEUED, actor=acting_user, target=person, request=request,
                     details={"message": message.pk, "appointment": appointment.pk,
                              "reason": "riprogrammazione"})
        on_commit(deliver_message, message.pk)
        return True, f"La persona riceverà un'e-mail con il nuovo orario a {person.email}."
    if appointment.booked_online and appointment.requester_email:
        on_commit(send_reschedule_notice, event.pk)
        return True, (f"Chi ha prenotato riceverà un'e-mail con il nuovo orario a "
                      f"{appointment.requester_email}.")
    return False, "Nessun indirizzo e-mail a cui scrivere: avvisi la persona del nuovo orario."


@transaction.atomic
def send_reschedule_notice_email(*, event_id: int) -> bool:
    """Tell an online requester their appointment moved, once per move: True if
    sent now. The appointment's row is locked and the sending is recorded in
    the audit log, so a task run twice sends nothing twice."""
    event = AppointmentEvent.objects.filter(pk=event_id).first()
    if event is None or not event.is_reschedule:
        return False
    appointment = Appointment.objects.select_for_update().filter(pk=event.appointment_id).first()
    if (appointment is None or appointment.status != S.BOOKED
            or not appointment.requester_email):
        return False
    from audit.models import AuditEvent

    if AuditEvent.objects.filter(action=RESCHEDULE_NOTICE_SENT, target_id=str(appointment.pk),
                                 details__event=event.pk).exists():
        return False
    later = AppointmentEvent.objects.filter(appointment=appointment, pk__gt=event.pk).exists()
    if later:  # moved again meanwhile: the later move tells the newer time
        return False
    old = (AuditEvent.objects.filter(action=APPOINTMENT_RESCHEDULED, target_id=str(appointment.pk),
                                     details__event=event.pk)
           .values_list("details", flat=True).first() or {})
    old_start = datetime.fromisoformat(old["from"]) if old.get("from") else None
    site = _site_name()
    body = (_reschedule_body(greeting="Gentile utente", old_start=old_start,
                             new_start=appointment.starts_at) if old_start else
            f"Gentile utente,\n\nil suo appuntamento presso lo sportello di {site} è ora "
            f"fissato per {_when(appointment.starts_at)}.\n\n{site}\n")
    send_mail(subject=f"Appuntamento spostato - {site}", message=body, from_email=None,
              recipient_list=[appointment.requester_email])
    audit.record(action=RESCHEDULE_NOTICE_SENT, actor=None, actor_label="sistema",
                 target=appointment, details={"event": event.pk})
    return True


# --- Calendar: public booking ----------------------------------------------
PHONE = re.compile(r"^\+?[0-9 ./-]{6,25}$")


def bookings_per_hour() -> int:
    return int(getattr(settings, "DESK_BOOKINGS_PER_HOUR", BOOKINGS_PER_HOUR))


def counter_bookings_per_hour() -> int:
    return int(getattr(settings, "DESK_COUNTER_BOOKINGS_PER_HOUR", COUNTER_BOOKINGS_PER_HOUR))


@transaction.atomic
def book_online(*, slot_start: datetime | None, name: str, email: str, phone: str, reason: str,
                privacy_acknowledged: bool, service: Service | None = None,
                ip_address: str | None = None, request=None,
                now: datetime | None = None) -> Appointment:
    """A citizen books a free slot from the counter's public page, without an
    account. Bookings are serialised under a lock on the opening hours, so a
    slot taken meanwhile is refused; the confirmation leaves on commit."""
    now = now or timezone.now()
    name, phone, reason = (" ".join((v or "").split()) for v in (name, phone, reason))
    email = (email or "").strip().lower()
    errors: dict[str, str] = {}
    if slot_start is None:
        errors["slot"] = "Scelga un orario tra quelli disponibili."
    errors.update(booking_input_errors(name=name, email=email, phone=phone, reason=reason,
                                       service=service,
                                       privacy_acknowledged=privacy_acknowledged))
    _fail(errors)

    hours = list(OpeningHours.objects.select_for_update().order_by("pk"))
    since = now - timedelta(hours=1)
    recent = Appointment.objects.filter(booked_online=True, created_at__gte=since)
    limit = bookings_per_hour()
    later = f"riprovi più tardi{_or_contact()}."
    if ip_address and recent.filter(requester_ip=ip_address).count() >= limit:
        raise TooManyBookings(f"Troppe prenotazioni da questa connessione nell'ultima ora: {later}")
    if recent.filter(requester_email=email).count() >= limit:
        raise TooManyBookings(f"Troppe prenotazioni con questo indirizzo e-mail nell'ultima ora: "
                              f"{later}", field="email")
    if recent.count() >= counter_bookings_per_hour():
        raise TooManyBookings(f"Lo sportello ha ricevuto molte prenotazioni online nell'ultima "
                              f"ora: {later}")
    refuse_closed_day(slot_start, field="slot")
    day = timezone.localdate(slot_start)
    offered = {s.starts_at: s for s in selectors.day_slots(
        day, [h for h in hours if h.weekday == day.weekday()])}
    horizon = timezone.localdate(now) + timedelta(days=selectors.BOOKING_HORIZON_DAYS)
    if slot_start not in offered or slot_start <= now or day >= horizon:
        raise DeskError("Questo orario non è prenotabile: scelga tra quelli proposti.",
                        field="slot")
    free = {s.starts_at for s in selectors.free_slots(start=day, days=1, now=now, hours=hours)}
    if slot_start not in free:
        raise SlotTaken("Questo orario è appena stato prenotato da un'altra persona: "
                        "ne scelga un altro.", field="slot")
    slot = offered[slot_start]
    notice = PrivacyNotice.objects.filter(is_current=True).order_by("-valid_from").first()
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(
                starts_at=slot.starts_at, ends_at=slot.ends_at,
                kind=Appointment.Kind.FIRST_INTERVIEW, service=service, booked_online=True,
                requester_name=name, requester_email=email, requester_phone=phone,
                reason=reason, requester_ip=ip_address or None,
                privacy_notice_version=notice.version if notice else "")
    except IntegrityError as exc:  # the unique public slot, if the lock was bypassed
        raise SlotTaken("Questo orario è appena stato prenotato da un'altra persona: "
                        "ne scelga un altro.", field="slot") from exc
    _record_event(appointment, from_status="", to_status=S.BOOKED, actor=None,
                  note="Prenotazione online")
    audit.record(action=APPOINTMENT_BOOKED_ONLINE, actor=None, actor_label=email,
                 target=appointment, request=request, details={"service": getattr(
                     service, "pk", None)})
    from desks.tasks import send_booking_confirmation
    from tenants.queue import on_commit

    on_commit(send_booking_confirmation, appointment.pk)
    return appointment


def _site_name() -> str:
    tenant = getattr(connection, "tenant", None)
    return getattr(tenant, "name", "") or "Rete Sportelli"


def _site_kind() -> str:
    return getattr(getattr(connection, "tenant", None), "kind", "") or ""


def _or_contact() -> str:
    """", o telefoni allo sportello al 051 ..." when a number is published;
    never an invitation to phone without the number."""
    contact = selectors.counter_contact()
    if contact.phone:
        return f" o telefoni allo sportello al numero {contact.phone}"
    if contact.email:
        return f" o scriva allo sportello all'indirizzo {contact.email}"
    return ""


def contact_lines() -> list[str]:
    """The counter's address, phone, e-mail and hours, one line each, as the
    e-mails write them."""
    contact = selectors.counter_contact()
    lines = []
    if contact.address:
        lines.append(f"Indirizzo: {contact.address}")
    if contact.phone:
        lines.append(f"Telefono: {contact.phone}")
    if contact.email:
        lines.append(f"E-mail: {contact.email}")
    hours = selectors.hours_by_weekday()
    if hours:
        lines.append("Orari di apertura:")
        for day, ranges in hours:
            times = ", ".join(f"{h.opens_at:%H:%M}-{h.closes_at:%H:%M}" for h in ranges)
            lines.append(f"  {day.lower()} {times}")
    if contact.hours_note:
        lines.append(contact.hours_note)
    return lines


def _booking_email(*, opening: str, closing: str) -> str:
    site = _site_name()
    contacts = "\n".join(contact_lines())
    return (
        "Gentile utente,\n\n"
        f"{opening}\n\n"
        f"{closing}\n\n"
        + (f"Come raggiungerci e contattarci:\n{contacts}\n\n" if contacts else "")
        + f"{wording.counter_title(site, _site_kind())}\n"
    )


@transaction.atomic
def send_booking_confirmation_email(*, appointment_id: int) -> bool:
    """Send the confirmation of a public booking once: True if sent now."""
    appointment = Appointment.objects.select_for_update().filter(pk=appointment_id).first()
    if (appointment is None or not appointment.booked_online or not appointment.requester_email
            or appointment.confirmation_sent_at is not None):
        return False
    site = _site_name()
    of_site = wording.of_administration(site, _site_kind())
    # Nothing the requester typed is echoed: the form is anonymous, and an
    # e-mail carrying free text would let anyone write in the counter's name.
    body = _booking_email(
        opening=(f"la sua prenotazione presso lo sportello {of_site} è registrata: "
                 f"{wording.when_text(appointment.starts_at)}."),
        closing=("Porti con sé un documento d'identità e il codice fiscale.\n\n"
                 "Per vedere la prenotazione o annullarla, se non può venire, apra questo "
                 f"indirizzo:\n{links.booking_url(appointment)}\n"
                 f"Il link è personale: non lo inoltri ad altri. Vale "
                 f"{links.link_max_age().days} giorni."))
    send_mail(subject=f"Conferma appuntamento - {site}", message=body, from_email=None,
              recipient_list=[appointment.requester_email])
    appointment.confirmation_sent_at = timezone.now()
    appointment.save(update_fields=["confirmation_sent_at"])
    return True


# --- Calendar: the citizen's link -------------------------------------------
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
    return (appointment.status == S.BOOKED and appointment.starts_at > (now or timezone.now()))


@transaction.atomic
def cancel_booking_online(*, token: str, request=None, now: datetime | None = None
                          ) -> Appointment:
    """The citizen cancels from the confirmation's link: the slot is free
    again, the agenda shows the cancellation (a status event), it is audited,
    and a confirmation of the cancellation leaves on commit."""
    appointment = booking_from_link(token=token)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status != S.BOOKED:
        raise IllegalTransition("Questa prenotazione non è più attiva: "
                                f"risulta {appointment.get_status_display().lower()}.",
                                field="status")
    if appointment.starts_at <= (now or timezone.now()):
        raise IllegalTransition("L'appuntamento è già iniziato o passato: non si può più "
                                f"annullare online.{_warn_the_counter()}", field="status")
    appointment.status = S.CANCELLED
    appointment.save(update_fields=["status"])
    _record_event(appointment, from_status=S.BOOKED, to_status=S.CANCELLED, actor=None,
                  note="Annullato dalla persona con il link della conferma")
    audit.record(action=APPOINTMENT_CANCELLED_ONLINE, actor=None,
                 actor_label=appointment.requester_email, target=appointment, request=request,
                 details={"from": S.BOOKED, "to": S.CANCELLED})
    from desks.tasks import send_cancellation_confirmation
    from tenants.queue import on_commit

    on_commit(send_cancellation_confirmation, appointment.pk)
    return appointment


def _warn_the_counter() -> str:
    """" Per avvisare lo sportello, telefoni al numero ...", when published."""
    contact = selectors.counter_contact()
    if contact.phone:
        return f" Per avvisare lo sportello, telefoni al numero {contact.phone}."
    if contact.email:
        return f" Per avvisare lo sportello, scriva all'indirizzo {contact.email}."
    return ""


@transaction.atomic
def send_cancellation_email(*, appointment_id: int) -> bool:
    """Tell the citizen the booking is cancelled, once: True if sent now."""
    appointment = Appointment.objects.select_for_update().filter(pk=appointment_id).first()
    if (appointment is None or not appointment.booked_online or not appointment.requester_email
            or appointment.status != S.CANCELLED or appointment.cancellation_sent_at is not None):
        return False
    site = _site_name()
    of_site = wording.of_administration(site, _site_kind())
    body = _booking_email(
        opening=(f"la sua prenotazione presso lo sportello {of_site} per "
                 f"{wording.when_text(appointment.starts_at)} è stata annullata, "
                 "come ha chiesto."),
        closing=("L'orario è di nuovo libero per altre persone. Per un nuovo appuntamento "
                 f"può prenotare qui:\n{links.counter_url(reverse('desks:booking'))}"))
    send_mail(subject=f"Prenotazione annullata - {site}", message=body, from_email=None,
              recipient_list=[appointment.requester_email])
    appointment.cancellation_sent_at = timezone.now()
    appointment.save(update_fields=["cancellation_sent_at"])
    return True


# --- Contacts and closures (administrator) ----------------------------------
@transaction.atomic
def update_counter_contact(*, address: str, phone: str, email: str, hours_note: str = "",
                           acting_user, request=None) -> CounterContact:
    address, phone, hours_note = (" ".join((v or "").split())
                                  for v in (address, phone, hours_note))
    email = (email or "").strip().lower()
    errors: dict[str, str] = {}
    if phone and not PHONE.match(phone):
        errors["phone"] = "Numero di telefono non valido."
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Indirizzo e-mail non valido."
    for field, value, limit in (("address", address, 300), ("hours_note", hours_note, 300)):
        if len(value) > limit:
            errors[field] = f"Al massimo {limit} caratteri."
    _fail(errors)
    contact = CounterContact.objects.select_for_update().order_by("pk").first() or \
        CounterContact()
    values = {"address": address, "phone": phone, "email": email, "hours_note": hours_note}
    changed = sorted(k for k, v in values.items() if getattr(contact, k) != v)
    for key, value in values.items():
        setattr(contact, key, value)
    contact.save()
    audit.record(action=CONTACTS_CHANGED, actor=acting_user, target=contact, request=request,
                 details={"fields": changed})
    return contact


MAX_CLOSURE_DAYS = 366


@transaction.atomic
def add_closure(*, starts_on, ends_on, reason: str, acting_user, request=None) -> Closure:
    reason = " ".join((reason or "").split())
    errors: dict[str, str] = {}
    if starts_on is None:
        errors["starts_on"] = "Indicare il primo giorno di chiusura."
    if ends_on is None:
        ends_on = starts_on
    if not reason:
        errors["reason"] = "Indicare il motivo: i cittadini lo leggono."
    elif len(reason) > 200:
        errors["reason"] = "Al massimo 200 caratteri."
    if starts_on is not None and ends_on is not None:
        if ends_on < starts_on:
            errors["ends_on"] = "L'ultimo giorno non può precedere il primo."
        elif (ends_on - starts_on).days >= MAX_CLOSURE_DAYS:
            errors["ends_on"] = "Una chiusura dura al massimo un anno."
    _fail(errors)
    closure = Closure.objects.create(
        starts_on=starts_on, ends_on=ends_on, reason=reason,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None)
    booked = Appointment.objects.filter(
        status=S.BOOKED, starts_at__gte=selectors.local_range(starts_on, ends_on)[0],
        starts_at__lt=selectors.local_range(starts_on, ends_on)[1]).count()
    audit.record(action=CLOSURE_ADDED, actor=acting_user, target=closure, request=request,
                 details={"closure": str(closure), "booked_in_range": booked})
    return closure


@transaction.atomic
def remove_closure(*, closure: Closure, acting_user, request=None) -> None:
    audit.record(action=CLOSURE_REMOVED, actor=acting_user, target=closure, request=request,
                 details={"closure": str(closure)})
    closure.delete()


# --- The service list -------------------------------------------------------
def _service_values(*, name: str, area: str, description: str, order) -> dict:
    errors = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = "Indicare il nome del servizio."
    if area not in Service.Area.values:
        errors["area"] = "Area non valida."
    try:
        order = int(order or 0)
        if order < 0:
            raise ValueError
    except (TypeError, ValueError):
        errors["order"] = "L'ordine è un numero intero non negativo."
        order = 0
    _fail(errors)
    return {"name": name, "area": area, "description": (description or "").strip(),
            "order": order}


def _unique_code(model, base: str, exclude_pk=None) -> str:
    base = (slugify(base) or "voce")[:50]
    code, n = base, 1
    while model.objects.filter(code=code).exclude(pk=exclude_pk).exists():
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def create_service(*, name: str, area: str, acting_user, description: str = "", order=0,
                   is_public: bool = True, request=None) -> Service:
    values = _service_values(name=name, area=area, description=description, order=order)
    values["is_public"] = bool(is_public)
    if Service.objects.filter(name__iexact=values["name"]).exists():
        raise DeskError("Esiste già un servizio con questo nome.", field="name")
    service = Service.objects.create(code=_unique_code(Service, values["name"]), **values)
    audit.record(action=SERVICE_CREATED, actor=acting_user, target=service, request=request)
    return service


@transaction.atomic
def update_service(*, service: Service, acting_user, name: str, area: str,
                   description: str = "", order=0, is_active: bool | None = None,
                   is_public: bool | None = None, request=None) -> Service:
    values = _service_values(name=name, area=area, description=description, order=order)
    if is_public is not None:
        values["is_public"] = bool(is_public)
    if Service.objects.filter(name__iexact=values["name"]).exclude(pk=service.pk).exists():
        raise DeskError("Esiste già un servizio con questo nome.", field="name")
    if is_active is not None:
        values["is_active"] = bool(is_active)
    changed = sorted(k for k, v in values.items() if getattr(service, k) != v)
    for key, value in values.items():
        setattr(service, key, value)
    service.save()
    audit.record(action=SERVICE_UPDATED, actor=acting_user, target=service, request=request,
                 details={"fields": changed})
    return service


@transaction.atomic
def set_service_active(*, service: Service, active: bool, acting_user, request=None) -> Service:
    """Deactivate (or bring back) a service: past records keep pointing at it."""
    service.is_active = active
    service.save(update_fields=["is_active"])
    audit.record(action=SERVICE_UPDATED, actor=acting_user, target=service, request=request,
                 details={"fields": ["is_active"], "is_active": active})
    return service


# --- Opening hours ----------------------------------------------------------
def _hours_values(*, weekday, opens_at: time | None, closes_at: time | None, slot_minutes,
                  exclude_pk=None) -> dict:
    errors = {}
    try:
        weekday = int(weekday)
        OpeningHours.Weekday(weekday)
    except (TypeError, ValueError):
        errors["weekday"] = "Giorno non valido."
    if opens_at is None:
        errors["opens_at"] = "Indicare l'ora di apertura."
    if closes_at is None:
        errors["closes_at"] = "Indicare l'ora di chiusura."
    try:
        slot_minutes = int(slot_minutes)
        if not 10 <= slot_minutes <= 240:
            raise ValueError
    except (TypeError, ValueError):
        errors["slot_minutes"] = "La durata degli appuntamenti va da 10 a 240 minuti."
    _fail(errors)
    if closes_at <= opens_at:
        _fail({"closes_at": "La chiusura deve essere dopo l'apertura."})
    length = (datetime.combine(datetime.min, closes_at)
              - datetime.combine(datetime.min, opens_at)).total_seconds() / 60
    if length < slot_minutes:
        _fail({"slot_minutes": "La fascia oraria è più breve di un appuntamento."})
    overlapping = OpeningHours.objects.filter(
        weekday=weekday, opens_at__lt=closes_at, closes_at__gt=opens_at).exclude(pk=exclude_pk)
    if overlapping.exists():
        _fail({"opens_at": "Questa fascia si sovrappone a un'altra dello stesso giorno."})
    return {"weekday": weekday, "opens_at": opens_at, "closes_at": closes_at,
            "slot_minutes": slot_minutes}


@transaction.atomic
def add_opening_hours(*, weekday, opens_at, closes_at, slot_minutes=30, acting_user,
                      request=None) -> OpeningHours:
    values = _hours_values(weekday=weekday, opens_at=opens_at, closes_at=closes_at,
                           slot_minutes=slot_minutes)
    hours = OpeningHours.objects.create(**values)
    audit.record(action=HOURS_CHANGED, actor=acting_user, target=hours, request=request,
                 details={"added": str(hours)})
    return hours


@transaction.atomic
def update_opening_hours(*, hours: OpeningHours, weekday, opens_at, closes_at, slot_minutes,
                         acting_user, request=None) -> OpeningHours:
    before = str(hours)
    values = _hours_values(weekday=weekday, opens_at=opens_at, closes_at=closes_at,
                           slot_minutes=slot_minutes, exclude_pk=hours.pk)
    for key, value in values.items():
        setattr(hours, key, value)
    hours.save()
    audit.record(action=HOURS_CHANGED, actor=acting_user, target=hours, request=request,
                 details={"before": before, "after": str(hours)})
    return hours


@transaction.atomic
def remove_opening_hours(*, hours: OpeningHours, acting_user, request=None) -> None:
    """Booked appointments stay: only new public slots disappear."""
    label = str(hours)
    audit.record(action=HOURS_CHANGED, actor=acting_user, target=hours, request=request,
                 details={"removed": label})
    hours.delete()


# --- Message models ---------------------------------------------------------
def _template_values(*, name: str, subject: str, body: str) -> dict:
    errors = {}
    name = " ".join((name or "").split())
    subject = " ".join((subject or "").split())
    body = (body or "").strip()
    if not name:
        errors["name"] = "Indicare il nome del modello."
    if not subject:
        errors["subject"] = "Indicare l'oggetto."
    if not body:
        errors["body"] = "Indicare il testo."
    for field, text in (("subject", subject), ("body", body)):
        unknown = rendering.unknown_placeholders(text)
        if unknown and field not in errors:
            known = ", ".join("{{ " + name + " }}" for name in rendering.PLACEHOLDERS)
            errors[field] = (f"Segnaposto sconosciuto: {', '.join(unknown)}. "
                             f"Quelli disponibili sono: {known}.")
    _fail(errors)
    return {"name": name, "subject": subject, "body": body}


@transaction.atomic
def create_message_template(*, name: str, subject: str, body: str, acting_user,
                            request=None) -> MessageTemplate:
    values = _template_values(name=name, subject=subject, body=body)
    template = MessageTemplate.objects.create(
        code=_unique_code(MessageTemplate, values["name"]), **values)
    audit.record(action=TEMPLATE_SAVED, actor=acting_user, target=template, request=request,
                 details={"created": True})
    return template


@transaction.atomic
def update_message_template(*, template: MessageTemplate, name: str, subject: str, body: str,
                            is_active: bool = True, acting_user,
                            request=None) -> MessageTemplate:
    values = _template_values(name=name, subject=subject, body=body)
    values["is_active"] = bool(is_active)
    for key, value in values.items():
        setattr(template, key, value)
    template.save()
    audit.record(action=TEMPLATE_SAVED, actor=acting_user, target=template, request=request)
    return template


# --- Outgoing messages ------------------------------------------------------
def message_values(*, person: Person, acting_user, extra: dict | None = None) -> dict[str, str]:
    """What each placeholder says for this person, now."""
    today = timezone.localdate()
    values = {
        "nome": person.first_name, "cognome": person.last_name,
        "nome_completo": person.full_name, "sportello": _site_name(),
        "dell_ente": wording.of_administration(_site_name(), _site_kind()),
        "operatore": (acting_user.get_full_name() or acting_user.email) if acting_user else "",
        "data_oggi": wording.day_text(today, weekday=False),
        "data_appuntamento": "", "ora_appuntamento": "", "documenti": "", "testo": "",
    }
    upcoming = selectors.next_appointment(person=person)
    if upcoming is not None:
        when = timezone.localtime(upcoming.starts_at)
        values["data_appuntamento"] = wording.day_text(when)
        values["ora_appuntamento"] = when.strftime("%H:%M")
    for key, value in (extra or {}).items():
        if key in rendering.PLACEHOLDERS and value is not None:
            values[key] = str(value).strip()
    return values


_MISSING = {
    "data_appuntamento": ("template", "Il modello cita un appuntamento, ma la persona non ha "
                                      "appuntamenti in programma."),
    "ora_appuntamento": ("template", "Il modello cita un appuntamento, ma la persona non ha "
                                     "appuntamenti in programma."),
    "documenti": ("documenti", "Il modello richiede l'elenco dei documenti: lo scriva qui."),
    "testo": ("testo", "Il modello richiede un testo: lo scriva qui."),
}


def render_message(*, template: MessageTemplate, person: Person, acting_user,
                   extra: dict | None = None, strict: bool = True) -> tuple[str, str]:
    """Subject and body for ``person``. Strict: a placeholder without a value is
    an error at the field that can give it."""
    values = message_values(person=person, acting_user=acting_user, extra=extra)
    if strict:
        errors: dict[str, str] = {}
        for name in rendering.used_placeholders(template.subject, template.body):
            if not values.get(name) and name in _MISSING:
                field, message = _MISSING[name]
                errors.setdefault(field, message)
        _fail(errors)
    return (rendering.render(template.subject, values), rendering.render(template.body, values))


def build_message(*, person: Person, template: MessageTemplate, subject: str, body: str,
                  acting_user) -> OutgoingMessage:
    """The e-mail row ``send_message`` queues (rendered from ``template``), unsaved:
    the one builder of these rows."""
    return OutgoingMessage(
        person=person, template=template, subject=subject, body=body, to_address=person.email,
        sent_by=acting_user if getattr(acting_user, "is_authenticated", False) else None)


@transaction.atomic
def send_message(*, person: Person, template: MessageTemplate, acting_user,
                 extra: dict | None = None, request=None) -> OutgoingMessage:
    """Write to a person from a model: stored as sent, delivered by a task
    after commit, once. Needs an e-mail and the consent to service delivery."""
    if not person.email:
        raise DeskError("La persona non ha un indirizzo e-mail: lo aggiunga nella sua scheda "
                        "prima di scriverle.", field="email", code="email_mancante")
    people_services.require_consent(person=person, purpose=ConsentPurpose.SERVICE)
    if not template.is_active:
        raise DeskError("Questo modello non è più attivo.", field="template")
    subject, body = render_message(template=template, person=person, acting_user=acting_user,
                                   extra=extra)
    message = build_message(person=person, template=template, subject=subject, body=body,
                            acting_user=acting_user)
    message.save(force_insert=True)
    audit.record(action=MESSAGE_QUEUED, actor=acting_user, target=person, request=request,
                 details={"message": message.pk, "template": template.code})
    from desks.tasks import deliver_message
    from tenants.queue import on_commit

    on_commit(deliver_message, message.pk)
    return message


class DeliveryFailed(Exception):
    """A transient failure: the task retries."""


@transaction.atomic
def deliver_message(*, message_id: int) -> bool:
    """Send a queued message once: True if sent now. Running twice sends
    nothing twice (the row is locked and its status checked)."""
    message = OutgoingMessage.objects.select_for_update().filter(pk=message_id).first()
    if message is None or message.status != OutgoingMessage.Status.QUEUED:
        return False
    try:
        send_mail(subject=message.subject, message=message.body, from_email=None,
                  recipient_list=[message.to_address])
    except OSError as exc:  # SMTP errors are OSErrors
        raise DeliveryFailed(str(exc)) from exc
    message.status = OutgoingMessage.Status.SENT
    message.sent_at = timezone.now()
    message.error = ""
    message.save(update_fields=["status", "sent_at", "error"])
    return True


@transaction.atomic
def mark_message_failed(*, message_id: int, error: str) -> None:
    OutgoingMessage.objects.filter(pk=message_id, status=OutgoingMessage.Status.QUEUED).update(
        status=OutgoingMessage.Status.FAILED, error=error[:2000])


def booking_input_errors(*, name: str, email: str, phone: str, reason: str,
                         privacy_acknowledged: bool, service: Service | None = None
                         ) -> dict[str, str]:
    """What is wrong with a citizen's booking details, every field at once
    (field name -> message; empty when all is well). The booking form asks
    it too, so the citizen sees all the errors in one round."""
    name, phone, reason = (" ".join((v or "").split()) for v in (name, phone, reason))
    email = (email or "").strip().lower()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Indichi nome e cognome."
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = "Indichi un indirizzo e-mail valido: vi riceverà la conferma."
    if not PHONE.match(phone):
        errors["phone"] = "Indichi un numero di telefono valido."
    if not reason:
        errors["reason"] = "Indichi in breve il motivo dell'appuntamento."
    if service is not None and not (service.is_active and service.is_public):
        errors["service"] = "Questo servizio non è prenotabile online."
    if not privacy_acknowledged:
        errors["privacy"] = "Per prenotare occorre dichiarare di aver letto l'informativa."
    return errors
