"""The assessment API: instruments, scoring, reading."""

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from assessments.errors import AssessmentError
from assessments.models import NOTES_MAX_CHARS, Assessment
from assessments.services import score_assessment
from desks.models import Appointment
from tests.factories import SCORE_10, SCORE_11, answers_for, make_person, screening, staff_here

pytestmark = pytest.mark.django_db


def test_given_staff_when_listing_instruments_then_the_screening_with_items_and_weights(
        tenant_a, tenant_client):
    body = tenant_client(tenant_a, Role.OPERATOR).get("/api/v1/strumenti/?attivi=1").json()

    [screening_] = [i for i in body["results"] if i["codice"] == "insieme-per-il-lavoro"]
    assert screening_["soglia"] == 11 and screening_["azione"] == "secondo_colloquio"
    assert screening_["non_verificato"] is True
    assert len(screening_["domande"]) == 8
    assert [r["peso"] for r in screening_["domande"][0]["risposte"]] == [0, 1, 2, 3]


def test_given_an_operator_when_posting_a_score_of_11_then_201_with_the_second_interview(
        tenant_a, tenant_client):
    person = make_person(tenant_a)
    instrument = screening(tenant_a)
    answers = {str(k): v for k, v in answers_for(instrument, SCORE_11).items()}

    response = tenant_client(tenant_a, Role.OPERATOR).post(
        "/api/v1/valutazioni/", {"persona": person.pk, "strumento": instrument.pk,
                                 "risposte": answers}, content_type="application/json")

    assert response.status_code == 201
    body = response.json()
    assert body["punteggio"] == 11 and body["soglia_raggiunta"] is True
    assert "risposte" not in body
    with tenant_context(tenant_a):
        appointment = Appointment.objects.get(pk=body["secondo_colloquio"]["id"])
    assert appointment.kind == "secondo_colloquio" and appointment.person_id == person.pk


def test_given_a_missing_answer_when_posting_then_400_at_that_item(tenant_a, tenant_client):
    person = make_person(tenant_a)
    instrument = screening(tenant_a)
    answers = {str(k): v for k, v in answers_for(instrument, SCORE_10).items()}
    missing = next(iter(answers))
    del answers[missing]

    response = tenant_client(tenant_a, Role.OPERATOR).post(
        "/api/v1/valutazioni/", {"persona": person.pk, "strumento": instrument.pk,
                                 "risposte": answers}, content_type="application/json")

    assert response.status_code == 400
    error = response.json()["errore"]
    assert error["codice"] == "valutazione_non_valida"
    assert error["campi"] == {f"risposte.{missing}": ["Rispondere a questa domanda."]}


def test_given_notes_over_the_limit_when_posting_then_400_at_the_notes_and_nothing_saved(
        tenant_a, tenant_client):
    person = make_person(tenant_a)
    instrument = screening(tenant_a)
    answers = {str(k): v for k, v in answers_for(instrument, SCORE_10).items()}

    response = tenant_client(tenant_a, Role.OPERATOR).post(
        "/api/v1/valutazioni/", {"persona": person.pk, "strumento": instrument.pk,
                                 "risposte": answers, "note": "x" * (NOTES_MAX_CHARS + 1)},
        content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()["errore"]["campi"]) == ["note"]
    with tenant_context(tenant_a):
        assert not Assessment.objects.filter(person=person).exists()


def test_given_notes_over_the_limit_when_the_service_scores_then_refused_at_the_notes(
        tenant_a):
    with tenant_context(tenant_a):
        person = make_person(tenant_a)
        instrument = screening(tenant_a)
        with pytest.raises(AssessmentError) as refused:
            score_assessment(person=person, instrument=instrument,
                             answers=answers_for(instrument, SCORE_10),
                             acting_user=staff_here(Role.OPERATOR),
                             notes="x" * (NOTES_MAX_CHARS + 1))

    assert refused.value.field == "notes"


def test_given_the_tenant_admin_when_posting_then_403(tenant_a, tenant_client):
    person = make_person(tenant_a)
    instrument = screening(tenant_a)

    response = tenant_client(tenant_a, Role.TENANT_ADMIN).post(
        "/api/v1/valutazioni/", {"persona": person.pk, "strumento": instrument.pk,
                                 "risposte": answers_for(instrument, SCORE_11)},
        content_type="application/json")

    assert response.status_code == 403
    with tenant_context(tenant_a):
        assert not Assessment.objects.filter(person=person).exists()


def test_given_assessments_of_a_person_when_listing_then_scores_without_answers(
        tenant_a, tenant_client):
    person = make_person(tenant_a)
    instrument = screening(tenant_a)
    client = tenant_client(tenant_a, Role.COORDINATOR)
    from assessments import services
    from tests.factories import make_user
    with tenant_context(tenant_a):
        for weights in (SCORE_10, SCORE_11):
            services.score_assessment(person=person, instrument=instrument,
                                      answers=answers_for(instrument, weights),
                                      acting_user=make_user(tenant_a, Role.OPERATOR))

    body = client.get(f"/api/v1/valutazioni/?persona={person.pk}").json()

    assert sorted(a["punteggio"] for a in body["results"]) == [10, 11]
    assert all("risposte" not in a for a in body["results"])


def test_given_the_openapi_generator_when_documenting_the_api_then_the_assessment_paths():
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator

    from api import assessments as api_assessments

    patterns = [path("api/v1/", include((api_assessments.urlpatterns, "api"), namespace="v1"))]
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)

    assert set(schema["paths"]) == {
        "/api/v1/strumenti/", "/api/v1/strumenti/{instrument_id}/", "/api/v1/valutazioni/",
        "/api/v1/valutazioni/{assessment_id}/", "/api/v1/valutazioni/{assessment_id}/risposte/"}
    detail = schema["components"]["schemas"]["AssessmentDetail"]["properties"]
    assert {"punteggio", "soglia_raggiunta", "risposte_visibili", "risposte"} <= set(detail)
