"""The counter's public boards: pages, RSS 2.0 and JSON feeds, a vacancy a
citizen reads without logging in, "Mi interessa" (CSRF, rate-limited like
booking, hostile input), a territorial network's boards together."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client, override_settings
from django_tenants.utils import tenant_context

from jobs.models import Interest
from jobs.services import boards as services
from tenants.models import Network, NetworkMembership
from tests.factories import authorise_here, host_of, make_vacancy_here, staff_here

pytestmark = pytest.mark.django_db


def publish_item(**values):
    item = services.create_board_item(data=services.BoardItemData(**values),
                                      acting_user=staff_here())
    return services.publish_board_item(item=item, acting_user=staff_here())


def interest_form(**overrides):
    values = {"name": "Maria Dell'Acqua", "email": "maria@example.it", "phone": "",
              "message": "Sono interessata.", "privacy": "on"}
    values.update(overrides)
    return values


def test_the_counters_page_links_its_boards(tenant_a, tenant_client):
    page = tenant_client(tenant_a).get("/sportello/").content.decode()
    assert "/lavoro/bacheca/" in page


def test_a_citizen_reads_a_published_vacancy_without_logging_in(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        vacancy = make_vacancy_here(visibility="sportello", title="Aiuto cuoco")
        draft = make_vacancy_here(visibility="sportello", title="Bozza segreta", publish=False)
    client = tenant_client(tenant_a)
    board = client.get("/lavoro/bacheca/offerte/").content.decode()
    assert "Aiuto cuoco" in board and "Bozza segreta" not in board
    page = client.get(f"/lavoro/offerta/{vacancy.pk}/")
    assert page.status_code == 200 and "Mi interessa" in page.content.decode()
    assert vacancy.employer.name not in page.content.decode()  # no consent to be named
    assert client.get(f"/lavoro/offerta/{draft.pk}/").status_code == 404
    assert client.get("/lavoro/offerta/99999999999999999999/").status_code == 404


def test_the_rss_feed_is_rss_2(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        publish_item(kind="tirocini", title="Tirocinio in biblioteca",
                     summary="Sei mesi, con borsa.")
        make_vacancy_here(visibility="sportello", title="Magazziniere")
    client = tenant_client(tenant_a)
    rss = client.get("/lavoro/bacheca/tirocini/rss/")
    assert rss.status_code == 200 and "rss" in rss["Content-Type"]
    root = ET.fromstring(rss.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for tag in ("title", "link", "description"):
        assert channel.find(tag) is not None and channel.find(tag).text
    items = channel.findall("item")
    assert [i.find("title").text for i in items] == ["Tirocinio in biblioteca"]
    assert items[0].find("link").text.startswith("http")
    assert items[0].find("pubDate") is not None and items[0].find("guid") is not None
    offers = ET.fromstring(client.get("/lavoro/bacheca/offerte/rss/").content)
    assert [i.find("title").text for i in offers.find("channel").findall("item")] == [
        "Magazziniere"]
    assert client.get("/lavoro/bacheca/sconosciuta/rss/").status_code == 404


def test_the_json_feed_has_the_json_feed_shape(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        publish_item(kind="notizie", title="Nuovi orari d'estate", summary="Dal 1° luglio.")
    body = tenant_client(tenant_a).get("/lavoro/bacheca/notizie/feed.json").json()
    assert body["version"] == "https://jsonfeed.org/version/1.1"
    assert body["title"] and body["home_page_url"].startswith("http")
    assert body["feed_url"].endswith("/lavoro/bacheca/notizie/feed.json")
    [item] = body["items"]
    assert set(item) >= {"id", "url", "title", "summary", "date_published"}
    assert item["title"] == "Nuovi orari d'estate"


def test_mi_interessa_reaches_the_desk_with_an_italian_confirmation(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        vacancy = make_vacancy_here(visibility="sportello")
    client = tenant_client(tenant_a)
    response = client.post(f"/lavoro/offerta/{vacancy.pk}/mi-interessa/", interest_form())
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    assert "la sua richiesta è arrivata allo sportello" in done
    with tenant_context(tenant_a):
        interest = Interest.objects.get()
    assert (interest.name, interest.email, interest.vacancy_id) == (
        "Maria Dell'Acqua", "maria@example.it", vacancy.pk)


@pytest.mark.parametrize("overrides,field_message", [
    ({"privacy": ""}, "informativa"),
    ({"email": "", "phone": ""}, "e-mail o un numero di telefono"),
    ({"email": "non-una-mail"}, "e-mail non valido"),
    ({"name": ""}, "Campo obbligatorio"),
    ({"message": "x" * 5000}, ""),
    ({"name": "x" * 151}, ""),
])
def test_a_wrong_interest_is_refused_at_its_field(tenant_a, tenant_client, overrides,
                                                  field_message):
    with tenant_context(tenant_a):
        vacancy = make_vacancy_here(visibility="sportello")
    response = tenant_client(tenant_a).post(f"/lavoro/offerta/{vacancy.pk}/mi-interessa/",
                                            interest_form(**overrides))
    assert response.status_code == 400
    assert field_message in response.content.decode()
    with tenant_context(tenant_a):
        assert not Interest.objects.exists()


def test_hostile_input_is_handled(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        vacancy = make_vacancy_here(visibility="sportello")
    client = tenant_client(tenant_a)
    url = f"/lavoro/offerta/{vacancy.pk}/mi-interessa/"
    assert client.post(url, interest_form(name="Mario\x00Rossi")).status_code == 400
    assert client.post(url, interest_form(message="<script>alert('x')</script> l'ho")) \
        .status_code == 302
    page = client.get(f"/lavoro/offerta/{vacancy.pk}/").content.decode()
    assert "<script>alert" not in page


def test_mi_interessa_needs_the_csrf_token(tenant_a):
    with tenant_context(tenant_a):
        vacancy = make_vacancy_here(visibility="sportello")
    client = Client(HTTP_HOST=host_of(tenant_a), enforce_csrf_checks=True)
    response = client.post(f"/lavoro/offerta/{vacancy.pk}/mi-interessa/", interest_form())
    assert response.status_code == 403


@override_settings(DESK_BOOKINGS_PER_HOUR=2, DESK_COUNTER_BOOKINGS_PER_HOUR=3)
def test_mi_interessa_is_rate_limited_like_booking(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        vacancy = make_vacancy_here(visibility="sportello")
    client = tenant_client(tenant_a)
    url = f"/lavoro/offerta/{vacancy.pk}/mi-interessa/"
    assert client.post(url, interest_form()).status_code == 302
    assert client.post(url, interest_form()).status_code == 302
    third = client.post(url, interest_form())  # same address: refused
    assert third.status_code == 429 and "Troppe richieste" in third.content.decode()
    other = client.post(url, interest_form(email="altra@example.it"))  # same connection
    assert other.status_code == 429
    with tenant_context(tenant_a):
        assert Interest.objects.count() == 2


def test_a_closed_vacancy_takes_no_more_interest(tenant_a, tenant_client):
    from jobs.services.vacancies import close_vacancy

    with tenant_context(tenant_a):
        vacancy = make_vacancy_here(visibility="sportello")
        close_vacancy(vacancy=vacancy, reason="coperta", acting_user=staff_here())
    client = tenant_client(tenant_a)
    assert client.get(f"/lavoro/offerta/{vacancy.pk}/").status_code == 404
    assert client.post(f"/lavoro/offerta/{vacancy.pk}/mi-interessa/",
                       interest_form()).status_code == 404


def test_a_network_sees_its_members_boards_together(tenant_a, tenant_b, tenant_client):
    with tenant_context(tenant_a):
        authorise_here()
        publish_item(kind="formazione", title="Corso di A")
        make_vacancy_here(visibility="rete", title="Offerta di rete di A")
        make_vacancy_here(visibility="sportello", title="Offerta solo di A")
    with tenant_context(tenant_b):
        publish_item(kind="notizie", title="Notizia di B")
    network = Network.objects.create(name="Rete Appennino", slug="rete-appennino",
                                     lead=tenant_a)
    NetworkMembership.objects.create(network=network, tenant=tenant_a)
    NetworkMembership.objects.create(network=network, tenant=tenant_b)
    page = tenant_client(tenant_b).get("/lavoro/rete-territoriale/rete-appennino/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Corso di A" in text and "Offerta di rete di A" in text and "Notizia di B" in text
    assert "Offerta solo di A" not in text


def test_a_network_is_404_to_a_counter_outside_it(tenant_a, tenant_b, tenant_client):
    network = Network.objects.create(name="Rete di A", slug="rete-di-a", lead=tenant_a)
    NetworkMembership.objects.create(network=network, tenant=tenant_a)
    assert tenant_client(tenant_b).get("/lavoro/rete-territoriale/rete-di-a/").status_code \
        == 404
