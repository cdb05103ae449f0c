from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import ServiceError
from jobs import permissions
from jobs.forms.authorisation import AuthorisationForm
from jobs.selectors import authorisation as selectors
from jobs.selectors import vacancies as vacancy_selectors
from jobs.services import authorisation as services
from jobs.views._shared import admin_required, staff_required
from ui.forms import apply_service_error


@staff_required
@require_GET
def home(request):
    """Sportello Lavoro: what waits, and the authorisation's warning."""
    return render(request, "jobs/home.html", {
        "warning": selectors.authorisation_warning(),
        "authorisation": selectors.authorisation_in_force(),
        "counts": vacancy_selectors.vacancy_counts(actor=request.user),
        "open_needs": vacancy_selectors.open_needs_count(actor=request.user),
        "expiring": vacancy_selectors.expiring_soon(actor=request.user),
        "can_manage_authorisation": permissions.can_manage_authorisation(request.user),
    })


@admin_required
@require_http_methods(["GET", "POST"])
def authorisation(request):
    form = AuthorisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_authorisation(data=form.authorisation_data(),
                                          acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Autorizzazione registrata.")
            return redirect("jobs:authorisation")
    return render(request, "jobs/authorisation.html", {
        "form": form, "history": selectors.authorisations(),
        "current": selectors.authorisation_in_force(),
        "warning": selectors.authorisation_warning(),
    }, status=400 if form.errors else 200)
