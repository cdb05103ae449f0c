"""Who may open which page, and a menu that shows only what the role allows."""

import re

import pytest

from accounts.models import Role
from tests.support import text_of

pytestmark = pytest.mark.django_db


def menu_of(response) -> list[str]:
    nav = re.search(r'(?s)<nav[^>]*aria-label="Menu principale".*?</nav>',
                    response.content.decode())
    return re.findall(r'class="(?:nav-link|dropdown-item)[^"]*"[^>]*><span>([^<]+)</span>',
                      nav.group(0)) if nav else []


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.COORDINATOR])
@pytest.mark.parametrize("path", ["/personale/", "/personale/nuovo/", "/registro-attivita/"])
def test_given_counter_staff_without_admin_role_when_opening_admin_pages_then_italian_403(
        tenant_a, tenant_client, role, path):
    client = tenant_client(tenant_a, role)

    response = client.get(path)

    assert response.status_code == 403
    assert "Accesso non consentito" in text_of(response)
    assert "Il suo ruolo non consente di aprire questa pagina." in text_of(response)


@pytest.mark.parametrize("path,title", [("/personale/", "Personale dello sportello"),
                                        ("/registro-attivita/", "Registro delle attività")])
def test_given_the_tenant_admin_when_opening_admin_pages_then_they_open(
        tenant_a, tenant_client, path, title):
    response = tenant_client(tenant_a, Role.TENANT_ADMIN).get(path)

    assert response.status_code == 200
    assert title in text_of(response)


def test_given_an_anonymous_visitor_when_opening_personale_then_the_login_page(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a).get("/personale/", follow=True)

    assert response.redirect_chain[0][0].startswith("/accesso/?next=/personale/")
    assert "Area riservata al personale del Comune di Alfa" in text_of(response)


COUNTER_ADMIN_ENTRIES = {"Personale", "Registro attività", "Stato del sistema"}
PLATFORM_ADMIN_ENTRIES = {"Utenti", "Registro attività", "Stato del sistema"}


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.COORDINATOR])
def test_given_counter_staff_without_admin_role_when_reading_the_menu_then_no_admin_entries(
        tenant_a, tenant_client, role):
    menu = menu_of(tenant_client(tenant_a, role).get("/"))

    assert menu[0] == "Home"
    assert COUNTER_ADMIN_ENTRIES.isdisjoint(menu)


def test_given_the_tenant_admin_when_reading_the_menu_then_the_administration_entries(
        tenant_a, tenant_client):
    menu = menu_of(tenant_client(tenant_a, Role.TENANT_ADMIN).get("/"))

    assert menu[0] == "Home"
    assert COUNTER_ADMIN_ENTRIES <= set(menu)


def test_given_the_supervisor_when_reading_the_menu_then_enti_but_no_platform_admin_entries(
        tenant_client):
    menu = menu_of(tenant_client(None, Role.SUPERVISOR).get("/"))

    assert menu[:2] == ["Home", "Enti"]
    assert PLATFORM_ADMIN_ENTRIES.isdisjoint(menu)


def test_given_the_platform_admin_when_reading_the_menu_then_every_national_entry(tenant_client):
    menu = menu_of(tenant_client(None, Role.PLATFORM_ADMIN).get("/"))

    assert menu[:2] == ["Home", "Enti"]
    assert PLATFORM_ADMIN_ENTRIES <= set(menu)


def menu_links(response) -> list[str]:
    nav = re.search(r'(?s)<nav[^>]*aria-label="Menu principale".*?</nav>',
                    response.content.decode())
    return re.findall(r'class="(?:nav-link|dropdown-item)[^"]*" href="([^"]+)"', nav.group(0))


@pytest.mark.parametrize("tenant_slug,role", [
    ("alfa", Role.OPERATOR), ("alfa", Role.COORDINATOR), ("alfa", Role.TENANT_ADMIN),
    (None, Role.SUPERVISOR), (None, Role.PLATFORM_ADMIN),
])
def test_given_any_role_when_following_each_menu_entry_then_every_page_opens(
        tenant_client, tenant_slug, role):
    from tenants.models import Tenant

    tenant = Tenant.objects.get(slug=tenant_slug) if tenant_slug else None
    client = tenant_client(tenant, role)

    links = menu_links(client.get("/"))

    assert links
    assert {link: client.get(link).status_code for link in links} == dict.fromkeys(links, 200)


def test_given_an_anonymous_visitor_when_opening_the_national_site_then_no_menu(tenant_client):
    response = tenant_client(None).get("/")

    assert response.status_code == 200
    assert menu_of(response) == []
    assert "Trova lo sportello più vicino" in text_of(response)


def test_given_the_supervisor_when_opening_enti_then_the_list_without_provisioning_or_buttons(
        tenant_client):
    response = tenant_client(None, Role.SUPERVISOR).get("/enti/")

    page = text_of(response)
    assert response.status_code == 200
    assert "Comune di Alfa" in page and "Comune di Beta" in page
    assert "Attiva un nuovo ente" not in page
    assert "Sospendi" not in page


@pytest.mark.parametrize("path", ["/utenti/", "/registro-attivita/", "/enti/nuovo/"])
def test_given_the_supervisor_when_opening_platform_admin_pages_then_italian_403(
        tenant_client, path):
    response = tenant_client(None, Role.SUPERVISOR).get(path)

    assert response.status_code == 403
    assert "Il suo ruolo non consente di aprire questa pagina." in text_of(response)


def test_given_the_platform_admin_when_opening_enti_then_provisioning_and_suspend_are_offered(
        tenant_client):
    response = tenant_client(None, Role.PLATFORM_ADMIN).get("/enti/")

    page = text_of(response)
    assert "Attiva un nuovo ente" in page
    assert "Sospendi Comune di Alfa" in page
