"""Days the counter is closed: Italy's national holidays (computed by the
``holidays`` package, Easter Monday included), the patron saint of the
counter's province when the package knows it, and the closures the
administrator sets. Public booking offers nothing on them and the agenda
refuses to schedule there."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.db import connection

from desks.models import Closure


@lru_cache(maxsize=256)
def _holidays(year: int, province: str) -> dict[date, str]:
    # Pure function of its arguments: the cache is the same on every pod.
    subdiv = province if province in holidays.IT.subdivisions else None
    calendar = holidays.IT(years=year, subdiv=subdiv, language="it_IT")
    return dict(calendar.items())


def _province() -> str:
    tenant = getattr(connection, "tenant", None)
    return (getattr(tenant, "province", "") or "").upper()


def holiday_name(day: date, *, province: str | None = None) -> str | None:
    """The holiday's Italian name, or None on a working day."""
    province = _province() if province is None else province
    return _holidays(day.year, province).get(day)


def national_holidays(year: int) -> set[date]:
    """Italy's national holidays in ``year`` (no patron saint, no closures)."""
    return set(_holidays(year, ""))


def closed_days(first: date, last: date) -> dict[date, str]:
    """Every closed day from ``first`` to ``last`` (included), with the reason
    a citizen or an operator reads: the holiday's name or the closure's. One query."""
    if last < first:
        return {}
    province = _province()
    closed: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        for day, name in _holidays(year, province).items():
            if first <= day <= last:
                closed[day] = name
    for closure in Closure.objects.filter(starts_on__lte=last, ends_on__gte=first):
        day = max(closure.starts_on, first)
        while day <= min(closure.ends_on, last):
            closed.setdefault(day, closure.reason)
            day += timedelta(days=1)
    return closed


def closed_reason(day: date) -> str | None:
    """Why the counter is closed on ``day``, or None if it is open."""
    return closed_days(day, day).get(day)
