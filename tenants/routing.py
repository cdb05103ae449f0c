"""Host name to tenant, cached per process.

django-tenants looks the host up in the database on every request. Here a
process-local table answers instead; each entry lives ``TENANT_ROUTING_TTL``
seconds (2 by default), so a suspension or a domain change made by another
process takes effect everywhere within that time, and at once in the process
that made it (services call ``invalidate``). Unknown hosts are cached too, so
random Host headers cannot hammer the database. The table is bounded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings

_MAX_ENTRIES = 20_000


@dataclass(frozen=True)
class Route:
    tenant: object | None  # None: the national (public) site
    expires_at: float

    @property
    def is_national(self) -> bool:
        return self.tenant is None


_UNKNOWN = object()
_routes: dict[str, tuple[float, object]] = {}


def national_hosts() -> set[str]:
    base = settings.BASE_DOMAIN
    extra = getattr(settings, "NATIONAL_HOSTS", ())
    return {base, f"www.{base}", *extra}


def _load(host: str) -> object:
    from tenants.models import Domain

    domain = (
        Domain.objects.select_related("tenant").filter(domain=host).only(
            "domain", "tenant__schema_name", "tenant__slug", "tenant__name", "tenant__kind",
            "tenant__status", "tenant__region", "tenant__province", "tenant__offers_microcredit",
            "tenant__offers_job_desk", "tenant__offers_fragility_channel", "tenant__id",
        ).first()
    )
    return domain.tenant if domain is not None else _UNKNOWN


def resolve(host: str):
    """The tenant for ``host``; None for the national site; raises LookupError if unknown."""
    if host in national_hosts():
        return None
    now = time.monotonic()
    cached = _routes.get(host)
    if cached is None or cached[0] < now:
        if len(_routes) >= _MAX_ENTRIES:
            _routes.clear()
        cached = (now + settings.TENANT_ROUTING_TTL, _load(host))
        _routes[host] = cached
    if cached[1] is _UNKNOWN:
        raise LookupError(host)
    return cached[1]


def invalidate(host: str | None = None) -> None:
    if host is None:
        _routes.clear()
    else:
        _routes.pop(host, None)
