"""A user of tenant B gets 404 for every desks object of tenant A, on every
page and every API resource; anonymous citizens book but see no agenda."""

from __future__ import annotations

from datetime import time

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from desks import services
from desks.models import Appointment, MessageTemplate, OpeningHours, OutgoingMessage, Service
from tests.factories import make_person, make_user, open_moment


@pytest.fixture
def objects_of_a(tenant_a, high_ids_in_a):
    """One of each desks object in tenant A, with ids tenant B does not have."""
    admin = make_user(tenant_a, Role.TENANT_ADMIN)
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        objects = {
            "service": services.create_service(name="Servizio di Alfa", area="altro",
                                               acting_user=admin),
            "hours": services.add_opening_hours(weekday=5, opens_at=time(9),
                                                closes_at=time(10), acting_user=admin),
            "template": services.create_message_template(
                name="Modello di Alfa", subject="Oggetto", body="Testo {{ nome }}",
                acting_user=admin),
            "appointment": services.schedule_appointment(
                person=person, starts_at=open_moment(2), kind="consulenza",
                acting_user=admin),
            "person": person,
        }
        objects["message"] = services.send_message(
            person=person, template=objects["template"], acting_user=admin)
    return objects


def ids(objects) -> dict:
    return {f"{name}_id": obj.pk for name, obj in objects.items()}


PAGES = [
    ("get", "/agenda/{appointment_id}/"),
    ("post", "/agenda/{appointment_id}/stato/"),
    ("post", "/agenda/{appointment_id}/modifica/"),
    ("get", "/servizi/{service_id}/"),
    ("post", "/servizi/{service_id}/"),
    ("post", "/servizi/{service_id}/attivo/"),
    ("get", "/servizi/orari/{hours_id}/"),
    ("post", "/servizi/orari/{hours_id}/elimina/"),
    ("get", "/servizi/modelli/{template_id}/"),
    ("get", "/persone/{person_id}/messaggi/"),
    ("get", "/persone/{person_id}/messaggi/nuovo/"),
    ("post", "/persone/{person_id}/messaggi/nuovo/"),
    ("get", "/persone/{person_id}/messaggi/anteprima/"),
    ("get", "/persone/{person_id}/messaggi/{message_id}/"),
]
API = [
    ("get", "/api/v1/servizi/{service_id}/"),
    ("patch", "/api/v1/servizi/{service_id}/"),
    ("get", "/api/v1/appuntamenti/{appointment_id}/"),
    ("post", "/api/v1/appuntamenti/{appointment_id}/stato/"),
    ("get", "/api/v1/persone/{person_id}/messaggi/"),
    ("post", "/api/v1/persone/{person_id}/messaggi/"),
    ("get", "/api/v1/persone/{person_id}/messaggi/{message_id}/"),
]


@pytest.mark.parametrize("method,path", PAGES)
def test_given_an_object_of_tenant_a_when_the_admin_of_b_opens_its_page_then_404(
        tenant_a, tenant_b, tenant_client, objects_of_a, method, path):
    client = tenant_client(tenant_b, Role.TENANT_ADMIN)

    response = getattr(client, method)(path.format(**ids(objects_of_a)))

    assert response.status_code == 404


@pytest.mark.parametrize("method,path", API)
def test_given_an_object_of_tenant_a_when_the_admin_of_b_calls_the_api_then_404(
        tenant_a, tenant_b, tenant_client, objects_of_a, method, path):
    client = tenant_client(tenant_b, Role.TENANT_ADMIN)

    response = getattr(client, method)(path.format(**ids(objects_of_a)),
                                       {"stato": "annullato", "modello": 1, "nome": "x"},
                                       content_type="application/json")

    assert response.status_code == 404
    assert response.json()["errore"]["codice"] == "non_trovato"


@pytest.mark.parametrize("method,path", PAGES)
def test_given_an_object_of_tenant_a_when_its_own_admin_opens_its_page_then_not_404(
        tenant_a, tenant_client, objects_of_a, method, path):
    """The same routes work in A: the 404s above are the isolation, not broken routes."""
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    response = getattr(client, method)(path.format(**ids(objects_of_a)))

    assert response.status_code != 404


def test_given_tenant_a_data_when_listing_on_b_then_none_of_it_appears(
        tenant_b, tenant_client, objects_of_a):
    client = tenant_client(tenant_b, Role.TENANT_ADMIN)

    services_b = [s["nome"] for s in client.get("/api/v1/servizi/").json()]
    appointments_b = client.get(
        f"/api/v1/appuntamenti/?persona={objects_of_a['person'].pk}").json()["results"]

    assert "Servizio di Alfa" not in services_b
    assert appointments_b == []
    assert "Servizio di Alfa" not in client.get("/sportello/").content.decode()
    with tenant_context(tenant_b):
        assert not Service.objects.filter(name="Servizio di Alfa").exists()
        assert not OutgoingMessage.objects.filter(pk=objects_of_a["message"].pk).exists()
        assert not MessageTemplate.objects.filter(name="Modello di Alfa").exists()
        assert not OpeningHours.objects.filter(weekday=5).exists()
        assert not Appointment.objects.filter(pk=objects_of_a["appointment"].pk).exists()


@pytest.mark.parametrize("path", ["/agenda/", "/agenda/nuovo/", "/servizi/",
                                  "/servizi/orari/", "/servizi/modelli/",
                                  "/agenda/cerca-persona/?q=ver"])
def test_given_an_anonymous_visitor_when_opening_staff_pages_then_the_login_page(
        tenant_a, tenant_client, path):
    response = tenant_client(tenant_a).get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/accesso/")


@pytest.mark.parametrize("path", ["/api/v1/servizi/", "/api/v1/appuntamenti/",
                                  "/api/v1/orari/", "/api/v1/modelli-messaggio/"])
def test_given_an_anonymous_caller_when_calling_desks_api_then_refused(
        tenant_a, tenant_client, path):
    response = tenant_client(tenant_a).get(path)

    assert response.status_code in (401, 403)


@pytest.mark.parametrize("path", ["/sportello/", "/prenota/"])
def test_given_an_anonymous_citizen_when_opening_public_pages_then_they_open(
        tenant_a, tenant_client, path):
    assert tenant_client(tenant_a).get(path).status_code == 200


@pytest.mark.parametrize("path", ["/sportello/", "/prenota/", "/agenda/"])
def test_given_the_national_site_when_opening_counter_pages_then_404(tenant_client, path):
    assert tenant_client(None).get(path).status_code == 404


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.COORDINATOR, Role.TENANT_ADMIN])
def test_given_any_counter_staff_when_opening_the_agenda_then_it_opens(
        tenant_a, tenant_client, role):
    response = tenant_client(tenant_a, role).get("/agenda/")

    assert response.status_code == 200
