"""The counter's e-mails: what they say and how they leave.

The bodies of the worker's tasks live here, so that the services (which queue
the tasks) and desks.tasks (which runs them) both import this module at the
top and neither imports the other back. Each delivery is safe to run twice:
the row is locked and its state checked. No user acts here: the worker does,
after the commit of the service that queued it.
"""

from __future__ import annotations

from datetime import datetime

from django.core.mail import send_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from audit import services as audit
from audit.models import AuditEvent
from core import wording
from desks import links, selectors
from desks.audit_actions import APPOINTMENT_RESCHEDULED, RESCHEDULE_NOTICE_SENT
from desks.models import Appointment, AppointmentEvent, OutgoingMessage

S = Appointment.Status


class DeliveryFailed(Exception):
    """A transient failure: the task retries."""


# --- What the e-mails say ---------------------------------------------------
def site_name() -> str:
    tenant = getattr(connection, "tenant", None)
    return getattr(tenant, "name", "") or "Rete Sportelli"


def site_kind() -> str:
    return getattr(getattr(connection, "tenant", None), "kind", "") or ""


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
    site = site_name()
    contacts = "\n".join(contact_lines())
    return (
        "Gentile utente,\n\n"
        f"{opening}\n\n"
        f"{closing}\n\n"
        + (f"Come raggiungerci e contattarci:\n{contacts}\n\n" if contacts else "")
        + f"{wording.counter_title(site, site_kind())}\n"
    )


def reschedule_body(*, greeting: str, old_start: datetime, new_start: datetime) -> str:
    site = site_name()
    return (f"{greeting},\n\n"
            f"il suo appuntamento presso lo sportello di {site} previsto per "
            f"{wording.when_text(old_start)} è stato spostato a:\n"
            f"{wording.when_text(new_start)}.\n\n"
            "Porti con sé un documento d'identità e il codice fiscale. Se non può venire, "
            "avvisi lo sportello per liberare l'orario.\n\n"
            f"{site}\n")


# --- Messages to a person ---------------------------------------------------
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


# --- Public bookings --------------------------------------------------------
def _online_booking_to_tell(appointment_id: int, *, stamp: str) -> Appointment | None:
    """The public booking, locked, if its requester has an address and has not
    been told yet (``stamp``: the field set when told)."""
    appointment = Appointment.objects.select_for_update().filter(pk=appointment_id).first()
    if (appointment is None or not appointment.booked_online or not appointment.requester_email
            or getattr(appointment, stamp) is not None):
        return None
    return appointment


def _tell_requester(appointment: Appointment, *, subject: str, opening: str, closing: str,
                    stamp: str) -> bool:
    """Write to who booked online, then record when (``stamp``)."""
    send_mail(subject=f"{subject} - {site_name()}",
              message=_booking_email(opening=opening, closing=closing), from_email=None,
              recipient_list=[appointment.requester_email])
    setattr(appointment, stamp, timezone.now())
    appointment.save(update_fields=[stamp])
    return True


@transaction.atomic
def send_booking_confirmation_email(*, appointment_id: int) -> bool:
    """Send the confirmation of a public booking once: True if sent now."""
    appointment = _online_booking_to_tell(appointment_id, stamp="confirmation_sent_at")
    if appointment is None:
        return False
    of_site = wording.of_administration(site_name(), site_kind())
    # Nothing the requester typed is echoed: the form is anonymous, and an
    # e-mail carrying free text would let anyone write in the counter's name.
    return _tell_requester(
        appointment, subject="Conferma appuntamento", stamp="confirmation_sent_at",
        opening=(f"la sua prenotazione presso lo sportello {of_site} è registrata: "
                 f"{wording.when_text(appointment.starts_at)}."),
        closing=("Porti con sé un documento d'identità e il codice fiscale.\n\n"
                 "Per vedere la prenotazione o annullarla, se non può venire, apra questo "
                 f"indirizzo:\n{links.booking_url(appointment)}\n"
                 f"Il link è personale: non lo inoltri ad altri. Vale "
                 f"{links.link_max_age().days} giorni."))


@transaction.atomic
def send_cancellation_email(*, appointment_id: int) -> bool:
    """Tell the citizen the booking is cancelled, once: True if sent now."""
    appointment = _online_booking_to_tell(appointment_id, stamp="cancellation_sent_at")
    if appointment is None or appointment.status != S.CANCELLED:
        return False
    of_site = wording.of_administration(site_name(), site_kind())
    return _tell_requester(
        appointment, subject="Prenotazione annullata", stamp="cancellation_sent_at",
        opening=(f"la sua prenotazione presso lo sportello {of_site} per "
                 f"{wording.when_text(appointment.starts_at)} è stata annullata, "
                 "come ha chiesto."),
        closing=("L'orario è di nuovo libero per altre persone. Per un nuovo appuntamento "
                 f"può prenotare qui:\n{links.counter_url(reverse('desks:booking'))}"))


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
    site = site_name()
    body = (reschedule_body(greeting="Gentile utente", old_start=old_start,
                            new_start=appointment.starts_at) if old_start else
            f"Gentile utente,\n\nil suo appuntamento presso lo sportello di {site} è ora "
            f"fissato per {wording.when_text(appointment.starts_at)}.\n\n{site}\n")
    send_mail(subject=f"Appuntamento spostato - {site}", message=body, from_email=None,
              recipient_list=[appointment.requester_email])
    audit.record(action=RESCHEDULE_NOTICE_SENT, actor=None, actor_label="sistema",
                 target=appointment, details={"event": event.pk})
    return True
