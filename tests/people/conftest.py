"""People fixtures: people registered through the service, in a tenant's schema."""

from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import Role
from people import services
from people.services import PersonData
from tests.conftest import make_user

# Valid codici fiscali (check letter verified), and what they carry.
MARIO_ROSSI = "RSSMRA80A01H501U"  # Mario Rossi, M, 01/01/1980, Roma (H501)
MARIO_ROSSI_OMOCODE = "RSSMRA80A01H50MM"  # the same, omocodia on the last digit
GIULIA_BIANCHI = "BNCGLI92L55A944L"  # Giulia Bianchi, F, 15/07/1992, Bologna (A944)
ARBEN_HOXHA = "HXHRBN88C20Z100S"  # Arben Hoxha, M, 20/03/1988, Albania (Z100)
LUCA_VERDI_1990_ABETONE_CUTIGLIANO = "VRDLCU90E10M376N"  # M376 exists only since 2017


def person_data(**overrides) -> PersonData:
    values = dict(first_name="Mario", last_name="Rossi", codice_fiscale=MARIO_ROSSI,
                  phone="+39 333 1234567", email="mario.rossi@example.it",
                  employment_status="disoccupato_did")
    values.update(overrides)
    return PersonData(**values)


def register(tenant, **overrides):
    """A person registered in ``tenant`` by its operator."""
    operator = make_user(tenant, Role.OPERATOR)
    with tenant_context(tenant):
        return services.register_person(data=person_data(**overrides), acting_user=operator)


def staff_here(role: str = Role.OPERATOR):
    """A member of the staff of the counter whose schema is active (the one who acts)."""
    return make_user(connection.tenant, role)


@pytest.fixture
def operator_a(tenant_a):
    return make_user(tenant_a, Role.OPERATOR)


@pytest.fixture
def in_a(tenant_a):
    with tenant_context(tenant_a):
        yield
    connection.set_schema_to_public()


@pytest.fixture
def high_ids_in_a(tenant_a):
    """People of tenant A get ids tenant B never reaches, so a 404 on B proves
    isolation rather than a missing id."""
    with tenant_context(tenant_a), connection.cursor() as cursor:
        for table in ("people_person", "people_consentrecord", "people_contact",
                      "people_privacynotice"):
            cursor.execute(f"SELECT setval('{table}_id_seq', "
                           f"GREATEST((SELECT last_value FROM {table}_id_seq), 1000000))")
    connection.set_schema_to_public()

