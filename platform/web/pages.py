"""The pages every public-administration site must have, on the national site
and on each counter's: the accessibility statement (AgID guidelines), the
privacy notice and the legal notes. Anonymous; the favicon at /favicon.ico."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# The date of the last self-assessment written in the accessibility statement.
ACCESSIBILITY_REVIEWED_ON = date(2026, 12, 1)


def _owner(request) -> dict:
    """Who runs the site being read: the administration on its counter's
    domain, the Ente Nazionale per il Microcredito on the national one."""
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        return {"owner_name": "Ente Nazionale per il Microcredito", "owner_tenant": None}
    return {"owner_name": tenant.name, "owner_tenant": tenant}


def _site_address(request) -> str:
    return f"{request.scheme}://{request.get_host()}/"


@require_GET
def accessibility(request):
    return render(request, "web/pages/accessibility.html", {
        **_owner(request),
        "site_address": _site_address(request),
        "feedback_email": settings.RETE_ACCESSIBILITY_EMAIL,
        "reviewed_on": ACCESSIBILITY_REVIEWED_ON,
    })


@require_GET
def privacy(request):
    return render(request, "web/pages/privacy.html", {
        **_owner(request),
        "site_address": _site_address(request),
        "privacy_email": settings.RETE_PRIVACY_EMAIL,
    })


@require_GET
def legal_notes(request):
    return render(request, "web/pages/legal_notes.html", {
        **_owner(request),
        "site_address": _site_address(request),
    })


@require_GET
@cache_control(max_age=60 * 60 * 24 * 7, public=True)
def favicon(request):
    """Browsers ask /favicon.ico of every host by themselves."""
    path = finders.find("web/favicon.ico")
    if path is None:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115
