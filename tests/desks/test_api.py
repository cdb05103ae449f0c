"""The desks API: services, appointments, messages; roles; one error shape."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from desks.models import MessageTemplate
from tests.factories import local, make_appointment, make_person, make_user, next_weekday


def api(tenant_client, tenant, role):
    return tenant_client(tenant, role)


def test_given_an_operator_when_listing_services_then_the_seeded_list(tenant_a, tenant_client):
    response = api(tenant_client, tenant_a, Role.OPERATOR).get("/api/v1/servizi/")

    assert response.status_code == 200
    names = [s["nome"] for s in response.json()]
    assert "Informazione sul microcredito" in names
    assert set(response.json()[0]) == {"id", "codice", "nome", "area", "descrizione", "ordine",
                                       "attivo"}


def test_given_an_operator_when_creating_a_service_then_403(tenant_a, tenant_client):
    response = api(tenant_client, tenant_a, Role.OPERATOR).post(
        "/api/v1/servizi/", {"nome": "Nuovo", "area": "altro"}, content_type="application/json")

    assert response.status_code == 403
    assert response.json()["errore"]["codice"] == "permesso_negato"


def test_given_the_admin_when_creating_and_deactivating_a_service_then_done(
        tenant_a, tenant_client):
    client = api(tenant_client, tenant_a, Role.TENANT_ADMIN)

    created = client.post("/api/v1/servizi/", {"nome": "Orientamento digitale",
                                               "area": "orientamento"},
                          content_type="application/json")
    updated = client.patch(f"/api/v1/servizi/{created.json()['id']}/", {"attivo": False},
                           content_type="application/json")

    assert created.status_code == 201
    assert created.json()["codice"] == "orientamento-digitale"
    assert updated.json()["attivo"] is False


def test_given_a_duplicate_name_when_creating_a_service_then_the_error_names_nome(
        tenant_a, tenant_client):
    response = api(tenant_client, tenant_a, Role.TENANT_ADMIN).post(
        "/api/v1/servizi/", {"nome": "Tutoraggio: marketing", "area": "microcredito"},
        content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errore"]["campi"] == {
        "nome": ["Esiste già un servizio con questo nome."]}


def test_given_an_operator_when_booking_via_api_then_201_and_a_second_overlap_is_409(
        tenant_a, tenant_client):
    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    client = api(tenant_client, tenant_a, Role.OPERATOR)
    starts = local(next_weekday(1), 9).isoformat()
    payload = {"persona": person.pk, "operatore": operator.pk, "inizio": starts,
               "durata_minuti": 60, "tipo": "secondo_colloquio"}

    created = client.post("/api/v1/appuntamenti/", payload, content_type="application/json")
    clash = client.post("/api/v1/appuntamenti/", {**payload, "inizio": local(
        next_weekday(1), 9, 30).isoformat()}, content_type="application/json")

    assert created.status_code == 201
    assert created.json()["stato"] == "prenotato"
    assert created.json()["persona"] == person.pk
    assert clash.status_code == 409
    assert clash.json()["errore"]["codice"] == "orario_occupato"
    assert "inizio" in clash.json()["errore"]["campi"]


def test_given_an_unknown_person_when_booking_via_api_then_400_at_persona(
        tenant_a, tenant_client):
    response = api(tenant_client, tenant_a, Role.OPERATOR).post(
        "/api/v1/appuntamenti/", {"persona": 987654321, "inizio": timezone.now().isoformat(),
                                  "tipo": "consulenza"}, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errore"]["campi"] == {"persona": ["Persona non trovata."]}


def test_given_appointments_when_filtering_by_operator_date_and_person_then_only_matching(
        tenant_a, tenant_client):
    operator = make_user(tenant_a, Role.OPERATOR)
    colleague = make_user(tenant_a, Role.OPERATOR, email="altro@alfa.example.it")
    person = make_person(tenant_a)
    day = next_weekday(2)
    mine = make_appointment(tenant_a, starts_at=local(day, 9), operator=operator, person=person)
    make_appointment(tenant_a, starts_at=local(day, 9), operator=colleague)
    make_appointment(tenant_a, starts_at=local(day + timedelta(days=1), 9), operator=operator)
    client = api(tenant_client, tenant_a, Role.OPERATOR)

    by_operator_and_day = client.get(f"/api/v1/appuntamenti/?operatore={operator.pk}"
                                     f"&data={day.isoformat()}").json()["results"]
    by_person = client.get(f"/api/v1/appuntamenti/?persona={person.pk}").json()["results"]

    assert [a["id"] for a in by_operator_and_day] == [mine.pk]
    assert [a["id"] for a in by_person] == [mine.pk]


def test_given_a_booked_appointment_when_changing_state_via_api_then_legal_and_illegal(
        tenant_a, tenant_client):
    appointment = make_appointment(tenant_a, starts_at=timezone.now() - timedelta(hours=1))
    client = api(tenant_client, tenant_a, Role.OPERATOR)
    url = f"/api/v1/appuntamenti/{appointment.pk}/stato/"

    done = client.post(url, {"stato": "svolto"}, content_type="application/json")
    again = client.post(url, {"stato": "annullato"}, content_type="application/json")

    assert done.status_code == 200 and done.json()["stato"] == "svolto"
    assert again.status_code == 409
    assert again.json()["errore"] == {
        "codice": "transizione_non_ammessa",
        "messaggio": "Un appuntamento già svolto non può essere annullato.",
        "campi": {"stato": ["Un appuntamento già svolto non può essere annullato."]}}


def test_given_a_person_without_consent_when_sending_via_api_then_403_consenso_mancante(
        tenant_a, tenant_client):
    person = make_person(tenant_a, consent=False)
    with tenant_context(tenant_a):
        generic = MessageTemplate.objects.get(code="generico").pk

    response = api(tenant_client, tenant_a, Role.OPERATOR).post(
        f"/api/v1/persone/{person.pk}/messaggi/", {"modello": generic, "testo": "Ciao"},
        content_type="application/json")

    assert response.status_code == 403
    assert response.json()["errore"]["codice"] == "consenso_mancante"


def test_given_a_person_without_email_when_sending_via_api_then_400_at_email(
        tenant_a, tenant_client):
    person = make_person(tenant_a, email="")
    with tenant_context(tenant_a):
        generic = MessageTemplate.objects.get(code="generico").pk

    response = api(tenant_client, tenant_a, Role.OPERATOR).post(
        f"/api/v1/persone/{person.pk}/messaggi/", {"modello": generic, "testo": "Ciao"},
        content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errore"]["codice"] == "email_mancante"
    assert "email" in response.json()["errore"]["campi"]


def test_given_a_person_when_sending_via_api_then_201_and_listed(tenant_a, tenant_client):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        generic = MessageTemplate.objects.get(code="generico").pk
    client = api(tenant_client, tenant_a, Role.OPERATOR)

    sent = client.post(f"/api/v1/persone/{person.pk}/messaggi/",
                       {"modello": generic, "testo": "Ciao"}, content_type="application/json")
    listed = client.get(f"/api/v1/persone/{person.pk}/messaggi/")

    assert sent.status_code == 201
    assert sent.json()["destinatario"] == "anna.verdi@example.it"
    assert [m["id"] for m in listed.json()] == [sent.json()["id"]]


def test_given_an_anonymous_caller_when_reading_the_agenda_api_then_401_or_403(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a).get("/api/v1/appuntamenti/")

    assert response.status_code in (401, 403)
    assert response.json()["errore"]["codice"] in ("non_autenticato", "permesso_negato")


def test_given_the_openapi_document_when_reading_it_then_the_desks_resources_are_described(
        tenant_a, tenant_client):
    schema = tenant_client(tenant_a, Role.OPERATOR).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    for path in ("/api/v1/servizi/", "/api/v1/servizi/{service_id}/",
                 "/api/v1/appuntamenti/", "/api/v1/appuntamenti/{appointment_id}/stato/",
                 "/api/v1/persone/{person_id}/messaggi/"):
        assert path in schema["paths"], path
    assert "409" in schema["paths"]["/api/v1/appuntamenti/{appointment_id}/stato/"]["post"][
        "responses"]

