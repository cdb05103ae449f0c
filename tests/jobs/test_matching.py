"""Matching in PostgreSQL: candidates ranked for a vacancy with reasons a
person can check, vacancies for a candidate, and applications followed to
the hire (which moves the job pathway and closes a filled vacancy)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.models import Pathway, PathwayKind, Stage
from core.errors import ServiceError
from jobs.models import ApplicationStatus, VacancyStatus
from jobs.selectors import matching as selectors
from jobs.services import matching as services
from tests.factories import give_consent, make_candidate, make_vacancy_here, staff_here

pytestmark = pytest.mark.django_db
A = ApplicationStatus


def _ranked(vacancy, operator):
    return selectors.candidates_for_vacancy(actor=operator, vacancy=vacancy)


def test_candidates_are_ranked_by_profession_level_with_reasons(in_a):
    # given a vacancy for a hotel cook in Bologna asking a diploma, English B2, licence B
    operator = staff_here()
    vacancy = make_vacancy_here(profession="5.2.2.1.0.6", comune="A944", education="40000000",
                                languages=[("001", "B2")], licences=[("patente", "02")],
                                operator=operator)
    # and three candidates: the same profession, the same 5th-level unit, another class
    exact = make_candidate(operator=operator, first_name="Niccolò", last_name="D'Angelo",
                           desired=["5.2.2.1.0.6"], education=["71000000"],
                           languages=[("001", "C1")], licences=[("patente", "02")])
    group = make_candidate(operator=operator, first_name="Giulia", last_name="Bianchi",
                           experiences=["5.2.2.1.0.1"], comune="F205")
    make_candidate(operator=operator, first_name="Luca", last_name="Neri",
                   desired=["2.1.1.4.1.0"])
    # when the desk asks for the recommended candidates
    ranking = _ranked(vacancy, operator)
    # then the exact match comes first, the group match second, the other class not at all
    assert [m.candidate_id for m in ranking.matches] == [exact.pk, group.pk]
    assert ranking.total == 2
    best, second = ranking.matches
    assert best.score == 100
    assert best.name == "Niccolò D'Angelo"
    texts = best.reason_texts
    assert texts[0].startswith("Professione richiesta 5.2.2.1.0.6 Cuoco di albergo: "
                               "stessa professione (6° livello)")
    assert "Distanza: stesso comune (lavoro a Bologna)" in texts
    assert any(t.startswith("Titolo di studio: richiesto diploma") and "posseduto laurea" in t
               for t in texts)
    assert "Lingue: inglese B2 richiesto, posseduto C1" in texts
    assert "Patente B: posseduta" in texts
    assert "Disponibile subito" in texts
    # the second: same 5th-level unit through an experience, another region, no licence
    assert second.reason_texts[0].startswith(
        "Professione richiesta 5.2.2.1.0.6 Cuoco di albergo: stessa unità professionale "
        "(5° livello) con "
        "5.2.2.1.0.1 Aiuto cuoco di ristorante (esperienza)")
    assert "Patente B: non posseduta" in second.reason_texts
    assert "Lingue: inglese B2 richiesto, non indicato nel curriculum" in second.reason_texts
    assert second.score == sum(r.points for r in second.reasons) < best.score


def test_ranking_excludes_candidates_not_searching_or_without_consent(in_a):
    operator = staff_here()
    vacancy = make_vacancy_here(profession="5.2.2.1.0.6", operator=operator)
    searching = make_candidate(operator=operator, desired=["5.2.2.1.0.6"])
    make_candidate(operator=operator, desired=["5.2.2.1.0.6"], is_searching=False,
                   first_name="Paola")
    withdrawn = make_candidate(operator=operator, desired=["5.2.2.1.0.6"], first_name="Rita")
    give_consent(withdrawn.person, operator, given=False)
    assert [m.candidate_id for m in _ranked(vacancy, operator).matches] == [searching.pk]


def test_a_later_availability_is_stated_and_scores_less(in_a):
    operator = staff_here()
    vacancy = make_vacancy_here(profession="5.2.2.1.0.6", operator=operator)
    later = timezone.localdate() + timedelta(days=90)
    make_candidate(operator=operator, desired=["5.2.2.1.0.6"], available_from=later)
    match = _ranked(vacancy, operator).matches[0]
    assert f"Disponibile dal {later:%d/%m/%Y}" in match.reason_texts
    assert [r.points for r in match.reasons if r.component == "availability"] == [2]


def test_the_query_count_does_not_grow_with_candidates(in_a):
    operator = staff_here()
    vacancy = make_vacancy_here(profession="5.2.2.1.0.6", operator=operator)
    make_candidate(operator=operator, desired=["5.2.2.1.0.6"])
    with CaptureQueriesContext(connection) as one:
        _ranked(vacancy, operator)
    for name in ("Bruno", "Carla", "Dario"):
        make_candidate(operator=operator, desired=["5.2.2.1.0.5"], first_name=name)
    with CaptureQueriesContext(connection) as four:
        assert len(_ranked(vacancy, operator).matches) == 4
    assert len(four) == len(one)


def test_vacancies_for_a_candidate_are_the_published_ones_that_suit(in_a):
    operator = staff_here()
    published = make_vacancy_here(profession="5.2.2.1.0.6", operator=operator,
                                  title="Cuoco di albergo")
    make_vacancy_here(profession="5.2.2.1.0.6", operator=operator, publish=False, title="Bozza")
    make_vacancy_here(operator=operator, profession="2.1.1.4.1.0", title="Analista")
    candidate = make_candidate(operator=operator, experiences=["5.2.2.1.0.3"])
    ranking = selectors.vacancies_for_candidate(actor=operator, candidate=candidate)
    assert [m.vacancy_id for m in ranking.matches] == [published.pk]
    assert ranking.matches[0].vacancy_title == "Cuoco di albergo"


def test_an_application_walks_to_the_hire_which_places_the_person_and_fills_the_vacancy(in_a):
    # given a published vacancy with one position and two proposed candidates
    operator = staff_here()
    vacancy = make_vacancy_here(profession="5.2.2.1.0.6", operator=operator, positions=1)
    hired = make_candidate(operator=operator, desired=["5.2.2.1.0.6"])
    other = make_candidate(operator=operator, desired=["5.2.2.1.0.6"], first_name="Rosa")
    application = services.propose_candidate(vacancy=vacancy, candidate=hired,
                                             acting_user=operator, shortlist=True)
    services.propose_candidate(vacancy=vacancy, candidate=other, acting_user=operator)
    assert application.status == A.SHORTLISTED
    # when it is sent, an interview is held and the person is hired
    services.advance_application(application=application, to_status=A.SENT,
                                 acting_user=operator)
    services.schedule_interview(application=application, place="Via Roma 1, Bologna",
                                scheduled_at=timezone.now() + timedelta(days=2),
                                acting_user=operator)
    with pytest.raises(ServiceError) as refused:
        services.advance_application(application=application, to_status=A.HIRED,
                                     acting_user=operator)
    assert set(refused.value.fields) == {"contract_type_code", "starts_on"}
    services.advance_application(application=application, to_status=A.HIRED,
                                 acting_user=operator, contract_type_code="A01",
                                 starts_on=date.today())
    # then one event per transition, the job pathway placed, the vacancy closed as filled
    application.refresh_from_db()
    assert application.status == A.HIRED
    assert [(e.from_status, e.to_status) for e in application.events.all()] == [
        ("", A.PROPOSED), (A.PROPOSED, A.SHORTLISTED), (A.SHORTLISTED, A.SENT),
        (A.SENT, A.INTERVIEW), (A.INTERVIEW, A.HIRED)]
    pathway = Pathway.objects.get(person=hired.person, kind=PathwayKind.JOB)
    assert pathway.stage == Stage.PLACED
    assert pathway.contract_type == "determinato"
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.close_reason) == (VacancyStatus.CLOSED, "coperta")
    # and the closed vacancy takes no new proposals
    with pytest.raises(ServiceError):
        services.propose_candidate(vacancy=vacancy, candidate=make_candidate(
            operator=operator, desired=["5.2.2.1.0.6"], first_name="Ugo"), acting_user=operator)


def test_transitions_outside_the_table_are_refused_and_not_hired_needs_a_reason(in_a):
    operator = staff_here()
    vacancy = make_vacancy_here(profession="5.2.2.1.0.6", operator=operator)
    application = services.propose_candidate(
        vacancy=vacancy, candidate=make_candidate(operator=operator, desired=["5.2.2.1.0.6"]),
        acting_user=operator)
    with pytest.raises(ServiceError) as skipped:
        services.advance_application(application=application, to_status=A.HIRED,
                                     acting_user=operator)
    assert skipped.value.code == "transizione_non_ammessa"
    with pytest.raises(ServiceError) as no_reason:
        services.advance_application(application=application, to_status=A.NOT_HIRED,
                                     acting_user=operator)
    assert "not_hired_reason" in no_reason.value.fields
    services.advance_application(application=application, to_status=A.NOT_HIRED,
                                 acting_user=operator, not_hired_reason="profilo",
                                 note="Serve esperienza in cucina d'albergo.")
    application.refresh_from_db()
    assert application.status == A.NOT_HIRED
    assert application.events.count() == 2
    with pytest.raises(ServiceError):
        services.propose_candidate(vacancy=vacancy, candidate=application.candidate,
                                   acting_user=operator)


def test_the_summary_the_ranking_reads_follows_every_change_of_the_cv(in_a):
    from jobs.services import candidates as cv

    # given a candidate ranked for a cook's vacancy through a desired profession
    operator = staff_here()
    vacancy = make_vacancy_here(profession="5.2.2.1.0.6", operator=operator,
                                languages=[("001", "B2")], licences=[("patente", "02")])
    candidate = make_candidate(operator=operator, desired=["5.2.2.1.0.6"])
    candidate.refresh_from_db()
    assert "5.2.2" in candidate.profession_keys and "5.2.2.1.0.6" in candidate.profession_keys
    assert _ranked(vacancy, operator).matches[0].score < 100
    # when the operator adds the language and the licence the vacancy asks
    cv.add_cv_part(candidate=candidate, acting_user=operator, data=cv.LanguageData(
        language_code="001", reading="B2"))
    licence = cv.add_cv_part(candidate=candidate, acting_user=operator,
                             data=cv.LicenceData(kind="patente", code="02"))
    # then the ranking counts them at once
    match = _ranked(vacancy, operator).matches[0]
    assert [r.points for r in match.reasons if r.component in ("languages", "licences")] == [
        10, 10]
    # and removing the licence and the profession takes them out again
    cv.remove_cv_part(part=licence, acting_user=operator)
    assert "Patente B: non posseduta" in _ranked(vacancy, operator).matches[0].reason_texts
    cv.remove_cv_part(part=candidate.desired_professions.get(), acting_user=operator)
    assert _ranked(vacancy, operator).matches == []
