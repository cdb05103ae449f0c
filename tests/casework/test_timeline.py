"""Consultations and pathway events on the person's single timeline, one
query each."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from casework import services
from casework.timeline import entries
from people.timeline import timeline_for
from tests.factories import make_person, make_service, open_at
from tests.support import text_of


def test_given_consultations_and_pathway_events_then_the_timeline_shows_them_in_two_queries(
        tenant_a, operator_a):
    person = make_person(tenant_a)
    service = make_service(tenant_a, "prova-timeline", name="Supporto al business plan")
    with tenant_context(tenant_a):
        for _ in range(3):
            services.record_consultation(person=person, acting_user=operator_a,
                                         occurred_at=timezone.now(), duration_minutes=30,
                                         mode="telefono", services=[service])
        open_at(person, "microcredito", "invio_finanziatore", user=operator_a)

        with CaptureQueriesContext(connection) as queries:
            items = entries(person=person)

    assert len([q for q in queries.captured_queries if not q["sql"].startswith("SET ")]) == 2
    kinds = [item.kind for item in items]
    assert kinds.count("consulenza") == 3 and kinds.count("percorso") == 6
    consultation = next(item for item in items if item.kind == "consulenza")
    assert "Supporto al business plan" in consultation.detail
    sent = next(item for item in items if "Invio al finanziatore" in item.title)
    assert sent.title == "Percorso microcredito e autoimpiego: Business plan → Invio al " \
                         "finanziatore"
    assert "finanziatore:" in sent.detail


def test_given_the_settings_then_casework_contributes_to_the_person_timeline(
        tenant_a, operator_a, tenant_client):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        services.record_consultation(person=person, acting_user=operator_a,
                                     occurred_at=timezone.now(), duration_minutes=30,
                                     mode="video", topics=["Smart&Start"])
        assert any(item.kind == "consulenza" for item in timeline_for(person=person))

    page = tenant_client(tenant_a, Role.OPERATOR).get(f"/persone/{person.pk}/")
    assert "Smart&Start" in text_of(page)
