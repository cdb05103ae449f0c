"""Writes on the counter's calendar and services."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from audit import services as audit
from core.errors import Conflict, ValidationFailed
from desks.models import Appointment
from people.models import Person

APPOINTMENT_BOOKED = "appointment.booked"


@transaction.atomic
def schedule_appointment(*, person: Person | None, starts_at: datetime, kind: str,
                         acting_user=None, operator=None, minutes: int = 30, notes: str = "",
                         request=None) -> Appointment:
    """Book a slot in the counter's calendar. An operator cannot be booked
    twice at the same time (checked under a lock on the operator's row)."""
    if kind not in Appointment.Kind.values:
        raise ValidationFailed("Tipo di appuntamento non valido.", field="kind")
    ends_at = starts_at + timedelta(minutes=minutes)
    if operator is not None:
        type(operator).objects.select_for_update().filter(pk=operator.pk).first()
        overlapping = Appointment.objects.filter(
            operator=operator, status=Appointment.Status.BOOKED,
            starts_at__lt=ends_at, ends_at__gt=starts_at).exists()
        if overlapping:
            raise Conflict("L'operatore ha già un appuntamento in questo orario.",
                           field="starts_at", code="orario_occupato")
    appointment = Appointment.objects.create(
        person=person, operator=operator, starts_at=starts_at, ends_at=ends_at, kind=kind,
        notes=notes)
    audit.record(action=APPOINTMENT_BOOKED, actor=acting_user, target=appointment,
                 request=request, details={"kind": kind, "person": getattr(person, "pk", None)})
    return appointment
