"""The input boundary (core.fields, core.middleware, api.parsers, config.handlers):
odd input gets a clear Italian error at its field (UI) or the JSON error shape
with the field under ``campi`` (API), never a server error."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import Role
from casework.models import Stage
from desks.models import Service
from tests.factories import host_of, make_person, make_user, open_at
from tests.support import text_of

pytestmark = pytest.mark.django_db

EDGES = ["0001-01-01", "9999-12-31"]
RANGE_ERROR = "Indicare una data tra il 01/01/1900 e il 31/12/2199."
NUL_ERROR = "Il testo contiene caratteri non ammessi (carattere nullo)."


def error_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert set(body) == {"errore"} and {"codice", "messaggio"} <= set(body["errore"])
    return body["errore"]


# --- Dates at the ends of the calendar -------------------------------------------

@pytest.mark.parametrize("edge", EDGES)
@pytest.mark.parametrize("page", [
    "/agenda/?vista=settimana&data={d}", "/agenda/?vista=giorno&data={d}",
    "/persone/?dal={d}&al={d}", "/consulenze/?dal={d}&al={d}", "/cruscotto/?dal={d}&al={d}"])
def test_given_a_date_at_the_end_of_the_calendar_when_filtering_a_page_then_no_server_error(
        tenant_a, tenant_client, page, edge):
    client = tenant_client(tenant_a, Role.COORDINATOR)

    response = client.get(page.format(d=edge))

    assert response.status_code == 200


def test_given_a_date_outside_the_range_when_filtering_people_then_the_field_says_why(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.get("/persone/?dal=0001-01-01")

    assert RANGE_ERROR in text_of(response)


@pytest.mark.parametrize("edge", EDGES)
@pytest.mark.parametrize(("path", "param"), [
    ("/api/v1/appuntamenti/", "al"), ("/api/v1/appuntamenti/", "dal"),
    ("/api/v1/appuntamenti/", "data"), ("/api/v1/persone/", "registrata_al"),
    ("/api/v1/persone/", "registrata_dal"), ("/api/v1/cruscotto/", "dal"),
    ("/api/v1/cruscotto/", "al"),
])
def test_given_a_date_at_the_end_of_the_calendar_when_filtering_the_api_then_400_at_the_param(
        tenant_a, tenant_client, path, param, edge):
    client = tenant_client(tenant_a, Role.COORDINATOR)

    response = client.get(f"{path}?{param}={edge}")

    assert response.status_code == 400
    assert error_of(response)["campi"][param] == [RANGE_ERROR]


def test_given_the_last_safe_day_when_listing_appointments_then_the_range_is_answered(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.get("/api/v1/appuntamenti/?al=2199-12-31")

    assert response.status_code == 200


def test_given_a_pathway_step_dated_year_one_then_400_at_the_date(tenant_a, tenant_client):
    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, "lavoro", Stage.REFERRAL, user=operator)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/api/v1/percorsi/{pathway.pk}/transizioni/", {
        "fase": "collocato", "dati": {"tipo_contratto": "determinato",
                                      "data_assunzione": "0001-01-01"}},
        content_type="application/json")

    assert response.status_code == 400
    assert RANGE_ERROR in json.dumps(error_of(response), ensure_ascii=False)


def test_given_an_id_beyond_any_column_when_filtering_the_agenda_then_no_server_error(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)

    page = client.get("/agenda/?operatore=99999999999999999999")
    api = client.get("/api/v1/appuntamenti/?operatore=99999999999999999999")

    assert page.status_code == 200
    assert api.status_code == 400
    assert list(error_of(api)["campi"]) == ["operatore"]


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00"])
def test_given_a_consultation_at_the_end_of_the_calendar_through_the_api_then_400_at_data_ora(
        tenant_a, tenant_client, moment):
    person = make_person(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/api/v1/persone/{person.pk}/consulenze/", {
        "data_ora": moment, "durata_minuti": 25, "modalita": "video", "argomenti": ["Prova"]},
        content_type="application/json")

    assert response.status_code == 400
    assert error_of(response)["campi"] == {"data_ora": [RANGE_ERROR]}


@pytest.mark.parametrize("moment", ["9999-12-31T23:59", "0001-01-01T00:00"])
def test_given_a_consultation_at_the_end_of_the_calendar_in_the_form_then_the_field_says_why(
        tenant_a, tenant_client, moment):
    person = make_person(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/persone/{person.pk}/consulenze/nuova/", {
        "occurred_at": moment, "duration_minutes": "25", "mode": "video", "topics": "Prova"})

    assert response.status_code == 200
    assert RANGE_ERROR in text_of(response)


# --- Amounts bounded by their column ---------------------------------------------

@pytest.mark.parametrize("amount", ["1e30", "99999999999999", "NaN", "Infinity", "1E+3"])
def test_given_an_absurd_amount_when_sending_a_pathway_to_the_lender_then_400_at_the_amount(
        tenant_a, tenant_client, amount):
    from tests.factories import active_lender

    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    lender = active_lender()
    with tenant_context(tenant_a):
        pathway = open_at(person, "microcredito", Stage.BUSINESS_PLAN, user=operator)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/api/v1/percorsi/{pathway.pk}/transizioni/", {
        "fase": "invio_finanziatore",
        "dati": {"finanziatore": lender.pk, "importo_richiesto": amount}},
        content_type="application/json")

    assert response.status_code == 400
    assert list(error_of(response)["campi"]) == ["importo_richiesto"]


# --- Integers bounded by their column --------------------------------------------

def test_given_an_order_beyond_the_column_when_creating_a_service_through_the_api_then_400(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    response = client.post("/api/v1/servizi/", {"nome": "Orientamento", "area": "lavoro",
                                                "ordine": 32768},
                           content_type="application/json")

    assert response.status_code == 400
    assert list(error_of(response)["campi"]) == ["ordine"]
    with tenant_context(tenant_a):
        assert not Service.objects.filter(name="Orientamento").exists()


def test_given_an_order_beyond_the_column_when_creating_a_service_in_the_form_then_field_error(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    response = client.post("/servizi/nuovo/", {"name": "Orientamento", "area": "lavoro",
                                               "order": "32768"})

    assert response.status_code == 200
    assert "Il valore non può superare 32767." in text_of(response)
    with tenant_context(tenant_a):
        assert not Service.objects.filter(name="Orientamento").exists()


# --- NUL bytes -------------------------------------------------------------------

@pytest.mark.parametrize(("path", "param"), [
    ("/finanziatori/", "q"), ("/personale/", "q"),
    ("/persone/luoghi-di-nascita/", "birth_place_name"), ("/persone/", "q"),
])
def test_given_a_nul_byte_in_a_query_parameter_of_a_page_then_an_italian_400_page(
        tenant_a, tenant_client, path, param):
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    response = client.get(f"{path}?{param}=ro%00ssi")

    assert response.status_code == 400
    assert NUL_ERROR in text_of(response)


@pytest.mark.parametrize("path", ["/api/v1/finanziatori/", "/api/v1/utenti/", "/api/v1/persone/"])
def test_given_a_nul_byte_in_an_api_query_parameter_then_400_with_the_parameter(
        tenant_a, tenant_client, path):
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    response = client.get(f"{path}?q=a%00b")

    assert response.status_code == 400
    assert error_of(response)["campi"] == {"q": [NUL_ERROR]}


def test_given_a_nul_byte_in_a_form_field_then_an_italian_400_page(tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    response = client.post("/servizi/nuovo/", {"name": "Prova\x00nulla", "area": "lavoro"})

    assert response.status_code == 400
    assert NUL_ERROR in text_of(response)
    with tenant_context(tenant_a):
        assert not Service.objects.filter(name__startswith="Prova").exists()


def test_given_a_nul_byte_in_a_json_string_then_400_naming_the_field(tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    response = client.post("/api/v1/servizi/", {"nome": "Orienta\x00mento", "area": "lavoro"},
                           content_type="application/json")

    assert response.status_code == 400
    assert error_of(response)["campi"] == {"nome": [NUL_ERROR]}


def test_given_a_nul_byte_in_the_national_user_search_then_an_italian_400_page(tenant_client):
    client = tenant_client(None, Role.PLATFORM_ADMIN)

    response = client.get("/utenti/?q=ro%00ssi")

    assert response.status_code == 400
    assert NUL_ERROR in text_of(response)


# --- JSON depth and size -----------------------------------------------------------

def test_given_json_nested_a_hundred_thousand_levels_then_400_richiesta_malformata(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    response = client.post("/api/v1/servizi/", "[" * 100_000 + "]" * 100_000,
                           content_type="application/json")

    assert response.status_code == 400
    assert error_of(response)["codice"] == "richiesta_malformata"


def test_given_json_nested_just_beyond_the_limit_then_400_richiesta_malformata(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)
    body = {"nome": "Orientamento", "area": "lavoro", "x": json.loads("[" * 40 + "]" * 40)}

    response = client.post("/api/v1/servizi/", body, content_type="application/json")

    assert response.status_code == 400
    assert error_of(response)["codice"] == "richiesta_malformata"


def test_given_a_json_body_over_the_upload_limit_then_413_in_the_error_shape(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)
    body = {"nome": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10), "area": "lavoro"}

    response = client.post("/api/v1/servizi/", body, content_type="application/json")

    assert response.status_code == 413
    assert error_of(response)["codice"] == "richiesta_troppo_grande"


# --- Errors raised by Django before any view, in the API's shape -----------------

def test_given_too_many_form_fields_on_the_api_then_400_troppi_campi(tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)
    fields = {f"f{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}

    response = client.post("/api/v1/servizi/", fields)

    assert response.status_code == 400
    assert error_of(response)["codice"] == "troppi_campi"


def test_given_a_form_body_over_the_limit_on_the_api_then_413_richiesta_troppo_grande(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    response = client.post("/api/v1/servizi/",
                           {"nome": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})

    assert response.status_code == 413
    assert error_of(response)["codice"] == "richiesta_troppo_grande"


def test_given_a_host_outside_the_allowed_ones_on_the_api_then_400_host_non_valido():
    response = Client(HTTP_HOST="example.com").get("/api/v1/me/")

    assert response.status_code == 400
    assert error_of(response)["codice"] == "host_non_valido"


def test_given_an_unknown_counter_host_on_the_api_then_404_in_the_error_shape():
    response = Client(HTTP_HOST=f"nessuno.{settings.BASE_DOMAIN}").get("/api/v1/me/")

    assert response.status_code == 404
    assert error_of(response)["codice"] == "non_trovato"


def test_given_the_openapi_document_then_every_operation_lists_its_errors_in_the_error_shape(
        tenant_a):
    document = Client(HTTP_HOST=host_of(tenant_a)).get("/api/schema/?format=json").json()

    post = document["paths"]["/api/v1/servizi/"]["post"]["responses"]
    get = document["paths"]["/api/v1/servizi/"]["get"]["responses"]
    assert {"400", "401", "403", "404", "405", "409", "413", "415", "429"} <= set(post)
    assert {"400", "401", "403", "404", "405", "429"} <= set(get)
    assert post["413"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Errore"}
    appointment = document["components"]["schemas"]["Appointment"]["properties"]
    assert appointment["operatore_email"].get("nullable") is True


# --- No-store on personal data -------------------------------------------------------

def test_given_a_logged_in_operator_when_opening_a_page_then_it_is_never_stored(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.get("/persone/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"


@pytest.mark.parametrize("role", [None, Role.OPERATOR])
def test_given_any_api_answer_then_it_is_never_stored(tenant_a, tenant_client, role):
    client = tenant_client(tenant_a, role)

    response = client.get("/api/v1/me/")

    assert "no-store" in response["Cache-Control"]


def test_given_an_anonymous_visitor_of_the_public_page_then_it_may_be_cached(tenant_a):
    response = Client(HTTP_HOST=host_of(tenant_a)).get("/sportello/")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- Page numbers ----------------------------------------------------------------

@pytest.mark.parametrize("path", ["/persone/", "/persone/risultati/", "/consulenze/",
                                  "/finanziatori/", "/api/v1/persone/"])
def test_given_a_page_number_beyond_any_column_then_no_server_error(
        tenant_a, tenant_client, path):
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.get(f"{path}?pagina=99999999999999999999&page=99999999999999999999")

    assert response.status_code in (200, 404)
