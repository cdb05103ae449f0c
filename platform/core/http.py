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


def request_meta_of(request):
    """The metadata of ``request`` that the layers below the views may know
    (``core.context``): client address, user agent, request id."""
    import uuid

    from core.context import RequestMeta

    given = request.META.get("HTTP_X_REQUEST_ID", "")
    request_id = given if given and len(given) <= 64 and given.isprintable() else uuid.uuid4().hex
    return RequestMeta(client_ip=client_ip(request),
                       user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
                       request_id=request_id)


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def error_response(request, *, status: int, code: str, message: str,
                   fields: dict[str, list[str]] | None = None):
    """An error answered before (or instead of) a view: the API's JSON shape
    under /api/, an Italian page elsewhere."""
    from django.http import JsonResponse
    from django.shortcuts import render

    from core.errors import error_body

    if is_api(request):
        return JsonResponse(error_body(code, message, fields), status=status)
    return render(request, "web/400.html", {"message": message, "fields": fields},
                  status=status)
