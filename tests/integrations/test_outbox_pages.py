"""The operator's conferral screens: list, filters, CSV, record page with the
XML and the problems, «Rigenera e reinvia» / «Reinvia», dead-letter list,
badges; roles, counters without the job desk, another tenant's ids."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from integrations.outbox import delivery
from integrations.outbox.models import OutboxMessage
from integrations.outbox.states import State
from tests.factories import (
    bump_ids,
    make_candidate,
    make_employer_here,
    make_person,
    make_vacancy_here,
)
from tests.integrations.outbox_support import KO, job_desk, routes
from tests.support import audit_events, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def scripted(tenant_a):
    with job_desk(tenant_a), routes() as scripted:
        yield scripted


def _vacancy(tenant, **values):
    values.setdefault("hours_per_week", 40)
    with tenant_context(tenant):
        vacancy = make_vacancy_here(employer=make_employer_here(), **values)
        return vacancy, OutboxMessage.objects.get(kind="vacancy", subject_id=vacancy.pk)


def test_given_conferrals_when_the_operator_opens_the_list_then_each_shows_its_state(
        scripted, tenant_a, tenant_client):
    _, sent = _vacancy(tenant_a, title="Cuoco")
    _, waiting = _vacancy(tenant_a, title="Cameriere di sala")
    with tenant_context(tenant_a):
        delivery.deliver(sent.pk)

    page = text_of(tenant_client(tenant_a, Role.OPERATOR).get("/lavoro/conferimenti/"))

    assert "Conferimenti a Cliclavoro" in page and "Conferimenti trovati: 2" in page
    assert f"{sent.code} Offerta di lavoro (vacancy) Cuoco Inviato" in page
    assert f"{waiting.code} Offerta di lavoro (vacancy) Cameriere di sala Da inviare" in page


def test_given_filters_when_listing_then_only_matching_conferrals(
        scripted, tenant_a, tenant_client):
    _, sent = _vacancy(tenant_a, title="Cuoco")
    _, waiting = _vacancy(tenant_a, title="Cameriere di sala")
    with tenant_context(tenant_a):
        delivery.deliver(sent.pk)
    client = tenant_client(tenant_a, Role.OPERATOR)

    by_state = text_of(client.get("/lavoro/conferimenti/", {"stato": "pending"}))
    by_code = text_of(client.get("/lavoro/conferimenti/", {"codice": sent.code}))
    hostile = client.get("/lavoro/conferimenti/", {"codice": "'; DROP\x00" + "9" * 5000,
                                                   "stato": "nessuno", "pagina": "-1"})

    assert "Cameriere di sala" in by_state and "Cuoco" not in by_state
    assert "Cuoco" in by_code and "Cameriere" not in by_code
    assert hostile.status_code in (200, 400)


def test_given_an_invalid_vacancy_then_its_page_shows_the_problems_and_it_was_never_sent(
        scripted, tenant_a, tenant_client):
    vacancy, message = _vacancy(tenant_a, hours_per_week=None,
                                title="Pizzaiolo <b>D'Annunzio</b> & figli")

    response = tenant_client(tenant_a, Role.OPERATOR).get(f"/lavoro/conferimenti/{message.pk}/")

    page = text_of(response)
    assert "Non valido" in page and "Il record non è valido per Cliclavoro" in page
    assert "Ore settimanali : Il campo «Ore settimanali» è obbligatorio per Cliclavoro." in page
    assert "Indicare le ore settimanali nell'offerta." in page
    html = response.content.decode()
    assert f'href="/lavoro/offerte/{vacancy.pk}/"' in html
    assert "&lt;titolo&gt;Pizzaiolo &amp;lt;b&amp;gt;D&#x27;Annunzio" in html  # escaped twice
    assert "<b>D'Annunzio</b>" not in html
    assert 'data-testid="rigenera"' in html and 'data-testid="reinvia"' not in html
    assert scripted.requests == []


def test_given_the_record_page_then_the_read_is_audited(scripted, tenant_a, tenant_client):
    _, message = _vacancy(tenant_a)

    tenant_client(tenant_a, Role.OPERATOR).get(f"/lavoro/conferimenti/{message.pk}/")

    assert len(audit_events(tenant_a, "outbox.read", target_id=str(message.pk))) == 1


def test_given_a_fixed_vacancy_when_the_operator_regenerates_then_it_waits_to_be_sent(
        scripted, tenant_a, tenant_client):
    from jobs.models import Vacancy

    vacancy, message = _vacancy(tenant_a, hours_per_week=None)
    with tenant_context(tenant_a):
        Vacancy.objects.filter(pk=vacancy.pk).update(hours_per_week=38)

    response = tenant_client(tenant_a, Role.OPERATOR).post(
        f"/lavoro/conferimenti/{message.pk}/rigenera/", follow=True)

    page = text_of(response)
    assert "rimesso in coda di invio" in page and "Da inviare" in page
    assert len(audit_events(tenant_a, "outbox.regenerated")) == 1


def test_given_a_refused_conferral_then_it_is_in_the_dead_letter_list_and_can_be_resent(
        scripted, tenant_a, tenant_client):
    scripted.answers.append(KO)
    _, message = _vacancy(tenant_a)
    with tenant_context(tenant_a):
        delivery.deliver(message.pk)
    client = tenant_client(tenant_a, Role.OPERATOR)

    dead = text_of(client.get("/lavoro/conferimenti/scarti/"))
    record = client.get(f"/lavoro/conferimenti/{message.pk}/").content.decode()
    resent = text_of(client.post(f"/lavoro/conferimenti/{message.pk}/reinvia/", follow=True))

    assert message.code in dead and "Rifiutato (lista degli scarti)" in dead
    assert "Codice precedente sconosciuto" in record and 'data-testid="reinvia"' in record
    assert "Conferimento rimesso in coda di invio." in resent
    with tenant_context(tenant_a):
        assert OutboxMessage.objects.get(pk=message.pk).state == State.PENDING


def test_given_a_sent_conferral_when_resent_by_post_then_refused_and_unchanged(
        scripted, tenant_a, tenant_client):
    _, message = _vacancy(tenant_a)
    with tenant_context(tenant_a):
        delivery.deliver(message.pk)

    page = text_of(tenant_client(tenant_a, Role.OPERATOR).post(
        f"/lavoro/conferimenti/{message.pk}/reinvia/", follow=True))

    assert "non si reinvia" in page
    with tenant_context(tenant_a):
        assert OutboxMessage.objects.get(pk=message.pk).state == State.SENT


def test_given_the_csv_export_then_it_lists_the_conferrals_and_is_audited(
        scripted, tenant_a, tenant_client):
    _, message = _vacancy(tenant_a, title="Cuoco")

    response = tenant_client(tenant_a, Role.OPERATOR).get("/lavoro/conferimenti/esporta.csv")

    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Codice comunicazione;" in body and message.code in body and "Da inviare" in body
    [event] = audit_events(tenant_a, "outbox.exported")
    assert event.details["count"] == 1


def test_given_a_vacancy_and_a_cv_then_their_pages_show_the_conferral_badge(
        scripted, tenant_a, tenant_client):
    vacancy, _ = _vacancy(tenant_a)
    with tenant_context(tenant_a):
        candidate = make_candidate(make_person(None))
    client = tenant_client(tenant_a, Role.OPERATOR)

    vacancy_page = text_of(client.get(f"/lavoro/offerte/{vacancy.pk}/"))
    cv_page = client.get(f"/persone/{candidate.person_id}/curriculum/").content.decode()

    assert "Cliclavoro: Da inviare" in vacancy_page
    assert "Non conferito" in cv_page and 'data-testid="conferisci-cliclavoro"' in cv_page


def test_given_no_consent_when_the_operator_confers_a_cv_then_the_page_says_why(
        scripted, tenant_a, tenant_client):
    with tenant_context(tenant_a):
        candidate = make_candidate(make_person(None))

    page = text_of(tenant_client(tenant_a, Role.OPERATOR).post(
        f"/persone/{candidate.person_id}/curriculum/conferisci/", follow=True))

    assert "serve il consenso della persona" in page
    with tenant_context(tenant_a):
        assert not OutboxMessage.objects.filter(kind="candidatura").exists()


def test_given_the_consent_when_the_operator_confers_a_cv_then_it_waits_for_cliclavoro(
        scripted, tenant_a, tenant_client):
    from people import services as people_services
    from people.models import ConsentPurpose, ConsentRecord
    from tests.factories import staff_here

    with tenant_context(tenant_a):
        candidate = make_candidate(make_person(None))
        people_services.record_consent(person=candidate.person,
                                       purpose=ConsentPurpose.NATIONAL_SYSTEMS, given=True,
                                       method=ConsentRecord.Method.PAPER,
                                       acting_user=staff_here())

    page = text_of(tenant_client(tenant_a, Role.OPERATOR).post(
        f"/persone/{candidate.person_id}/curriculum/conferisci/", follow=True))

    assert "Curriculum messo in coda per Cliclavoro (da inviare)." in page
    assert "Cliclavoro: Da inviare" in page


ROUTES = ["/lavoro/conferimenti/{id}/", "/lavoro/conferimenti/{id}/reinvia/",
          "/lavoro/conferimenti/{id}/rigenera/"]


@pytest.mark.parametrize("route", ROUTES)
def test_given_a_conferral_of_tenant_a_when_tenant_b_asks_for_it_then_404(
        scripted, tenant_a, tenant_b, tenant_client, route):
    bump_ids(tenant_a, ["outbox_outboxmessage"])
    _, message = _vacancy(tenant_a)
    with job_desk(tenant_b):
        client = tenant_client(tenant_b, Role.TENANT_ADMIN)
        path = route.format(id=message.pk)
        response = client.post(path) if path.endswith(("reinvia/", "rigenera/")) \
            else client.get(path)

    assert response.status_code == 404
    with tenant_context(tenant_a):
        assert OutboxMessage.objects.get(pk=message.pk).state == State.PENDING


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.COORDINATOR, Role.TENANT_ADMIN])
def test_given_the_counter_s_staff_then_they_open_the_conferrals(scripted, tenant_a, tenant_client,
                                                                  role):
    assert tenant_client(tenant_a, role).get("/lavoro/conferimenti/").status_code == 200


def test_given_a_counter_without_the_job_desk_then_the_conferrals_are_not_for_its_staff(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a, Role.TENANT_ADMIN).get("/lavoro/conferimenti/")

    assert response.status_code == 403


def test_given_no_login_then_the_conferrals_ask_to_log_in(scripted, tenant_a, tenant_client):
    response = tenant_client(tenant_a).get("/lavoro/conferimenti/")

    assert response.status_code == 302 and "/accesso/" in response["Location"]


# --- The API ------------------------------------------------------------------------------

def test_given_conferrals_when_listed_by_the_api_then_each_with_its_state(
        scripted, tenant_a, tenant_client):
    _, message = _vacancy(tenant_a, hours_per_week=None)

    response = tenant_client(tenant_a, Role.OPERATOR).get("/api/v1/conferimenti/",
                                                          {"stato": "invalid"})

    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["codice"] == message.code and item["stato_descrizione"] == "Non valido"
    assert item["problemi"][0]["campo"] == "Ore settimanali"


def test_given_a_conferral_when_read_by_the_api_then_its_xml_and_exchanges_are_there(
        scripted, tenant_a, tenant_client):
    _, message = _vacancy(tenant_a)
    with tenant_context(tenant_a):
        delivery.deliver(message.pk)

    body = tenant_client(tenant_a, Role.OPERATOR).get(
        f"/api/v1/conferimenti/{message.pk}/").json()

    assert body["stato"] == "sent" and "<titolo>" in body["xml"]
    [exchange] = body["scambi"]
    assert exchange["esito"] == "ok" and exchange["message_id"].startswith("urn:uuid:")


def test_given_a_dead_conferral_when_resent_by_the_api_then_pending(
        scripted, tenant_a, tenant_client):
    scripted.answers.append(KO)
    _, message = _vacancy(tenant_a)
    with tenant_context(tenant_a):
        delivery.deliver(message.pk)
    client = tenant_client(tenant_a, Role.OPERATOR)

    resent = client.post(f"/api/v1/conferimenti/{message.pk}/reinvia/")
    again = client.post(f"/api/v1/conferimenti/{message.pk}/reinvia/")

    assert resent.status_code == 200 and resent.json()["stato"] == "pending"
    assert again.status_code == 409
    assert again.json()["errore"]["codice"] == "transizione_non_ammessa"


@pytest.mark.parametrize("query", [{"stato": "nessuno"}, {"codice": "9" * 500},
                                   {"tipo": "x" * 100}])
def test_given_hostile_filters_when_listing_by_the_api_then_400(
        scripted, tenant_a, tenant_client, query):
    response = tenant_client(tenant_a, Role.OPERATOR).get("/api/v1/conferimenti/", query)

    assert response.status_code == 400 and "errore" in response.json()


API_ROUTES = [("get", "/api/v1/conferimenti/{id}/"), ("post", "/api/v1/conferimenti/{id}/reinvia/"),
              ("post", "/api/v1/conferimenti/{id}/rigenera/")]


@pytest.mark.parametrize("method,route", API_ROUTES)
def test_given_a_conferral_of_tenant_a_when_tenant_b_asks_the_api_then_404(
        scripted, tenant_a, tenant_b, tenant_client, method, route):
    bump_ids(tenant_a, ["outbox_outboxmessage"])
    _, message = _vacancy(tenant_a)
    with job_desk(tenant_b):
        client = tenant_client(tenant_b, Role.TENANT_ADMIN)
        response = getattr(client, method)(route.format(id=message.pk))

    assert response.status_code == 404
    assert response.json()["errore"]["codice"] == "conferimento_non_trovato"


def test_given_a_counter_without_the_job_desk_when_its_staff_asks_the_api_then_403(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a, Role.OPERATOR).get("/api/v1/conferimenti/")

    assert response.status_code == 403
