"""The login lockout (django-axes), wired to the platform's own facts.

Two counters, both over the cool-off window (``AXES_COOLOFF_TIME``):
- the account: failures for one normalised e-mail from one client address
  (``AXES_FAILURE_LIMIT``), whatever spelling of the address was typed;
- the client address: failures for any account from one address
  (``LOGIN_ADDRESS_FAILURE_LIMIT``), so guessing many accounts from one
  place is stopped too.
The client address is the one the audit record keeps (``core.http.client_ip``,
behind the deployment's trusted proxies), never a header the client forges.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

from accounts.identity import normalize_login
from core.http import client_ip


def username_of(request, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the normalised account the attempt names."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
        if value is None:
            value = credentials.get("email")
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get(field)
    return normalize_login(value)


def address_of(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client's address as the audit sees it."""
    return client_ip(request)


def address_failures(request) -> int:
    """Failed logins from this request's client address, for any account,
    within the cool-off window."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler plus the per-address limit: an address over its
    limit counts as locked for every account tried from it."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def lockout_response(request, original_response=None, credentials: dict | None = None):
    """AXES_LOCKOUT_CALLABLE: the Italian page (HTTP 429), for every kind of request."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) \
        if settings.AXES_COOLOFF_TIME else None
    return render(request, "accounts/lockout.html", {"cooloff_minutes": minutes},
                  status=settings.AXES_HTTP_RESPONSE_CODE)
