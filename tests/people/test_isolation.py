"""A person of tenant A does not exist on tenant B's domain: every people page
and API resource answers 404 (an Italian page, or the API's JSON error), and
nothing is written to A."""

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from people import services
from people.models import ConsentRecord, Contact, Person
from tests.factories import make_person, person_data, staff_here
from tests.support import audit_events, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def person_of_a(tenant_a, tenant_b, high_ids_in_a):
    person = make_person(tenant_a, person_data(), consent=False)
    with tenant_context(tenant_b):
        assert not Person.objects.filter(pk=person.pk).exists()
    return person


PAGES = [
    ("get", "/persone/{id}/", {}),
    ("get", "/persone/{id}/modifica/", {}),
    ("post", "/persone/{id}/modifica/", {"last_name": "X", "first_name": "Y"}),
    ("get", "/persone/{id}/accoglienza/", {}),
    ("post", "/persone/{id}/accoglienza/", {"channel": "telefono", "reason": "x",
                                            "occurred_at": "2026-01-01T10:00"}),
    ("post", "/persone/{id}/consensi/", {"purpose": "newsletter", "given": "1",
                                         "method": "cartaceo"}),
]


@pytest.mark.parametrize("method,path,data", PAGES)
def test_given_a_person_of_tenant_a_when_requested_on_tenant_b_then_the_404_page(
        tenant_a, tenant_b, tenant_client, person_of_a, method, path, data):
    client = tenant_client(tenant_b, Role.TENANT_ADMIN)

    response = getattr(client, method)(path.format(id=person_of_a.pk), data)

    assert response.status_code == 404
    assert "Pagina non trovata" in text_of(response)
    with tenant_context(tenant_a):
        assert not Contact.objects.filter(person=person_of_a).exists()
        assert not ConsentRecord.objects.filter(person=person_of_a).exists()
        assert Person.objects.get(pk=person_of_a.pk).last_name == "Rossi"
    assert not audit_events(tenant_a, "person.read")


API = [
    ("get", "/api/v1/persone/{id}/", None),
    ("patch", "/api/v1/persone/{id}/", {"cognome": "X"}),
    ("get", "/api/v1/persone/{id}/consensi/", None),
    ("post", "/api/v1/persone/{id}/consensi/", {"finalita": "newsletter", "dato": True,
                                                "modalita": "cartaceo"}),
    ("get", "/api/v1/persone/{id}/accoglienze/", None),
    ("post", "/api/v1/persone/{id}/accoglienze/", {"canale": "telefono", "motivo": "x"}),
]


@pytest.mark.parametrize("method,path,data", API)
def test_given_a_person_of_tenant_a_when_requested_on_tenant_b_api_then_json_404(
        tenant_a, tenant_b, tenant_client, person_of_a, method, path, data):
    client = tenant_client(tenant_b, Role.OPERATOR)

    response = getattr(client, method)(path.format(id=person_of_a.pk), data,
                                       content_type="application/json")

    assert response.status_code == 404
    assert response.json()["errore"]["codice"] == "non_trovato"
    with tenant_context(tenant_a):
        assert not Contact.objects.filter(person=person_of_a).exists()
        assert not ConsentRecord.objects.filter(person=person_of_a).exists()


def test_given_a_person_of_tenant_a_when_searching_on_tenant_b_then_not_found_anywhere(
        tenant_b, tenant_client, person_of_a):
    client = tenant_client(tenant_b, Role.OPERATOR)

    pages = [client.get("/persone/", {"q": "rossi"}),
             client.get("/persone/risultati/", {"q": person_of_a.codice_fiscale}),
             client.get("/persone/verifica-codice-fiscale/",
                        {"codice_fiscale": person_of_a.codice_fiscale})]
    api = client.get("/api/v1/persone/", {"q": person_of_a.codice_fiscale}).json()
    export = b"".join(client.get("/persone/esporta.csv").streaming_content).decode()

    for page in pages:
        assert f"/persone/{person_of_a.pk}/" not in page.content.decode()
    assert "Nessuna persona trovata." in text_of(pages[0])
    assert api["results"] == []
    assert person_of_a.codice_fiscale not in export


def test_given_a_notice_of_tenant_a_when_requested_on_tenant_b_then_404(
        tenant_a, tenant_b, tenant_client, high_ids_in_a):
    with tenant_context(tenant_a):
        notice = services.publish_notice(version="9.9", title="Solo per Alfa", text="Testo",
                                         valid_from=date(2026, 2, 1),
                                         acting_user=staff_here(Role.TENANT_ADMIN),
                                         make_current=False)
    client = tenant_client(tenant_b, Role.TENANT_ADMIN)

    assert client.get(f"/informative-privacy/{notice.pk}/").status_code == 404
    assert client.post(f"/informative-privacy/{notice.pk}/in-vigore/").status_code == 404
