"""The people list: its total, the page count, and sorting by whitelisted
keys, with the filters and the page kept in every link; the API sorts too."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from people.models import Contact, Person
from tests.factories import make_people, make_person, person_data
from tests.support import text_of

pytestmark = pytest.mark.django_db

# (last name, first name, employment status, registered days ago)
PEOPLE = [("Rossi", "Mario", "disoccupato_did", 30), ("Bianchi", "Giulia", "occupato", 10),
          ("Verdi", "Anna", "disoccupato_did", 20), ("Neri", "Carlo", "disoccupato_did", 5)]


def _people(tenant, rows=PEOPLE):
    for last, first, status, days in rows:
        person = make_person(tenant, consent=False, first_name=first, last_name=last,
                             birth_date=date(1985, 3, 1), employment_status=status, email="")
        with tenant_context(tenant):
            Person.objects.filter(pk=person.pk).update(
                created_at=timezone.now() - timedelta(days=days))


def _many(tenant, count: int, start: int = 0):
    make_people(tenant, range(start, start + count), first_name="Nome",
                last_name="Cognome{n:04d}", sex="M", birth_date=date(1990, 1, 1), email="")


def _names(response) -> list[str]:
    rows = re.findall(r'<td><a href="/persone/\d+/">([^<]+)</a></td>', response.content.decode())
    return [row.strip() for row in rows]


def test_the_list_says_how_many_people_and_pages(tenant_a, tenant_client):
    # given: 60 people (25 a page)
    _many(tenant_a, 60)
    client = tenant_client(tenant_a, Role.OPERATOR)

    # when
    first, second = client.get("/persone/"), client.get("/persone/?pagina=2")

    # then
    assert "Tutte le persone dello sportello : 60 persone" in text_of(first)
    assert "Pagina 1 di 3" in text_of(first)
    assert "pagina 2 di 3" in text_of(second) and "Pagina 2 di 3" in text_of(second)
    assert len(_names(second)) == 25


def test_a_page_past_the_last_shows_the_last(tenant_a, tenant_client):
    _many(tenant_a, 30)

    response = tenant_client(tenant_a, Role.OPERATOR).get("/persone/?pagina=99")

    assert "Pagina 2 di 2" in text_of(response)
    assert len(_names(response)) == 5


def test_thousands_are_grouped_the_italian_way(tenant_a, tenant_client):
    _many(tenant_a, 1234)

    page = text_of(tenant_client(tenant_a, Role.OPERATOR).get("/persone/"))

    assert "1.234 persone" in page and "Pagina 1 di 50" in page


def test_the_total_follows_the_filters(tenant_a, tenant_client):
    _people(tenant_a)

    page = text_of(tenant_client(tenant_a, Role.OPERATOR).get("/persone/?stato=occupato"))

    assert " : 1 persona" in page
    assert _names(tenant_client(tenant_a, Role.OPERATOR).get(
        "/persone/?stato=occupato")) == ["Bianchi Giulia"]


@pytest.mark.parametrize(("sort", "expected"), [
    ("", ["Bianchi Giulia", "Neri Carlo", "Rossi Mario", "Verdi Anna"]),
    ("-cognome", ["Verdi Anna", "Rossi Mario", "Neri Carlo", "Bianchi Giulia"]),
    ("nome", ["Verdi Anna", "Neri Carlo", "Bianchi Giulia", "Rossi Mario"]),
    ("-nome", ["Rossi Mario", "Bianchi Giulia", "Neri Carlo", "Verdi Anna"]),
    ("-registrazione", ["Neri Carlo", "Bianchi Giulia", "Verdi Anna", "Rossi Mario"]),
    ("registrazione", ["Rossi Mario", "Verdi Anna", "Bianchi Giulia", "Neri Carlo"]),
])
def test_the_list_sorts_by_the_chosen_key(tenant_a, tenant_client, sort, expected):
    _people(tenant_a)

    response = tenant_client(tenant_a, Role.OPERATOR).get(f"/persone/?ordine={sort}")

    assert response.status_code == 200
    assert _names(response) == expected


@pytest.mark.parametrize("sort", ["codice_fiscale", "-id", "--cognome", "cognome;DROP"])
def test_an_unknown_sort_key_is_refused_and_the_default_kept(tenant_a, tenant_client, sort):
    _people(tenant_a)

    response = tenant_client(tenant_a, Role.OPERATOR).get("/persone/", {"ordine": sort})

    assert response.status_code == 200
    assert "Scelta non valida." in text_of(response)
    assert _names(response) == ["Bianchi Giulia", "Neri Carlo", "Rossi Mario", "Verdi Anna"]


def test_sorting_a_search_sorts_its_matches(tenant_a, tenant_client):
    born = dict(codice_fiscale="", sex="F", birth_date=date(1980, 1, 1),
                birth_place_code="A944")
    make_person(tenant_a, person_data(first_name="Mario", last_name="Rossi", **born), consent=False)
    make_person(tenant_a, consent=False, data=person_data(
        first_name="Marta", last_name="Rossini", email="marta@example.it", phone="+39 333 7654321",
        **born))

    response = tenant_client(tenant_a, Role.OPERATOR).get("/persone/?q=ross&ordine=-cognome")

    assert _names(response) == ["Rossini Marta", "Rossi Mario"]
    assert "Risultati per «ross» : 2 persone" in text_of(response)


def test_links_keep_the_filters_and_the_sort(tenant_a, tenant_client):
    # given: 30 unemployed people, sorted by registration, on page 1
    _many(tenant_a, 5)
    make_people(tenant_a, range(30), first_name="Dora", last_name="Disoccupata{n:02d}",
                birth_date=date(1990, 1, 1), employment_status="disoccupato_did", email="")

    response = tenant_client(tenant_a, Role.OPERATOR).get(
        "/persone/?stato=disoccupato_did&ordine=-registrazione")
    body = response.content.decode().replace("&amp;", "&")

    # then: the next page keeps the filter and the sort
    assert "30 persone" in text_of(response)
    assert "?stato=disoccupato_did&ordine=-registrazione&pagina=2" in body
    # and: the column headers keep the filter, flip the current sort, start at page 1
    assert 'href="/persone/?stato=disoccupato_did&ordine=registrazione"' in body
    assert 'href="/persone/?stato=disoccupato_did&ordine=cognome"' in body
    assert 'aria-sort="descending"' in body
    # and: the export keeps them too
    assert "/persone/esporta.csv?stato=disoccupato_did&ordine=-registrazione" in body


def test_the_list_shows_the_last_contact(tenant_a, tenant_client):
    _people(tenant_a, [("Rossi", "Mario", "", 3)])
    with tenant_context(tenant_a):
        person = Person.objects.get()
        for days in (40, 2):
            Contact.objects.create(person=person, channel=Contact.Channel.values[0],
                                   reason="Informazioni",
                                   occurred_at=timezone.now() - timedelta(days=days))
    connection.set_schema_to_public()

    page = text_of(tenant_client(tenant_a, Role.OPERATOR).get("/persone/"))

    assert f"{timezone.localdate() - timedelta(days=2):%d/%m/%Y}" in page


def test_the_list_costs_the_same_queries_with_more_people(tenant_a, tenant_client,
                                                          django_assert_max_num_queries):
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    client = tenant_client(tenant_a, Role.OPERATOR)
    _many(tenant_a, 30)
    with CaptureQueriesContext(connections["default"]) as before:
        client.get("/persone/?ordine=-registrazione&pagina=2")

    _many(tenant_a, 300, start=30)

    with django_assert_max_num_queries(len(before)):
        response = client.get("/persone/?ordine=-registrazione&pagina=2")
    assert "330 persone" in text_of(response)


def test_the_api_sorts_and_counts(tenant_a, tenant_client):
    _people(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    body = client.get("/api/v1/persone/?ordine=-registrazione").json()

    assert body["count"] == 4
    assert [p["cognome"] for p in body["results"]] == ["Neri", "Bianchi", "Verdi", "Rossi"]


def test_the_api_refuses_an_unknown_sort_key(tenant_a, tenant_client):
    response = tenant_client(tenant_a, Role.OPERATOR).get("/api/v1/persone/?ordine=-id")

    assert response.status_code == 400
    assert "ordine" in response.json()["errore"]["campi"]
