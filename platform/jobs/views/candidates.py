"""The CV pages at the counter: the person's «Curriculum» (profile, parts,
offers that suit), the forms that add or remove a part, and the PDF.
Thin: forms parse, jobs.services.candidates decides, selectors read; every
page that shows the CV records the read."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import NotFound, ServiceError
from jobs import cv_pdf, publishing
from jobs.forms import candidates as forms
from jobs.permissions import can_use_jobs
from jobs.selectors import candidates as selectors
from jobs.selectors import matching
from jobs.services import candidates as services
from jobs.services import conferral
from ui.decorators import role_required
from ui.forms import apply_service_error

staff_required = role_required(can_use_jobs)

PART_FORMS = {
    "professione": (forms.DesiredProfessionForm, services.DesiredProfessionData),
    "esperienza": (forms.ExperienceForm, services.ExperienceData),
    "istruzione": (forms.EducationForm, services.EducationData),
    "formazione": (forms.TrainingForm, services.TrainingData),
    "lingua": (forms.LanguageForm, services.LanguageData),
    "digitale": (forms.DigitalSkillForm, services.DigitalSkillData),
    "patente": (forms.LicenceForm, services.LicenceData),
}


def _person_or_404(request, person_id: int):
    try:
        return selectors.get_person_for(actor=request.user, person_id=person_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _page(request, person, *, bound: dict | None = None, status: int = 200, saved: str = "",
          profile_form=None):
    """The CV page; to htmx, only the block of the parts (jobs/candidates/_parts.html),
    with the form's errors at their fields and status 200 so that htmx swaps it."""
    candidate = selectors.candidate_of(actor=request.user, person=person)
    if request.method == "GET":
        services.record_cv_read(candidate=candidate, acting_user=request.user) if candidate \
            else None
    part_forms = {kind: (bound or {}).get(kind) or form_class(prefix=kind)
                  for kind, (form_class, _data) in PART_FORMS.items()}
    profile = (bound or {}).get("profilo") or forms.CandidateForm(initial=selectors.profile_initial(
        candidate))
    if request.htmx:
        return render(request, "jobs/candidates/_parts.html", {
            "person": person, "candidate": candidate, "editable": True, "saved": saved,
            "cv": selectors.cv_summary(candidate) if candidate else None,
            "part_forms": part_forms})
    if saved:
        messages.success(request, saved)
    return render(request, "jobs/candidates/cv.html", {
        "editable": True,
        "person": person, "candidate": candidate,
        "cv": selectors.cv_summary(candidate) if candidate else None,
        "profile_form": profile, "part_forms": part_forms,
        "offers": (matching.vacancies_for_candidate(actor=request.user, candidate=candidate)
                   if candidate else None),
        "applications": (matching.applications_of_candidate(actor=request.user,
                                                            candidate=candidate)
                         if candidate else []),
        "exchange": publishing.profile_state(candidate),
        "exchange_form": profile_form or _exchange_form(candidate),
        **_conferral_context(candidate),
    }, status=status)


def _conferral_context(candidate) -> dict:
    enabled = conferral.conferral_enabled()
    message = (conferral.conferral_state(candidate, kind=conferral.CANDIDATURA)
               if enabled and candidate else None)
    return {"conferral_enabled": enabled, "conferral": message,
            "cv_changed": conferral.cv_changed_since_conferral(candidate, message)}


def _exchange_form(candidate):
    entry = publishing.published_profile(candidate)
    return forms.AnonymousProfileForm(initial={"presentation": entry.presentation} if entry
                                      else None)


@staff_required
@require_GET
def cv_page(request, person_id: int):
    return _page(request, _person_or_404(request, person_id))


@staff_required
@require_POST
def cv_profile(request, person_id: int):
    person = _person_or_404(request, person_id)
    form = forms.CandidateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.save_candidate(person=person, acting_user=request.user,
                                    data=services.CandidateData(
                is_searching=data["is_searching"], available_from=data["available_from"],
                comune_code=data["comune_code"] or "", working_modes=form.list_of("working_modes"),
                willing_to_travel=data["willing_to_travel"],
                max_distance_km=data["max_distance_km"], provinces=form.list_of("provinces"),
                own_vehicle=data["own_vehicle"], mother_tongues=["003"],
                digital_notes=data["digital_notes"]))
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Curriculum salvato.")
            return redirect("jobs:cv", person_id=person.pk)
    return _page(request, person, bound={"profilo": form}, status=400)


@staff_required
@require_POST
def cv_add(request, person_id: int, kind: str):
    person = _person_or_404(request, person_id)
    if kind not in PART_FORMS:
        raise Http404("Voce sconosciuta.")
    form_class, data_class = PART_FORMS[kind]
    form = form_class(request.POST, prefix=kind)
    if form.is_valid():
        values = {name: ("" if value is None and name not in (
            "year", "hours", "started_on", "ended_on") else value)
            for name, value in form.cleaned_data.items()}
        try:
            candidate = services.ensure_candidate(person=person, acting_user=request.user)
            services.add_cv_part(candidate=candidate, acting_user=request.user,
                                 data=data_class(**values))
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            if request.htmx:
                return _page(request, person, saved="Voce aggiunta al curriculum.")
            messages.success(request, "Voce aggiunta al curriculum.")
            return redirect("jobs:cv", person_id=person.pk)
    return _page(request, person, bound={kind: form}, status=400)


@staff_required
@require_POST
def cv_remove(request, person_id: int, kind: str, part_id: int):
    person = _person_or_404(request, person_id)
    try:
        part = selectors.get_cv_part_for(actor=request.user, person=person, kind=kind,
                                         part_id=part_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    services.remove_cv_part(part=part, acting_user=request.user)
    if request.htmx:
        return _page(request, person, saved="Voce eliminata dal curriculum.")
    messages.success(request, "Voce eliminata dal curriculum.")
    return redirect("jobs:cv", person_id=person.pk)


@staff_required
@require_http_methods(["GET"])
def cv_pdf_view(request, person_id: int):
    person = _person_or_404(request, person_id)
    candidate = selectors.candidate_of(actor=request.user, person=person)
    if candidate is None:
        raise Http404("Questa persona non ha ancora un curriculum.")
    services.record_cv_read(candidate=candidate, acting_user=request.user, printed=True)
    pdf = cv_pdf.render(selectors.cv_document(candidate, counter=request.tenant.name))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="curriculum-{person.pk}.pdf"'
    return response


# --- The anonymous profile in the rete delle reti -------------------------------------

@staff_required
@require_POST
def cv_exchange_publish(request, person_id: int):
    """«Pubblica il profilo anonimo»: refused, with the reason at the top of
    the section, without the consent, the authorisation or with identifying
    free text."""
    person = _person_or_404(request, person_id)
    candidate = selectors.candidate_of(actor=request.user, person=person)
    form = forms.AnonymousProfileForm(request.POST)
    if candidate is None:
        form.add_error(None, "Il curriculum non è ancora stato compilato.")
    elif form.is_valid():
        try:
            publishing.publish_candidate_profile(
                candidate=candidate, acting_user=request.user,
                presentation=form.cleaned_data["presentation"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Profilo anonimo pubblicato nella rete delle reti.")
            return redirect("jobs:cv", person_id=person.pk)
    return _page(request, person, status=400, profile_form=form)


@staff_required
@require_POST
def cv_exchange_withdraw(request, person_id: int):
    person = _person_or_404(request, person_id)
    candidate = selectors.candidate_of(actor=request.user, person=person)
    removed = candidate is not None and publishing.withdraw_candidate_profile(
        candidate=candidate, acting_user=request.user)
    if removed:
        messages.success(request, "Profilo anonimo ritirato dalla rete delle reti.")
    else:
        messages.info(request, "Il profilo non era pubblicato nella rete delle reti.")
    return redirect("jobs:cv", person_id=person.pk)


# --- The conferral to Cliclavoro -------------------------------------------------------

@staff_required
@require_POST
def cv_confer(request, person_id: int):
    """«Conferisci a Cliclavoro»: only with the person's consent «trasmissione»."""
    person = _person_or_404(request, person_id)
    candidate = selectors.candidate_of(actor=request.user, person=person)
    if candidate is None:
        messages.error(request, "Il curriculum non è ancora stato compilato.")
        return redirect("jobs:cv", person_id=person.pk)
    try:
        message = conferral.confer_candidate(candidate=candidate, acting_user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        what = "Aggiornamento del curriculum" if message.previous_code else "Curriculum"
        messages.success(request, f"{what} messo in coda per Cliclavoro "
                                  f"({message.state_label.lower()}).")
    return redirect("jobs:cv", person_id=person.pk)
