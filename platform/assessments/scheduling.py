"""When a triggered assessment books the second interview: the first free
half hour from 9:00 of the first working day after the instrument's offset.

Working days are the counter's opening days (desks.OpeningHours; Monday to
Friday when none are set) that are not closed (desks.closures: national
holidays, the province's patron saint, the counter's closures).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from desks import closures
from desks.models import Appointment, OpeningHours
from desks.selectors import OCCUPYING

FIRST_SLOT = time(9, 0)
DEFAULT_CLOSING = time(17, 0)
DEFAULT_SLOT_MINUTES = 30
HORIZON_DAYS = 60


def _day_windows(hours: list[OpeningHours]) -> dict[int, list[tuple[time, time, int]]]:
    windows: dict[int, list[tuple[time, time, int]]] = {}
    for row in hours:
        windows.setdefault(row.weekday, []).append(
            (row.opens_at, row.closes_at, row.slot_minutes or DEFAULT_SLOT_MINUTES))
    if not windows:
        windows = {day: [(FIRST_SLOT, DEFAULT_CLOSING, DEFAULT_SLOT_MINUTES)] for day in range(5)}
    return windows


def _candidates(start_day: date, windows, minutes: int) -> Iterable[tuple[datetime, datetime]]:
    # Holidays (patron saint included) and the counter's closures, as desks
    # refuses them when scheduling.
    closed = closures.closed_days(start_day, start_day + timedelta(days=HORIZON_DAYS))
    for offset in range(HORIZON_DAYS):
        day = start_day + timedelta(days=offset)
        if day in closed or day.weekday() not in windows:
            continue
        for opens_at, closes_at, step in sorted(windows[day.weekday()]):
            slot = timezone.make_aware(datetime.combine(day, max(opens_at, FIRST_SLOT)))
            closing = timezone.make_aware(datetime.combine(day, closes_at))
            while slot + timedelta(minutes=minutes) <= closing:
                yield slot, slot + timedelta(minutes=minutes)
                slot += timedelta(minutes=step)


def first_free_slot(*, operator, person, after: datetime, offset_days: int,
                    minutes: int = DEFAULT_SLOT_MINUTES) -> datetime | None:
    """The start of the first free slot for ``operator`` (and ``person``), or
    None within the horizon. Two queries, whatever the calendar's size."""
    now = timezone.now()
    start_day = timezone.localdate(max(after, now)) + timedelta(days=offset_days)
    windows = _day_windows(list(OpeningHours.objects.all()))
    window_start = timezone.make_aware(datetime.combine(start_day, time.min))
    window_end = window_start + timedelta(days=HORIZON_DAYS + 1)
    busy_filter = Appointment.objects.filter(
        status__in=OCCUPYING, starts_at__lt=window_end, ends_at__gt=window_start)
    busy = list(
        (busy_filter.filter(operator=operator) | busy_filter.filter(person=person))
        .values_list("starts_at", "ends_at"))
    for starts_at, ends_at in _candidates(start_day, windows, minutes):
        if starts_at <= now:
            continue
        if not any(b_start < ends_at and b_end > starts_at for b_start, b_end in busy):
            return starts_at
    return None
