"""A user of tenant B gets 404 for every casework object of tenant A, on every
page and API resource, and sees none of A's data in lists, exports and the
dashboard."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from casework import services
from casework.models import Consultation, ConsultationDocument, Pathway, PathwayEvent
from tests.factories import make_person, make_service, pdf_bytes, upload


@pytest.fixture
def objects_of_a(tenant_a, operator_a, high_ids_in_a):
    person = make_person(tenant_a, last_name="Riservatissima")
    service = make_service(tenant_a)
    with tenant_context(tenant_a):
        consultation = services.record_consultation(
            person=person, acting_user=operator_a, occurred_at=timezone.now(),
            duration_minutes=30, mode="presenza", services=[service],
            topics=["segreto di A"])
        document = services.add_document(consultation=consultation,
                                         upload=upload("segreto.pdf", pdf_bytes()),
                                         acting_user=operator_a)
        pathway = services.open_pathway(person=person, kind="microcredito",
                                        acting_user=operator_a)
    return {"person": person.pk, "consultation": consultation.pk, "document": document.pk,
            "pathway": pathway.pk}


PAGES = [
    ("get", "/persone/{person}/consulenze/nuova/"),
    ("post", "/persone/{person}/consulenze/nuova/"),
    ("get", "/persone/{person}/percorsi/"),
    ("get", "/persone/{person}/percorsi/nuovo/"),
    ("post", "/persone/{person}/percorsi/nuovo/"),
    ("post", "/percorsi/{pathway}/avanza/"),
    ("get", "/consulenze/{consultation}/"),
    ("post", "/consulenze/{consultation}/documenti/"),
    ("get", "/consulenze/{consultation}/documenti/{document}/"),
]
API = [
    ("get", "/api/v1/persone/{person}/consulenze/"),
    ("post", "/api/v1/persone/{person}/consulenze/"),
    ("get", "/api/v1/consulenze/{consultation}/"),
    ("get", "/api/v1/persone/{person}/percorsi/"),
    ("post", "/api/v1/persone/{person}/percorsi/"),
    ("get", "/api/v1/percorsi/{pathway}/"),
    ("post", "/api/v1/percorsi/{pathway}/transizioni/"),
]


def _counts(tenant):
    with tenant_context(tenant):
        return (Consultation.objects.count(), ConsultationDocument.objects.count(),
                Pathway.objects.count(), PathwayEvent.objects.count())


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.TENANT_ADMIN])
@pytest.mark.parametrize("method,route", PAGES, ids=[f"{m} {r}" for m, r in PAGES])
def test_given_an_object_of_tenant_a_when_a_user_of_b_opens_its_page_then_404_and_nothing_changes(
        tenant_a, tenant_b, tenant_client, objects_of_a, role, method, route):
    client = tenant_client(tenant_b, role)
    before = _counts(tenant_a)

    data = {"to_stage": "informazione", "kind": "lavoro", "duration_minutes": "30",
            "mode": "presenza", "occurred_at": "2026-01-10T10:00",
            "file": upload("x.pdf", pdf_bytes())} if method == "post" else None
    response = getattr(client, method)(route.format(**objects_of_a), data)

    assert response.status_code == 404
    assert "Riservatissima" not in response.content.decode()
    assert _counts(tenant_a) == before


@pytest.mark.parametrize("method,route", API, ids=[f"{m} {r}" for m, r in API])
def test_given_an_object_of_tenant_a_when_a_user_of_b_calls_the_api_then_404_in_the_error_shape(
        tenant_a, tenant_b, tenant_client, objects_of_a, method, route):
    client = tenant_client(tenant_b, Role.COORDINATOR)
    before = _counts(tenant_a)

    body = {"fase": "informazione", "tipo": "lavoro", "data_ora": "2026-01-10T10:00:00Z",
            "durata_minuti": 30, "modalita": "presenza"} if method == "post" else None
    response = getattr(client, method)(route.format(**objects_of_a), body,
                                       content_type="application/json")

    assert response.status_code == 404
    assert response.json()["errore"]["codice"] == "non_trovato"
    assert _counts(tenant_a) == before


def test_given_consultations_of_a_when_b_lists_exports_and_opens_the_dashboard_then_none_appear(
        tenant_a, tenant_b, tenant_client, objects_of_a):
    client = tenant_client(tenant_b, Role.COORDINATOR)

    listing = client.get("/consulenze/").content.decode()
    export = b"".join(client.get("/consulenze/esporta.csv").streaming_content).decode()
    dashboard = client.get("/api/v1/cruscotto/").json()

    assert "Riservatissima" not in listing and "Riservatissima" not in export
    assert sum(row["consulenze"] for row in dashboard["consulenze_per_mese"]) == 0
    assert dashboard["microcredito"]["percorsi_aperti_nel_periodo"] == 0


def test_given_objects_of_a_when_their_own_user_opens_them_then_they_are_there(
        tenant_a, tenant_client, objects_of_a):
    """The same routes work for A: the 404s above come from isolation."""
    client = tenant_client(tenant_a, Role.OPERATOR)

    for route in ("/persone/{person}/percorsi/", "/consulenze/{consultation}/",
                  "/consulenze/{consultation}/documenti/{document}/",
                  "/api/v1/percorsi/{pathway}/", "/api/v1/consulenze/{consultation}/"):
        assert client.get(route.format(**objects_of_a)).status_code == 200, route
