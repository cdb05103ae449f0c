"""Employers: tax codes validated at the field, conventions with dates,
consents, the list and its exports, roles and cross-tenant 404."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Role
from core.errors import ServiceError
from jobs.services import employers as services
from jobs.services.employers import ConventionData, EmployerData
from tests.factories import (
    GIULIA_BIANCHI,
    PIVA_ACME,
    PIVA_BETA,
    PIVA_WRONG_CHECK,
    make_employer,
    make_user,
)


def test_a_partita_iva_with_the_wrong_check_digit_is_refused_at_its_field(in_a, tenant_a):
    # given an operator
    operator = make_user(tenant_a, Role.OPERATOR)
    # when they register an employer with a wrong check digit
    with pytest.raises(ServiceError) as refused:
        services.create_employer(data=EmployerData(name="Acme", partita_iva=PIVA_WRONG_CHECK),
                                 acting_user=operator)
    # then the error is at the partita IVA, in Italian
    assert "partita_iva" in refused.value.fields
    assert "cifra di controllo" in refused.value.fields["partita_iva"][0]


def test_the_second_spelling_of_a_partita_iva_is_the_same_employer(in_a, tenant_a):
    # given an employer registered with its partita IVA
    make_employer(partita_iva=PIVA_ACME)
    # when the same partita IVA is typed with "IT" and spaces
    with pytest.raises(ServiceError) as refused:
        make_employer(name="Altro nome", partita_iva=f"IT {PIVA_ACME[:5]} {PIVA_ACME[5:]}")
    # then it is recognised as already registered
    assert refused.value.code == "azienda_gia_registrata"


def test_a_sole_trader_registers_with_a_personal_codice_fiscale(in_a):
    employer = make_employer(name="Ditta Bianchi Giulia", partita_iva=PIVA_BETA,
                             codice_fiscale=GIULIA_BIANCHI.lower())
    assert employer.codice_fiscale == GIULIA_BIANCHI


def test_an_employer_needs_a_tax_code(in_a, tenant_a):
    with pytest.raises(ServiceError) as refused:
        services.create_employer(data=EmployerData(name="Senza codici"),
                                 acting_user=make_user(tenant_a, Role.OPERATOR))
    assert "partita_iva" in refused.value.fields


def test_a_convention_cannot_end_before_it_starts(in_a, tenant_a):
    employer = make_employer()
    with pytest.raises(ServiceError) as refused:
        services.save_convention(employer=employer, acting_user=make_user(tenant_a, "operator"),
                                 data=ConventionData(subject="Tirocini", starts_on=date(2025, 3, 1),
                                                     ends_on=date(2025, 2, 28)))
    assert "ends_on" in refused.value.fields
    # the same day is fine
    convention = services.save_convention(
        employer=employer, acting_user=make_user(tenant_a, "operator"),
        data=ConventionData(subject="Tirocini", starts_on=date(2025, 3, 1),
                            ends_on=date(2025, 3, 1)))
    assert convention.in_force_on(date(2025, 3, 1))


def test_the_list_finds_by_name_and_exports(tenant_a, tenant_client):
    make_employer(tenant_a, name="Officina Rossi snc")
    client = tenant_client(tenant_a, Role.OPERATOR)
    page = client.get("/lavoro/aziende/?q=officina")
    assert page.status_code == 200 and "Officina Rossi snc" in page.content.decode()
    csv = client.get("/lavoro/aziende/esporta.csv?q=officina")
    assert csv.status_code == 200
    assert "Officina Rossi snc" in b"".join(csv.streaming_content).decode("utf-8-sig")
    assert client.get("/lavoro/aziende/esporta.xlsx").status_code == 200


def test_an_operator_registers_an_employer_from_the_form(tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)
    wrong = client.post("/lavoro/aziende/nuova/", {"name": "Acme", "partita_iva": PIVA_WRONG_CHECK})
    assert wrong.status_code == 400 and "cifra di controllo" in wrong.content.decode()
    done = client.post("/lavoro/aziende/nuova/", {"name": "Acme", "partita_iva": PIVA_BETA})
    assert done.status_code == 302


def test_another_tenant_gets_404_for_an_employer(tenant_a, tenant_b, tenant_client,
                                                 high_ids_in_a):
    employer = make_employer(tenant_a)
    client = tenant_client(tenant_b, Role.TENANT_ADMIN)
    for url in (f"/lavoro/aziende/{employer.pk}/", f"/lavoro/aziende/{employer.pk}/modifica/"):
        assert client.get(url).status_code == 404
    for part in ("sedi", "referenti", "consensi", "convenzioni"):
        assert client.post(f"/lavoro/aziende/{employer.pk}/{part}/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(tenant_a, tenant_client):
    client = tenant_client(tenant_a)
    assert client.get("/lavoro/aziende/").status_code == 302
    assert client.get("/lavoro/").status_code == 302


def test_consents_are_recorded_with_their_date(in_a, tenant_a):
    employer = make_employer()
    operator = make_user(tenant_a, Role.OPERATOR)
    services.record_employer_consent(employer=employer, purpose="contatto", given=True,
                                     given_on=date(2025, 1, 10), method="cartaceo",
                                     acting_user=operator)
    from jobs.selectors.employers import has_consent
    assert has_consent(employer=employer, purpose="contatto")
    assert not has_consent(employer=employer, purpose="trattamento")


def test_ateco_is_checked_against_the_tables(in_a, tenant_a):
    operator = make_user(tenant_a, Role.OPERATOR)
    with pytest.raises(ServiceError) as refused:
        services.create_employer(data=EmployerData(name="X", partita_iva=PIVA_ACME,
                                                   ateco_code="99.99.99"), acting_user=operator)
    assert "ateco_code" in refused.value.fields
    employer = services.create_employer(data=EmployerData(
        name="Panificio", partita_iva=PIVA_ACME, ateco_code="10.71.10", comune_code="a944"),
        acting_user=operator)
    assert employer.comune_code == "A944"
