"""Applications (candidature) followed from the proposal to the outcome.

The state machine is the table below; every transition is one service call
that checks the table, writes the application's new state and one
ApplicationEvent. A hire needs the contract type (tipi_contratto) and the
start date; it moves the person's job pathway (casework) on to «Collocato»
through casework's own service, and when the vacancy's positions are all
filled it closes the vacancy as «coperta» through the vacancy service.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import services as audit
from casework import pathways as casework_pathways
from casework import services as casework
from casework.models import Pathway, PathwayKind, Stage
from codes import tables
from codes.validation import check_code
from core.context import actor_label
from core.errors import ServiceError
from jobs.errors import ApplicationExists, ApplicationInvalid, IllegalTransition
from jobs.models import (
    APPLICATION_NOTE_MAX_CHARS,
    INTERVIEW_PLACE_MAX_CHARS,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Candidate,
    CloseReason,
    Interview,
    InterviewOutcome,
    NotHiredReason,
    Vacancy,
    VacancyStatus,
)
from jobs.permissions import check_can_use_jobs
from jobs.services import conferral
from jobs.services import vacancies as vacancy_services

A = ApplicationStatus
APPLICATION_PROPOSED = "jobs.application_proposed"
APPLICATION_ADVANCED = "jobs.application_advanced"
INTERVIEW_SCHEDULED = "jobs.interview_scheduled"
INTERVIEW_OUTCOME = "jobs.interview_outcome"
LABELS = {
    APPLICATION_PROPOSED: "Candidato proposto per un'offerta",
    APPLICATION_ADVANCED: "Candidatura: passaggio di stato",
    INTERVIEW_SCHEDULED: "Colloquio fissato",
    INTERVIEW_OUTCOME: "Esito del colloquio registrato",
}

_CLOSING = (A.HIRED, A.NOT_HIRED, A.WITHDRAWN)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    A.PROPOSED: (A.SHORTLISTED, A.NOT_HIRED, A.WITHDRAWN),
    A.SHORTLISTED: (A.SENT, A.NOT_HIRED, A.WITHDRAWN),
    A.SENT: (A.INTERVIEW, *_CLOSING),
    A.INTERVIEW: _CLOSING,
    A.HIRED: (),
    A.NOT_HIRED: (),
    A.WITHDRAWN: (),
}
OPEN_STATUSES = tuple(status for status, nexts in TRANSITIONS.items() if nexts)
# casework's contract types for the job pathway, from the tipi_contratto codes
CASEWORK_CONTRACT = {"A00": "indeterminato", "A01": "determinato", "A02": "apprendistato",
                     "A03": "tirocinio", "A04": "occasionale", "A05": "autonomo",
                     "A06": "altro"}
# The job pathway's main line up to the placement (casework.pathways.TRANSITIONS).
PATHWAY_LINE = (Stage.ORIENTATION, Stage.CV, Stage.ACTIVE_SEARCH, Stage.REFERRAL, Stage.PLACED)


def allowed_next(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def _record(application: Application, *, from_status: str, to_status: str, acting_user,
            data: dict | None = None, note: str = "") -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application, from_status=from_status, to_status=to_status,
        occurred_at=timezone.now(), actor=acting_user, actor_label=actor_label(),
        data=data or {}, note=(note or "").strip()[:APPLICATION_NOTE_MAX_CHARS])


@transaction.atomic
def propose_candidate(*, vacancy: Vacancy, candidate: Candidate, acting_user, score: int = 0,
                      reasons: list[str] | None = None, shortlist: bool = False,
                      note: str = "") -> Application:
    """Propose the candidate for the vacancy (with ``shortlist``, straight
    into the rosa): the match's score and reasons are kept as seen."""
    check_can_use_jobs(acting_user)
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status == VacancyStatus.CLOSED:
        raise IllegalTransition("L'offerta è chiusa: non si possono proporre candidati.",
                                    field="vacancy")
    if not candidate.is_searching:
        raise ApplicationInvalid("Il candidato non è in cerca di lavoro.", field="candidate")
    application = Application(vacancy=vacancy, candidate=candidate, status=A.PROPOSED,
                              score=max(0, min(int(score), 100)),
                              reasons=[str(r)[:300] for r in (reasons or [])][:20],
                              created_by=acting_user)
    try:
        with transaction.atomic():
            application.save(force_insert=True)
    except IntegrityError as exc:
        raise ApplicationExists("Il candidato è già stato proposto per questa offerta.",
                                field="candidate") from exc
    _record(application, from_status="", to_status=A.PROPOSED, acting_user=acting_user,
            note=note)
    audit.record(action=APPLICATION_PROPOSED, actor=acting_user, target=application,
                 details={"vacancy": vacancy.pk, "candidate": candidate.pk})
    if shortlist:
        application = advance_application(application=application, to_status=A.SHORTLISTED,
                                          acting_user=acting_user)
    return application


def _hire_values(errors: dict, contract_type_code: str, starts_on: date | None) -> str:
    code = (contract_type_code or "").strip()
    if not code:
        errors["contract_type_code"] = "Indicare il tipo di contratto dell'assunzione."
    else:
        try:
            code = check_code(tables.CONTRACTS, code, field="contract_type_code").code
        except ServiceError as exc:
            errors["contract_type_code"] = exc.message
    if starts_on is None:
        errors["starts_on"] = "Indicare la data di inizio del rapporto di lavoro."
    return code


@transaction.atomic
def advance_application(*, application: Application, to_status: str, acting_user,
                        note: str = "", not_hired_reason: str = "", contract_type_code: str = "",
                        starts_on: date | None = None) -> Application:
    """Move the application to ``to_status`` if the table allows it."""
    check_can_use_jobs(acting_user)
    locked = Application.objects.select_for_update().select_related(
        "vacancy", "candidate__person").get(pk=application.pk)
    current = locked.status
    if to_status not in allowed_next(current):
        label = dict(A.choices)
        raise IllegalTransition(
            f"Passaggio non ammesso: da «{label.get(current, current)}» a "
            f"«{label.get(to_status, to_status)}».", field="to_status")
    errors: dict[str, str] = {}
    data: dict = {}
    if to_status == A.NOT_HIRED:
        if not_hired_reason not in NotHiredReason.values:
            errors["not_hired_reason"] = "Indicare il motivo della mancata assunzione."
        data["not_hired_reason"] = not_hired_reason
        locked.not_hired_reason = not_hired_reason
        locked.outcome_note = (note or "").strip()[:APPLICATION_NOTE_MAX_CHARS]
    if to_status == A.HIRED:
        code = _hire_values(errors, contract_type_code, starts_on)
        data.update(contract_type_code=code, starts_on=starts_on and starts_on.isoformat())
        locked.contract_type_code, locked.starts_on = code, starts_on
    if errors:
        raise ApplicationInvalid.from_errors(errors)
    locked.status = to_status
    locked.save()
    _record(locked, from_status=current, to_status=to_status, acting_user=acting_user,
            data=data, note=note)
    audit.record(action=APPLICATION_ADVANCED, actor=acting_user, target=locked,
                 details={"from": current, "to": to_status})
    if to_status == A.SENT:
        conferral.application_sent(locked, acting_user=acting_user)
    if to_status == A.HIRED:
        _move_pathway(locked, acting_user=acting_user)
        _close_if_filled(locked.vacancy, acting_user=acting_user)
    return locked


def _move_pathway(application: Application, *, acting_user) -> None:
    """The person's open job pathway walks its main line to «Collocato» (a
    person without one gets one opened): each step through casework's
    service, so every step is a PathwayEvent."""
    person = application.candidate.person
    pathway = Pathway.objects.filter(person=person, kind=PathwayKind.JOB,
                                     closed_at__isnull=True).first()
    if pathway is None:
        pathway = casework.open_pathway(person=person, kind=PathwayKind.JOB,
                                        acting_user=acting_user)
    if pathway.stage not in PATHWAY_LINE:
        return
    employer = application.vacancy.employer.name if application.vacancy.employer_id else ""
    for stage in PATHWAY_LINE[PATHWAY_LINE.index(pathway.stage) + 1:]:
        if not casework_pathways.is_allowed(pathway.kind, pathway.stage, stage):
            return
        data: dict = {}
        if stage == Stage.REFERRAL:
            data = {"recipient_kind": "datore", "recipient": employer or application.vacancy.title}
        elif stage == Stage.PLACED:
            data = {"contract_type": CASEWORK_CONTRACT.get(application.contract_type_code,
                                                           "altro"),
                    "placed_on": min(application.starts_on, timezone.localdate())}
        casework.advance_pathway(pathway=pathway, to_stage=stage, acting_user=acting_user,
                                 note=f"Offerta: {application.vacancy.title}", **data)
        pathway.refresh_from_db()


def _close_if_filled(vacancy: Vacancy, *, acting_user) -> None:
    hired = Application.objects.filter(vacancy=vacancy, status=A.HIRED).count()
    if hired >= vacancy.positions and vacancy.status == VacancyStatus.PUBLISHED:
        vacancy_services.close_vacancy(vacancy=vacancy, reason=CloseReason.FILLED,
                                       acting_user=acting_user,
                                       note="Tutti i posti sono stati coperti.")


@transaction.atomic
def schedule_interview(*, application: Application, scheduled_at: datetime, place: str,
                       acting_user, notes: str = "") -> Interview:
    """An interview with the employer; the application moves to «Colloquio
    fissato» the first time."""
    check_can_use_jobs(acting_user)
    errors = {}
    place = " ".join((place or "").split())
    if not place:
        errors["place"] = "Indicare il luogo del colloquio."
    elif len(place) > INTERVIEW_PLACE_MAX_CHARS:
        errors["place"] = f"Al massimo {INTERVIEW_PLACE_MAX_CHARS} caratteri."
    if scheduled_at is None:
        errors["scheduled_at"] = "Indicare data e ora del colloquio."
    if errors:
        raise ApplicationInvalid.from_errors(errors)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status not in (A.SENT, A.INTERVIEW):
        raise IllegalTransition("Il colloquio si fissa dopo l'invio della candidatura "
                                    "all'azienda.", field="scheduled_at")
    interview = Interview.objects.create(application=locked, scheduled_at=scheduled_at,
                                         place=place, notes=(notes or "").strip(),
                                         created_by=acting_user)
    if locked.status == A.SENT:
        advance_application(application=locked, to_status=A.INTERVIEW, acting_user=acting_user,
                            note=f"Colloquio il {timezone.localtime(scheduled_at):%d/%m/%Y %H:%M}")
    audit.record(action=INTERVIEW_SCHEDULED, actor=acting_user, target=locked,
                 details={"interview": interview.pk})
    return interview


@transaction.atomic
def record_interview_outcome(*, interview: Interview, outcome: str, acting_user,
                             notes: str = "") -> Interview:
    check_can_use_jobs(acting_user)
    if outcome not in InterviewOutcome.values or outcome == InterviewOutcome.PENDING:
        raise ApplicationInvalid("Indicare l'esito del colloquio.", field="outcome")
    interview.outcome = outcome
    if notes:
        interview.notes = notes.strip()[:APPLICATION_NOTE_MAX_CHARS]
    interview.save(update_fields=["outcome", "notes"])
    audit.record(action=INTERVIEW_OUTCOME, actor=acting_user, target=interview.application,
                 details={"interview": interview.pk, "outcome": outcome})
    return interview
