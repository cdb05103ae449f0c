"""Host name to tenant, cached per process.

django-tenants looks the host up in the database on every request. Here a
process-local table answers instead, and stays valid as long as the routing
version has not moved: a number in the public schema that a trigger changes
with every write on tenants and domains, however it is made (migration
0002). The version is re-read at most every ``TENANT_ROUTING_TTL`` seconds
(2 by default), one query per process per period whatever the number of
hosts, so a suspension or a domain change made by another process takes
effect everywhere within that time, and at once in the process that made it
(services call ``invalidate``).

A per-host expiry would not do at national scale: with thousands of
tenants, each process sees most hosts less often than any useful TTL, and
nearly every request would go to the database again.

Unknown hosts are cached too, so random Host headers cannot hammer the
database; they live in a table of their own, bounded, so a flood of them can
only ever evict other unknown hosts, never the real tenants.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import ProgrammingError, connection

_MAX_UNKNOWN = 20_000

_UNKNOWN = object()
_NO_VERSION = object()  # the version row is missing: trust nothing
_routes: dict[str, object] = {}  # known hosts: bounded by the domains that exist
_unknown: set[str] = set()
_state = {"version": _NO_VERSION, "checked_until": 0.0}


def national_hosts() -> set[str]:
    base = settings.BASE_DOMAIN
    extra = getattr(settings, "NATIONAL_HOSTS", ())
    return {base, f"www.{base}", *extra}


def current_version():
    """The routing version in the database (one indexed single-row read).

    Qualified with the public schema so it runs on whatever search_path the
    previous request left, without a ``SET search_path`` first. Before
    migration 0002 has run (new code, old database) there is no version:
    every host is then read from the database, as django-tenants does.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT version FROM "{settings.PUBLIC_SCHEMA_NAME}".tenants_routing_version '
                "WHERE id = 1"
            )
            row = cursor.fetchone()
    except ProgrammingError:
        return _NO_VERSION
    return row[0] if row else _NO_VERSION


def _revalidate(now: float) -> None:
    """Drop the table if the routing version moved since it was filled."""
    version = current_version()
    if version is _NO_VERSION or version != _state["version"]:
        _routes.clear()
        _unknown.clear()
    _state["version"] = version
    _state["checked_until"] = now + settings.TENANT_ROUTING_TTL


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
    """The tenant for ``host``; None for the national site; raises LookupError if unknown.

    On a cache hit within the period this touches no database at all.
    """
    if host in national_hosts():
        return None
    now = time.monotonic()
    if now >= _state["checked_until"]:
        _revalidate(now)
    tenant = _routes.get(host)
    if tenant is None:
        if host in _unknown:
            raise LookupError(host)
        tenant = _load(host)
        if _state["version"] is not _NO_VERSION:
            if tenant is _UNKNOWN:
                if len(_unknown) >= _MAX_UNKNOWN:
                    _unknown.clear()
                _unknown.add(host)
            else:
                _routes[host] = tenant
    if tenant is _UNKNOWN:
        raise LookupError(host)
    return tenant


def invalidate(host: str | None = None) -> None:
    """Forget ``host`` (or every host): the next request reads the database."""
    if host is None:
        _routes.clear()
        _unknown.clear()
        _state["checked_until"] = 0.0
    else:
        _routes.pop(host, None)
        _unknown.discard(host)
