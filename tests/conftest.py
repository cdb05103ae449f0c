"""Shared fixtures: two provisioned tenants for the whole session, users in
each, and clients that speak to a tenant's domain."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context, tenant_context

from accounts.models import Role, User
from tenants import schemas
from tenants import services as tenant_services
from tenants.models import Tenant
from tenants.services import TenantProfile

PASSWORD = "Password-di-prova-123"


def make_profile(slug: str, **overrides) -> TenantProfile:
    values = dict(slug=slug, name=f"Comune di {slug.title()}", kind=Tenant.Kind.COMUNE,
                  region="EMR", province="BO", offers_microcredit=True)
    values.update(overrides)
    return TenantProfile(**values)


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


def host_of(tenant: Tenant) -> str:
    return tenant.domains.get(is_primary=True).domain


def make_user(tenant: Tenant | None, role: str, email: str | None = None) -> User:
    """A user in ``tenant``'s schema (or the public one for None)."""
    email = email or f"{role}@{tenant.slug if tenant else 'nazionale'}.example.it"
    context = tenant_context(tenant) if tenant else schema_context("public")
    with context:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=PASSWORD, role=role)
    return user


@pytest.fixture
def tenant_client():
    """``tenant_client(tenant, role)``: a Client on the tenant's domain, logged in."""

    def build(tenant: Tenant | None, role: str | None = None, **kwargs) -> Client:
        from django.conf import settings

        host = host_of(tenant) if tenant else settings.BASE_DOMAIN
        client = Client(HTTP_HOST=host, **kwargs)
        if role:
            user = make_user(tenant, role)
            client.post("/accesso/", {"username": user.email, "password": PASSWORD})
        connection.set_schema_to_public()
        return client

    return build


@pytest.fixture(autouse=True)
def _public_schema_after_each_test():
    yield
    connection.set_schema_to_public()


__all__ = ["PASSWORD", "Role", "host_of", "make_profile", "make_user"]
