"""The rete delle reti: publishing, anonymous browsing, contact between
counters, withdrawal, and the borders between counters."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import Role
from core.errors import PermissionDenied
from exchange import selectors
from exchange import services as exchange
from exchange.errors import IdentifyingText
from exchange.models import ContactRequest, ExchangeEntry
from tests.factories import make_user, profile_entry_data, publish_profile_entry, staff_here

pytestmark = pytest.mark.django_db


def national() -> Client:
    return Client(HTTP_HOST=settings.BASE_DOMAIN)


def test_anyone_browses_and_searches_the_exchange_without_logging_in(tenant_a):
    # given a profile of a cook and one of a nurse published by counter A
    cook = publish_profile_entry(tenant_a)
    nurse = publish_profile_entry(tenant_a, profession_codes=("3.2.1.1.1.0",),
                                  profession_labels=("Infermiere",), province="MO")
    # when an anonymous visitor searches the national site
    by_word = national().get("/rete-delle-reti/", {"q": "cuoco"})
    by_code = national().get("/rete-delle-reti/", {"q": "5.2.2.1"})
    by_province = national().get("/rete-delle-reti/", {"provincia": "mo"})
    # then each search finds the right one, with no login
    assert by_word.status_code == 200
    assert cook.title in by_word.content.decode() and "Infermiere" not in by_word.content.decode()
    assert cook.title in by_code.content.decode()
    assert nurse.title in by_province.content.decode()
    assert cook.title not in by_province.content.decode()
    detail = national().get(f"/rete-delle-reti/{cook.pk}/")
    assert detail.status_code == 200 and "30-34" in detail.content.decode()


def test_the_api_lists_the_exchange_to_anyone(tenant_a):
    entry = publish_profile_entry(tenant_a)
    response = national().get("/api/v1/rete-delle-reti/", {"q": "cuoco", "tipo": "profilo"})
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["results"]] == [entry.pk]
    assert body["results"][0]["fascia_eta"] == "30-34"
    assert national().get(f"/api/v1/rete-delle-reti/{entry.pk}/").json()["provincia"] == "BO"
    assert national().get("/api/v1/rete-delle-reti/999999999/").status_code == 404
    assert national().get("/api/v1/rete-delle-reti/", {"provincia": "X"}).status_code == 400


def test_a_search_with_hostile_input_answers_normally(tenant_a):
    publish_profile_entry(tenant_a)
    for text in ["d'angelo", "' OR 1=1 --", "x" * 100, "5.2.2.", "&|!:*()"]:
        assert national().get("/rete-delle-reti/", {"q": text}).status_code == 200
    assert national().get("/rete-delle-reti/", {"q": "x" * 500}).status_code == 400
    assert national().get("/rete-delle-reti/", {"pagina": "999"}).status_code == 200


@pytest.mark.parametrize("field,text", [
    ("presentation", "Sono Mario, CF RSSMRA85T10A562S"),
    ("presentation", "scrivetemi: mario.rossi@example.it"),
    ("presentation", "chiamare il 333 123 4567"),
    ("availability", "sera, tel 051 6493111"),
])
def test_identifying_free_text_is_refused_at_its_field(in_a, field, text):
    with pytest.raises(IdentifyingText) as refused:
        exchange.publish_profile(data=profile_entry_data(**{field: text}),
                                 acting_user=staff_here())
    assert field in refused.value.fields
    assert "non si pubblicano dati che permettono di identificare" in refused.value.message
    assert not ExchangeEntry.objects.exists()


def test_a_profile_needs_a_five_year_band_and_a_province(in_a):
    for band in ["30-35", "31-35", "30", "1985-01-01", "5-9"]:
        with pytest.raises(exchange.ExchangeError) as refused:
            exchange.publish_profile(data=profile_entry_data(age_band=band),
                                     acting_user=staff_here())
        assert "age_band" in refused.value.fields


def test_only_a_counters_staff_publish(tenant_a):
    with pytest.raises(PermissionDenied):  # the national site
        exchange.publish_profile(data=profile_entry_data(), acting_user=make_user(
            None, Role.SUPERVISOR))


def test_republishing_updates_the_one_entry(in_a):
    data = profile_entry_data(source_id=77)
    first = exchange.publish_profile(data=data, acting_user=staff_here())
    again = exchange.publish_profile(data=profile_entry_data(source_id=77, province="FE"),
                                     acting_user=staff_here())
    assert first.pk == again.pk and ExchangeEntry.objects.get().province == "FE"


def test_withdrawal_removes_the_entry_at_once_and_with_the_transaction(in_a):
    entry = publish_profile_entry()
    # inside the transaction: already gone for every reader; after a rollback: back
    with transaction.atomic():
        exchange.withdraw_entry(entry=entry, acting_user=staff_here())
        assert not selectors.search_entries().filter(pk=entry.pk).exists()
        transaction.set_rollback(True)
    assert selectors.search_entries().filter(pk=entry.pk).exists()
    # committed: gone
    exchange.withdraw_entry(entry=entry, acting_user=staff_here())
    assert national().get(f"/rete-delle-reti/{entry.pk}/").status_code == 404


def test_the_counter_withdraws_its_entry_from_its_pages(tenant_a, tenant_client):
    entry = publish_profile_entry(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)
    assert entry.title in client.get("/rete-delle-reti/sportello/").content.decode()
    response = client.post(f"/rete-delle-reti/sportello/{entry.pk}/ritira/")
    assert response.status_code == 302
    assert not ExchangeEntry.objects.filter(pk=entry.pk).exists()


def test_another_counter_cannot_withdraw_an_entry(tenant_a, tenant_b, tenant_client):
    entry = publish_profile_entry(tenant_a)
    client_b = tenant_client(tenant_b, Role.TENANT_ADMIN)
    assert client_b.post(f"/rete-delle-reti/sportello/{entry.pk}/ritira/").status_code == 404
    assert client_b.delete(f"/api/v1/rete-delle-reti/{entry.pk}/").status_code == 404
    assert ExchangeEntry.objects.filter(pk=entry.pk).exists()
    assert national().delete(f"/api/v1/rete-delle-reti/{entry.pk}/").status_code in (401, 403)
    client_a = tenant_client(tenant_a, Role.OPERATOR)
    assert client_a.delete(f"/api/v1/rete-delle-reti/{entry.pk}/").status_code == 204


def test_a_counter_asks_another_for_contact_and_reads_the_answer(tenant_a, tenant_b,
                                                                 tenant_client):
    # given A's profile and B's operator
    entry = publish_profile_entry(tenant_a)
    client_b = tenant_client(tenant_b, Role.OPERATOR)
    page = client_b.get(f"/rete-delle-reti/{entry.pk}/").content.decode()
    assert "Chiedi il contatto" in page
    # when B asks
    response = client_b.post(f"/rete-delle-reti/{entry.pk}/contatto/",
                             {"message": "Abbiamo un'offerta adatta: possiamo parlarne?"})
    assert response.status_code == 302
    item = ContactRequest.objects.get()
    assert (item.from_tenant, item.to_tenant, item.status) == (tenant_b, tenant_a, "inviata")
    # then A sees it in its requests and answers
    client_a = tenant_client(tenant_a, Role.OPERATOR)
    assert entry.title in client_a.get("/rete-delle-reti/richieste/").content.decode()
    answered = client_a.post(f"/rete-delle-reti/richieste/{item.pk}/",
                             {"answer": "Sì: la persona è interessata, vi chiamiamo noi.",
                              "azione": "rispondi"})
    assert answered.status_code == 302
    # and B reads the answer; the events tell the history
    page = client_b.get(f"/rete-delle-reti/richieste/{item.pk}/").content.decode()
    assert "vi chiamiamo noi" in page and "Risposta" in page
    assert [e.to_status for e in item.events.all()] == ["inviata", "risposta"]


def test_the_contact_message_is_screened(tenant_a, tenant_b, tenant_client):
    entry = publish_profile_entry(tenant_a)
    client_b = tenant_client(tenant_b, Role.OPERATOR)
    response = client_b.post(f"/rete-delle-reti/{entry.pk}/contatto/",
                             {"message": "Chiamatemi al 333 1234567"})
    assert response.status_code == 400
    assert "un numero di telefono" in response.content.decode()
    assert not ContactRequest.objects.exists()
    api = client_b.post(f"/api/v1/rete-delle-reti/{entry.pk}/richieste-contatto/",
                        {"messaggio": "mail: a.b@example.it"}, content_type="application/json")
    assert api.status_code == 400 and api.json()["errore"]["codice"] == "dati_identificativi"


def test_another_counter_cannot_answer_a_request(tenant_a, tenant_b, tenant_client):
    # given a request B sent to A
    entry = publish_profile_entry(tenant_a)
    with tenant_context(tenant_b):
        item = exchange.request_contact(entry=entry, message="Possiamo parlarne?",
                                        acting_user=staff_here())
    # when B (the asker) tries to answer it: refused
    client_b = tenant_client(tenant_b, Role.OPERATOR)
    assert client_b.post(f"/api/v1/richieste-contatto/{item.pk}/risposta/",
                         {"esito": "risposta", "testo": "sì"},
                         content_type="application/json").status_code == 404
    assert client_b.post(f"/rete-delle-reti/richieste/{item.pk}/",
                         {"answer": "sì", "azione": "rispondi"}).status_code == 403
    # and A answers through the API; twice is a conflict
    client_a = tenant_client(tenant_a, Role.OPERATOR)
    url = f"/api/v1/richieste-contatto/{item.pk}/risposta/"
    assert client_a.post(url, {"esito": "rifiuto"},
                         content_type="application/json").json()["stato"] == "rifiutata"
    assert client_a.post(url, {"esito": "risposta", "testo": "ok"},
                         content_type="application/json").status_code == 409


def test_a_third_counter_sees_nothing_of_a_request(tenant_a, tenant_b, tenant_client):
    from tenants import services as tenant_services
    from tenants.models import Tenant
    from tests.factories import PASSWORD, make_profile

    gamma = Tenant.objects.filter(slug="gamma").first() or tenant_services.provision_tenant(
        profile=make_profile("gamma"), admin_email="admin@gamma.example.it",
        admin_password=PASSWORD)
    entry = publish_profile_entry(tenant_a)
    with tenant_context(tenant_b):
        item = exchange.request_contact(entry=entry, message="Possiamo parlarne?",
                                        acting_user=staff_here())
    client = tenant_client(gamma, Role.OPERATOR)
    assert client.get(f"/rete-delle-reti/richieste/{item.pk}/").status_code == 404
    assert client.get(f"/api/v1/richieste-contatto/{item.pk}/").status_code == 404


def test_a_counter_does_not_ask_itself(in_a):
    entry = publish_profile_entry()
    with pytest.raises(exchange.ExchangeError):
        exchange.request_contact(entry=entry, message="?", acting_user=staff_here())


def test_a_suspended_counters_entries_are_not_shown(tenant_a):
    entry = publish_profile_entry(tenant_a)
    tenant_a.status = "suspended"
    tenant_a.save(update_fields=["status"])
    try:
        assert national().get(f"/rete-delle-reti/{entry.pk}/").status_code == 404
    finally:
        tenant_a.status = "active"
        tenant_a.save(update_fields=["status"])
