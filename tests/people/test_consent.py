"""Consent: per purpose, given or withdrawn, citing the notice in force; later
features refuse to act without it."""

import re

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from people import selectors, services
from people.errors import ConsentMissing
from people.models import ConsentPurpose, ConsentRecord
from tests.factories import make_person, person_data, staff_here
from tests.support import audit_events, text_of

pytestmark = pytest.mark.django_db


def _consent_block(response, purpose: str) -> str:
    """What the person's page says about one purpose."""
    page = response.content.decode()
    start = page.index(f'data-testid="consenso-{purpose}"')
    html = page[start:page.index("</li>", start)]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split(">", 1)[1])).strip()


def _consent(person, *, given: bool, purpose=ConsentPurpose.NATIONAL_SYSTEMS):
    return services.record_consent(person=person, purpose=purpose, given=given,
                                   method=ConsentRecord.Method.PAPER, acting_user=staff_here())


def test_given_no_consent_when_a_feature_requires_it_then_consent_missing(tenant_a):
    person = make_person(tenant_a, person_data(), consent=False)
    with tenant_context(tenant_a), pytest.raises(ConsentMissing) as error:
        services.require_consent(person=person, purpose=ConsentPurpose.NATIONAL_SYSTEMS)

    assert error.value.code == "consenso_mancante"
    assert error.value.status == 403
    assert "Trasmissione ai sistemi nazionali" in error.value.message


def test_given_consent_given_when_a_feature_requires_it_then_it_proceeds(tenant_a):
    person = make_person(tenant_a, person_data(), consent=False)
    with tenant_context(tenant_a):
        _consent(person, given=True)

        services.require_consent(person=person, purpose=ConsentPurpose.NATIONAL_SYSTEMS)


def test_given_consent_withdrawn_after_being_given_when_required_then_refused_again(tenant_a):
    person = make_person(tenant_a, person_data(), consent=False)
    with tenant_context(tenant_a):
        _consent(person, given=True)
        _consent(person, given=False)

        with pytest.raises(ConsentMissing):
            services.require_consent(person=person, purpose=ConsentPurpose.NATIONAL_SYSTEMS)
        assert ConsentRecord.objects.filter(person=person).count() == 2


def test_given_consent_for_another_purpose_when_required_then_refused(tenant_a):
    person = make_person(tenant_a, person_data(), consent=False)
    with tenant_context(tenant_a):
        _consent(person, given=True, purpose=ConsentPurpose.NEWSLETTER)

        with pytest.raises(ConsentMissing):
            services.require_consent(person=person, purpose=ConsentPurpose.NATIONAL_SYSTEMS)


def test_given_the_person_page_when_consent_given_then_shown_with_method_and_notice_version(
        tenant_a, tenant_client):
    person = make_person(tenant_a, person_data(), consent=False)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/persone/{person.pk}/consensi/", {
        "purpose": "borsa_lavoro", "given": "1", "method": "cartaceo"}, follow=True)

    assert "Consenso dato registrato: Pubblicazione nella borsa del lavoro." in text_of(response)
    block = _consent_block(response, "borsa_lavoro")
    assert block.startswith("Pubblicazione nella borsa del lavoro Dato il")
    assert "Modulo cartaceo firmato · informativa v. 1.0" in block
    assert "Registra la revoca" in block
    with tenant_context(tenant_a):
        assert selectors.has_consent(person=person, purpose="borsa_lavoro")
    assert audit_events(tenant_a, "person.consent_recorded", target_id=str(person.pk))


def test_given_the_person_page_when_consent_withdrawn_then_the_feature_is_refused(
        tenant_a, tenant_client):
    person = make_person(tenant_a, person_data(), consent=False)
    client = tenant_client(tenant_a, Role.OPERATOR)
    client.post(f"/persone/{person.pk}/consensi/",
                {"purpose": "newsletter", "given": "1", "method": "digitale"})

    client.post(f"/persone/{person.pk}/consensi/",
                {"purpose": "newsletter", "given": "0", "method": "verbale"})

    with tenant_context(tenant_a):
        assert not selectors.has_consent(person=person, purpose="newsletter")


def test_given_no_method_when_recording_consent_then_nothing_recorded_and_told_why(
        tenant_a, tenant_client):
    person = make_person(tenant_a, person_data(), consent=False)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/persone/{person.pk}/consensi/",
                           {"purpose": "newsletter", "given": "1", "method": ""}, follow=True)

    assert "Consenso non registrato: Campo obbligatorio." in text_of(response)
    with tenant_context(tenant_a):
        assert not ConsentRecord.objects.filter(person=person).exists()
