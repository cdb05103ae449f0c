"""Free slots: opening hours cut in slots, minus what is already booked."""

from datetime import date, time, timedelta

import pytest

from accounts.models import Role
from desks import selectors, services
from desks.models import OpeningHours
from tests.factories import local, make_user

MONDAY = date(2030, 3, 4)
SUNDAY_BEFORE = MONDAY - timedelta(days=1)


@pytest.fixture
def operator_a(tenant_a):
    return make_user(tenant_a, Role.OPERATOR)


@pytest.fixture
def admin_a(tenant_a):
    return make_user(tenant_a, Role.TENANT_ADMIN)


def starts(slots) -> list[str]:
    return [slot.key[-5:] for slot in slots]


def test_given_monday_9_to_13_in_30_minute_slots_when_listing_monday_then_eight_slots(in_a):
    slots = selectors.free_slots(start=MONDAY, days=1, now=local(SUNDAY_BEFORE, 12))

    assert starts(slots) == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00",
                             "12:30"]
    assert slots[0].ends_at - slots[0].starts_at == timedelta(minutes=30)


def test_given_a_booked_appointment_when_listing_then_its_slots_are_not_free(in_a, operator_a):
    services.schedule_appointment(person=None, starts_at=local(MONDAY, 10), kind="consulenza",
                                  minutes=45, acting_user=operator_a)

    slots = selectors.free_slots(start=MONDAY, days=1, now=local(SUNDAY_BEFORE, 12))

    assert "10:00" not in starts(slots)
    assert "10:30" not in starts(slots)  # 10:00-10:45 overlaps it
    assert "11:00" in starts(slots)


def test_given_a_cancelled_appointment_when_listing_then_its_slot_is_free_again(
        in_a, operator_a):
    appointment = services.schedule_appointment(person=None, starts_at=local(MONDAY, 10),
                                                kind="consulenza", acting_user=operator_a)
    services.cancel_appointment(appointment=appointment, acting_user=operator_a)

    slots = selectors.free_slots(start=MONDAY, days=1, now=local(SUNDAY_BEFORE, 12))

    assert "10:00" in starts(slots)


def test_given_the_morning_under_way_when_listing_today_then_only_later_slots(in_a):
    slots = selectors.free_slots(start=MONDAY, days=1, now=local(MONDAY, 11, 10))

    assert starts(slots) == ["11:30", "12:00", "12:30"]


def test_given_a_week_when_listing_then_the_weekend_has_no_slots(in_a):
    slots = selectors.free_slots(start=MONDAY, days=7, now=local(SUNDAY_BEFORE, 12))

    days = [day for day, _ in selectors.slots_by_day(slots)]
    assert days == [MONDAY + timedelta(days=n) for n in range(5)]
    assert len(slots) == 5 * 8


def test_given_the_default_horizon_when_listing_then_three_weeks_of_slots(in_a):
    slots = selectors.free_slots(start=MONDAY, now=local(SUNDAY_BEFORE, 12))

    assert len(slots) == 15 * 8
    assert selectors.slots_by_day(slots)[-1][0] == MONDAY + timedelta(days=18)


def test_given_edited_hours_when_listing_then_the_new_hours_and_length_count(in_a):
    OpeningHours.objects.filter(weekday=0).update(opens_at=time(14), closes_at=time(16),
                                                  slot_minutes=60)

    slots = selectors.free_slots(start=MONDAY, days=1, now=local(SUNDAY_BEFORE, 12))

    assert starts(slots) == ["14:00", "15:00"]


def test_given_a_second_range_on_saturday_when_listing_then_saturday_is_bookable(
        in_a, admin_a):
    services.add_opening_hours(weekday=5, opens_at=time(9), closes_at=time(10), slot_minutes=20,
                               acting_user=admin_a)

    slots = selectors.free_slots(start=MONDAY + timedelta(days=5), days=1,
                                 now=local(SUNDAY_BEFORE, 12))

    assert starts(slots) == ["09:00", "09:20", "09:40"]
