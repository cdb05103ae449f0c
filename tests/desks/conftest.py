"""Desks fixtures: people, appointments and times in a tenant's schema."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from desks import services
from desks.closures import holiday_name
from desks.models import Appointment
from people import services as people_services
from people.models import ConsentPurpose, ConsentRecord, Person
from tests.conftest import make_user

DESK_TABLES = ("desks_service", "desks_openinghours", "desks_appointment",
               "desks_appointmentevent", "desks_messagetemplate", "desks_outgoingmessage",
               "people_person")


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """An aware datetime at the counter's local time."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def is_holiday(day: date) -> bool:
    """A national holiday, or the patron saint of the test tenants (Bologna)."""
    return holiday_name(day, province="BO") is not None


def next_weekday(weekday: int = 0, *, weeks_ahead: int = 1) -> date:
    """A date of the given weekday (0 Monday), ``weeks_ahead`` weeks on, or a
    week later when that day is a holiday (the agenda refuses holidays)."""
    today = timezone.localdate()
    day = today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)
    while is_holiday(day):
        day += timedelta(days=7)
    return day


def open_moment(days: int) -> datetime:
    """Now plus ``days`` days, moved on past any holiday: a moment the agenda
    accepts whatever today's date."""
    moment = timezone.now() + timedelta(days=days)
    while is_holiday(timezone.localdate(moment)):
        moment += timedelta(days=1)
    return moment


def make_person(tenant, *, first_name="Anna", last_name="Verdi", email="anna.verdi@example.it",
                consent: bool = True) -> Person:
    """A person of ``tenant``, with (or without) the consent to service delivery."""
    operator = make_user(tenant, Role.OPERATOR)
    with tenant_context(tenant):
        person = Person.objects.create(
            first_name=first_name, last_name=last_name, sex="F", birth_date=date(1990, 5, 17),
            birth_place_code="A944", birth_place_name="Bologna", email=email)
        if consent:
            people_services.record_consent(person=person, purpose=ConsentPurpose.SERVICE,
                                           given=True, method=ConsentRecord.Method.PAPER,
                                           acting_user=operator)
    connection.set_schema_to_public()
    return person


def make_appointment(tenant, *, starts_at: datetime, person=None, operator=None,
                     kind=Appointment.Kind.CONSULTATION, minutes=30) -> Appointment:
    acting = make_user(tenant, Role.OPERATOR)
    with tenant_context(tenant):
        appointment = services.schedule_appointment(
            person=person, starts_at=starts_at, kind=kind, acting_user=acting,
            operator=operator, minutes=minutes)
    connection.set_schema_to_public()
    return appointment


@pytest.fixture
def in_a(tenant_a):
    with tenant_context(tenant_a):
        yield
    connection.set_schema_to_public()


@pytest.fixture
def high_ids_in_a(tenant_a):
    """Rows of tenant A get ids tenant B never reaches, so a 404 on B proves
    isolation rather than a missing id."""
    with tenant_context(tenant_a), connection.cursor() as cursor:
        for table in DESK_TABLES:
            cursor.execute(f"SELECT setval('{table}_id_seq', "
                           f"GREATEST((SELECT last_value FROM {table}_id_seq), 1000000))")
    connection.set_schema_to_public()
