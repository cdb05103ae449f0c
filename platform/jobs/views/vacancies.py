from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from jobs.forms.vacancies import CloseForm, NoteForm, VacancyFilterForm, VacancyForm
from jobs.selectors import employers as employer_selectors
from jobs.selectors import vacancies as selectors
from jobs.services import conferral
from jobs.services import vacancies as services
from jobs.views._shared import page_of, staff_required
from ui import exports
from ui.forms import apply_service_error
from ui.shortcuts import found_or_404


def _vacancy_or_404(request, vacancy_id):
    return found_or_404(selectors.get_vacancy_for, actor=request.user, vacancy_id=vacancy_id)


def _list_context(request) -> dict:
    form = VacancyFilterForm(request.GET or None,
                             employers=employer_selectors.employer_choices(
                                 actor=request.user, active_only=False))
    vacancies = selectors.vacancies_for(actor=request.user, filters=form.filters())
    return {"form": form, "page": page_of(vacancies, request.GET.get("pagina")),
            "query_string": form.query_string()}


@staff_required
@require_GET
def vacancy_list(request):
    template = "jobs/_vacancy_results.html" if request.htmx else "jobs/vacancy_list.html"
    return render(request, template, _list_context(request))


EXPORT_COLUMNS = ["Titolo", "Azienda", "Professione (CP2011)", "Comune", "Posti", "Stato",
                  "Motivo della chiusura", "Visibilità", "Pubblicata dal", "Pubblicata fino al"]


@staff_required
@require_GET
def vacancy_export(request, file_format: str):
    if file_format not in ("csv", "xlsx"):
        raise Http404("Formato non disponibile.")
    form = VacancyFilterForm(request.GET or None,
                             employers=employer_selectors.employer_choices(
                                 actor=request.user, active_only=False))
    vacancies = selectors.vacancies_for(actor=request.user, filters=form.filters())
    services.record_vacancies_export(acting_user=request.user, file_format=file_format,
                                     count=vacancies.count())
    rows = ([v.title, v.employer.name, v.profession_code, v.comune_code, v.positions,
             v.get_status_display(), v.get_close_reason_display(), v.get_visibility_display(),
             v.publish_from, v.publish_until] for v in vacancies.iterator())
    return exports.spreadsheet_response(columns=EXPORT_COLUMNS, rows=rows,
                                        file_format=file_format, filename="offerte",
                                        sheet_title="Offerte")


def _detail(request, vacancy, *, close_form=None, publish_form=None, status=200):
    return render(request, "jobs/vacancy_detail.html", {
        "vacancy": vacancy, "events": selectors.vacancy_events(vacancy),
        "close_form": close_form or CloseForm(), "publish_form": publish_form or NoteForm(),
        "transitions": {f"{a}>{b}" for a, b in services.TRANSITIONS},
        "conferral_enabled": conferral.conferral_enabled(),
        "conferral": conferral.conferral_state(vacancy, kind=conferral.VACANCY),
    }, status=status)


@staff_required
@require_GET
def vacancy_detail(request, vacancy_id: int):
    return _detail(request, _vacancy_or_404(request, vacancy_id))


@staff_required
@require_http_methods(["GET", "POST"])
def vacancy_form(request, vacancy_id: int | None = None, *, need=None, initial=None):
    vacancy = _vacancy_or_404(request, vacancy_id) if vacancy_id else None
    employers = employer_selectors.employer_choices(actor=request.user, active_only=False)
    if vacancy is not None:
        initial = VacancyForm.initial_for(vacancy)
    elif initial is None and (request.GET.get("azienda") or "").isdigit():
        initial = {"employer": int(request.GET["azienda"][:18])}
    form = VacancyForm(request.POST or None, initial=initial, employers=employers)
    if request.method == "POST" and form.is_valid():
        try:
            if vacancy is None:
                vacancy = services.create_vacancy(data=form.vacancy_data(),
                                                  acting_user=request.user)
            else:
                vacancy = services.update_vacancy(vacancy=vacancy, data=form.vacancy_data(),
                                                  acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Offerta salvata.")
            return redirect("jobs:vacancy", vacancy_id=vacancy.pk)
    return render(request, "jobs/vacancy_form.html", {"form": form, "vacancy": vacancy},
                  status=400 if form.errors else 200)


@staff_required
@require_POST
def vacancy_publish(request, vacancy_id: int):
    vacancy = _vacancy_or_404(request, vacancy_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.publish_vacancy(vacancy=vacancy, acting_user=request.user,
                                     note=form.cleaned_data.get("note") or "")
        except ServiceError as exc:
            form.add_error(None, exc.message)
            return _detail(request, vacancy, publish_form=form, status=exc.status)
        messages.success(request, "Offerta pubblicata.")
        return redirect("jobs:vacancy", vacancy_id=vacancy.pk)
    return _detail(request, vacancy, publish_form=form, status=400)


@staff_required
@require_POST
def vacancy_close(request, vacancy_id: int):
    vacancy = _vacancy_or_404(request, vacancy_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close_vacancy(vacancy=vacancy, reason=form.cleaned_data["reason"],
                                   acting_user=request.user,
                                   note=form.cleaned_data.get("note") or "")
        except ServiceError as exc:
            apply_service_error(form, exc)
            return _detail(request, vacancy, close_form=form, status=exc.status)
        messages.success(request, "Offerta chiusa.")
        return redirect("jobs:vacancy", vacancy_id=vacancy.pk)
    return _detail(request, vacancy, close_form=form, status=400)
