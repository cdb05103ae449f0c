"""The signed link of a public booking's confirmation: whoever holds it sees
the booking and can cancel it, on this counter only, until it expires.

The token names the schema, the appointment and its creation instant; it is
signed with the site's key (django.core.signing) and carries its date, so a
changed letter, another counter's link or an old link are all refused the
same way. It holds no personal data.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import connection
from django.urls import reverse

from tenants import selectors as tenant_selectors

SALT = "desks.booking-link"
# Long enough for the farthest slot offered (three weeks) and a little after.
MAX_AGE = timedelta(days=60)


class InvalidLink(Exception):
    """Tampered, expired, of another counter, or of a booking that is gone."""


def _stamp(appointment) -> int:
    return int(appointment.created_at.timestamp())


def make_token(appointment) -> str:
    return signing.dumps({"s": connection.schema_name, "a": appointment.pk,
                          "c": _stamp(appointment)}, salt=SALT, compress=True)


def read_token(token: str, *, max_age: timedelta | None = None) -> tuple[int, int]:
    """The appointment id and creation stamp the token names, if it is
    genuine, current and of this schema."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=max_age or link_max_age())
    except (signing.BadSignature, ValueError, TypeError, OverflowError) as exc:
        raise InvalidLink from exc
    if not isinstance(data, dict) or data.get("s") != connection.schema_name:
        raise InvalidLink
    appointment_id, stamp = data.get("a"), data.get("c")
    if not isinstance(appointment_id, int) or not isinstance(stamp, int):
        raise InvalidLink
    return appointment_id, stamp


def matches(appointment, stamp: int) -> bool:
    return _stamp(appointment) == stamp


def link_max_age() -> timedelta:
    days = getattr(settings, "DESK_BOOKING_LINK_DAYS", None)
    return timedelta(days=int(days)) if days else MAX_AGE


def counter_url(path: str = "/") -> str:
    """An absolute address on this counter's own domain (for e-mails, written
    without a request)."""
    tenant = getattr(connection, "tenant", None)
    domain = tenant_selectors.primary_domain(tenant) if tenant is not None else None
    if not domain:
        return path
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    return f"{settings.SITE_SCHEME}://{domain}{port}{path}"


def booking_url(appointment) -> str:
    return counter_url(reverse("desks:my_booking", args=[make_token(appointment)]))
