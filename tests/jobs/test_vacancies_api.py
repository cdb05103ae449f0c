"""The job desk's API: employers, conventions, vacancies and their transitions,
needs, authorisation; roles, the error shape, cross-tenant 404 everywhere."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from tests.factories import (
    PIVA_ACME,
    PIVA_BETA,
    PIVA_WRONG_CHECK,
    bump_ids,
    make_employer,
    make_need,
    make_vacancy,
)

JSON = "application/json"


def test_an_employer_with_a_wrong_check_digit_gets_the_error_shape(tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)
    answer = client.post("/api/v1/lavoro/aziende/", {"ragione_sociale": "Acme",
                                                     "partita_iva": PIVA_WRONG_CHECK},
                         content_type=JSON)
    assert answer.status_code == 400
    assert answer.json()["errore"]["codice"] == "dati_non_validi"
    assert "partita_iva" in answer.json()["errore"]["campi"]
    created = client.post("/api/v1/lavoro/aziende/", {"ragione_sociale": "Acme",
                                                      "partita_iva": PIVA_BETA},
                          content_type=JSON)
    assert created.status_code == 201
    employer_id = created.json()["id"]
    assert client.patch(f"/api/v1/lavoro/aziende/{employer_id}/", {"telefono": "051 22 33 44"},
                        content_type=JSON).json()["telefono"] == "051 22 33 44"
    wrong = client.post(f"/api/v1/lavoro/aziende/{employer_id}/convenzioni/", {
        "oggetto": "Tirocini", "dal": "2025-03-01", "al": "2025-02-01"}, content_type=JSON)
    assert wrong.status_code == 400 and "al" in wrong.json()["errore"]["campi"]


def test_a_vacancy_goes_through_its_transitions(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        employer = make_employer()
    client = tenant_client(tenant_a, Role.OPERATOR)
    today = date.today()
    created = client.post("/api/v1/lavoro/offerte/", {
        "azienda": employer.pk, "professione": "5.2.2.1.0.3", "titolo": "Cuoco",
        "comune": "A944", "ore_settimanali": 0,
    }, content_type=JSON)
    assert created.status_code == 400
    assert "ore_settimanali" in created.json()["errore"]["campi"]
    created = client.post("/api/v1/lavoro/offerte/", {
        "azienda": employer.pk, "professione": "5.2.2.1.0.3", "titolo": "Cuoco",
        "comune": "A944", "ore_settimanali": 38, "lingue": [{"lingua": "001", "livello": "B1"}],
        "pubblicata_dal": str(today), "pubblicata_fino_al": str(today + timedelta(days=9)),
    }, content_type=JSON)
    assert created.status_code == 201, created.json()
    vacancy_id = created.json()["id"]
    published = client.post(f"/api/v1/lavoro/offerte/{vacancy_id}/pubblica/", {},
                            content_type=JSON)
    assert published.json()["stato"] == "pubblicata"
    again = client.post(f"/api/v1/lavoro/offerte/{vacancy_id}/pubblica/", {}, content_type=JSON)
    assert again.status_code == 409
    assert again.json()["errore"]["codice"] == "transizione_non_ammessa"
    closed = client.post(f"/api/v1/lavoro/offerte/{vacancy_id}/chiudi/", {"motivo": "coperta"},
                         content_type=JSON)
    assert [e["a"] for e in closed.json()["eventi"]] == ["bozza", "pubblicata", "chiusa"]
    listed = client.get("/api/v1/lavoro/offerte/?stato=chiusa").json()
    assert [v["id"] for v in listed["results"]] == [vacancy_id]


def test_a_need_is_converted_through_the_api(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        need = make_need()
        employer = make_employer(partita_iva=PIVA_ACME)
    client = tenant_client(tenant_a, Role.COORDINATOR)
    answer = client.post(f"/api/v1/lavoro/richieste/{need.pk}/offerta/", {
        "azienda": employer.pk, "professione": "5.2.2.1.0.3", "titolo": "Cuoco",
        "comune": "A944"}, content_type=JSON)
    assert answer.status_code == 201 and answer.json()["richiesta"] == need.pk
    assert client.get(f"/api/v1/lavoro/richieste/{need.pk}/").json()["stato"] == "convertita"


def test_the_authorisation_is_recorded_by_the_administrator_only(tenant_a, tenant_client):
    body = {"numero_albo": "AG-1", "rilasciata_il": "2024-01-01", "valida_dal": "2024-01-01"}
    operator = tenant_client(tenant_a, Role.OPERATOR)
    assert operator.get("/api/v1/lavoro/autorizzazione/").status_code == 200
    assert operator.post("/api/v1/lavoro/autorizzazione/", body,
                         content_type=JSON).status_code == 403
    admin = tenant_client(tenant_a, Role.TENANT_ADMIN)
    assert admin.post("/api/v1/lavoro/autorizzazione/", body, content_type=JSON).status_code == 201
    state = admin.get("/api/v1/lavoro/autorizzazione/").json()
    assert state["in_vigore"]["numero_albo"] == "AG-1" and state["avviso"] == ""


def test_anonymous_callers_are_refused(tenant_a, tenant_client):
    assert tenant_client(tenant_a).get("/api/v1/lavoro/offerte/").status_code in (401, 403)


JOBS_TABLES = ("jobs_employer", "jobs_vacancy", "jobs_staffingneed", "jobs_convention")


@pytest.fixture
def objects_of_a(tenant_a):
    bump_ids(tenant_a, JOBS_TABLES)
    with tenant_context(tenant_a):
        vacancy = make_vacancy(published=True)
        return {"employer_id": vacancy.employer_id, "vacancy_id": vacancy.pk,
                "need_id": make_need().pk}


RESOURCES = [
    ("get", "/api/v1/lavoro/aziende/{employer_id}/"),
    ("patch", "/api/v1/lavoro/aziende/{employer_id}/"),
    ("get", "/api/v1/lavoro/aziende/{employer_id}/convenzioni/"),
    ("post", "/api/v1/lavoro/aziende/{employer_id}/convenzioni/"),
    ("get", "/api/v1/lavoro/offerte/{vacancy_id}/"),
    ("patch", "/api/v1/lavoro/offerte/{vacancy_id}/"),
    ("post", "/api/v1/lavoro/offerte/{vacancy_id}/pubblica/"),
    ("post", "/api/v1/lavoro/offerte/{vacancy_id}/chiudi/"),
    ("get", "/api/v1/lavoro/richieste/{need_id}/"),
    ("post", "/api/v1/lavoro/richieste/{need_id}/esaminata/"),
    ("post", "/api/v1/lavoro/richieste/{need_id}/respingi/"),
    ("post", "/api/v1/lavoro/richieste/{need_id}/offerta/"),
]


def test_another_tenant_gets_404_for_every_resource(tenant_b, tenant_client, objects_of_a):
    client = tenant_client(tenant_b, Role.TENANT_ADMIN)
    with tenant_context(tenant_b):
        make_vacancy()  # tenant B has rows of its own: the 404 is isolation
    for method, url in RESOURCES:
        answer = getattr(client, method)(url.format(**objects_of_a), {}, content_type=JSON)
        assert answer.status_code == 404, (method, url, answer.status_code)
        assert answer.json()["errore"]["codice"] == "non_trovato"
