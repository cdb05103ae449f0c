"""The counter itself, as its administrator runs it: the services offered
(Carta dei servizi), the opening hours, the contacts and the closures."""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from audit import services as audit
from desks import permissions, selectors
from desks.audit_actions import (
    CLOSURE_ADDED,
    CLOSURE_REMOVED,
    CONTACTS_CHANGED,
    HOURS_CHANGED,
    SERVICE_CREATED,
    SERVICE_UPDATED,
)
from desks.errors import DeskError
from desks.models import (
    CLOSURE_REASON_MAX_CHARS,
    CONTACT_TEXT_MAX_CHARS,
    MAX_CLOSURE_DAYS,
    SLOT_MAX_MINUTES,
    SLOT_MIN_MINUTES,
    Appointment,
    Closure,
    CounterContact,
    OpeningHours,
    Service,
)
from desks.services._shared import PHONE, assign, one_line, unique_code, user_or_none


# --- The service list -------------------------------------------------------
def _service_values(*, name: str, area: str, description: str, order: int) -> dict:
    errors = {}
    name = one_line(name)
    if not name:
        errors["name"] = "Indicare il nome del servizio."
    if area not in Service.Area.values:
        errors["area"] = "Area non valida."
    if order < 0:
        errors["order"] = "L'ordine è un numero intero non negativo."
    if errors:
        raise DeskError.from_errors(errors)
    return {"name": name, "area": area, "description": description.strip(), "order": order}


@transaction.atomic
def create_service(*, name: str, area: str, acting_user, description: str = "", order: int = 0,
                   is_public: bool = True) -> Service:
    permissions.check_can_manage_counter(acting_user)
    values = _service_values(name=name, area=area, description=description, order=order)
    values["is_public"] = is_public
    if Service.objects.filter(name__iexact=values["name"]).exists():
        raise DeskError("Esiste già un servizio con questo nome.", field="name")
    service = Service.objects.create(code=unique_code(Service, values["name"]), **values)
    audit.record(action=SERVICE_CREATED, actor=acting_user, target=service)
    return service


@transaction.atomic
def update_service(*, service: Service, acting_user, name: str, area: str,
                   description: str = "", order: int = 0, is_active: bool | None = None,
                   is_public: bool | None = None) -> Service:
    permissions.check_can_manage_counter(acting_user)
    values = _service_values(name=name, area=area, description=description, order=order)
    if is_public is not None:
        values["is_public"] = is_public
    if Service.objects.filter(name__iexact=values["name"]).exclude(pk=service.pk).exists():
        raise DeskError("Esiste già un servizio con questo nome.", field="name")
    if is_active is not None:
        values["is_active"] = is_active
    changed = assign(service, values)
    service.save()
    audit.record(action=SERVICE_UPDATED, actor=acting_user, target=service,
                 details={"fields": changed})
    return service


@transaction.atomic
def set_service_active(*, service: Service, active: bool, acting_user) -> Service:
    """Deactivate (or bring back) a service: past records keep pointing at it."""
    permissions.check_can_manage_counter(acting_user)
    service.is_active = active
    service.save(update_fields=["is_active"])
    audit.record(action=SERVICE_UPDATED, actor=acting_user, target=service,
                 details={"fields": ["is_active"], "is_active": active})
    return service


# --- Opening hours ----------------------------------------------------------
def _hours_values(*, weekday: int, opens_at: time | None, closes_at: time | None,
                  slot_minutes: int, exclude_pk=None) -> dict:
    errors = {}
    if weekday not in OpeningHours.Weekday.values:
        errors["weekday"] = "Giorno non valido."
    if opens_at is None:
        errors["opens_at"] = "Indicare l'ora di apertura."
    if closes_at is None:
        errors["closes_at"] = "Indicare l'ora di chiusura."
    if not SLOT_MIN_MINUTES <= slot_minutes <= SLOT_MAX_MINUTES:
        errors["slot_minutes"] = (f"La durata degli appuntamenti va da {SLOT_MIN_MINUTES} a "
                                  f"{SLOT_MAX_MINUTES} minuti.")
    if errors:
        raise DeskError.from_errors(errors)
    if closes_at <= opens_at:
        raise DeskError.from_errors({"closes_at": "La chiusura deve essere dopo l'apertura."})
    length = (datetime.combine(datetime.min, closes_at)
              - datetime.combine(datetime.min, opens_at)).total_seconds() / 60
    if length < slot_minutes:
        raise DeskError.from_errors(
            {"slot_minutes": "La fascia oraria è più breve di un appuntamento."})
    overlapping = OpeningHours.objects.filter(
        weekday=weekday, opens_at__lt=closes_at, closes_at__gt=opens_at).exclude(pk=exclude_pk)
    if overlapping.exists():
        raise DeskError.from_errors(
            {"opens_at": "Questa fascia si sovrappone a un'altra dello stesso giorno."})
    return {"weekday": weekday, "opens_at": opens_at, "closes_at": closes_at,
            "slot_minutes": slot_minutes}


@transaction.atomic
def add_opening_hours(*, weekday: int, opens_at: time | None, closes_at: time | None,
                      slot_minutes: int = 30, acting_user) -> OpeningHours:
    permissions.check_can_manage_counter(acting_user)
    values = _hours_values(weekday=weekday, opens_at=opens_at, closes_at=closes_at,
                           slot_minutes=slot_minutes)
    hours = OpeningHours.objects.create(**values)
    audit.record(action=HOURS_CHANGED, actor=acting_user, target=hours,
                 details={"added": str(hours)})
    return hours


@transaction.atomic
def update_opening_hours(*, hours: OpeningHours, weekday: int, opens_at: time | None,
                         closes_at: time | None, slot_minutes: int,
                         acting_user) -> OpeningHours:
    permissions.check_can_manage_counter(acting_user)
    before = str(hours)
    values = _hours_values(weekday=weekday, opens_at=opens_at, closes_at=closes_at,
                           slot_minutes=slot_minutes, exclude_pk=hours.pk)
    assign(hours, values)
    hours.save()
    audit.record(action=HOURS_CHANGED, actor=acting_user, target=hours,
                 details={"before": before, "after": str(hours)})
    return hours


@transaction.atomic
def remove_opening_hours(*, hours: OpeningHours, acting_user) -> None:
    """Booked appointments stay: only new public slots disappear."""
    permissions.check_can_manage_counter(acting_user)
    label = str(hours)
    audit.record(action=HOURS_CHANGED, actor=acting_user, target=hours,
                 details={"removed": label})
    hours.delete()


# --- Contacts ---------------------------------------------------------------
@transaction.atomic
def update_counter_contact(*, address: str, phone: str, email: str, hours_note: str = "",
                           acting_user) -> CounterContact:
    permissions.check_can_manage_counter(acting_user)
    address, phone, hours_note = one_line(address), one_line(phone), one_line(hours_note)
    email = email.strip().lower()
    errors: dict[str, str] = {}
    if phone and not PHONE.match(phone):
        errors["phone"] = "Numero di telefono non valido."
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Indirizzo e-mail non valido."
    for field, value in (("address", address), ("hours_note", hours_note)):
        if len(value) > CONTACT_TEXT_MAX_CHARS:
            errors[field] = f"Al massimo {CONTACT_TEXT_MAX_CHARS} caratteri."
    if errors:
        raise DeskError.from_errors(errors)
    contact = CounterContact.objects.select_for_update().order_by("pk").first() or \
        CounterContact()
    changed = assign(contact, {"address": address, "phone": phone, "email": email,
                               "hours_note": hours_note})
    contact.save()
    audit.record(action=CONTACTS_CHANGED, actor=acting_user, target=contact,
                 details={"fields": changed})
    return contact


# --- Closures ---------------------------------------------------------------
@transaction.atomic
def add_closure(*, starts_on: date | None, ends_on: date | None, reason: str,
                acting_user) -> Closure:
    permissions.check_can_manage_counter(acting_user)
    reason = one_line(reason)
    errors: dict[str, str] = {}
    if starts_on is None:
        errors["starts_on"] = "Indicare il primo giorno di chiusura."
    if ends_on is None:
        ends_on = starts_on
    if not reason:
        errors["reason"] = "Indicare il motivo: i cittadini lo leggono."
    elif len(reason) > CLOSURE_REASON_MAX_CHARS:
        errors["reason"] = f"Al massimo {CLOSURE_REASON_MAX_CHARS} caratteri."
    if starts_on is not None and ends_on is not None:
        if ends_on < starts_on:
            errors["ends_on"] = "L'ultimo giorno non può precedere il primo."
        elif (ends_on - starts_on).days >= MAX_CLOSURE_DAYS:
            errors["ends_on"] = "Una chiusura dura al massimo un anno."
    if errors:
        raise DeskError.from_errors(errors)
    closure = Closure.objects.create(starts_on=starts_on, ends_on=ends_on, reason=reason,
                                     created_by=user_or_none(acting_user))
    start, end = selectors.local_range(starts_on, ends_on)
    booked = Appointment.objects.filter(status=Appointment.Status.BOOKED, starts_at__gte=start,
                                        starts_at__lt=end).count()
    audit.record(action=CLOSURE_ADDED, actor=acting_user, target=closure,
                 details={"closure": str(closure), "booked_in_range": booked})
    return closure


@transaction.atomic
def remove_closure(*, closure: Closure, acting_user) -> None:
    permissions.check_can_manage_counter(acting_user)
    audit.record(action=CLOSURE_REMOVED, actor=acting_user, target=closure,
                 details={"closure": str(closure)})
    closure.delete()
