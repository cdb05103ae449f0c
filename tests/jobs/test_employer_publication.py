"""The employer's consent to be named in its vacancies («pubblicazione»): with
it, the public vacancy page and the rete delle reti show the employer's name
(never its contacts); withdrawn, the name goes from both at once."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from exchange.models import EntryKind, ExchangeEntry
from jobs.models import EmployerConsent, EmployerConsentPurpose
from jobs.services.employers import record_employer_consent
from tests.factories import authorise_here, make_employer_here, make_vacancy_here, staff_here
from tests.support import text_of

pytestmark = pytest.mark.django_db
NAME = "Osteria del Portico s.n.c."


def publication_consent(employer, given: bool):
    return record_employer_consent(
        employer=employer, purpose=EmployerConsentPurpose.PUBLICATION, given=given,
        given_on=timezone.localdate(), method=EmployerConsent.Method.PAPER,
        acting_user=staff_here())


def entry_of(vacancy):
    return ExchangeEntry.objects.filter(kind=EntryKind.VACANCY, source_id=vacancy.pk).first()


def an_exchange_vacancy():
    authorise_here()
    employer = make_employer_here(NAME, email="assunzioni@portico.example.it",
                                  phone="051 7654321", website="https://portico.example.it")
    return employer, make_vacancy_here(visibility="rete_delle_reti", employer=employer)


def test_the_purpose_is_offered_with_its_italian_label():
    assert EmployerConsentPurpose("pubblicazione").label == \
        "Pubblicazione del nome dell'azienda negli annunci"


def test_with_the_consent_the_name_shows_on_the_page_and_in_the_exchange(tenant_a,
                                                                         tenant_client):
    # given a vacancy in the rete delle reti, its employer not yet consenting
    with tenant_context(tenant_a):
        employer, vacancy = an_exchange_vacancy()
        assert entry_of(vacancy).employer_name == ""
        # when the employer gives the publication consent
        publication_consent(employer, True)
        # then the exchange entry names it at once
        assert entry_of(vacancy).employer_name == NAME
        entry = entry_of(vacancy)
    citizen = tenant_client(tenant_a)
    page = text_of(citizen.get(f"/lavoro/offerta/{vacancy.pk}/"))
    assert f"Azienda: {NAME}" in page
    for contact in ("assunzioni@portico", "051 7654321", "portico.example.it"):
        assert contact not in page  # the name, never its contacts
    national = text_of(tenant_client(None).get(f"/rete-delle-reti/{entry.pk}/"))
    assert NAME in national and "assunzioni@portico" not in national


def test_a_withdrawn_consent_removes_the_name_everywhere(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        employer, vacancy = an_exchange_vacancy()
        publication_consent(employer, True)
        assert entry_of(vacancy).employer_name == NAME
        # when the consent is withdrawn
        publication_consent(employer, False)
        # then the entry stays, without the name
        assert entry_of(vacancy) is not None and entry_of(vacancy).employer_name == ""
        entry = entry_of(vacancy)
    assert NAME not in text_of(tenant_client(tenant_a).get(f"/lavoro/offerta/{vacancy.pk}/"))
    assert NAME not in text_of(tenant_client(None).get(f"/rete-delle-reti/{entry.pk}/"))
    assert NAME not in text_of(tenant_client(None).get("/rete-delle-reti/"))


def test_a_withdrawal_works_even_with_the_authorisation_expired(tenant_a):
    from datetime import timedelta

    from jobs.models import IntermediationAuthorisation

    with tenant_context(tenant_a):
        employer, vacancy = an_exchange_vacancy()
        publication_consent(employer, True)
        IntermediationAuthorisation.objects.update(
            valid_from=timezone.localdate() - timedelta(days=30),
            valid_until=timezone.localdate() - timedelta(days=1))
        publication_consent(employer, False)  # never refused
        entry = entry_of(vacancy)
        assert entry is None or entry.employer_name == ""


def test_a_counter_only_vacancy_names_the_employer_only_with_the_consent(tenant_a,
                                                                         tenant_client):
    with tenant_context(tenant_a):
        employer = make_employer_here(NAME)
        vacancy = make_vacancy_here(visibility="sportello", employer=employer)
    citizen = tenant_client(tenant_a)
    assert NAME not in text_of(citizen.get(f"/lavoro/offerta/{vacancy.pk}/"))
    with tenant_context(tenant_a):
        publication_consent(employer, True)
    assert NAME in text_of(citizen.get(f"/lavoro/offerta/{vacancy.pk}/"))
    with tenant_context(tenant_a):
        publication_consent(employer, False)
    assert NAME not in text_of(citizen.get(f"/lavoro/offerta/{vacancy.pk}/"))


def test_the_operator_records_the_consent_from_the_employer_page(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        employer, vacancy = an_exchange_vacancy()
    client = tenant_client(tenant_a, Role.OPERATOR)
    response = client.post(f"/lavoro/aziende/{employer.pk}/consensi/", {
        "purpose": "pubblicazione", "given": "si", "given_on": timezone.localdate().isoformat(),
        "method": "cartaceo"})
    assert response.status_code in (200, 302)
    with tenant_context(tenant_a):
        assert entry_of(vacancy).employer_name == NAME
