"""Search: by name prefix, codice fiscale, phone (with or without +39), e-mail;
the list's filters; results as the operator types."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from people.models import Person
from people.selectors import PersonFilters, person_list, search_people
from tests.factories import (
    ARBEN_HOXHA,
    GIULIA_BIANCHI,
    MARIO_ROSSI,
    make_person,
    make_user,
    person_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tenant_a):
    return {
        "rossi": make_person(tenant_a, person_data(), consent=False),
        "bianchi": make_person(tenant_a, consent=False, data=person_data(
            first_name="Giulia", last_name="Bianchi", codice_fiscale=GIULIA_BIANCHI,
            phone="051 123456", email="Giulia.Bianchi@Example.it", employment_status="neet",
            vulnerabilities=["genitore_solo"])),
        "hoxha": make_person(tenant_a, consent=False, data=person_data(
            first_name="Arben", last_name="Hoxha", codice_fiscale=ARBEN_HOXHA,
            phone="0039 320 5556667", email="", employment_status="occupato")),
    }


def _found(tenant, text) -> set[str]:
    operator = make_user(tenant, Role.OPERATOR)
    with tenant_context(tenant):
        return {p.last_name for p in search_people(actor=operator, text=text)}


@pytest.mark.parametrize("text,expected", [
    ("ross", {"Rossi"}),
    ("Rossi Mar", {"Rossi"}),
    ("mar ross", {"Rossi"}),
    ("BIANCHI", {"Bianchi"}),
    ("gi bi", {"Bianchi"}),
    ("zzz", set()),
])
def test_given_people_when_searching_by_name_prefix_then_found(tenant_a, people, text, expected):
    assert _found(tenant_a, text) == expected


@pytest.mark.parametrize("text", [MARIO_ROSSI, MARIO_ROSSI.lower(), "RSSMRA80"])
def test_given_people_when_searching_by_codice_fiscale_then_found(tenant_a, people, text):
    assert _found(tenant_a, text) == {"Rossi"}


@pytest.mark.parametrize("text,expected", [
    ("3331234567", {"Rossi"}),
    ("+39 333 1234567", {"Rossi"}),
    ("333 123", {"Rossi"}),
    ("+39 3331", {"Rossi"}),
    ("320 555 6667", {"Hoxha"}),
    ("+393205556667", {"Hoxha"}),
    ("051123456", {"Bianchi"}),
])
def test_given_people_when_searching_by_phone_then_found_with_or_without_prefix(
        tenant_a, people, text, expected):
    assert _found(tenant_a, text) == expected


@pytest.mark.parametrize("text", ["giulia.bianchi@example.it", "GIULIA.BIANCHI@EXAMPLE.IT"])
def test_given_people_when_searching_by_email_then_found_whatever_the_case(
        tenant_a, people, text):
    assert _found(tenant_a, text) == {"Bianchi"}


def test_given_filters_when_listing_then_only_matching_people(tenant_a, people):
    operator = make_user(tenant_a, Role.OPERATOR)
    with tenant_context(tenant_a):
        Person.objects.filter(pk=people["hoxha"].pk).update(
            created_at=timezone.now() - timedelta(days=40))
        today = timezone.localdate()

        def names(**filters):
            return [p.last_name for p in person_list(actor=operator,
                                                     filters=PersonFilters(**filters))]

        assert names() == ["Bianchi", "Hoxha", "Rossi"]
        assert names(employment_status="neet") == ["Bianchi"]
        assert names(vulnerability="genitore_solo") == ["Bianchi"]
        assert names(created_from=today - timedelta(days=7)) == ["Bianchi", "Rossi"]
        assert names(created_to=today - timedelta(days=30)) == ["Hoxha"]
        assert names(text="rossi", employment_status="neet") == []


def test_given_the_search_box_when_typing_then_the_results_partial_only(
        tenant_a, tenant_client, people):
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.get("/persone/risultati/", {"q": "bian"}, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert f'href="/persone/{people["bianchi"].pk}/">Bianchi Giulia</a>' in page
    assert "Rossi" not in page


def test_given_the_people_page_then_the_search_box_asks_for_results_as_you_type(
        tenant_a, tenant_client, people):
    response = tenant_client(tenant_a, Role.OPERATOR).get("/persone/", {"stato": "occupato"})

    page = response.content.decode()
    assert 'hx-get="/persone/risultati/"' in page
    assert 'hx-trigger="input changed delay:250ms, search"' in page
    assert "Hoxha Arben" in page and "Bianchi Giulia" not in page


def test_given_more_people_than_a_page_when_listing_then_pages_follow(
        tenant_a, tenant_client, people):
    from people import views

    client = tenant_client(tenant_a, Role.OPERATOR)
    size, views.PAGE_SIZE = views.PAGE_SIZE, 2
    try:
        first = client.get("/persone/")
        second = client.get("/persone/", {"pagina": "2"})
    finally:
        views.PAGE_SIZE = size

    assert "Bianchi Giulia" in first.content.decode()
    assert "pagina=2" in first.content.decode()
    assert "Rossi Mario" in second.content.decode()
    assert "Bianchi Giulia" not in second.content.decode()
