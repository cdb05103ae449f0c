"""Who may do what: the dashboard is for coordinators and administrators; the
national list of lenders is managed by the supervisor on the national site and
only read by the counters."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context, tenant_context

from accounts.models import Role
from catalog.models import Lender
from tests.factories import data_for, make_person, make_user, open_at
from tests.support import audit_events, text_of

pytestmark = pytest.mark.django_db


def menu_of(response) -> list[str]:
    nav = re.search(r'(?s)<nav[^>]*aria-label="Menu principale".*?</nav>',
                    response.content.decode())
    return re.findall(r'class="(?:nav-link|dropdown-item)[^"]*"[^>]*><span>([^<]+)</span>',
                      nav.group(0)) if nav else []


# --- Dashboard ------------------------------------------------------------------------

def test_given_an_operator_when_opening_the_dashboard_then_the_italian_403(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a, Role.OPERATOR).get("/cruscotto/")

    assert response.status_code == 403
    assert "Il suo ruolo non consente di aprire questa pagina." in text_of(response)


def test_given_an_operator_when_reading_the_dashboard_api_then_403_in_the_error_shape(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a, Role.OPERATOR).get("/api/v1/cruscotto/")

    assert response.status_code == 403
    assert response.json()["errore"]["codice"] == "permesso_negato"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.TENANT_ADMIN])
def test_given_a_coordinator_or_admin_when_opening_the_dashboard_then_it_opens(
        tenant_a, tenant_client, role):
    client = tenant_client(tenant_a, role)

    assert client.get("/cruscotto/").status_code == 200
    assert "Cruscotto" in menu_of(client.get("/"))


def test_given_an_operator_when_reading_the_menu_then_consultations_but_no_dashboard(
        tenant_a, tenant_client):
    menu = menu_of(tenant_client(tenant_a, Role.OPERATOR).get("/"))

    assert "Consulenze" in menu and "Cruscotto" not in menu


def test_given_an_anonymous_visitor_when_opening_casework_pages_then_the_login_page(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a)

    for path in ("/cruscotto/", "/consulenze/", "/persone/1/percorsi/"):
        response = client.get(path)
        assert response.status_code == 302 and "/accesso/" in response["Location"], path
    assert client.get("/api/v1/consulenze/1/").status_code in (401, 403)


def test_given_the_national_site_when_opening_counter_pages_then_they_do_not_exist(
        tenant_client):
    client = tenant_client(None, Role.SUPERVISOR)

    assert client.get("/cruscotto/").status_code == 404
    assert client.get("/consulenze/").status_code == 404


# --- Lenders: the supervisor manages them on the national site ----------------------------

LENDER_FORM = {"name": "Microcredito Etico Emiliano", "kind": "operatore_microcredito",
               "codice_fiscale": "12345678903", "abi_code": "", "regions": ["EMR"],
               "website": "https://www.example.it/mee", "agreement_date": "2025-05-01",
               "notes": ""}


def test_given_the_supervisor_when_opening_lenders_then_the_seeded_examples_are_marked(
        tenant_client):
    client = tenant_client(None, Role.SUPERVISOR)

    response = client.get("/finanziatori/")

    assert response.status_code == 200
    page = text_of(response)
    assert "Microcredito Solidale Esempio S.p.A. Esempio" in page
    assert "Finanziatori" in menu_of(response)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.PLATFORM_ADMIN])
def test_given_a_national_user_when_adding_a_lender_then_it_is_listed_and_audited_nationally(
        tenant_client, role):
    client = tenant_client(None, role)

    response = client.post("/finanziatori/nuovo/", LENDER_FORM, follow=True)

    assert "Finanziatore «Microcredito Etico Emiliano» aggiunto all'elenco." in text_of(response)
    with schema_context("public"):
        lender = Lender.objects.get(name="Microcredito Etico Emiliano")
    assert lender.regions == ["EMR"] and not lender.is_example
    assert audit_events(None, "lender.created", target_id=str(lender.pk))


def test_given_a_wrong_codice_fiscale_when_adding_a_lender_then_the_error_is_at_the_field(
        tenant_client):
    client = tenant_client(None, Role.SUPERVISOR)

    response = client.post("/finanziatori/nuovo/", {**LENDER_FORM, "codice_fiscale": "12345678901"})

    assert response.status_code == 200
    assert 'id="id_codice_fiscale-errore"' in response.content.decode()
    assert "Codice fiscale non valido" in text_of(response)


def test_given_a_bank_without_abi_when_adding_then_refused_at_the_abi_field(tenant_client):
    client = tenant_client(None, Role.SUPERVISOR)

    response = client.post("/finanziatori/nuovo/", {**LENDER_FORM, "kind": "banca"})

    assert "Per una banca indicare il codice ABI." in text_of(response)


def test_given_an_example_lender_when_the_supervisor_edits_it_then_it_is_no_longer_an_example(
        tenant_client):
    with schema_context("public"):
        lender = Lender.objects.filter(is_example=True).first()
    client = tenant_client(None, Role.SUPERVISOR)
    form = {**LENDER_FORM, "name": lender.name, "kind": lender.kind,
            "codice_fiscale": lender.codice_fiscale, "abi_code": lender.abi_code,
            "regions": lender.regions, "website": "https://www.example.it/verificato"}

    client.post(f"/finanziatori/{lender.pk}/", form)

    with schema_context("public"):
        lender.refresh_from_db()
    assert lender.website == "https://www.example.it/verificato" and not lender.is_example
    assert audit_events(None, "lender.updated", target_id=str(lender.pk))


def test_given_a_deactivated_lender_then_counters_can_neither_see_nor_refer_to_it(
        tenant_a, tenant_client):
    with schema_context("public"):
        lender = Lender.objects.filter(is_active=True).first()
    national = tenant_client(None, Role.SUPERVISOR)

    national.post(f"/finanziatori/{lender.pk}/stato/", {"azione": "disattiva"})

    counter = tenant_client(tenant_a, Role.OPERATOR)
    names = [item["denominazione"] for item in
             counter.get("/api/v1/finanziatori/").json()["results"]]
    assert lender.name not in names
    assert counter.get(f"/api/v1/finanziatori/{lender.pk}/").status_code == 404
    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, "microcredito", "business_plan", user=operator)
    response = counter.post(f"/api/v1/percorsi/{pathway.pk}/transizioni/",
                            {"fase": "invio_finanziatore", "dati": {"finanziatore": lender.pk}},
                            content_type="application/json")
    assert response.status_code == 400
    assert "finanziatore" in response.json()["errore"]["campi"]
    assert audit_events(None, "lender.deactivated", target_id=str(lender.pk))


def test_given_counter_staff_when_reading_lenders_then_read_only(tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    page = client.get("/finanziatori/")

    assert page.status_code == 200
    assert "Aggiungi un finanziatore" not in text_of(page) and "Disattiva" not in text_of(page)
    assert client.get("/finanziatori/nuovo/").status_code == 404
    assert client.get("/finanziatori/limiti/").status_code == 404
    assert client.post("/api/v1/finanziatori/", {"denominazione": "X"},
                       content_type="application/json").status_code == 405


def test_given_counter_staff_when_posting_to_change_a_lender_then_nothing_changes(
        tenant_a, tenant_client):
    with schema_context("public"):
        lender = Lender.objects.filter(is_active=True).first()
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    response = client.post(f"/finanziatori/{lender.pk}/stato/", {"azione": "disattiva"})

    assert response.status_code == 404
    with schema_context("public"):
        assert Lender.objects.get(pk=lender.pk).is_active


def test_given_the_catalog_services_when_a_counter_user_calls_them_then_refused(
        tenant_a):
    from catalog import services as catalog_services
    from core.errors import PermissionDenied

    admin = make_user(tenant_a, Role.TENANT_ADMIN)
    with schema_context("public"):
        lender = Lender.objects.first()
        with pytest.raises(PermissionDenied):
            catalog_services.set_lender_active(lender=lender, active=False, acting_user=admin)


def test_given_the_supervisor_when_reading_lenders_through_the_national_api_then_listed(
        tenant_client):
    response = tenant_client(None, Role.SUPERVISOR).get("/api/v1/finanziatori/")

    assert response.status_code == 200
    assert response.json()["count"] >= 4


def test_given_the_supervisor_when_correcting_a_limit_then_it_is_no_longer_to_verify(
        tenant_client):
    from catalog.models import MicrocreditLimit

    with schema_context("public"):
        limit = MicrocreditLimit.objects.get(beneficiary_type="srl")
    client = tenant_client(None, Role.SUPERVISOR)

    client.post(f"/finanziatori/limiti/{limit.pk}/", {
        "beneficiary_type": "srl", "valid_from": limit.valid_from.isoformat(),
        "max_amount": "100.000,00", "max_years": "10", "source": "Verificato"})

    with schema_context("public"):
        limit.refresh_from_db()
    assert not limit.to_verify and limit.source == "Verificato"
    assert str(limit.max_amount) == "100000.00"


def test_given_an_operator_when_data_for_a_transition_names_a_lender_then_only_active_ones_are_offered(  # noqa: E501
        tenant_a, tenant_client):
    inactive = None
    with schema_context("public"):
        inactive = Lender.objects.create(name="Finanziatore cessato", kind="altro",
                                         codice_fiscale="", abi_code="77777", is_active=False)
    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        open_at(person, "microcredito", "business_plan", user=operator)
    client = tenant_client(tenant_a, Role.OPERATOR)

    page = client.get(f"/persone/{person.pk}/percorsi/").content.decode()

    assert inactive.name not in page
    assert str(data_for("invio_finanziatore")["lender"]) in page
