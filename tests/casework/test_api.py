"""The casework API: consultations, pathways and transitions, lenders, in the
foundation's error shape."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from casework.models import Consultation
from tests.factories import active_lender, make_person, make_service, make_user, open_at

pytestmark = pytest.mark.django_db


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_given_consent_when_creating_a_consultation_through_the_api_then_201_and_it_is_listed(
        tenant_a, tenant_client):
    person = make_person(tenant_a)
    service = make_service(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    created = _post(client, f"/api/v1/persone/{person.pk}/consulenze/", {
        "data_ora": timezone.now().isoformat(), "durata_minuti": 25, "modalita": "video",
        "argomenti": ["Resto al Sud"], "servizi": [service.pk], "note": "Prima consulenza"})
    listed = client.get(f"/api/v1/persone/{person.pk}/consulenze/").json()
    detail = client.get(f"/api/v1/consulenze/{created.json()['id']}/").json()

    assert created.status_code == 201
    assert created.json()["servizi"] == [{"id": service.pk, "codice": service.code,
                                          "nome": service.name}]
    assert [item["id"] for item in listed["results"]] == [created.json()["id"]]
    assert detail["modalita"] == "video" and detail["argomenti"] == ["Resto al Sud"]


def test_given_no_consent_when_creating_a_consultation_through_the_api_then_403_consenso_mancante(
        tenant_a, tenant_client):
    person = make_person(tenant_a, consent=False)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = _post(client, f"/api/v1/persone/{person.pk}/consulenze/", {
        "data_ora": timezone.now().isoformat(), "durata_minuti": 25, "modalita": "video"})

    assert response.status_code == 403
    assert response.json()["errore"]["codice"] == "consenso_mancante"
    with tenant_context(tenant_a):
        assert not Consultation.objects.filter(person=person).exists()


def test_given_bad_data_when_creating_a_consultation_through_the_api_then_400_with_italian_fields(
        tenant_a, tenant_client):
    person = make_person(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = _post(client, f"/api/v1/persone/{person.pk}/consulenze/", {
        "data_ora": timezone.now().isoformat(), "durata_minuti": 0, "modalita": "fax"})

    error = response.json()["errore"]
    assert response.status_code == 400
    assert set(error["campi"]) == {"durata_minuti", "modalita"}


def test_given_a_person_when_opening_and_advancing_a_pathway_through_the_api_then_events_are_returned(  # noqa: E501
        tenant_a, tenant_client):
    person = make_person(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    opened = _post(client, f"/api/v1/persone/{person.pk}/percorsi/", {"tipo": "microcredito"})
    moved = _post(client, f"/api/v1/percorsi/{opened.json()['id']}/transizioni/",
                  {"fase": "informazione", "dati": {"nota": "Spiegato il Fondo di garanzia"}})

    assert opened.status_code == 201
    assert opened.json()["fase"] == "primo_contatto"
    assert opened.json()["prossime_fasi"] == ["informazione", "ritirato"]
    body = moved.json()
    assert moved.status_code == 200
    assert body["fase"] == "informazione"
    assert [(e["da_fase"], e["a_fase"]) for e in body["eventi"]] == [
        ("", "primo_contatto"), ("primo_contatto", "informazione")]
    assert body["eventi"][1]["dati"] == {"nota": "Spiegato il Fondo di garanzia"}
    listed = client.get(f"/api/v1/persone/{person.pk}/percorsi/").json()
    assert [p["id"] for p in listed] == [body["id"]]


def test_given_an_illegal_transition_through_the_api_then_409_transizione_non_ammessa(
        tenant_a, tenant_client):
    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, "microcredito", "orientamento", user=operator)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = _post(client, f"/api/v1/percorsi/{pathway.pk}/transizioni/",
                     {"fase": "erogato", "dati": {"importo": "1000"}})

    assert response.status_code == 409
    assert response.json()["errore"] == {
        "codice": "transizione_non_ammessa",
        "messaggio": "Passaggio non ammesso: dalla fase «Orientamento» alla fase «Erogato».",
        "campi": {"fase": ["Passaggio non ammesso: dalla fase «Orientamento» alla fase "
                           "«Erogato»."]}}


def test_given_a_disbursement_over_the_limit_through_the_api_then_400_at_importo(
        tenant_a, tenant_client):
    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, "microcredito", "approvato", user=operator)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = _post(client, f"/api/v1/percorsi/{pathway.pk}/transizioni/", {
        "fase": "erogato", "dati": {"importo": "90000", "data_erogazione":
                                    timezone.localdate().isoformat()}})

    assert response.status_code == 400
    assert response.json()["errore"]["codice"] == "importo_oltre_il_limite"
    assert list(response.json()["errore"]["campi"]) == ["importo"]


def test_given_an_approved_loan_when_disbursing_through_the_api_then_amount_date_and_lender_are_recorded(  # noqa: E501
        tenant_a, tenant_client):
    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    lender = active_lender()
    with tenant_context(tenant_a):
        pathway = open_at(person, "microcredito", "approvato", user=operator)
    client = tenant_client(tenant_a, Role.OPERATOR)
    today = timezone.localdate().isoformat()

    body = _post(client, f"/api/v1/percorsi/{pathway.pk}/transizioni/", {
        "fase": "erogato", "dati": {"importo": "30000", "data_erogazione": today,
                                    "finanziatore": lender.pk}}).json()

    assert (body["importo_erogato"], body["data_erogazione"]) == ("30000.00", today)
    assert body["finanziatore"] == {"id": lender.pk, "denominazione": lender.name}
    assert body["eventi"][-1]["dati"]["finanziatore_nome"] == lender.name


def test_given_a_service_argument_smuggled_in_the_data_then_400(tenant_a, tenant_client):
    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, "lavoro", "orientamento", user=operator)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = _post(client, f"/api/v1/percorsi/{pathway.pk}/transizioni/",
                     {"fase": "cv", "dati": {"acting_user": 1}})

    assert response.status_code == 400


def test_given_a_second_open_pathway_through_the_api_then_409(tenant_a, tenant_client):
    person = make_person(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)
    _post(client, f"/api/v1/persone/{person.pk}/percorsi/", {"tipo": "lavoro"})

    response = _post(client, f"/api/v1/persone/{person.pk}/percorsi/", {"tipo": "lavoro"})

    assert response.status_code == 409
    assert response.json()["errore"]["codice"] == "percorso_gia_aperto"
    assert "tipo" in response.json()["errore"]["campi"]


def test_given_counter_staff_when_listing_lenders_then_active_ones_with_filters(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)

    everyone = client.get("/api/v1/finanziatori/").json()["results"]
    lazio = client.get("/api/v1/finanziatori/?regione=LAZ").json()["results"]

    assert all(item["attivo"] for item in everyone)
    assert {"Fondo Regionale Microcredito Esempio",
            "Microcredito Solidale Esempio S.p.A."} <= {i["denominazione"] for i in lazio}
    assert "Cassa Rurale del Sud Esempio" not in {i["denominazione"] for i in lazio}


def test_given_the_openapi_document_then_the_casework_resources_are_described(
        tenant_a, tenant_client):
    schema = tenant_client(tenant_a, Role.OPERATOR).get(
        "/api/schema/", HTTP_ACCEPT="application/json").json()

    for route in ("/api/v1/finanziatori/", "/api/v1/persone/{person_id}/consulenze/",
                  "/api/v1/consulenze/{consultation_id}/", "/api/v1/persone/{person_id}/percorsi/",
                  "/api/v1/percorsi/{pathway_id}/", "/api/v1/percorsi/{pathway_id}/transizioni/",
                  "/api/v1/cruscotto/"):
        assert route in schema["paths"], route


def _transition(tenant, client_for, stage: str, body: dict):
    """A microcredit pathway driven to ``stage``, then ``body`` posted as its transition."""
    operator = make_user(tenant, Role.OPERATOR)
    person = make_person(tenant)
    with tenant_context(tenant):
        pathway = open_at(person, "microcredito", stage, user=operator)
    client = client_for(tenant, Role.OPERATOR)
    return pathway, _post(client, f"/api/v1/percorsi/{pathway.pk}/transizioni/", body)


def test_given_data_the_api_cannot_read_when_disbursing_then_400_names_every_field_at_once(
        tenant_a, tenant_client):
    pathway, response = _transition(tenant_a, tenant_client, "approvato", {
        "fase": "erogato", "dati": {"importo": "tanti", "data_erogazione": "31/02/2026",
                                    "finanziatore": "nessuno"}})

    assert response.status_code == 400
    assert response.json()["errore"] == {
        "codice": "dati_non_validi", "messaggio": "Importo non valido.",
        "campi": {"importo": ["Importo non valido."], "data_erogazione": ["Data non valida."],
                  "finanziatore": ["Scegliere un finanziatore attivo dell'elenco nazionale."]}}
    with tenant_context(tenant_a):
        pathway.refresh_from_db()
        assert pathway.stage == "approvato"


def test_given_an_illegal_transition_with_data_the_api_cannot_read_then_409_first(
        tenant_a, tenant_client):
    _, response = _transition(tenant_a, tenant_client, "orientamento",
                              {"fase": "erogato", "dati": {"importo": "tanti"}})

    assert response.status_code == 409
    assert response.json()["errore"]["codice"] == "transizione_non_ammessa"
