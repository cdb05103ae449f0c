"""The supervisor's reads of the conferral counters (public schema only):
per counter and destination, counts and the age of the oldest undelivered
message. No subject, code or personal datum is ever read here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet, Sum
from django.utils import timezone

from accounts import permissions
from integrations.national.models import ConferralSummary

COUNTERS = ("pending", "sending", "retrying", "sent", "dead", "invalid", "cancelled")


@dataclass(frozen=True)
class CounterRow:
    tenant_name: str
    tenant_slug: str
    destination: str
    pending: int
    sending: int
    retrying: int
    sent: int
    dead: int
    invalid: int
    cancelled: int
    oldest_pending_at: datetime | None

    def oldest_pending_age(self, now: datetime | None = None) -> timedelta | None:
        if self.oldest_pending_at is None:
            return None
        return (now or timezone.now()) - self.oldest_pending_at

    @property
    def waiting(self) -> int:
        return self.pending + self.sending + self.retrying

    @property
    def in_error(self) -> int:
        return self.retrying + self.dead + self.invalid


def summaries_for(*, actor, destination: str = "") -> QuerySet[ConferralSummary]:
    if not permissions.can_supervise(actor):
        return ConferralSummary.objects.none()
    rows = ConferralSummary.objects.select_related("tenant").order_by("tenant__name",
                                                                       "destination")
    return rows.filter(destination=destination) if destination else rows


def counter_rows(*, actor, destination: str = "") -> list[CounterRow]:
    return [CounterRow(tenant_name=s.tenant.name, tenant_slug=s.tenant.slug,
                       destination=s.destination,
                       **{name: getattr(s, name) for name in COUNTERS},
                       oldest_pending_at=s.oldest_pending_at)
            for s in summaries_for(actor=actor, destination=destination)]


def totals(*, actor) -> dict:
    rows = summaries_for(actor=actor)
    found = rows.aggregate(**{name: Sum(name) for name in COUNTERS})
    oldest = rows.exclude(oldest_pending_at=None).order_by("oldest_pending_at") \
        .values_list("oldest_pending_at", flat=True).first()
    return {**{name: found[name] or 0 for name in COUNTERS}, "oldest_pending_at": oldest}


def age_text(age: timedelta | None) -> str:
    """«3 giorni», «5 ore», «12 minuti», «meno di un minuto», or «—»."""
    if age is None:
        return "—"
    seconds = int(age.total_seconds())
    for size, one, many in ((86400, "giorno", "giorni"), (3600, "ora", "ore"),
                            (60, "minuto", "minuti")):
        if seconds >= size:
            n = seconds // size
            return f"{n} {one if n == 1 else many}"
    return "meno di un minuto"
