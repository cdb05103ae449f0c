"""Privacy notices: versions, one in force; consents cite the version read."""

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from people import services
from people.models import ConsentRecord, PrivacyNotice
from tests.factories import make_person, person_data, staff_here
from tests.support import audit_events, text_of

pytestmark = pytest.mark.django_db


def test_given_the_admin_when_publishing_a_new_version_then_it_is_in_force_for_new_consents(
        tenant_a, tenant_client):
    person = make_person(tenant_a, person_data(), consent=False)
    with tenant_context(tenant_a):
        old = services.record_consent(person=person, purpose="erogazione", given=True,
                                      method="cartaceo", acting_user=staff_here())
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    response = client.post("/informative-privacy/nuova/", {
        "version": "2.0", "title": "Informativa aggiornata", "text": "Nuovo testo.",
        "valid_from": "2026-06-01", "make_current": "on"}, follow=True)

    assert "Informativa versione 2.0 pubblicata e messa in vigore." in text_of(response)
    with tenant_context(tenant_a):
        assert list(PrivacyNotice.objects.filter(is_current=True).values_list(
            "version", flat=True)) == ["2.0"]
        new = services.record_consent(person=person, purpose="erogazione", given=True,
                                      method="digitale", acting_user=staff_here())
        assert ConsentRecord.objects.get(pk=old.pk).notice.version == "1.0"
        assert new.notice.version == "2.0"
    assert audit_events(tenant_a, "privacy_notice.published")


def test_given_an_older_version_when_the_admin_puts_it_back_in_force_then_only_it_is_current(
        tenant_a, tenant_client):
    with tenant_context(tenant_a):
        first = PrivacyNotice.objects.get(version="1.0")
        services.publish_notice(version="2.0", title="T", text="X", valid_from=first.valid_from,
                                acting_user=staff_here(Role.TENANT_ADMIN))
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    client.post(f"/informative-privacy/{first.pk}/in-vigore/")

    with tenant_context(tenant_a):
        assert list(PrivacyNotice.objects.filter(is_current=True)) == [first]
    assert audit_events(tenant_a, "privacy_notice.made_current")


def test_given_an_existing_version_when_published_again_then_error_at_the_version(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a, Role.TENANT_ADMIN).post("/informative-privacy/nuova/", {
        "version": "1.0", "title": "Doppia", "text": "Testo", "valid_from": "2026-06-01"})

    assert ('id="id_version-errore">Esiste già un\'informativa con questa versione.'
            in response.content.decode().replace("&#x27;", "'"))


def test_given_no_notice_in_force_when_recording_consent_then_refused_with_a_clear_message(
        tenant_a):
    person = make_person(tenant_a, person_data(), consent=False)
    with tenant_context(tenant_a):
        PrivacyNotice.objects.update(is_current=False)
        with pytest.raises(services.PersonError) as error:
            services.record_consent(person=person, purpose="erogazione", given=True,
                                    method="cartaceo", acting_user=staff_here())

    assert error.value.code == "informativa_mancante"


def test_given_an_operator_when_reading_the_notices_then_list_and_text_without_management(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)

    listing = client.get("/informative-privacy/")
    with tenant_context(tenant_a):
        notice = PrivacyNotice.objects.get(version="1.0")
    detail = client.get(f"/informative-privacy/{notice.pk}/")

    assert "Informativa privacy dello sportello" in text_of(listing)
    assert "Nuova versione" not in text_of(listing)
    assert "art. 13 del Regolamento (UE) 2016/679" in text_of(detail)
