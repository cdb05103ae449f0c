"""Answers are special-category data: encrypted at rest, read only by the
roles that work the case, every read audited."""

import json

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import Role
from assessments import selectors, services
from assessments.errors import SpecialCategoryDenied
from assessments.models import Assessment
from audit.models import AuditEvent
from core.errors import NotFound
from tests.factories import (
    SCORE_11,
    answers_for,
    bump_ids,
    make_person,
    make_user,
    screening,
)
from tests.support import text_of

pytestmark = pytest.mark.django_db

NOTE = "Riferisce una dipendenza in cura presso il SerD"


def recorded(tenant, *, notes: str = NOTE):
    instrument = screening(tenant)
    with tenant_context(tenant):
        return services.score_assessment(
            person=make_person(tenant), instrument=instrument,
            answers=answers_for(instrument, SCORE_11),
            acting_user=make_user(tenant, Role.OPERATOR), notes=notes)


def answer_reads(tenant, assessment) -> list[AuditEvent]:
    with tenant_context(tenant):
        return list(AuditEvent.objects.filter(action="assessment.answers_read",
                                              target_id=str(assessment.pk)))


def test_given_a_recorded_assessment_when_reading_the_raw_columns_then_no_plaintext(tenant_a):
    assessment = recorded(tenant_a)
    with tenant_context(tenant_a):
        option_ids = [str(v) for v in assessment.answers.values()]
        with connection.cursor() as cursor:
            cursor.execute("SELECT answers, notes FROM assessments_assessment WHERE id = %s",
                           [assessment.pk])
            raw_answers, raw_notes = cursor.fetchone()

    assert raw_answers.startswith("gAAAAA") and raw_notes.startswith("gAAAAA")  # Fernet tokens
    assert "SerD" not in raw_notes and "dipendenza" not in raw_notes
    assert json.dumps(assessment.answers) not in raw_answers
    assert not any(f'"{item}"' in raw_answers for item in assessment.answers)
    assert not any(f": {o}" in raw_answers for o in option_ids)


def test_given_an_operator_when_reading_the_answers_then_they_are_returned_and_audited(
        tenant_a):
    assessment = recorded(tenant_a)
    coordinator = make_user(tenant_a, Role.COORDINATOR)

    with tenant_context(tenant_a):
        read = selectors.get_assessment_for(actor=coordinator, assessment_id=assessment.pk,
                                            with_answers=True)
        services.record_answers_read(assessment=read, acting_user=coordinator)

    assert [row.weight for row in read.answer_rows] == SCORE_11
    assert read.notes == NOTE
    events = answer_reads(tenant_a, assessment)
    assert [e.actor_id for e in events] == [coordinator.pk]
    assert events[0].details == {"person": assessment.person_id}


def test_given_two_reads_when_reading_the_audit_then_two_events(tenant_a):
    assessment = recorded(tenant_a)
    operator = make_user(tenant_a, Role.OPERATOR)

    with tenant_context(tenant_a):
        for _ in range(2):
            read = selectors.get_assessment_for(actor=operator, assessment_id=assessment.pk,
                                                with_answers=True)
            services.record_answers_read(assessment=read, acting_user=operator)

    assert len(answer_reads(tenant_a, assessment)) == 2


def test_given_a_read_without_answers_when_reading_then_nothing_decrypted_nor_audited(
        tenant_a):
    assessment = recorded(tenant_a)

    with tenant_context(tenant_a):
        read = selectors.get_assessment_for(actor=make_user(tenant_a, Role.OPERATOR),
                                            assessment_id=assessment.pk)
        assert {"answers", "notes"} <= read.get_deferred_fields()
        assert read.total_score == 11
    assert answer_reads(tenant_a, assessment) == []


def test_given_the_tenant_admin_when_asking_for_the_answers_then_refused_and_nothing_logged(
        tenant_a):
    assessment = recorded(tenant_a)
    admin = make_user(tenant_a, Role.TENANT_ADMIN)

    with tenant_context(tenant_a):
        with pytest.raises(SpecialCategoryDenied):
            selectors.get_assessment_for(actor=admin, assessment_id=assessment.pk,
                                         with_answers=True)
        scores = selectors.get_assessment_for(actor=admin, assessment_id=assessment.pk)
    assert scores.total_score == 11
    assert answer_reads(tenant_a, assessment) == []


def test_given_another_tenant_when_looking_up_the_assessment_then_not_found(tenant_a, tenant_b):
    bump_ids(tenant_a, ["assessments_assessment"])
    assessment = recorded(tenant_a)
    with tenant_context(tenant_b):
        assert not Assessment.objects.filter(pk=assessment.pk).exists()
        with pytest.raises(NotFound):
            selectors.get_assessment_for(actor=make_user(tenant_b, Role.OPERATOR),
                                         assessment_id=assessment.pk, with_answers=True)


# --- Through the UI -----------------------------------------------------------------

def test_given_an_operator_when_opening_the_detail_then_the_score_without_answers_nor_log(
        tenant_a, tenant_client):
    assessment = recorded(tenant_a)

    page = tenant_client(tenant_a, Role.OPERATOR).get(f"/valutazioni/{assessment.pk}/")

    assert page.status_code == 200
    text = text_of(page)
    assert "Punteggio 11 (soglia 11)" in text
    assert "Mostra le risposte" in text
    assert "Disoccupato da 12 mesi o più" not in text and NOTE not in text
    assert answer_reads(tenant_a, assessment) == []


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.COORDINATOR])
def test_given_a_casework_role_when_opening_the_answers_then_shown_and_audited(
        tenant_a, tenant_client, role):
    assessment = recorded(tenant_a)
    client = tenant_client(tenant_a, role)

    page = client.get(f"/valutazioni/{assessment.pk}/risposte/")
    fragment = client.get(f"/valutazioni/{assessment.pk}/risposte/", HTTP_HX_REQUEST="true")

    assert page.status_code == 200 and fragment.status_code == 200
    assert "Disoccupato da 12 mesi o più, o mai occupato" in text_of(page)
    assert NOTE in text_of(fragment) and "<html" not in fragment.content.decode()
    events = answer_reads(tenant_a, assessment)
    assert len(events) == 2
    assert {e.actor_label for e in events} == {f"{role}@alfa.example.it"}


def test_given_the_tenant_admin_when_opening_the_detail_then_score_but_no_answers(
        tenant_a, tenant_client):
    assessment = recorded(tenant_a)
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    detail = client.get(f"/valutazioni/{assessment.pk}/")
    answers = client.get(f"/valutazioni/{assessment.pk}/risposte/")

    assert detail.status_code == 200
    assert "Punteggio 11 (soglia 11)" in text_of(detail)
    assert "le leggono solo gli operatori e i coordinatori" in text_of(detail)
    assert "Mostra le risposte" not in text_of(detail)
    assert answers.status_code == 403
    assert "Disoccupato da 12 mesi" not in text_of(answers) and NOTE not in text_of(answers)
    assert answer_reads(tenant_a, assessment) == []


def test_given_an_anonymous_visitor_when_opening_the_answers_then_the_login_page(
        tenant_a, tenant_client):
    assessment = recorded(tenant_a)

    response = tenant_client(tenant_a).get(f"/valutazioni/{assessment.pk}/risposte/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accesso/?next=")
    assert answer_reads(tenant_a, assessment) == []


# --- Through the API ------------------------------------------------------------------

def test_given_an_operator_when_retrieving_through_the_api_then_answers_and_an_audit_event(
        tenant_a, tenant_client):
    assessment = recorded(tenant_a)

    body = tenant_client(tenant_a, Role.OPERATOR).get(
        f"/api/v1/valutazioni/{assessment.pk}/").json()

    assert body["punteggio"] == 11 and body["risposte_visibili"] is True
    assert [r["peso"] for r in body["risposte"]] == SCORE_11
    assert body["note"] == NOTE
    assert len(answer_reads(tenant_a, assessment)) == 1


def test_given_the_tenant_admin_when_retrieving_through_the_api_then_scores_only(
        tenant_a, tenant_client):
    assessment = recorded(tenant_a)
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    body = client.get(f"/api/v1/valutazioni/{assessment.pk}/").json()
    answers = client.get(f"/api/v1/valutazioni/{assessment.pk}/risposte/")

    assert body["punteggio"] == 11 and body["soglia_raggiunta"] is True
    assert body["risposte_visibili"] is False
    assert body["risposte"] is None and body["note"] is None
    assert answers.status_code == 403
    assert answers.json()["errore"]["codice"] == "dati_particolari_riservati"
    assert answer_reads(tenant_a, assessment) == []


def test_given_an_anonymous_client_when_retrieving_the_answers_through_the_api_then_refused(
        tenant_a, tenant_client):
    assessment = recorded(tenant_a)

    response = tenant_client(tenant_a).get(f"/api/v1/valutazioni/{assessment.pk}/risposte/")

    assert response.status_code in (401, 403)
    assert response.json()["errore"]["codice"] == "non_autenticato"
    assert answer_reads(tenant_a, assessment) == []
