"""Matching pages: a vacancy's «Candidati consigliati» (scores and reasons,
propose or add to the shortlist) with its applications and their steps."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.errors import NotFound, ServiceError
from jobs.forms.candidates import ApplicationStepForm
from jobs.models import ApplicationStatus, Vacancy
from jobs.permissions import can_use_jobs
from jobs.selectors import candidates as cv_selectors
from jobs.selectors import matching as selectors
from jobs.services import conferral
from jobs.services import matching as services
from ui.decorators import role_required

staff_required = role_required(can_use_jobs)


def _vacancy_or_404(request, vacancy_id: int) -> Vacancy:
    vacancy = selectors.get_vacancy_for(actor=request.user, vacancy_id=vacancy_id)
    if vacancy is None:
        raise Http404("Offerta non trovata.")
    return vacancy


@staff_required
@require_GET
def vacancy_matches(request, vacancy_id: int):
    vacancy = _vacancy_or_404(request, vacancy_id)
    ranking = selectors.candidates_for_vacancy(actor=request.user, vacancy=vacancy, limit=30)
    applications = selectors.applications_of_vacancy(actor=request.user, vacancy=vacancy)
    return render(request, "jobs/matching/vacancy_matches.html", {
        "vacancy": vacancy, "ranking": ranking, "applications": [
            (a, [(s, ApplicationStatus(s).label) for s in services.allowed_next(a.status)])
            for a in applications],
        "statuses": dict(ApplicationStatus.choices),
    })


@staff_required
@require_POST
def propose(request, vacancy_id: int, candidate_id: int):
    vacancy = _vacancy_or_404(request, vacancy_id)
    try:
        candidate = cv_selectors.get_candidate_for(actor=request.user, candidate_id=candidate_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    match = selectors.match_of(actor=request.user, vacancy=vacancy, candidate=candidate)
    try:
        services.propose_candidate(vacancy=vacancy, candidate=candidate, acting_user=request.user,
                                   score=match.score if match else 0,
                                   reasons=match.reason_texts if match else [],
                                   shortlist=request.POST.get("rosa") == "1")
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{candidate.person.full_name}: candidatura registrata.")
    return redirect("jobs:vacancy_matches", vacancy_id=vacancy.pk)


@staff_required
@require_POST
def application_step(request, application_id: int):
    try:
        application = selectors.get_application_for(actor=request.user,
                                                    application_id=application_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    form = ApplicationStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Dati non validi: " + "; ".join(
            f"{e[0]}" for e in form.errors.values()))
    else:
        data = form.cleaned_data
        try:
            application = services.advance_application(
                application=application, to_status=data["to_status"], acting_user=request.user,
                note=data["note"], not_hired_reason=data["not_hired_reason"],
                contract_type_code=data["contract_type_code"], starts_on=data["starts_on"])
        except ServiceError as exc:
            messages.error(request, "; ".join(m for ms in exc.fields.values() for m in ms)
                           or exc.message)
        else:
            messages.success(request, "Candidatura aggiornata: "
                             f"{ApplicationStatus(data['to_status']).label}.")
            if data["to_status"] == ApplicationStatus.SENT:
                _tell_about_messaggio(request, application)
    return redirect("jobs:vacancy_matches", vacancy_id=application.vacancy_id)


def _tell_about_messaggio(request, application) -> None:
    """After «Inviata all'azienda»: whether Cliclavoro tells the employer too."""
    if not conferral.conferral_enabled():
        return
    message = conferral.conferral_state(application, kind=conferral.MESSAGGIO)
    if message is not None:
        messages.info(request, f"Segnalazione all'azienda tramite Cliclavoro: "
                               f"{message.state_label.lower()} (cita i codici dell'offerta e "
                               f"del curriculum, non i dati della persona).")
    else:
        messages.info(request, "Nessuna segnalazione tramite Cliclavoro: l'offerta e il "
                               "curriculum devono risultare già inviati a Cliclavoro.")
