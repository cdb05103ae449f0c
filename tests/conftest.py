"""Shared fixtures: two provisioned tenants for the whole session, users in
each, clients that speak to a tenant's domain, and the site served to a real
browser. Test data come from tests/factories.py; nothing is imported from a
conftest module."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants import schemas
from tenants import services as tenant_services
from tenants.models import Tenant
from tests.browser import Site, chromium_page, served_site
from tests.factories import PASSWORD, bump_ids, host_of, make_profile, make_user, schema_kept

# The tables whose ids ``high_ids_in_a`` raises in tenant A.
HIGH_ID_TABLES = (
    "people_person", "people_consentrecord", "people_contact", "people_privacynotice",
    "desks_service", "desks_openinghours", "desks_appointment", "desks_appointmentevent",
    "desks_messagetemplate", "desks_outgoingmessage",
    "casework_consultation", "casework_consultationdocument", "casework_pathway",
    "casework_pathwayevent",
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, plus the tenant template and two tenants, A and B."""
    with django_db_blocker.unblock():
        schemas.ensure_template()
        for slug in ("alfa", "beta"):
            tenant_services.provision_tenant(
                profile=make_profile(slug), admin_email=f"admin@{slug}.example.it",
                admin_password=PASSWORD,
            )
    yield


@pytest.fixture
def tenant_a(db) -> Tenant:
    return Tenant.objects.get(slug="alfa")


@pytest.fixture
def tenant_b(db) -> Tenant:
    return Tenant.objects.get(slug="beta")


@pytest.fixture
def operator_a(tenant_a):
    return make_user(tenant_a, Role.OPERATOR)


@pytest.fixture
def in_a(tenant_a):
    """The test runs in tenant A's schema."""
    with tenant_context(tenant_a):
        yield


@pytest.fixture
def high_ids_in_a(tenant_a):
    """Rows of tenant A get ids tenant B never reaches, so a 404 on B proves
    isolation rather than a missing id."""
    bump_ids(tenant_a, HIGH_ID_TABLES)


@pytest.fixture
def tenant_client():
    """``tenant_client(tenant, role)``: a Client on the tenant's domain, logged in
    (the login leaves the connection in the schema it found)."""

    def build(tenant: Tenant | None, role: str | None = None, **kwargs) -> Client:
        host = host_of(tenant) if tenant else settings.BASE_DOMAIN
        client = Client(HTTP_HOST=host, **kwargs)
        if role:
            user = make_user(tenant, role)
            with schema_kept():
                client.post("/accesso/", {"username": user.email, "password": PASSWORD})
        return client

    return build


@pytest.fixture(autouse=True)
def _public_schema_after_each_test():
    yield
    connection.set_schema_to_public()


@pytest.fixture(scope="session")
def _site_server(django_db_setup) -> Site:
    with served_site() as site:
        yield site


@pytest.fixture
def site(_site_server) -> Site:
    """The whole site (national and tenant domains) on a free port of 127.0.0.1."""
    # Links between the national site and the counters carry the port, for
    # this test only.
    with override_settings(SITE_PORT=str(_site_server.port)):
        yield _site_server


@pytest.fixture
def page(tmp_path):
    """A fresh Chromium page. Playwright is started per test: while it runs, its
    event loop counts as running in this thread and Django refuses database
    calls here, so none must happen around a test's browser."""
    with chromium_page(tmp_path / "ultima-pagina.png") as page:
        yield page
