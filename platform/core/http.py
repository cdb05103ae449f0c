"""Facts about a request that several packages need."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address. Behind the deployment's trusted proxies
    (``RETE_PROXY_COUNT``, the count the login lockout uses too) it is the
    entry the nearest of them appended to X-Forwarded-For, never a value the
    client could forge; else the peer address."""
    if request is None:
        return None
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0
    if proxies:
        forwarded = [part.strip() for part in
                     request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            try:
                return str(ipaddress.ip_address(forwarded[-proxies]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None
