"""The supervisor's counts per counter: kept in step with every state change,
shown on «Conferimenti nazionali» and by the API; counts only, never a
person's data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from integrations.national.models import ConferralSummary
from integrations.outbox import delivery, services
from integrations.outbox.models import OutboxMessage
from people import services as people_services
from people.models import ConsentPurpose, ConsentRecord
from tests.factories import (
    make_candidate,
    make_employer_here,
    make_person,
    make_vacancy_here,
    person_data,
    staff_here,
)
from tests.integrations.outbox_support import KO, job_desk, routes
from tests.support import text_of

pytestmark = pytest.mark.django_db
MARKER = "Zebedeo Quaglierini-Marcantuono"


@pytest.fixture
def scripted(tenant_a):
    with job_desk(tenant_a), routes() as scripted:
        yield scripted


def _activity(tenant, scripted):
    """In ``tenant``: one vacancy sent, one refused, one waiting, one invalid, and
    a candidate named MARKER conferred and sent."""
    with tenant_context(tenant):
        messages = [OutboxMessage.objects.get(subject_id=make_vacancy_here(
            employer=make_employer_here(), hours_per_week=hours, title=title).pk)
            for title, hours in (("Cuoco", 40), ("Barista", 30), ("Cameriere", 20),
                                 ("Lavapiatti", None))]
        scripted.answers.extend(["OK", KO])
        delivery.deliver(messages[0].pk)
        delivery.deliver(messages[1].pk)
        first, last = MARKER.split(" ", 1)
        person = make_person(None, data=person_data(
            first_name=first, last_name=last, codice_fiscale=None, sex="M",
            birth_date=date(1985, 3, 2), birth_place_code="A944", email="zebedeo@example.it"))
        people_services.record_consent(person=person, purpose=ConsentPurpose.NATIONAL_SYSTEMS,
                                       given=True, method=ConsentRecord.Method.PAPER,
                                       acting_user=staff_here())
        from jobs.services.conferral import confer_candidate

        cv = confer_candidate(candidate=make_candidate(person), acting_user=staff_here())
        delivery.deliver(cv.pk)
        return messages


def test_given_activity_in_a_counter_then_its_summary_counts_each_state(scripted, tenant_a):
    _activity(tenant_a, scripted)

    summary = ConferralSummary.objects.get(tenant=tenant_a, destination="cliclavoro")
    assert (summary.pending, summary.sent, summary.dead, summary.invalid) == (1, 2, 1, 1)
    assert summary.sending == summary.retrying == 0
    with tenant_context(tenant_a):
        rebuilt = services.recount("cliclavoro")
    assert (rebuilt.pending, rebuilt.sent, rebuilt.dead, rebuilt.invalid) == (1, 2, 1, 1)
    assert summary.oldest_pending_at == rebuilt.oldest_pending_at


def test_given_the_oldest_waiting_is_delivered_then_the_age_moves_to_the_next(
        scripted, tenant_a):
    with tenant_context(tenant_a):
        old, new = (OutboxMessage.objects.get(subject_id=make_vacancy_here(
            employer=make_employer_here(), hours_per_week=40, title=t).pk)
            for t in ("Cuoco", "Barista"))
        OutboxMessage.objects.filter(pk=old.pk).update(
            created_at=timezone.now() - timedelta(hours=5))
        services.recount("cliclavoro")
        assert ConferralSummary.objects.get(tenant=tenant_a).oldest_pending_at \
            < timezone.now() - timedelta(hours=4)

        delivery.deliver(old.pk)

    summary = ConferralSummary.objects.get(tenant=tenant_a)
    with tenant_context(tenant_a):
        assert summary.oldest_pending_at == OutboxMessage.objects.get(pk=new.pk).created_at


def test_given_activity_when_the_supervisor_opens_the_national_page_then_counts_without_names(
        scripted, tenant_a, tenant_client):
    _activity(tenant_a, scripted)

    response = tenant_client(None, Role.SUPERVISOR).get("/conferimenti-nazionali/")

    page = text_of(response)
    assert response.status_code == 200 and "Conferimenti nazionali" in page
    assert "Comune di Alfa Cliclavoro 1 0 0 2 1 1" in page
    assert "Zebedeo" not in page and "Quaglierini" not in page and "Cuoco" not in page


def test_given_activity_when_the_supervisor_asks_the_api_then_counts_and_ages_only(
        scripted, tenant_a, tenant_client):
    messages = _activity(tenant_a, scripted)

    response = tenant_client(None, Role.SUPERVISOR).get("/api/v1/conferimenti-nazionali/")

    assert response.status_code == 200
    [row] = [r for r in response.json() if r["ente"] == "alfa"]
    assert (row["da_inviare"], row["inviati"], row["rifiutati"], row["non_validi"]) == (
        1, 2, 1, 1)
    assert row["attesa_massima_secondi"] >= 0
    raw = response.content.decode()
    assert "Zebedeo" not in raw and "Quaglierini" not in raw
    assert all(m.code not in raw for m in messages)


def test_given_a_counter_s_operator_then_the_national_counts_are_not_for_them(
        tenant_a, tenant_client):
    page = tenant_client(tenant_a, Role.OPERATOR).get("/conferimenti-nazionali/")
    api = tenant_client(tenant_a, Role.OPERATOR).get("/api/v1/conferimenti-nazionali/")

    assert page.status_code == 404 and api.status_code == 404


def test_given_the_platform_administrator_then_the_national_counts_open(tenant_client):
    response = tenant_client(None, Role.PLATFORM_ADMIN).get("/conferimenti-nazionali/")

    assert response.status_code == 200
