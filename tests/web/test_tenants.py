"""The national site: the platform administrator provisions, suspends and
reactivates administrations; the supervisor only looks."""

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from tenants import audit_actions as actions
from tenants.models import Tenant
from tests.factories import PASSWORD, make_user
from tests.support import audit_events, link_in_last_mail, tasks_run_at_once, text_of

pytestmark = pytest.mark.django_db

ADMIN_IP = "198.51.100.7"


def national_client(role) -> Client:
    user = make_user(None, role)
    client = Client(HTTP_HOST="localhost", REMOTE_ADDR=ADMIN_IP)
    assert client.post("/accesso/", {"username": user.email, "password": PASSWORD}
                       ).status_code == 302
    return client


def gamma(**overrides) -> dict:
    return {"name": "Comune di Gamma", "slug": "gamma", "kind": Tenant.Kind.COMUNE,
            "region": "TOS", "province": "fi", "istat_code": "048017",
            "codice_ipa": "c_gamma", "codice_fiscale": "01232710374",
            "offers_microcredit": "on", "offers_job_desk": "on",
            "admin_email": "admin@gamma.example.it", "admin_first_name": "Gino",
            "admin_last_name": "Verdi", "domain": "", **overrides}


def test_given_the_platform_admin_when_provisioning_an_administration_then_it_is_listed(
        django_capture_on_commit_callbacks):
    client = national_client(Role.PLATFORM_ADMIN)

    with tasks_run_at_once(), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/enti/nuovo/", gamma(), follow=True)

    page = text_of(response)
    assert "Ente «Comune di Gamma» attivato" in page
    assert "Comune di Gamma Comune Toscana Attivo http://gamma.localhost/" in page
    tenant = Tenant.objects.get(slug="gamma")
    assert tenant.province == "FI"
    assert tenant.modules == ["Microcredito e autoimpiego", "Sportello lavoro"]
    with tenant_context(tenant):
        assert User.objects.get(email="admin@gamma.example.it").role == Role.TENANT_ADMIN
    host, _path = link_in_last_mail("admin@gamma.example.it")
    assert host == "gamma.localhost"


def test_given_a_provisioning_when_it_succeeds_then_the_national_audit_names_who_and_from_where():
    client = national_client(Role.PLATFORM_ADMIN)

    client.post("/enti/nuovo/", gamma())

    [event] = audit_events(None, actions.TENANT_PROVISIONED, target_label="Comune di Gamma")
    assert event.actor_label == "platform_admin@nazionale.example.it"
    assert event.ip_address == ADMIN_IP
    assert event.details["domain"] == "gamma.localhost"


def test_given_a_wrong_codice_fiscale_when_provisioning_then_the_error_is_at_its_field():
    client = national_client(Role.PLATFORM_ADMIN)

    response = client.post("/enti/nuovo/", gamma(codice_fiscale="01232710375"))

    assert response.status_code == 200
    assert ('id="id_codice_fiscale-errore">Codice fiscale dell&#x27;ente non valido'
            in response.content.decode())
    assert not Tenant.objects.filter(slug="gamma").exists()


def test_given_a_slug_already_taken_when_provisioning_then_the_error_is_at_the_slug(tenant_a):
    client = national_client(Role.PLATFORM_ADMIN)

    response = client.post("/enti/nuovo/", gamma(slug="alfa"))

    assert ('id="id_slug-errore">Esiste già un ente con questo identificativo.'
            in response.content.decode())
    assert Tenant.objects.filter(slug="alfa").count() == 1


def test_given_an_invalid_admin_email_when_provisioning_then_the_error_is_at_the_admin_email():
    client = national_client(Role.PLATFORM_ADMIN)

    response = client.post("/enti/nuovo/", gamma(admin_email="non-una-email"))

    assert 'id="id_admin_email-errore">Indirizzo e-mail non valido.' in response.content.decode()
    assert not Tenant.objects.filter(slug="gamma").exists()


def test_given_the_supervisor_when_posting_a_provisioning_then_403_and_nothing_is_created():
    client = national_client(Role.SUPERVISOR)

    response = client.post("/enti/nuovo/", gamma())

    assert response.status_code == 403
    assert not Tenant.objects.filter(slug="gamma").exists()


def test_given_the_platform_admin_when_suspending_a_counter_then_its_site_says_so(tenant_a):
    client = national_client(Role.PLATFORM_ADMIN)

    response = client.post("/enti/alfa/stato/", {"azione": "sospendi"}, follow=True)
    counter = Client(HTTP_HOST="alfa.localhost").get("/accesso/")

    assert "Ente «Comune di Alfa» sospeso." in text_of(response)
    assert "Riattiva Comune di Alfa" in text_of(response)
    assert counter.status_code == 503
    assert "Lo sportello è temporaneamente sospeso." in text_of(counter)
    [event] = audit_events(None, actions.TENANT_STATUS_CHANGED, target_label="Comune di Alfa")
    assert event.actor_label == "platform_admin@nazionale.example.it"
    assert event.ip_address == ADMIN_IP
    assert event.details["to"] == "suspended"


def test_given_a_suspended_counter_when_the_platform_admin_reactivates_it_then_it_opens_again(
        tenant_a):
    client = national_client(Role.PLATFORM_ADMIN)
    client.post("/enti/alfa/stato/", {"azione": "sospendi"})

    response = client.post("/enti/alfa/stato/", {"azione": "riattiva"}, follow=True)

    assert "Ente «Comune di Alfa» riattivato." in text_of(response)
    assert Client(HTTP_HOST="alfa.localhost").get("/accesso/").status_code == 200


def test_given_the_supervisor_when_posting_a_suspension_then_403_and_the_counter_stays_active(
        tenant_a):
    client = national_client(Role.SUPERVISOR)

    response = client.post("/enti/alfa/stato/", {"azione": "sospendi"})

    assert response.status_code == 403
    tenant_a.refresh_from_db()
    assert tenant_a.status == Tenant.Status.ACTIVE


def test_given_an_archived_counter_when_reactivated_then_an_italian_error(tenant_a):
    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.ARCHIVED)
    client = national_client(Role.PLATFORM_ADMIN)

    response = client.post("/enti/alfa/stato/", {"azione": "riattiva"}, follow=True)

    assert "Un ente archiviato non può essere riattivato." in text_of(response)
    tenant_a.refresh_from_db()
    assert tenant_a.status == Tenant.Status.ARCHIVED


def test_given_an_unknown_administration_when_changing_its_status_then_404():
    client = national_client(Role.PLATFORM_ADMIN)

    response = client.post("/enti/inesistente/stato/", {"azione": "sospendi"})

    assert response.status_code == 404
    assert "Pagina non trovata" in text_of(response)
