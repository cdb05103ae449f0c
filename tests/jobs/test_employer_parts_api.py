"""An employer's seats, contacts and consents through the API: listed and
added, refused in Italian at the field, staff only, 404 from another tenant."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEvent
from tests.factories import bump_ids, make_employer_here

JSON = "application/json"


def _url(employer_id, part):
    return f"/api/v1/lavoro/aziende/{employer_id}/{part}/"


def test_seats_are_added_and_listed(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        employer = make_employer_here()
    client = tenant_client(tenant_a, Role.OPERATOR)
    created = client.post(_url(employer.pk, "sedi"), {
        "tipo": "operativa", "denominazione": "Cucina centrale", "indirizzo": "Via Roma 1",
        "comune": "a944", "cap": "40121", "email": "Cucina@Trattoria.example.it"},
        content_type=JSON)
    assert created.status_code == 201, created.json()
    site = created.json()
    assert (site["comune"], site["email"], site["azienda"]) == (
        "A944", "cucina@trattoria.example.it", employer.pk)
    listed = client.get(_url(employer.pk, "sedi")).json()
    assert [x["id"] for x in listed] == [site["id"]]


@pytest.mark.parametrize(("body", "field"), [
    ({"indirizzo": "Via Roma 1", "comune": "A944", "cap": "4012"}, "cap"),
    ({"indirizzo": "   ", "comune": "A944"}, "indirizzo"),
    ({"indirizzo": "Via Roma 1", "comune": "Z000"}, "comune"),
    ({"indirizzo": "Via Roma 1", "comune": "A944", "tipo": "magazzino"}, "tipo"),
])
def test_a_wrong_seat_is_refused_at_its_field(tenant_a, tenant_client, body, field):
    with tenant_context(tenant_a):
        employer = make_employer_here()
    answer = tenant_client(tenant_a, Role.OPERATOR).post(_url(employer.pk, "sedi"), body,
                                                         content_type=JSON)
    assert answer.status_code == 400
    error = answer.json()["errore"]
    assert error["codice"] == "dati_non_validi" and list(error["campi"]) == [field]


def test_contacts_are_added_with_one_primary_and_a_seat_of_their_own(tenant_a,
                                                                     tenant_client):
    with tenant_context(tenant_a):
        employer = make_employer_here()
        other = make_employer_here("Bar Sport s.n.c.")
    client = tenant_client(tenant_a, Role.COORDINATOR)
    site = client.post(_url(employer.pk, "sedi"), {"indirizzo": "Via Roma 1", "comune": "A944"},
                       content_type=JSON).json()
    other_site = client.post(_url(other.pk, "sedi"), {"indirizzo": "Via Po 2",
                                                      "comune": "A944"},
                             content_type=JSON).json()
    first = client.post(_url(employer.pk, "referenti"), {
        "nome": "Mario", "cognome": "Bianchi", "telefono": "051 123456", "principale": True},
        content_type=JSON)
    assert first.status_code == 201, first.json()
    second = client.post(_url(employer.pk, "referenti"), {
        "nome": "Lucia", "cognome": "Verdi", "email": "lucia@example.it", "principale": True,
        "sede": site["id"]}, content_type=JSON)
    assert second.status_code == 201 and second.json()["sede"] == site["id"]
    listed = client.get(_url(employer.pk, "referenti")).json()
    assert [(x["cognome"], x["principale"]) for x in listed] == [("Verdi", True),
                                                                ("Bianchi", False)]
    # A seat of another employer, or none at all, is refused at «sede»
    for wrong in (other_site["id"], 99_999_999):
        answer = client.post(_url(employer.pk, "referenti"), {
            "nome": "Anna", "cognome": "Neri", "telefono": "051 1", "sede": wrong},
            content_type=JSON)
        assert answer.status_code == 400 and list(answer.json()["errore"]["campi"]) == ["sede"]
    # No telephone nor e-mail: refused in Italian at «email»
    answer = client.post(_url(employer.pk, "referenti"), {"nome": "Anna", "cognome": "Neri"},
                         content_type=JSON)
    assert answer.status_code == 400
    assert answer.json()["errore"]["campi"]["email"] == [
        "Indicare almeno un telefono o un indirizzo e-mail del referente."]


def test_consents_are_a_history_newest_first(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        employer = make_employer_here()
    client = tenant_client(tenant_a, Role.OPERATOR)
    url = _url(employer.pk, "consensi")
    given = client.post(url, {"finalita": "contatto", "dato": True, "data": "2026-01-10",
                              "modalita": "cartaceo"}, content_type=JSON)
    assert given.status_code == 201, given.json()
    withdrawn = client.post(url, {"finalita": "contatto", "dato": False, "data": "2026-02-10",
                                  "modalita": "digitale"}, content_type=JSON)
    client.post(url, {"finalita": "trattamento", "dato": True, "data": "2026-01-10",
                      "modalita": "verbale"}, content_type=JSON)
    history = client.get(f"{url}?finalita=contatto").json()
    assert [x["id"] for x in history] == [withdrawn.json()["id"], given.json()["id"]]
    assert [x["dato"] for x in history] == [False, True]
    assert len(client.get(url).json()) == 3
    with tenant_context(tenant_a):
        assert AuditEvent.objects.filter(action="jobs.employer_consent_recorded").count() == 3
    wrong = client.post(url, {"finalita": "contatto", "dato": True, "data": "1800-01-01",
                              "modalita": "cartaceo"}, content_type=JSON)
    assert wrong.status_code == 400 and list(wrong.json()["errore"]["campi"]) == ["data"]
    assert client.get(f"{url}?finalita=marketing").status_code == 400


@pytest.mark.parametrize("part", ["sedi", "referenti", "consensi"])
def test_only_counter_staff_may_use_them(tenant_a, tenant_client, part):
    with tenant_context(tenant_a):
        employer = make_employer_here()
    url = _url(employer.pk, part)
    assert tenant_client(tenant_a).get(url).status_code in (401, 403)
    supervisor = tenant_client(tenant_a, Role.SUPERVISOR)
    assert supervisor.get(url).status_code in (401, 403)
    assert supervisor.post(url, {}, content_type=JSON).status_code in (401, 403)


@pytest.fixture
def employer_of_a(tenant_a):
    bump_ids(tenant_a, ("jobs_employer",))
    with tenant_context(tenant_a):
        return make_employer_here()


@pytest.mark.parametrize("part", ["sedi", "referenti", "consensi"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_tenant_gets_404(tenant_b, tenant_client, employer_of_a, part, method):
    with tenant_context(tenant_b):
        make_employer_here("Di B s.r.l.")  # tenant B has employers of its own
    client = tenant_client(tenant_b, Role.TENANT_ADMIN)
    answer = getattr(client, method)(_url(employer_of_a.pk, part), {}, content_type=JSON)
    assert answer.status_code == 404
    assert answer.json()["errore"]["codice"] == "non_trovato"
