"""Demo CVs and matching for ``make run``: in each counter with the job desk,
CVs for some of its demo people (those with an open job pathway first),
built through jobs.services.candidates, and applications to its published
vacancies in several states (proposed, in the rosa, sent with an interview,
not hired) with one hire, which moves the person's job pathway to
«Collocato» through jobs.services.matching. The vacancies are those of the
jobs demo (config.demo_jobs) when it ran first; a counter without any gets a
small employer with two vacancies of its own. Idempotent: a counter that
already has CVs is left as it is."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from stdnum import luhn

from accounts.models import Role, User
from casework.models import Pathway, PathwayKind, Stage
from core.errors import ServiceError
from jobs import matching_sql
from jobs.models import Candidate, Vacancy, VacancyStatus
from jobs.selectors import matching as match_selectors
from jobs.services import candidates as cv
from jobs.services import employers as employer_services
from jobs.services import matching as match_services
from jobs.services import vacancies as vacancy_services
from people.models import ConsentRecord, Person

CVS_PER_COUNTER = 10
# Per CV in turn: desired professions, past experiences (CP2011 sixth level),
# education (titoli_studio), languages (code, level), driving licence.
PROFILES = [
    (["5.2.2.1.0.1"], ["5.2.2.1.0.3"], "40000000", [("001", "B1")], True),
    (["5.2.2.1.0.3"], ["5.2.2.1.0.1"], "30000000", [], True),
    (["5.1.2.2.0.8"], ["5.1.2.2.0.8"], "40000000", [("001", "B2")], False),
    (["5.2.2.1.0.6"], [], "71000000", [("001", "C1"), ("004", "B1")], True),
    (["5.2.2.1.0.1"], [], "20000000", [], False),
    (["5.1.2.2.0.8", "5.2.2.1.0.1"], ["5.1.2.2.0.8"], "40000000", [("002", "A2")], True),
    (["5.2.2.1.0.3"], ["5.2.2.1.0.3"], "40000000", [("001", "A2")], True),
    (["5.1.2.2.0.8"], [], "30000000", [], False),
    (["2.1.1.4.1.0"], ["2.1.1.4.1.0"], "72000000", [("001", "C1")], True),
    (["5.2.2.1.0.1"], ["5.2.2.1.0.1"], "40000000", [("001", "B1")], True),
]
OWN_VACANCIES = [("Aiuto cuoco", "5.2.2.1.0.1", 2), ("Commesso di banco", "5.1.2.2.0.8", 1)]


def _operator() -> User | None:
    return (User.objects.filter(is_active=True, role=Role.OPERATOR).order_by("pk").first()
            or User.objects.filter(is_active=True, role=Role.TENANT_ADMIN).order_by("pk").first())


def _people(count: int) -> list[Person]:
    """Demo people whose latest service consent is given, those with an open
    job pathway first."""
    with_job = list(Pathway.objects.filter(
        kind=PathwayKind.JOB, closed_at__isnull=True,
        stage__in=[Stage.ORIENTATION, Stage.CV, Stage.ACTIVE_SEARCH, Stage.REFERRAL])
        .order_by("person_id").values_list("person_id", flat=True)[:count])
    others = list(Person.objects.exclude(pk__in=with_job).order_by("pk")
                  .values_list("pk", flat=True)[:count * 3])
    chosen = []
    for person_id in with_job + others:
        latest = (ConsentRecord.objects.filter(person_id=person_id, purpose="erogazione")
                  .order_by("-recorded_at", "-id").first())
        if latest is not None and latest.given:
            chosen.append(person_id)
        if len(chosen) == count:
            break
    people = Person.objects.in_bulk(chosen)
    return [people[pk] for pk in chosen]


def _own_vacancies(tenant, operator, comune: str) -> list[Vacancy]:
    number = 7_000_000 + (tenant.pk or 0) % 1000
    partita_iva = f"{number:07d}037"
    partita_iva += luhn.calc_check_digit(partita_iva)  # the check digit of stdnum.it.iva
    employer = employer_services.create_employer(data=employer_services.EmployerData(
        name="Bar Trattoria della Piazza s.n.c.", partita_iva=partita_iva, comune_code=comune,
        ateco_code="56.10.11", email="info@trattoriadellapiazza.example.it"),
        acting_user=operator)
    today = timezone.localdate()
    made = []
    for title, profession, positions in OWN_VACANCIES:
        vacancy = vacancy_services.create_vacancy(data=vacancy_services.VacancyData(
            employer=employer, profession_code=profession, title=title, comune_code=comune,
            contract_type_code="A01", hours_per_week=30, positions=positions,
            publish_from=today, publish_until=today + timedelta(days=45),
            licences=(("patente", "02"),)), acting_user=operator)
        made.append(vacancy_services.publish_vacancy(vacancy=vacancy, acting_user=operator))
    return made


def _cv(person: Person, profile, *, comune: str, operator, index: int) -> Candidate:
    desired, experiences, education, languages, licence = profile
    candidate = cv.save_candidate(person=person, acting_user=operator, data=cv.CandidateData(
        comune_code=comune, mother_tongues=["003"], own_vehicle=licence,
        available_from=None if index % 4 else timezone.localdate() + timedelta(days=20),
        willing_to_travel=index % 3 == 0, max_distance_km=30 if index % 3 == 0 else None))
    parts: list = [cv.DesiredProfessionData(profession_code=code) for code in desired]
    start = date(2015 + index % 6, 3, 1)
    for code in experiences:
        parts.append(cv.ExperienceData(profession_code=code, employer_name="Ristorante Il Portico",
                                       contract_type_code="A01", started_on=start,
                                       ended_on=start + timedelta(days=700),
                                       tasks="Preparazione e servizio."))
    parts.append(cv.EducationData(education_code=education, year=2005 + index))
    for code, level in languages:
        parts.append(cv.LanguageData(language_code=code, listening=level, reading=level,
                                     spoken_interaction=level, spoken_production=level,
                                     writing=level))
    parts.append(cv.DigitalSkillData(area="comunicazione", level="autonomo"))
    if licence:
        parts.append(cv.LicenceData(kind="patente", code="02"))
    parts.append(cv.TrainingData(title="Sicurezza alimentare HACCP", hours=12, year=2022,
                                 attestation="F"))
    for data in parts:
        cv.add_cv_part(candidate=candidate, data=data, acting_user=operator)
    return candidate


def _applications(vacancies: list[Vacancy], operator) -> None:
    """For the first vacancies with matches: a proposal, one in the rosa, one
    sent with an interview, one not hired, and one hire (the first vacancy)."""
    hired = False
    for vacancy in vacancies:
        matches = match_selectors.candidates_for_vacancy(actor=operator, vacancy=vacancy,
                                                         limit=5).matches
        steps = ["hire" if not hired else "interview", "rosa", "not_hired", "proposed"]
        for match, step in zip(matches, steps, strict=False):
            candidate = Candidate.objects.get(pk=match.candidate_id)
            application = match_services.propose_candidate(
                vacancy=vacancy, candidate=candidate, acting_user=operator, score=match.score,
                reasons=match.reason_texts, shortlist=step != "proposed")
            if step in ("hire", "interview"):
                match_services.advance_application(application=application, to_status="inviata",
                                                   acting_user=operator)
                match_services.schedule_interview(
                    application=application, place="Sede dell'azienda",
                    scheduled_at=timezone.now() + timedelta(days=3 if step == "interview"
                                                            else -2),
                    acting_user=operator)
            if step == "hire":
                match_services.advance_application(
                    application=application, to_status="assunto", acting_user=operator,
                    contract_type_code="A01", starts_on=timezone.localdate(),
                    note="Assunzione dimostrativa.")
                hired = True
            elif step == "not_hired":
                match_services.advance_application(
                    application=application, to_status="non_assunto", acting_user=operator,
                    not_hired_reason="altro_candidato")
            vacancy.refresh_from_db()
            if vacancy.status != VacancyStatus.PUBLISHED:
                break


@transaction.atomic
def seed_tenant(*, tenant) -> int:
    """The current tenant's demo CVs and applications; the number of CVs added."""
    if not getattr(tenant, "offers_job_desk", True) or Candidate.objects.exists():
        return 0
    operator = _operator()
    if operator is None:
        return 0
    vacancies = list(Vacancy.objects.filter(status=VacancyStatus.PUBLISHED).order_by("pk"))
    people = _people(CVS_PER_COUNTER)
    if not people:
        return 0
    comune = vacancies[0].comune_code if vacancies else "A944"
    if not vacancies:
        vacancies = _own_vacancies(tenant, operator, comune)
    for index, person in enumerate(people):
        _cv(person, PROFILES[index % len(PROFILES)], comune=comune, operator=operator,
            index=index)
    matching_sql.refresh_summaries()
    _applications(vacancies, operator)
    _confer_consenting(operator)
    return len(people)


CONFERRED_CVS = 3  # demo CVs conferred to Cliclavoro (the worker sends them: «Inviato»)


def _confer_consenting(operator) -> None:
    """Confer to Cliclavoro the first demo CVs whose person consented to the
    transmission to the national systems (the outbox sends them once make run's
    worker and simulator are up)."""
    from jobs.services.conferral import confer_candidate, conferral_enabled
    from people import selectors as people_selectors
    from people.models import ConsentPurpose

    if not conferral_enabled():
        return
    conferred = 0
    for candidate in Candidate.objects.select_related("person").order_by("pk"):
        if conferred >= CONFERRED_CVS:
            break
        if not people_selectors.has_consent(person=candidate.person,
                                            purpose=ConsentPurpose.NATIONAL_SYSTEMS):
            continue
        try:
            confer_candidate(candidate=candidate, acting_user=operator)
        except ServiceError:  # a CV Cliclavoro cannot take: left to the operator
            continue
        conferred += 1
