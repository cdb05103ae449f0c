"""The authorisation to intermediate: in force on a day, missing or expired
with the codes and messages the administrator reads; only the administrator
records it; the jobs home warns."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from accounts.models import Role
from core.errors import ServiceError
from jobs.selectors.authorisation import authorisation_in_force
from jobs.services.authorisation import (
    AuthorisationData,
    record_authorisation,
    require_authorisation,
)
from tests.factories import make_authorisation, make_user


def test_missing_authorisation_is_refused_with_its_code(in_a):
    with pytest.raises(ServiceError) as refused:
        require_authorisation()
    assert refused.value.code == "autorizzazione_mancante"
    assert "amministratore" in refused.value.message


def test_expired_authorisation_is_refused_with_its_code(in_a):
    today = date.today()
    make_authorisation(valid_from=today - timedelta(days=400),
                       valid_until=today - timedelta(days=1))
    with pytest.raises(ServiceError) as refused:
        require_authorisation()
    assert refused.value.code == "autorizzazione_scaduta"


def test_the_last_day_is_still_in_force(in_a):
    today = date.today()
    current = make_authorisation(valid_from=today - timedelta(days=10), valid_until=today)
    assert authorisation_in_force(today) == current
    assert authorisation_in_force(today + timedelta(days=1)) is None


def test_only_the_administrator_records_it(in_a, tenant_a):
    data = AuthorisationData(albo_number="X1", issued_on=date.today(), valid_from=date.today())
    with pytest.raises(ServiceError) as refused:
        record_authorisation(data=data, acting_user=make_user(tenant_a, Role.COORDINATOR))
    assert refused.value.status == 403


def test_the_end_cannot_precede_the_start(in_a, tenant_a):
    data = AuthorisationData(albo_number="X1", issued_on=date(2025, 1, 1),
                             valid_from=date(2025, 1, 2), valid_until=date(2025, 1, 1))
    with pytest.raises(ServiceError) as refused:
        record_authorisation(data=data, acting_user=make_user(tenant_a, Role.TENANT_ADMIN))
    assert "valid_until" in refused.value.fields


def test_the_home_warns_when_missing_or_expiring(tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)
    assert "avviso-autorizzazione" in client.get("/lavoro/").content.decode()
    make_authorisation(tenant_a, valid_until=date.today() + timedelta(days=20))
    assert "scade il" in client.get("/lavoro/").content.decode()


def test_the_admin_page_is_for_the_administrator(tenant_a, tenant_client):
    assert tenant_client(tenant_a, Role.OPERATOR).get("/lavoro/autorizzazione/").status_code == 403
    admin = tenant_client(tenant_a, Role.TENANT_ADMIN)
    assert admin.get("/lavoro/autorizzazione/").status_code == 200
    answer = admin.post("/lavoro/autorizzazione/", {
        "kind": "art6_c2", "albo_number": "AG-123", "issued_on": "2024-01-01",
        "valid_from": "2024-01-01"})
    assert answer.status_code == 302
