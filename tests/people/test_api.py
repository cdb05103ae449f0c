"""The people API: search, retrieve, register (409 on a known codice fiscale),
update, consents and contacts; documented in the OpenAPI document."""

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from people import selectors
from people.models import Person
from tests.factories import GIULIA_BIANCHI, MARIO_ROSSI, make_person, person_data
from tests.support import audit_events

pytestmark = pytest.mark.django_db

NEW = {"codice_fiscale": GIULIA_BIANCHI, "nome": "Giulia", "cognome": "Bianchi",
       "telefono": "051 123456", "email": "giulia@example.it",
       "condizione_occupazionale": "neet", "vulnerabilita": ["genitore_solo"]}


@pytest.fixture
def api(tenant_a, tenant_client):
    return tenant_client(tenant_a, Role.OPERATOR)


def test_given_a_new_person_when_posted_then_201_with_the_decoded_birth_data(tenant_a, api):
    response = api.post("/api/v1/persone/", NEW, content_type="application/json")

    assert response.status_code == 201
    body = response.json()
    assert (body["data_nascita"], body["sesso"], body["luogo_nascita_codice"],
            body["luogo_nascita"]) == ("1992-07-15", "F", "A944", "Bologna")
    assert body["vulnerabilita"] == ["genitore_solo"]
    assert audit_events(tenant_a, "person.created", target_id=str(body["id"]))


def test_given_a_registered_code_when_posted_again_then_409_with_the_existing_id(
        tenant_a, api):
    existing = make_person(tenant_a, consent=False, data=person_data(
        first_name="Giulia", last_name="Bianchi", codice_fiscale=GIULIA_BIANCHI))

    response = api.post("/api/v1/persone/", NEW, content_type="application/json")

    assert response.status_code == 409
    error = response.json()["errore"]
    assert error["codice"] == "persona_gia_registrata"
    assert error["persona_esistente"] == {"id": existing.pk,
                                          "url": f"/api/v1/persone/{existing.pk}/"}
    assert error["campi"]["codice_fiscale"][0].startswith("Persona già registrata")
    with tenant_context(tenant_a):
        assert Person.objects.filter(codice_fiscale=GIULIA_BIANCHI).count() == 1


def test_given_data_that_disagree_with_the_code_when_posted_then_400_on_api_field_names(api):
    response = api.post("/api/v1/persone/", {**NEW, "data_nascita": "1992-07-16", "sesso": "M"},
                        content_type="application/json")

    assert response.status_code == 400
    error = response.json()["errore"]
    assert error["codice"] == "persona_non_valida"
    assert set(error["campi"]) == {"data_nascita", "sesso"}


def test_given_an_unknown_choice_when_posted_then_400_in_the_error_shape(api):
    response = api.post("/api/v1/persone/", {**NEW, "condizione_occupazionale": "pensionato"},
                        content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errore"]["codice"] == "dati_non_validi"
    assert "condizione_occupazionale" in response.json()["errore"]["campi"]


def test_given_people_when_searching_the_api_then_matches_only(tenant_a, api):
    make_person(tenant_a, person_data(), consent=False)
    make_person(tenant_a, consent=False, data=person_data(
        first_name="Giulia", last_name="Bianchi", codice_fiscale=GIULIA_BIANCHI, phone="", email="",
        employment_status="neet"))

    by_name = api.get("/api/v1/persone/", {"q": "bian"}).json()
    by_phone = api.get("/api/v1/persone/", {"q": "+39 333 1234567"}).json()
    filtered = api.get("/api/v1/persone/", {"condizione_occupazionale": "disoccupato_did"}).json()

    assert [p["cognome"] for p in by_name["results"]] == ["Bianchi"]
    assert [p["codice_fiscale"] for p in by_phone["results"]] == [MARIO_ROSSI]
    assert [p["cognome"] for p in filtered["results"]] == ["Rossi"]
    assert by_name["count"] == 1


def test_given_a_bad_date_filter_when_listing_then_400(api):
    response = api.get("/api/v1/persone/", {"registrata_dal": "ieri"})

    assert response.status_code == 400
    assert "registrata_dal" in response.json()["errore"]["campi"]


def test_given_a_person_when_retrieved_then_the_full_record(tenant_a, api):
    person = make_person(tenant_a, person_data(), consent=False)

    body = api.get(f"/api/v1/persone/{person.pk}/").json()

    assert (body["id"], body["codice_fiscale"], body["nome"], body["cognome"],
            body["telefono"], body["cittadinanza"]) == (
        person.pk, MARIO_ROSSI, "Mario", "Rossi", "+39 333 1234567", "000")


def test_given_a_person_when_patched_then_only_the_sent_fields_change(tenant_a, api):
    person = make_person(tenant_a, person_data(), consent=False)

    response = api.patch(f"/api/v1/persone/{person.pk}/",
                         {"telefono": "347 7654321", "vulnerabilita": ["over_50"]},
                         content_type="application/json")

    assert response.status_code == 200
    with tenant_context(tenant_a):
        person.refresh_from_db()
    assert (person.phone, person.vulnerabilities, person.email, person.birth_date.year) == (
        "347 7654321", ["over_50"], "mario.rossi@example.it", 1980)


def test_given_a_patch_to_a_registered_code_when_sent_then_409_with_the_other_person(
        tenant_a, api):
    rossi = make_person(tenant_a, person_data(), consent=False)
    bianchi = make_person(tenant_a, consent=False, data=person_data(
        first_name="Giulia", last_name="Bianchi", codice_fiscale=GIULIA_BIANCHI, phone="",
        email=""))

    response = api.patch(f"/api/v1/persone/{bianchi.pk}/",
                         {"codice_fiscale": MARIO_ROSSI, "nome": "Mario", "cognome": "Rossi"},
                         content_type="application/json")

    assert response.status_code == 409
    assert response.json()["errore"]["persona_esistente"]["id"] == rossi.pk


def test_given_a_person_when_consents_posted_then_listed_latest_first_and_enforced(
        tenant_a, api):
    person = make_person(tenant_a, person_data(), consent=False)
    url = f"/api/v1/persone/{person.pk}/consensi/"

    given = api.post(url, {"finalita": "trasmissione", "dato": True, "modalita": "cartaceo"},
                     content_type="application/json")
    withdrawn = api.post(url, {"finalita": "trasmissione", "dato": False,
                               "modalita": "verbale"}, content_type="application/json")
    history = api.get(url).json()

    assert (given.status_code, withdrawn.status_code) == (201, 201)
    assert given.json()["informativa"] == "1.0"
    assert given.json()["registrato_da"] == "operator@alfa.example.it"
    assert [(c["finalita"], c["dato"]) for c in history] == [
        ("trasmissione", False), ("trasmissione", True)]
    with tenant_context(tenant_a):
        assert not selectors.has_consent(person=person, purpose="trasmissione")


def test_given_a_consent_without_method_when_posted_then_400_on_modalita(tenant_a, api):
    person = make_person(tenant_a, person_data(), consent=False)

    response = api.post(f"/api/v1/persone/{person.pk}/consensi/",
                        {"finalita": "newsletter", "dato": True},
                        content_type="application/json")

    assert response.status_code == 400
    assert "modalita" in response.json()["errore"]["campi"]


def test_given_a_person_when_contacts_posted_then_listed(tenant_a, api):
    person = make_person(tenant_a, person_data(), consent=False)
    url = f"/api/v1/persone/{person.pk}/accoglienze/"

    created = api.post(url, {"canale": "terzo_settore", "motivo": "Orientamento",
                             "inviata_da": "Caritas diocesana",
                             "informazioni_fornite": "Microcredito sociale"},
                       content_type="application/json")
    listed = api.get(url).json()

    assert created.status_code == 201
    assert [(c["canale"], c["inviata_da"], c["operatore"]) for c in listed] == [
        ("terzo_settore", "Caritas diocesana", "operator@alfa.example.it")]


def test_given_an_empty_reason_when_posting_a_contact_then_400_on_motivo(tenant_a, api):
    person = make_person(tenant_a, person_data(), consent=False)

    response = api.post(f"/api/v1/persone/{person.pk}/accoglienze/",
                        {"canale": "telefono", "motivo": "   "},
                        content_type="application/json")

    assert response.status_code == 400
    assert "motivo" in response.json()["errore"]["campi"]


def test_given_the_openapi_document_then_the_people_resources_are_described(tenant_a,
                                                                            tenant_client):
    response = tenant_client(tenant_a, Role.OPERATOR).get("/api/schema/",
                                                          HTTP_ACCEPT="application/json")

    schema = response.json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/persone/"])
    assert {"get", "patch"} <= set(paths["/api/v1/persone/{id}/"])
    assert {"get", "post"} <= set(paths["/api/v1/persone/{person_id}/consensi/"])
    assert {"get", "post"} <= set(paths["/api/v1/persone/{person_id}/accoglienze/"])
    assert "409" in paths["/api/v1/persone/"]["post"]["responses"]
    assert "q" in [p["name"] for p in paths["/api/v1/persone/"]["get"]["parameters"]]
