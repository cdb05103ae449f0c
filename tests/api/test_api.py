"""The REST API: who am I, national resources, tokens, users, one error shape,
and the OpenAPI document."""

import json

import pytest
from django.test import Client

from accounts import audit_actions as actions
from accounts.models import Role, User
from tests.factories import PASSWORD, host_of, make_user
from tests.support import audit_events, in_schema

pytestmark = pytest.mark.django_db


def api_client(tenant, role=None) -> Client:
    client = Client(HTTP_HOST=host_of(tenant) if tenant else "localhost")
    if role:
        user = make_user(tenant, role)
        assert client.post("/accesso/", {"username": user.email, "password": PASSWORD}
                           ).status_code == 302
    return client


def token_for(tenant, role) -> str:
    response = api_client(tenant, role).post("/api/v1/token/")
    assert response.status_code == 200
    return response.json()["token"]


def error_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"errore"}
    assert {"codice", "messaggio"} <= set(body["errore"])
    return body["errore"]


# --- me --------------------------------------------------------------------

def test_given_an_operator_on_her_counter_when_asking_who_she_is_then_role_and_ente(tenant_a):
    response = api_client(tenant_a, Role.OPERATOR).get("/api/v1/me/")

    assert response.status_code == 200
    me = response.json()
    assert me["email"] == "operator@alfa.example.it"
    assert me["ruoli"] == ["operator"]
    assert me["ambito"] == "sportello"
    assert me["ente"] == {"slug": "alfa", "denominazione": "Comune di Alfa", "tipo": "comune"}


def test_given_the_supervisor_on_the_national_site_when_asking_who_he_is_then_national_scope():
    response = api_client(None, Role.SUPERVISOR).get("/api/v1/me/")

    me = response.json()
    assert me["ruoli"] == ["supervisor"]
    assert me["ambito"] == "nazionale"
    assert me["ente"] is None


def test_given_no_credentials_when_asking_who_i_am_then_non_autenticato(tenant_a):
    response = api_client(tenant_a).get("/api/v1/me/")

    assert response.status_code in (401, 403)
    assert error_of(response)["codice"] == "non_autenticato"
    assert error_of(response)["messaggio"] == "Autenticazione necessaria."


# --- enti (national only) ----------------------------------------------------

def test_given_the_supervisor_when_listing_administrations_then_both_counters(tenant_a, tenant_b):
    response = api_client(None, Role.SUPERVISOR).get("/api/v1/enti/")

    assert response.status_code == 200
    by_slug = {t["slug"]: t for t in response.json()["results"]}
    assert {"alfa", "beta"} <= set(by_slug)
    assert by_slug["alfa"]["denominazione"] == "Comune di Alfa"
    assert by_slug["alfa"]["dominio"] == "alfa.localhost"


def test_given_the_supervisor_when_filtering_by_name_then_only_matching_counters(tenant_a):
    response = api_client(None, Role.SUPERVISOR).get("/api/v1/enti/", {"q": "alfa"})

    assert [t["slug"] for t in response.json()["results"]] == ["alfa"]


def test_given_the_supervisor_when_reading_one_administration_then_its_summary(tenant_a):
    response = api_client(None, Role.SUPERVISOR).get("/api/v1/enti/alfa/")

    assert response.json()["servizi"] == ["Microcredito e autoimpiego"]


def test_given_an_anonymous_client_when_listing_administrations_then_non_autenticato():
    response = api_client(None).get("/api/v1/enti/")

    assert response.status_code in (401, 403)
    assert error_of(response)["codice"] == "non_autenticato"


def test_given_a_counter_operator_token_when_listing_administrations_on_her_domain_then_404(
        tenant_a):
    token = token_for(tenant_a, Role.OPERATOR)

    response = api_client(tenant_a).get("/api/v1/enti/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 404
    assert error_of(response)["codice"] == "non_trovato"


def test_given_the_tenant_admin_on_her_counter_when_listing_administrations_then_404(tenant_a):
    response = api_client(tenant_a, Role.TENANT_ADMIN).get("/api/v1/enti/")

    assert response.status_code == 404
    assert error_of(response) == {"codice": "non_trovato", "messaggio": "Risorsa non trovata."}


def test_given_a_national_user_without_supervision_when_listing_administrations_then_403(
        tenant_a):
    """A national user whose role is not supervisory (e.g. left over with a
    counter role) is authenticated but not allowed."""
    with in_schema(None):
        User.objects.create_user(email="operatore-nazionale@example.it", password=PASSWORD,
                                 role=Role.OPERATOR)
    client = api_client(None)
    client.post("/accesso/", {"username": "operatore-nazionale@example.it",
                              "password": PASSWORD})

    response = client.get("/api/v1/enti/")

    assert response.status_code == 403
    assert error_of(response) == {"codice": "permesso_negato",
                                  "messaggio": "Il suo ruolo non consente questa operazione."}


def test_given_an_unknown_administration_when_reading_it_then_json_404():
    response = api_client(None, Role.SUPERVISOR).get("/api/v1/enti/inesistente/")

    assert response.status_code == 404
    assert error_of(response)["codice"] == "non_trovato"


# --- tokens ------------------------------------------------------------------

def test_given_a_token_when_calling_with_it_then_the_user_is_recognised(tenant_a):
    token = token_for(tenant_a, Role.COORDINATOR)

    response = api_client(tenant_a).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 200
    assert response.json()["ruoli"] == ["coordinator"]


def test_given_a_token_issued_then_the_counter_audit_records_it(tenant_a):
    token_for(tenant_a, Role.COORDINATOR)

    assert audit_events(tenant_a, actions.API_TOKEN_ISSUED,
                        actor_label="coordinator@alfa.example.it")


def test_given_a_token_of_counter_a_when_used_on_counter_b_then_it_is_rejected(
        tenant_a, tenant_b):
    make_user(tenant_b, Role.COORDINATOR)  # the same e-mail exists on B, with no token
    token = token_for(tenant_a, Role.COORDINATOR)

    response = api_client(tenant_b).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code in (401, 403)
    assert error_of(response)["codice"] == "autenticazione_fallita"


def test_given_a_counter_token_when_used_on_the_national_site_then_it_is_rejected(tenant_a):
    token = token_for(tenant_a, Role.TENANT_ADMIN)

    response = api_client(None).get("/api/v1/enti/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code in (401, 403)
    assert error_of(response)["codice"] == "autenticazione_fallita"


def test_given_a_deactivated_user_when_calling_with_his_token_then_rejected(tenant_a):
    token = token_for(tenant_a, Role.OPERATOR)
    with in_schema(tenant_a):
        User.objects.filter(email="operator@alfa.example.it").update(is_active=False)

    response = api_client(tenant_a).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code in (401, 403)
    assert error_of(response)["codice"] == "autenticazione_fallita"


# --- one error shape -------------------------------------------------------------

@pytest.mark.parametrize("tenant_slug", ["alfa", None])
def test_given_an_unknown_api_path_when_called_then_a_json_404_in_the_error_shape(tenant_slug,
                                                                                 tenant_a):
    tenant = tenant_a if tenant_slug else None

    response = api_client(tenant).get("/api/v1/non-esiste/")

    assert response.status_code == 404
    assert error_of(response) == {"codice": "non_trovato", "messaggio": "Risorsa non trovata."}


def test_given_an_unknown_page_outside_the_api_when_opened_then_the_italian_page(tenant_a):
    response = api_client(tenant_a).get("/non-esiste/")

    assert response.status_code == 404
    assert "Pagina non trovata" in response.content.decode()


def test_given_a_wrong_method_when_called_then_metodo_non_ammesso(tenant_a):
    response = api_client(tenant_a, Role.OPERATOR).delete("/api/v1/me/")

    assert response.status_code == 405
    assert error_of(response)["codice"] == "metodo_non_ammesso"


def test_given_malformed_json_when_posting_then_richiesta_malformata(tenant_a):
    response = api_client(tenant_a, Role.TENANT_ADMIN).post(
        "/api/v1/utenti/", "{non json", content_type="application/json")

    assert response.status_code == 400
    assert error_of(response)["codice"] == "richiesta_malformata"


def test_given_missing_fields_when_creating_a_user_then_dati_non_validi_with_each_field(
        tenant_a):
    response = api_client(tenant_a, Role.TENANT_ADMIN).post(
        "/api/v1/utenti/", {"nome": "Lucia"}, content_type="application/json")

    error = error_of(response)
    assert response.status_code == 400
    assert error["codice"] == "dati_non_validi"
    assert error["messaggio"] == "Alcuni dati non sono validi."
    assert set(error["campi"]) == {"email", "ruolo"}
    assert all(isinstance(m, str) for msgs in error["campi"].values() for m in msgs)


# --- utenti ----------------------------------------------------------------------

def test_given_the_tenant_admin_when_listing_users_then_only_her_counter_staff(
        tenant_a, tenant_b):
    make_user(tenant_a, Role.OPERATOR)
    make_user(tenant_b, Role.OPERATOR, email="solo-su-beta@beta.example.it")

    response = api_client(tenant_a, Role.TENANT_ADMIN).get("/api/v1/utenti/")

    emails = {u["email"] for u in response.json()["results"]}
    assert {"operator@alfa.example.it", "tenant_admin@alfa.example.it"} <= emails
    assert "solo-su-beta@beta.example.it" not in emails


def test_given_an_operator_when_listing_users_then_permesso_negato(tenant_a):
    response = api_client(tenant_a, Role.OPERATOR).get("/api/v1/utenti/")

    assert response.status_code == 403
    assert error_of(response)["codice"] == "permesso_negato"


def test_given_the_tenant_admin_when_creating_a_user_then_201_and_audited(tenant_a):
    response = api_client(tenant_a, Role.TENANT_ADMIN).post("/api/v1/utenti/", {
        "email": "api.operatrice@alfa.example.it", "nome": "Ada", "cognome": "Bruni",
        "ruolo": "operator"}, content_type="application/json")

    assert response.status_code == 201
    assert response.json()["ruolo"] == "operator"
    assert response.json()["attivo"] is True
    [event] = audit_events(tenant_a, actions.USER_CREATED, target_label="Ada Bruni")
    assert event.actor_label == "tenant_admin@alfa.example.it"


def test_given_a_national_role_when_creating_a_counter_user_then_the_error_names_ruolo(tenant_a):
    response = api_client(tenant_a, Role.TENANT_ADMIN).post("/api/v1/utenti/", {
        "email": "x@alfa.example.it", "ruolo": "supervisor"}, content_type="application/json")

    error = error_of(response)
    assert response.status_code == 400
    assert error["codice"] == "utente_non_valido"
    assert error["campi"] == {"ruolo": ["Ruolo non ammesso per un utente di sportello."]}


def test_given_an_existing_email_when_creating_a_user_then_utente_esistente(tenant_a):
    make_user(tenant_a, Role.OPERATOR)

    response = api_client(tenant_a, Role.TENANT_ADMIN).post("/api/v1/utenti/", {
        "email": "operator@alfa.example.it", "ruolo": "operator"},
        content_type="application/json")

    assert error_of(response)["codice"] == "utente_esistente"
    assert list(error_of(response)["campi"]) == ["email"]


def test_given_the_tenant_admin_when_patching_a_role_then_it_changes(tenant_a):
    operator = make_user(tenant_a, Role.OPERATOR)

    response = api_client(tenant_a, Role.TENANT_ADMIN).patch(
        f"/api/v1/utenti/{operator.pk}/", json.dumps({"ruolo": "coordinator"}),
        content_type="application/json")

    assert response.status_code == 200
    assert response.json()["ruolo"] == "coordinator"
    with in_schema(tenant_a):
        assert User.objects.get(pk=operator.pk).role == Role.COORDINATOR


def test_given_a_user_of_another_counter_when_patched_then_json_404(tenant_a, tenant_b):
    with in_schema(tenant_b):
        stranger = User.objects.create_user(pk=876543, email="estraneo@beta.example.it",
                                            password=PASSWORD, role=Role.OPERATOR)

    response = api_client(tenant_a, Role.TENANT_ADMIN).patch(
        f"/api/v1/utenti/{stranger.pk}/", json.dumps({"ruolo": "tenant_admin"}),
        content_type="application/json")

    assert response.status_code == 404
    assert error_of(response)["codice"] == "non_trovato"
    with in_schema(tenant_b):
        assert User.objects.get(pk=stranger.pk).role == Role.OPERATOR


# --- OpenAPI -----------------------------------------------------------------------

def test_given_a_counter_domain_when_fetching_the_openapi_document_then_it_describes_its_api(
        tenant_a):
    response = api_client(tenant_a).get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    assert "/api/v1/me/" in paths
    assert "/api/v1/utenti/" in paths
    assert "/api/v1/enti/" not in paths


def test_given_the_national_domain_when_fetching_the_openapi_document_then_enti_is_there():
    response = api_client(None).get("/api/schema/", HTTP_ACCEPT="application/json")

    paths = json.loads(response.content)["paths"]
    assert "/api/v1/me/" in paths
    assert "/api/v1/enti/" in paths


def test_given_a_browser_when_opening_the_api_docs_then_the_page_renders(tenant_a):
    response = api_client(tenant_a).get("/api/docs/")

    assert response.status_code == 200
    assert "swagger" in response.content.decode().lower()
    # The page's script is a file of its own (no inline script under the CSP).
    assert "/api/schema/" in api_client(tenant_a).get("/api/docs/?script").content.decode()


def test_given_a_browser_session_without_the_csrf_token_when_posting_then_csrf_non_valido(
        tenant_a):
    user = make_user(tenant_a, Role.OPERATOR)
    client = Client(HTTP_HOST=host_of(tenant_a), enforce_csrf_checks=True)
    client.get("/accesso/")
    client.post("/accesso/", {"username": user.email, "password": PASSWORD,
                              "csrfmiddlewaretoken": client.cookies["csrftoken"].value})

    response = client.post("/api/v1/token/")

    assert response.status_code == 403
    assert error_of(response)["codice"] == "csrf_non_valido"


def test_given_a_validation_error_when_reported_then_the_messages_are_italian(tenant_a):
    response = api_client(tenant_a, Role.TENANT_ADMIN).post(
        "/api/v1/utenti/", {"email": "non-una-email", "ruolo": "operator"},
        content_type="application/json")

    assert error_of(response)["campi"] == {"email": ["Inserisci un indirizzo email valido."]}
