"""The staff write the boards of the counter's public page; the citizens'
"Mi interessa" reaches the desk."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from jobs.errors import IllegalTransition
from jobs.models import BoardItem, Interest
from jobs.services import boards as services
from tests.factories import make_vacancy_here, staff_here

pytestmark = pytest.mark.django_db


def item_form(**overrides):
    values = {"kind": "formazione", "title": "Corso HACCP per addetti di cucina",
              "summary": "Dodici ore, gratuito.", "body": "Iscrizioni allo sportello.",
              "link": "https://example.it/haccp", "place": "Sala civica",
              "starts_on": "2027-02-01", "ends_on": "2027-02-03"}
    values.update(overrides)
    return values


def test_the_staff_write_and_publish_a_board_item(tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)
    assert client.get("/lavoro/bacheche/nuovo/").status_code == 200
    response = client.post("/lavoro/bacheche/nuovo/", item_form())
    assert response.status_code == 302
    with tenant_context(tenant_a):
        item = BoardItem.objects.get()
    assert item.state == "bozza"
    # not on the public page until published
    public = tenant_client(tenant_a)
    assert "Corso HACCP" not in public.get("/lavoro/bacheca/").content.decode()
    client.post(f"/lavoro/bacheche/{item.pk}/stato/", {"azione": "pubblica"})
    assert "Corso HACCP" in public.get("/lavoro/bacheca/").content.decode()
    assert public.get(f"/lavoro/bacheca/annunci/{item.pk}/").status_code == 200
    # withdrawn: gone at once
    client.post(f"/lavoro/bacheche/{item.pk}/stato/", {"azione": "ritira"})
    assert "Corso HACCP" not in public.get("/lavoro/bacheca/").content.decode()
    assert public.get(f"/lavoro/bacheca/annunci/{item.pk}/").status_code == 404
    with tenant_context(tenant_a):
        assert [e.to_state for e in item.events.all()] == ["bozza", "pubblicata", "ritirata"]


def test_the_list_answers_htmx_with_the_results_only(tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)
    client.post("/lavoro/bacheche/nuovo/", item_form(kind="notizie", title="Nuovi orari"))
    partial = client.get("/lavoro/bacheche/", {"bacheca": "notizie"}, HTTP_HX_REQUEST="true")
    assert "Nuovi orari" in partial.content.decode()
    assert "<html" not in partial.content.decode()
    empty = client.get("/lavoro/bacheche/", {"bacheca": "tirocini"}, HTTP_HX_REQUEST="true")
    assert "Nuovi orari" not in empty.content.decode()


@pytest.mark.parametrize("field,value,message", [
    ("title", "", "Campo obbligatorio"),
    ("link", "javascript:alert(1)", "Indirizzo web non valido"),
    ("ends_on", "2027-01-01", "La fine non può precedere"),
    ("starts_on", "2300-01-01", ""),
    ("title", "x" * 201, ""),
])
def test_a_wrong_board_item_is_refused_at_its_field(tenant_a, tenant_client, field, value,
                                                     message):
    client = tenant_client(tenant_a, Role.OPERATOR)
    response = client.post("/lavoro/bacheche/nuovo/", item_form(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    with tenant_context(tenant_a):
        assert not BoardItem.objects.exists()


def test_a_withdrawn_item_is_not_withdrawn_twice(in_a):
    item = services.create_board_item(data=services.BoardItemData(kind="notizie", title="x"),
                                      acting_user=staff_here())
    services.withdraw_board_item(item=item, acting_user=staff_here())
    with pytest.raises(IllegalTransition):
        services.withdraw_board_item(item=item, acting_user=staff_here())


def test_board_items_of_a_counter_are_404_on_another(tenant_a, tenant_b, tenant_client):
    with tenant_context(tenant_a):
        item = services.create_board_item(
            data=services.BoardItemData(kind="notizie", title="Solo di A"),
            acting_user=staff_here())
        for _ in range(3):  # ids B never reaches
            services.create_board_item(data=services.BoardItemData(kind="notizie", title="A"),
                                       acting_user=staff_here())
        item = BoardItem.objects.order_by("-pk").first()
        services.publish_board_item(item=item, acting_user=staff_here())
    client_b = tenant_client(tenant_b, Role.TENANT_ADMIN)
    assert client_b.get(f"/lavoro/bacheche/{item.pk}/").status_code == 404
    assert client_b.post(f"/lavoro/bacheche/{item.pk}/stato/",
                         {"azione": "ritira"}).status_code == 404
    assert tenant_client(tenant_b).get(f"/lavoro/bacheca/annunci/{item.pk}/").status_code == 404


def test_the_staff_pages_need_a_login(tenant_a, tenant_client):
    anonymous = tenant_client(tenant_a)
    assert anonymous.get("/lavoro/bacheche/").status_code == 302
    assert anonymous.get("/lavoro/mi-interessa/").status_code == 302


def test_the_operators_see_and_handle_the_interests(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        vacancy = make_vacancy_here(visibility="sportello")
        interest = services.express_interest(
            vacancy=vacancy, name="Nicolò D'Angelo", email="nicolo@example.it", phone="",
            message="Ho lavorato 5 anni in cucina.", privacy_acknowledged=True)
    client = tenant_client(tenant_a, Role.OPERATOR)
    page = client.get("/lavoro/mi-interessa/").content.decode()
    assert "Nicolò D&#x27;Angelo" in page and "nicolo@example.it" in page
    client.post(f"/lavoro/mi-interessa/{interest.pk}/gestita/")
    with tenant_context(tenant_a):
        assert Interest.objects.get().handled_at is not None
    assert "nicolo@example.it" not in client.get("/lavoro/mi-interessa/").content.decode()
