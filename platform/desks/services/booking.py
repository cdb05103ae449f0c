"""Public booking: a citizen books a free slot from the counter's page and
cancels it from the signed link of the confirmation.

These are the package's documented exceptions to "every service takes the
acting user": the citizen is anonymous (no account), so the services take no
``acting_user``; the audit record names them by the e-mail address they gave
(``actor_label``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import services as audit
from desks import selectors, tasks
from desks.audit_actions import APPOINTMENT_BOOKED_ONLINE, APPOINTMENT_CANCELLED_ONLINE
from desks.errors import DeskError, IllegalTransition, SlotTaken, TooManyBookings
from desks.models import Appointment, OpeningHours, Service
from desks.services._shared import PHONE, one_line
from desks.services.calendar import record_event, refuse_closed_day
from people import selectors as people_selectors
from tenants.queue import on_commit

S = Appointment.Status

# Public bookings per hour from one IP address and for one e-mail address
# (settings may override).
BOOKINGS_PER_HOUR = 5
# Across the whole counter: rotating addresses or IPs must not fill the agenda
# or turn the confirmation e-mail into a relay.
COUNTER_BOOKINGS_PER_HOUR = 30


def bookings_per_hour() -> int:
    return int(getattr(settings, "DESK_BOOKINGS_PER_HOUR", BOOKINGS_PER_HOUR))


def counter_bookings_per_hour() -> int:
    return int(getattr(settings, "DESK_COUNTER_BOOKINGS_PER_HOUR", COUNTER_BOOKINGS_PER_HOUR))


def booking_input_errors(*, name: str, email: str, phone: str, reason: str,
                         privacy_acknowledged: bool, service: Service | None = None
                         ) -> dict[str, str]:
    """What is wrong with a citizen's booking details, every field at once
    (field name -> message; empty when all is well). The booking form asks
    it too, so the citizen sees all the errors in one round."""
    name, phone, reason = one_line(name), one_line(phone), one_line(reason)
    email = email.strip().lower()
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


def _how_to_reach(*, by_phone: str, by_email: str) -> str:
    """``by_phone`` with the counter's number when one is published, else
    ``by_email`` with its address, else nothing: never an invitation to phone
    without the number."""
    contact = selectors.counter_contact()
    if contact.phone:
        return by_phone.format(contact.phone)
    if contact.email:
        return by_email.format(contact.email)
    return ""


def _or_contact() -> str:
    """", o telefoni allo sportello al numero 051 ..."."""
    return _how_to_reach(by_phone=" o telefoni allo sportello al numero {}",
                         by_email=" o scriva allo sportello all'indirizzo {}")


@transaction.atomic
def book_online(*, slot_start: datetime | None, name: str, email: str, phone: str, reason: str,
                privacy_acknowledged: bool, service: Service | None = None,
                ip_address: str | None = None, now: datetime | None = None) -> Appointment:
    """A citizen books a free slot from the counter's public page, without an
    account (so no ``acting_user``: audited under the e-mail given). Bookings
    are serialised under a lock on the opening hours, so a slot taken meanwhile
    is refused; the confirmation leaves on commit."""
    now = now or timezone.now()
    name, phone, reason = one_line(name), one_line(phone), one_line(reason)
    email = email.strip().lower()
    errors: dict[str, str] = {}
    if slot_start is None:
        errors["slot"] = "Scelga un orario tra quelli disponibili."
    errors.update(booking_input_errors(name=name, email=email, phone=phone, reason=reason,
                                       service=service,
                                       privacy_acknowledged=privacy_acknowledged))
    if errors:
        raise DeskError.from_errors(errors)

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
    appointment = build_online_booking(
        starts_at=slot.starts_at, ends_at=slot.ends_at, name=name, email=email, phone=phone,
        reason=reason, service=service, ip_address=ip_address)
    try:
        with transaction.atomic():
            appointment.save(force_insert=True)
    except IntegrityError as exc:  # the unique public slot, if the lock was bypassed
        raise SlotTaken("Questo orario è appena stato prenotato da un'altra persona: "
                        "ne scelga un altro.", field="slot") from exc
    record_event(appointment, from_status="", to_status=S.BOOKED, actor=None,
                 note=ONLINE_BOOKING_NOTE)
    audit.record(**booked_online_audit(appointment))
    on_commit(tasks.send_booking_confirmation, appointment.pk)
    return appointment


ONLINE_BOOKING_NOTE = "Prenotazione online"


def build_online_booking(*, starts_at: datetime, ends_at: datetime, name: str, email: str,
                         phone: str, reason: str, service: Service | None = None,
                         ip_address: str | None = None, notice=None) -> Appointment:
    """The row ``book_online`` inserts once the slot is checked, unsaved: a first
    interview asked for by a citizen, citing the privacy notice in force (or
    ``notice``) that the citizen acknowledged."""
    notice = notice or people_selectors.current_notice()
    return Appointment(
        starts_at=starts_at, ends_at=ends_at, kind=Appointment.Kind.FIRST_INTERVIEW,
        service=service, booked_online=True, requester_name=name, requester_email=email,
        requester_phone=phone, reason=reason, requester_ip=ip_address or None,
        privacy_notice_version=notice.version if notice else "")


def booked_online_audit(appointment: Appointment) -> dict:
    """The audit record of an online booking, under the e-mail address given."""
    return dict(action=APPOINTMENT_BOOKED_ONLINE, actor=None,
                actor_label=appointment.requester_email, target=appointment,
                details={"service": appointment.service_id})


def _warn_the_counter() -> str:
    """" Per avvisare lo sportello, telefoni al numero ..."."""
    return _how_to_reach(by_phone=" Per avvisare lo sportello, telefoni al numero {}.",
                         by_email=" Per avvisare lo sportello, scriva all'indirizzo {}.")


@transaction.atomic
def cancel_booking_online(*, token: str, now: datetime | None = None) -> Appointment:
    """The citizen cancels from the confirmation's link: whoever holds the link
    acts (no account, so no ``acting_user``: audited under the address the
    booking was made with). The slot is free again, the agenda shows the
    cancellation (a status event), and a confirmation leaves on commit."""
    appointment = selectors.booking_from_link(token=token)
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
    record_event(appointment, from_status=S.BOOKED, to_status=S.CANCELLED, actor=None,
                 note="Annullato dalla persona con il link della conferma")
    audit.record(action=APPOINTMENT_CANCELLED_ONLINE, actor=None,
                 actor_label=appointment.requester_email, target=appointment,
                 details={"from": S.BOOKED, "to": S.CANCELLED})
    on_commit(tasks.send_cancellation_confirmation, appointment.pk)
    return appointment
