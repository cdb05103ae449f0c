"""The job desk's boards through the API: board items with their publish and
withdraw actions and events, the citizens' «Mi interessa»; the error shape,
roles, cross-tenant 404 on every route."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from jobs.services import boards as board_services
from jobs.services.boards import BoardItemData
from tests.factories import bump_ids, make_vacancy_here, staff_here

JSON = "application/json"
BOARD = "/api/v1/lavoro/bacheca/"
INTERESTS = "/api/v1/lavoro/mi-interessa/"


def _interest(vacancy, name="Nicolò D'Angelo", email="nicolo@example.it"):
    return board_services.express_interest(
        vacancy=vacancy, name=name, email=email, phone="", message="Ho lavorato in cucina.",
        privacy_acknowledged=True)


def test_a_board_item_is_written_published_withdrawn_and_published_again(tenant_a,
                                                                         tenant_client):
    # Given an operator of the counter
    client = tenant_client(tenant_a, Role.OPERATOR)
    # When they write a course and publish it
    created = client.post(BOARD, {"bacheca": "formazione", "titolo": "Corso HACCP",
                                  "luogo": "Bologna", "inizia_il": "2026-03-02",
                                  "termina_il": "2026-03-06"}, content_type=JSON)
    assert created.status_code == 201, created.json()
    item_id = created.json()["id"]
    assert created.json()["stato"] == "bozza"
    changed = client.patch(f"{BOARD}{item_id}/", {"sintesi": "Quaranta ore."},
                           content_type=JSON)
    assert changed.status_code == 200
    assert (changed.json()["sintesi"], changed.json()["titolo"]) == ("Quaranta ore.",
                                                                    "Corso HACCP")
    published = client.post(f"{BOARD}{item_id}/pubblica/", content_type=JSON)
    assert published.status_code == 200 and published.json()["stato"] == "pubblicata"
    assert published.json()["pubblicata_il"]
    withdrawn = client.post(f"{BOARD}{item_id}/ritira/", content_type=JSON)
    # Then a second withdrawal is a conflict, and publishing again is allowed
    again = client.post(f"{BOARD}{item_id}/ritira/", content_type=JSON)
    assert again.status_code == 409
    assert again.json()["errore"]["codice"] == "transizione_non_ammessa"
    assert withdrawn.json()["stato"] == "ritirata"
    back = client.post(f"{BOARD}{item_id}/pubblica/", content_type=JSON).json()
    assert [e["a"] for e in back["eventi"]] == ["bozza", "pubblicata", "ritirata", "pubblicata"]
    detail = client.get(f"{BOARD}{item_id}/").json()
    assert len(detail["eventi"]) == 4 and detail["eventi"][0]["da"] == ""


def test_the_board_items_are_filtered_by_board_and_state_and_paginated(tenant_a,
                                                                        tenant_client):
    with tenant_context(tenant_a):
        operator = staff_here()
        course = board_services.create_board_item(
            data=BoardItemData(kind="formazione", title="Corso"), acting_user=operator)
        board_services.publish_board_item(item=course, acting_user=operator)
        news = board_services.create_board_item(
            data=BoardItemData(kind="notizie", title="Notizia"), acting_user=operator)
    client = tenant_client(tenant_a, Role.COORDINATOR)
    assert [x["id"] for x in client.get(f"{BOARD}?bacheca=notizie").json()["results"]] == [
        news.pk]
    assert [x["id"] for x in client.get(f"{BOARD}?stato=pubblicata").json()["results"]] == [
        course.pk]
    listed = client.get(BOARD).json()
    assert listed["count"] == 2 and {"next", "previous"} <= set(listed)
    wrong = client.get(f"{BOARD}?stato=chiusa")
    assert wrong.status_code == 400 and "stato" in wrong.json()["errore"]["campi"]


@pytest.mark.parametrize(("body", "field"), [
    ({"bacheca": "formazione", "titolo": "Corso", "collegamento": "ftp://x.example.it"},
     "collegamento"),
    ({"bacheca": "formazione", "titolo": "Corso", "inizia_il": "2026-03-02",
      "termina_il": "2026-03-01"}, "termina_il"),
    ({"bacheca": "formazione", "titolo": "Corso", "in_bacheca_dal": "2026-03-02",
      "in_bacheca_fino_al": "2026-03-01"}, "in_bacheca_fino_al"),
    ({"bacheca": "formazione", "titolo": "   "}, "titolo"),
    ({"bacheca": "formazione", "titolo": "Corso", "inizia_il": "2250-01-01"}, "inizia_il"),
    ({"bacheca": "eventi", "titolo": "Corso"}, "bacheca"),
])
def test_a_wrong_board_item_is_refused_in_italian_at_its_field(tenant_a, tenant_client, body,
                                                               field):
    client = tenant_client(tenant_a, Role.OPERATOR)
    answer = client.post(BOARD, body, content_type=JSON)
    assert answer.status_code == 400
    error = answer.json()["errore"]
    assert error["codice"] == "dati_non_validi" and list(error["campi"]) == [field]
    message = error["campi"][field][0]
    assert message and not any(word in message for word in (" is ", "Enter ", "must "))


def test_the_interests_are_listed_filtered_read_and_handled(tenant_a, tenant_client):
    # Given two citizens interested in two vacancies
    with tenant_context(tenant_a):
        cook = make_vacancy_here(title="Cuoco")
        waiter = make_vacancy_here(title="Cameriere")
        first = _interest(cook)
        second = _interest(waiter, name="Anna Rossi", email="anna@example.it")
    client = tenant_client(tenant_a, Role.OPERATOR)
    listed = client.get(INTERESTS).json()
    assert {x["id"] for x in listed["results"]} == {first.pk, second.pk}
    assert [x["id"] for x in client.get(f"{INTERESTS}?offerta={cook.pk}").json()[
        "results"]] == [first.pk]
    read = client.get(f"{INTERESTS}{first.pk}/").json()
    assert (read["nome"], read["email"], read["gestita"]) == ("Nicolò D'Angelo",
                                                              "nicolo@example.it", False)
    assert read["titolo_offerta"] == "Cuoco"
    # When one is handled (twice: the second is harmless)
    handled = client.post(f"{INTERESTS}{first.pk}/gestito/", content_type=JSON)
    assert handled.status_code == 200 and handled.json()["gestita"] is True
    assert client.post(f"{INTERESTS}{first.pk}/gestito/",
                       content_type=JSON).json()["gestita_il"] == handled.json()["gestita_il"]
    # Then the open ones are the other one only
    assert [x["id"] for x in client.get(f"{INTERESTS}?gestita=false").json()["results"]] == [
        second.pk]
    assert [x["id"] for x in client.get(f"{INTERESTS}?gestita=true").json()["results"]] == [
        first.pk]
    assert client.get(f"{INTERESTS}?offerta=0").status_code == 400


@pytest.mark.parametrize("url", [BOARD, INTERESTS])
def test_callers_who_are_not_counter_staff_are_refused(tenant_a, tenant_client, url):
    assert tenant_client(tenant_a).get(url).status_code in (401, 403)
    supervisor = tenant_client(tenant_a, Role.SUPERVISOR)
    answer = supervisor.get(url)
    assert answer.status_code in (401, 403)
    assert "errore" in answer.json()


TABLES = ("jobs_boarditem", "jobs_interest", "jobs_vacancy", "jobs_employer")


@pytest.fixture
def objects_of_a(tenant_a):
    bump_ids(tenant_a, TABLES)
    with tenant_context(tenant_a):
        item = board_services.create_board_item(
            data=BoardItemData(kind="notizie", title="Notizia"), acting_user=staff_here())
        interest = _interest(make_vacancy_here())
        return {"item_id": item.pk, "interest_id": interest.pk}


ROUTES = [
    ("get", BOARD + "{item_id}/"),
    ("patch", BOARD + "{item_id}/"),
    ("post", BOARD + "{item_id}/pubblica/"),
    ("post", BOARD + "{item_id}/ritira/"),
    ("get", INTERESTS + "{interest_id}/"),
    ("post", INTERESTS + "{interest_id}/gestito/"),
]


def test_another_tenant_gets_404_on_every_route(tenant_b, tenant_client, objects_of_a):
    client = tenant_client(tenant_b, Role.TENANT_ADMIN)
    with tenant_context(tenant_b):
        board_services.create_board_item(data=BoardItemData(kind="notizie", title="Di B"),
                                         acting_user=staff_here())
    for method, url in ROUTES:
        answer = getattr(client, method)(url.format(**objects_of_a), {}, content_type=JSON)
        assert answer.status_code == 404, (method, url, answer.status_code)
        assert answer.json()["errore"]["codice"] == "non_trovato"
    assert client.get(INTERESTS).json()["count"] == 0


NEW_OPERATIONS = [
    ("get", "/api/v1/lavoro/bacheca/"), ("post", "/api/v1/lavoro/bacheca/"),
    ("get", "/api/v1/lavoro/bacheca/{item_id}/"), ("patch", "/api/v1/lavoro/bacheca/{item_id}/"),
    ("post", "/api/v1/lavoro/bacheca/{item_id}/pubblica/"),
    ("post", "/api/v1/lavoro/bacheca/{item_id}/ritira/"),
    ("get", "/api/v1/lavoro/mi-interessa/"), ("get", "/api/v1/lavoro/mi-interessa/{interest_id}/"),
    ("post", "/api/v1/lavoro/mi-interessa/{interest_id}/gestito/"),
    *[(method, f"/api/v1/lavoro/aziende/{{employer_id}}/{part}/")
      for part in ("sedi", "referenti", "consensi") for method in ("get", "post")],
]


def test_the_openapi_document_describes_every_new_operation_with_its_errors(tenant_a,
                                                                             tenant_client):
    schema = tenant_client(tenant_a, Role.OPERATOR).get("/api/schema/",
                                                        HTTP_ACCEPT="application/json").json()
    for method, url in NEW_OPERATIONS:
        operation = schema["paths"][url][method]
        assert operation["summary"], (method, url)
        assert {"400", "403", "404"} <= set(operation["responses"]), (method, url)
        error = operation["responses"]["404"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/Errore"}
