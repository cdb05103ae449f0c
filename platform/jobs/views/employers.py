from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from jobs.forms.employers import (
    ConsentForm,
    ContactForm,
    ConventionForm,
    EmployerFilterForm,
    EmployerForm,
    SiteForm,
)
from jobs.selectors import employers as selectors
from jobs.selectors import vacancies as vacancy_selectors
from jobs.services import employers as services
from jobs.services.employers import EmployerData
from jobs.views._shared import page_of, staff_required
from ui import exports
from ui.forms import apply_service_error
from ui.shortcuts import found_or_404


def _employer_or_404(request, employer_id):
    return found_or_404(selectors.get_employer_for, actor=request.user, employer_id=employer_id)


def _list_context(request) -> dict:
    form = EmployerFilterForm(request.GET or None)
    employers = selectors.employers_for(actor=request.user, filters=form.filters())
    return {"form": form, "page": page_of(employers, request.GET.get("pagina")),
            "query_string": form.query_string()}


@staff_required
@require_GET
def employer_list(request):
    template = "jobs/_employer_results.html" if request.htmx else "jobs/employer_list.html"
    return render(request, template, _list_context(request))


EXPORT_COLUMNS = ["Ragione sociale", "Partita IVA", "Codice fiscale", "ATECO", "Comune",
                  "Indirizzo", "Telefono", "E-mail", "PEC", "Attiva", "Offerte pubblicate"]


@staff_required
@require_GET
def employer_export(request, file_format: str):
    if file_format not in ("csv", "xlsx"):
        raise Http404("Formato non disponibile.")
    form = EmployerFilterForm(request.GET or None)
    employers = selectors.employers_for(actor=request.user, filters=form.filters())
    services.record_employers_export(acting_user=request.user, file_format=file_format,
                                     count=employers.count())
    rows = ([e.name, e.partita_iva or "", e.codice_fiscale or "", e.ateco_code, e.comune_code,
             e.address, e.phone, e.email, e.pec, "sì" if e.is_active else "no", e.open_vacancies]
            for e in employers.iterator())
    return exports.spreadsheet_response(columns=EXPORT_COLUMNS, rows=rows,
                                        file_format=file_format, filename="aziende",
                                        sheet_title="Aziende")


@staff_required
@require_GET
def employer_detail(request, employer_id: int):
    employer = _employer_or_404(request, employer_id)
    return render(request, "jobs/employer_detail.html", {
        "employer": employer,
        "sites": employer.sites.all(), "contacts": employer.contacts.all(),
        "consents": selectors.current_consents(actor=request.user, employer=employer),
        "conventions": selectors.conventions_of(actor=request.user, employer=employer),
        "vacancies": vacancy_selectors.vacancies_for(actor=request.user).filter(
            employer=employer)[:50],
        "site_form": SiteForm(), "contact_form": ContactForm(), "consent_form": ConsentForm(),
        "convention_form": ConventionForm(),
    })


@staff_required
@require_http_methods(["GET", "POST"])
def employer_form(request, employer_id: int | None = None):
    employer = _employer_or_404(request, employer_id) if employer_id else None
    initial = EmployerData.from_employer(employer).__dict__ if employer else None
    form = EmployerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if employer is None:
                employer = services.create_employer(data=form.employer_data(),
                                                    acting_user=request.user)
            else:
                employer = services.update_employer(employer=employer,
                                                    data=form.employer_data(),
                                                    acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Azienda salvata.")
            return redirect("jobs:employer", employer_id=employer.pk)
    return render(request, "jobs/employer_form.html", {"form": form, "employer": employer},
                  status=400 if form.errors else 200)


def _part(request, employer_id, form_class, save, label):
    employer = _employer_or_404(request, employer_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            save(employer, form)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, label)
            return redirect("jobs:employer", employer_id=employer.pk)
    return render(request, "jobs/employer_part.html", {"employer": employer, "form": form,
                                                       "title": label}, status=400)


@staff_required
@require_POST
def site_add(request, employer_id: int):
    return _part(request, employer_id, SiteForm, lambda e, f: services.add_site(
        employer=e, data=f.site_data(), acting_user=request.user), "Sede aggiunta.")


@staff_required
@require_POST
def contact_add(request, employer_id: int):
    return _part(request, employer_id, ContactForm, lambda e, f: services.add_contact(
        employer=e, data=f.contact_data(), acting_user=request.user), "Referente aggiunto.")


@staff_required
@require_POST
def consent_add(request, employer_id: int):
    return _part(request, employer_id, ConsentForm, lambda e, f: services.record_employer_consent(
        employer=e, purpose=f.cleaned_data["purpose"], given=f.cleaned_data["given"] == "si",
        given_on=f.cleaned_data["given_on"], method=f.cleaned_data["method"],
        acting_user=request.user), "Consenso registrato.")


@staff_required
@require_POST
def convention_add(request, employer_id: int):
    return _part(request, employer_id, ConventionForm, lambda e, f: services.save_convention(
        employer=e, data=f.convention_data(), acting_user=request.user),
        "Convenzione registrata.")


@staff_required
@require_POST
def employer_active(request, employer_id: int):
    employer = _employer_or_404(request, employer_id)
    active = request.POST.get("attiva") == "si"
    services.set_employer_active(employer=employer, active=active, acting_user=request.user)
    messages.success(request, "Azienda riattivata." if active else "Azienda disattivata.")
    return redirect("jobs:employer", employer_id=employer.pk)
