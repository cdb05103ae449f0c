"""Every desks service checks who acts: the agenda is for the counter's staff,
the counter itself (services, hours, contacts, closures, models) for its
administrator. Public booking is the documented anonymous exception."""

from __future__ import annotations

from datetime import time

import pytest

from accounts.models import Role
from core.errors import PermissionDenied
from desks import services
from desks.models import Appointment, OpeningHours, Service
from tests.factories import local, make_user, next_weekday


def test_given_no_user_when_scheduling_then_refused_and_nothing_booked(in_a):
    with pytest.raises(PermissionDenied):
        services.schedule_appointment(person=None, starts_at=local(next_weekday(1), 10),
                                      kind="consulenza", acting_user=None)

    assert not Appointment.objects.exists()


def test_given_a_national_user_when_scheduling_in_a_counter_then_refused(in_a):
    national = make_user(None, Role.SUPERVISOR)

    with pytest.raises(PermissionDenied):
        services.schedule_appointment(person=None, starts_at=local(next_weekday(1), 10),
                                      kind="consulenza", acting_user=national)


def test_given_an_operator_when_changing_the_hours_then_refused(in_a, tenant_a):
    operator = make_user(tenant_a, Role.OPERATOR)
    before = OpeningHours.objects.count()

    with pytest.raises(PermissionDenied) as refused:
        services.add_opening_hours(weekday=5, opens_at=time(9), closes_at=time(10),
                                   slot_minutes=20, acting_user=operator)

    assert refused.value.status == 403
    assert OpeningHours.objects.count() == before


def test_given_an_operator_when_adding_a_service_then_refused(in_a, tenant_a):
    operator = make_user(tenant_a, Role.OPERATOR)

    with pytest.raises(PermissionDenied):
        services.create_service(name="Nuovo servizio", area="altro", acting_user=operator)

    assert not Service.objects.filter(name="Nuovo servizio").exists()


def test_given_the_administrator_when_adding_a_service_then_accepted(in_a, tenant_a):
    admin = make_user(tenant_a, Role.TENANT_ADMIN)

    service = services.create_service(name="Nuovo servizio", area="altro", acting_user=admin)

    assert service.is_public and service.code == "nuovo-servizio"
