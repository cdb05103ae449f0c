"""Who reaches the people pages: counter staff only. Anonymous visitors go to
the login page; national users have no people pages at all."""

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from core.errors import PermissionDenied
from people import selectors, services
from people.models import Person
from tests.factories import make_person, make_user, person_data
from tests.support import audit_events, text_of

pytestmark = pytest.mark.django_db

PAGES = ["/persone/", "/persone/risultati/", "/persone/nuova/", "/persone/esporta.csv",
         "/persone/verifica-codice-fiscale/", "/persone/luoghi-di-nascita/",
         "/persone/{id}/", "/persone/{id}/modifica/", "/persone/{id}/accoglienza/",
         "/informative-privacy/"]


@pytest.mark.parametrize("path", PAGES)
def test_given_an_anonymous_visitor_when_opening_people_pages_then_the_login_page(
        tenant_a, tenant_client, path):
    person = make_person(tenant_a, person_data(), consent=False)

    response = tenant_client(tenant_a).get(path.format(id=person.pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/accesso/?next=/")


@pytest.mark.parametrize("path", ["/api/v1/persone/", "/api/v1/persone/{id}/",
                                  "/api/v1/persone/{id}/consensi/",
                                  "/api/v1/persone/{id}/accoglienze/"])
def test_given_an_anonymous_client_when_calling_the_people_api_then_refused_in_json(
        tenant_a, tenant_client, path):
    person = make_person(tenant_a, person_data(), consent=False)

    response = tenant_client(tenant_a).get(path.format(id=person.pk))

    assert response.status_code in (401, 403)
    assert response.json()["errore"]["codice"] == "non_autenticato"


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.COORDINATOR, Role.TENANT_ADMIN])
def test_given_counter_staff_when_opening_the_people_page_then_it_opens_with_the_menu_entry(
        tenant_a, tenant_client, role):
    response = tenant_client(tenant_a, role).get("/persone/")

    assert response.status_code == 200
    assert '<span>Persone</span>' in response.content.decode()
    assert "Registra una persona" in text_of(response)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.PLATFORM_ADMIN])
@pytest.mark.parametrize("path", ["/persone/", "/persone/nuova/", "/persone/1/",
                                  "/informative-privacy/", "/api/v1/persone/",
                                  "/api/v1/persone/1/"])
def test_given_a_national_user_when_asking_for_people_then_they_do_not_exist_there(
        tenant_client, role, path):
    response = tenant_client(None, role).get(path)

    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.COORDINATOR])
@pytest.mark.parametrize("method,path", [("get", "/informative-privacy/nuova/"),
                                         ("post", "/informative-privacy/{id}/in-vigore/")])
def test_given_staff_who_are_not_admins_when_managing_notices_then_403(
        tenant_a, tenant_client, role, method, path):
    from django_tenants.utils import tenant_context

    from people.models import PrivacyNotice

    with tenant_context(tenant_a):
        notice_id = PrivacyNotice.objects.first().pk
    response = getattr(tenant_client(tenant_a, role), method)(path.format(id=notice_id))

    assert response.status_code == 403


@pytest.mark.parametrize("role", [None, Role.SUPERVISOR, Role.PLATFORM_ADMIN])
def test_given_someone_outside_the_counter_staff_when_registering_then_refused(
        tenant_a, role):
    with tenant_context(tenant_a):
        acting = make_user(tenant_a, role) if role else None
        with pytest.raises(PermissionDenied):
            services.register_person(data=person_data(), acting_user=acting)
        assert not Person.objects.exists()


def test_given_an_operator_when_publishing_a_privacy_notice_then_refused(tenant_a):
    operator = make_user(tenant_a, Role.OPERATOR)
    with tenant_context(tenant_a), pytest.raises(PermissionDenied):
        services.publish_notice(version="9.0", title="T", text="X",
                                valid_from=date(2026, 1, 1), acting_user=operator)


def test_given_a_person_when_read_through_the_selector_then_no_audit_row_until_recorded(
        tenant_a):
    person = make_person(tenant_a, person_data(), consent=False)
    operator = make_user(tenant_a, Role.OPERATOR)
    with tenant_context(tenant_a):
        found = selectors.get_person_for(actor=operator, person_id=person.pk)
    assert audit_events(tenant_a, services.PERSON_READ) == []

    with tenant_context(tenant_a):
        services.record_person_read(person=found, acting_user=operator)
    assert [e.target_id for e in audit_events(tenant_a, services.PERSON_READ)] == [
        str(person.pk)]
