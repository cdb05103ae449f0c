"""GET /api/v1/codici/{tabella}/: the code tables, read by anyone."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def national():
    return Client(HTTP_HOST=settings.BASE_DOMAIN)


def test_anyone_reads_a_table_on_a_counters_domain(tenant_client, tenant_a):
    # given nobody logged in on counter A's domain
    client = tenant_client(tenant_a)
    # when the professions are searched for a cook
    response = client.get("/api/v1/codici/cp2011/", {"q": "5.2.2.1"})
    # then the category comes first, with its data
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 21
    first = body["results"][0]
    assert first == {"codice": "5.2.2.1", "descrizione": "CUOCHI IN ALBERGHI E RISTORANTI",
                     "livello": 4, "codice_padre": "5.2.2", "valido_dal": "2011-11-15",
                     "valido_al": None, "altri_dati": {"livello_nome": "categoria"}}


def test_staff_and_the_national_site_read_the_same(tenant_client, tenant_b, national):
    staff = tenant_client(tenant_b, Role.OPERATOR)
    on_counter = staff.get("/api/v1/codici/comuni/", {"q": "bologna"}).json()
    on_national = national.get("/api/v1/codici/comuni/", {"q": "bologna"}).json()
    assert on_counter == on_national
    assert on_counter["results"][0]["altri_dati"]["provincia"] == "BO"


def test_pages_are_asked_with_pagina(national):
    first = national.get("/api/v1/codici/cp2011/", {"q": "cuoco"}).json()
    second = national.get("/api/v1/codici/cp2011/", {"q": "cuoco", "pagina": 2}).json()
    assert len(first["results"]) == 20
    assert "pagina=2" in first["next"]
    assert {r["codice"] for r in first["results"]}.isdisjoint(
        r["codice"] for r in second["results"])


def test_a_page_past_the_end_is_a_404_in_the_error_shape(national):
    response = national.get("/api/v1/codici/patenti/", {"pagina": 99})
    assert response.status_code == 404
    assert response.json()["errore"]["codice"] == "non_trovato"


def test_an_unknown_table_is_a_404_in_the_error_shape(national, tenant_client, tenant_a):
    for client in (national, tenant_client(tenant_a)):
        response = client.get("/api/v1/codici/nessuna/")
        assert response.status_code == 404
        assert response.json()["errore"]["codice"] == "non_trovato"


def test_a_search_longer_than_200_characters_is_refused_at_q(national):
    response = national.get("/api/v1/codici/cp2011/", {"q": "a" * 201})
    assert response.status_code == 400
    error = response.json()["errore"]
    assert error["codice"] == "dati_non_validi"
    assert list(error["campi"]) == ["q"]
    assert national.get("/api/v1/codici/cp2011/", {"q": "a" * 200}).status_code == 200


def test_valid_on_a_day_and_level(national):
    ended = national.get("/api/v1/codici/ateco2022/", {"q": "01.11.10"}).json()
    assert ended["results"][0]["valido_al"] == "2024-12-31"
    today = national.get("/api/v1/codici/ateco2022/",
                         {"q": "01.11.10", "valido_il": "2026-01-01"}).json()
    assert today["count"] == 0
    sixth = national.get("/api/v1/codici/cp2011/", {"q": "5.2.2.1", "livello": 6}).json()
    assert sixth["count"] == 20
    assert national.get("/api/v1/codici/cp2011/", {"livello": 0}).status_code == 400
    assert national.get("/api/v1/codici/cp2011/", {"valido_il": "2026-13-01"}).status_code == 400


@pytest.mark.parametrize("text", ["%", "_", "\\", "' OR 1=1 --", "😀", "5.2.%"])
def test_hostile_searches_answer_200(national, text):
    assert national.get("/api/v1/codici/cp2011/", {"q": text}).status_code == 200


def test_the_tables_are_listed(national):
    body = national.get("/api/v1/codici/").json()
    assert {"tabella": "cp2011", "nome": "Professioni CP2011"} in body
    assert len(body) == 17


def test_the_openapi_document_describes_the_endpoint(national):
    document = national.get("/api/schema/?format=json").json()
    operation = document["paths"]["/api/v1/codici/{tabella}/"]["get"]
    assert {"200", "400", "404"} <= set(operation["responses"])
    assert operation["responses"]["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Errore"}
    assert {p["name"] for p in operation["parameters"]} >= {"tabella", "q", "pagina", "livello"}


def test_only_reading(national):
    assert national.post("/api/v1/codici/cp2011/", {}).status_code in (403, 405)
