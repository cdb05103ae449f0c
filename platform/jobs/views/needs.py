from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import wording
from core.errors import ServiceError
from core.http import client_ip
from jobs.forms.needs import NeedFilterForm, NeedForm, PublicNeedForm, RefuseForm
from jobs.forms.vacancies import NoteForm, VacancyForm
from jobs.selectors import employers as employer_selectors
from jobs.selectors import vacancies as selectors
from jobs.services import needs as services
from jobs.views._shared import page_of, staff_required
from people import selectors as people_selectors
from ui.forms import apply_service_error
from ui.shortcuts import found_or_404


# --- Public (no account) ----------------------------------------------------
def _counter(request) -> dict:
    tenant = request.tenant
    return {"tenant": tenant, "counter_title": wording.counter_title(tenant.name, tenant.kind),
            "of_counter": wording.of_administration(tenant.name, tenant.kind)}


@require_http_methods(["GET", "POST"])
def public_need(request):
    """An employer tells the desk whom it needs (CSRF, rate-limited like booking)."""
    form = PublicNeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.submit_need(**form.values(),
                                        privacy_acknowledged=form.cleaned_data["privacy"],
                                        ip_address=client_ip(request))
        except ServiceError as exc:
            apply_service_error(form, exc)
            return render(request, "jobs/public_need.html", {
                **_counter(request), "form": form,
                "notice": people_selectors.current_notice()}, status=exc.status)
        request.session["jobs_need"] = need.pk
        return redirect("jobs:public_need_done")
    return render(request, "jobs/public_need.html", {
        **_counter(request), "form": form, "notice": people_selectors.current_notice()},
        status=400 if form.errors else 200)


@require_GET
def public_need_done(request):
    if not request.session.get("jobs_need"):
        return redirect("jobs:public_need")
    return render(request, "jobs/public_need_done.html", _counter(request))


# --- The desk ------------------------------------------------------------------
def _need_or_404(request, need_id):
    return found_or_404(selectors.get_need_for, actor=request.user, need_id=need_id)


@staff_required
@require_GET
def need_list(request):
    form = NeedFilterForm(request.GET or None)
    status = form.valid().get("stato") or ""
    needs = selectors.needs_for(actor=request.user, status=status)
    return render(request, "jobs/need_list.html", {
        "form": form, "page": page_of(needs, request.GET.get("pagina"))})


@staff_required
@require_http_methods(["GET", "POST"])
def need_create(request):
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.record_need(**form.values(), acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Richiesta registrata.")
            return redirect("jobs:need", need_id=need.pk)
    return render(request, "jobs/need_form.html", {"form": form},
                  status=400 if form.errors else 200)


def _need_page(request, need, *, refuse_form=None, status=200):
    return render(request, "jobs/need_detail.html", {
        "need": need, "events": selectors.need_events(need),
        "refuse_form": refuse_form or RefuseForm(), "note_form": NoteForm(),
        "open": need.status in ("ricevuta", "esaminata"),
    }, status=status)


@staff_required
@require_GET
def need_detail(request, need_id: int):
    need = _need_or_404(request, need_id)
    services.record_need_read(need=need, acting_user=request.user)
    return _need_page(request, need)


@staff_required
@require_POST
def need_review(request, need_id: int):
    need = _need_or_404(request, need_id)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        services.review_need(need=need, acting_user=request.user,
                             note=form.cleaned_data.get("note") or "")
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _need_page(request, need, status=exc.status)
    messages.success(request, "Richiesta segnata come esaminata.")
    return redirect("jobs:need", need_id=need.pk)


@staff_required
@require_POST
def need_refuse(request, need_id: int):
    need = _need_or_404(request, need_id)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.refuse_need(need=need, acting_user=request.user,
                                 note=form.cleaned_data["note"])
        except ServiceError as exc:
            apply_service_error(form, exc)
            return _need_page(request, need, refuse_form=form, status=exc.status)
        messages.success(request, "Richiesta respinta.")
        return redirect("jobs:need", need_id=need.pk)
    return _need_page(request, need, refuse_form=form, status=400)


@staff_required
@require_POST
def need_employer(request, need_id: int):
    need = _need_or_404(request, need_id)
    try:
        employer = services.register_need_employer(need=need, acting_user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("jobs:need", need_id=need.pk)
    messages.success(request, f"Azienda collegata: {employer.name}.")
    return redirect("jobs:need_convert", need_id=need.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def need_convert(request, need_id: int):
    """The draft vacancy prefilled from the need, completed by the desk."""
    need = _need_or_404(request, need_id)
    employers = employer_selectors.employer_choices(actor=request.user, active_only=False)
    form = VacancyForm(request.POST or None, initial=selectors.draft_from_need(need),
                       employers=employers)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = services.convert_need(need=need, data=form.vacancy_data(),
                                            acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Offerta creata in bozza dalla richiesta.")
            return redirect("jobs:vacancy", vacancy_id=vacancy.pk)
    return render(request, "jobs/vacancy_form.html", {"form": form, "need": need},
                  status=400 if form.errors else 200)
