"""The counter's administrator runs the service list, the hours and the
message models; other staff cannot."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from desks.models import MessageTemplate, OpeningHours, Service
from tests.support import text_of


@pytest.fixture
def admin_client(tenant_a, tenant_client):
    return tenant_client(tenant_a, Role.TENANT_ADMIN)


def test_given_the_admin_when_adding_a_service_then_it_is_listed_and_public(
        tenant_a, tenant_client, admin_client):
    response = admin_client.post("/servizi/nuovo/", {
        "name": "Sportello donne e impresa", "area": "microcredito",
        "description": "Fondo impresa femminile", "order": "5"}, follow=True)

    assert "Servizio «Sportello donne e impresa» aggiunto." in text_of(response)
    assert "Sportello donne e impresa" in text_of(tenant_client(tenant_a).get("/sportello/"))
    with tenant_context(tenant_a):
        assert Service.objects.get(name="Sportello donne e impresa").code == \
            "sportello-donne-e-impresa"


def test_given_an_existing_name_when_adding_a_service_then_the_error_is_at_the_name(
        admin_client):
    response = admin_client.post("/servizi/nuovo/", {
        "name": "tutoraggio: MARKETING", "area": "microcredito", "order": "0"})

    assert 'id="id_name-errore"' in response.content.decode()
    assert "Esiste già un servizio con questo nome." in text_of(response)


def test_given_the_admin_when_editing_and_deactivating_a_service_then_it_leaves_the_public_page(
        tenant_a, tenant_client, admin_client):
    with tenant_context(tenant_a):
        service = Service.objects.get(code="lavoro-formazione")

    admin_client.post(f"/servizi/{service.pk}/", {
        "name": "Corsi di formazione", "area": "lavoro", "description": "", "order": "1"})
    response = admin_client.post(f"/servizi/{service.pk}/attivo/", {"active": "0"}, follow=True)

    assert "Servizio «Corsi di formazione» disattivato." in text_of(response)
    public = text_of(tenant_client(tenant_a).get("/sportello/"))
    assert "Corsi di formazione" not in public
    assert "Bacheca delle opportunità di formazione" not in public


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.COORDINATOR])
@pytest.mark.parametrize("method,path", [
    ("get", "/servizi/"), ("get", "/servizi/nuovo/"), ("post", "/servizi/nuovo/"),
    ("get", "/servizi/orari/"), ("post", "/servizi/orari/"), ("get", "/servizi/modelli/"),
    ("get", "/servizi/modelli/nuovo/"),
])
def test_given_staff_without_admin_role_when_managing_the_counter_then_403(
        tenant_a, tenant_client, role, method, path):
    client = tenant_client(tenant_a, role)

    response = getattr(client, method)(path, {"name": "X", "area": "altro"}
                                       if method == "post" else None)

    assert response.status_code == 403
    assert "Il suo ruolo non consente di aprire questa pagina." in text_of(response)


def test_given_an_operator_when_reading_the_menu_then_agenda_but_not_servizi(
        tenant_a, tenant_client):
    page = tenant_client(tenant_a, Role.OPERATOR).get("/").content.decode()

    assert 'href="/agenda/"' in page
    assert 'href="/servizi/"' not in page


def test_given_the_admin_when_reading_the_menu_then_agenda_and_servizi(admin_client):
    page = admin_client.get("/").content.decode()

    assert 'href="/agenda/"' in page and 'href="/servizi/"' in page


def test_given_the_admin_when_adding_saturday_morning_then_it_is_a_new_range(
        tenant_a, admin_client):
    response = admin_client.post("/servizi/orari/", {
        "weekday": "5", "opens_at": "09:00", "closes_at": "12:00", "slot_minutes": "45"},
        follow=True)

    assert "Fascia oraria aggiunta." in text_of(response)
    assert "Sabato 09:00–12:00 45 minuti" in text_of(response)


@pytest.mark.parametrize("values,field,message", [
    ({"weekday": "0", "opens_at": "12:00", "closes_at": "15:00", "slot_minutes": "30"},
     "opens_at", "Questa fascia si sovrappone a un'altra dello stesso giorno."),
    ({"weekday": "5", "opens_at": "12:00", "closes_at": "11:00", "slot_minutes": "30"},
     "closes_at", "La chiusura deve essere dopo l'apertura."),
    ({"weekday": "5", "opens_at": "09:00", "closes_at": "09:20", "slot_minutes": "30"},
     "slot_minutes", "La fascia oraria è più breve di un appuntamento."),
    ({"weekday": "5", "opens_at": "09:00", "closes_at": "10:00", "slot_minutes": "5"},
     "slot_minutes", "La durata degli appuntamenti va da 10 a 240 minuti."),
])
def test_given_wrong_hours_when_saving_then_the_error_is_at_the_field(
        admin_client, values, field, message):
    response = admin_client.post("/servizi/orari/", values)

    assert response.status_code == 400
    assert f'id="id_{field}-errore"' in response.content.decode()
    assert message in text_of(response)


def test_given_the_admin_when_shortening_monday_then_the_new_hours_are_saved(
        tenant_a, admin_client):
    with tenant_context(tenant_a):
        monday = OpeningHours.objects.get(weekday=0)

    admin_client.post(f"/servizi/orari/{monday.pk}/", {
        "weekday": "0", "opens_at": "09:00", "closes_at": "11:00", "slot_minutes": "20"})

    with tenant_context(tenant_a):
        monday.refresh_from_db()
        assert (f"{monday.closes_at:%H:%M}", monday.slot_minutes) == ("11:00", 20)


def test_given_the_admin_when_removing_friday_then_friday_is_closed(tenant_a, admin_client):
    with tenant_context(tenant_a):
        friday = OpeningHours.objects.get(weekday=4)

    admin_client.post(f"/servizi/orari/{friday.pk}/elimina/")

    with tenant_context(tenant_a):
        assert not OpeningHours.objects.filter(weekday=4).exists()


def test_given_an_unknown_placeholder_when_saving_a_model_then_the_error_is_at_the_body(
        admin_client):
    response = admin_client.post("/servizi/modelli/nuovo/", {
        "name": "Sollecito", "subject": "Sollecito", "body": "Gentile {{ nome }}, {{ iban }}",
        "is_active": "on"})

    assert 'id="id_body-errore"' in response.content.decode()
    assert "Segnaposto sconosciuto: iban." in text_of(response)


def test_given_the_admin_when_editing_a_model_then_the_new_text_is_kept(tenant_a, admin_client):
    with tenant_context(tenant_a):
        template = MessageTemplate.objects.get(code="generico")

    response = admin_client.post(f"/servizi/modelli/{template.pk}/", {
        "name": "Generico", "subject": "Dallo sportello {{ sportello }}",
        "body": "Buongiorno {{ nome_completo }},\n{{ testo }}", "is_active": "on"}, follow=True)

    assert "Modello «Generico» salvato." in text_of(response)
    with tenant_context(tenant_a):
        template.refresh_from_db()
        assert template.subject == "Dallo sportello {{ sportello }}"
