"""The person's page: data, consents, one timeline; every opening audited;
the same number of queries whatever the history's length."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from people import services
from people.models import ConsentRecord
from tests.factories import make_person, make_user, person_data
from tests.support import audit_events, text_of

pytestmark = pytest.mark.django_db


def _contacts(tenant, person, count: int) -> None:
    operator = make_user(tenant, Role.OPERATOR)
    with tenant_context(tenant):
        for day in range(count):
            services.record_contact(
                person=person, channel="telefono", reason=f"Richiesta numero {day}",
                occurred_at=timezone.now() - timedelta(days=day + 1), acting_user=operator)
            services.record_consent(person=person, purpose="newsletter", given=day % 2 == 0,
                                    method=ConsentRecord.Method.ORAL, acting_user=operator)


def test_given_an_operator_when_opening_the_person_page_then_a_read_event_with_operator_and_ip(
        tenant_a, tenant_client):
    person = make_person(tenant_a, person_data(), consent=False)
    client = tenant_client(tenant_a, Role.OPERATOR, REMOTE_ADDR="203.0.113.7")

    response = client.get(f"/persone/{person.pk}/")

    assert response.status_code == 200
    reads = audit_events(tenant_a, "person.read", target_id=str(person.pk))
    assert len(reads) == 1
    assert reads[0].actor_label == "operator@alfa.example.it"
    assert reads[0].actor_id == make_user(tenant_a, Role.OPERATOR).pk
    assert reads[0].ip_address == "203.0.113.7"
    assert reads[0].target_type == "people.person"


def test_given_the_api_when_retrieving_a_person_then_the_read_is_audited_too(
        tenant_a, tenant_client):
    person = make_person(tenant_a, person_data(), consent=False)
    client = tenant_client(tenant_a, Role.COORDINATOR, REMOTE_ADDR="198.51.100.4")

    client.get(f"/api/v1/persone/{person.pk}/")

    reads = audit_events(tenant_a, "person.read", target_id=str(person.pk))
    assert [(r.actor_label, r.ip_address) for r in reads] == [
        ("coordinator@alfa.example.it", "198.51.100.4")]


def test_given_a_person_with_history_when_opening_the_page_then_data_consents_and_timeline(
        tenant_a, tenant_client):
    person = make_person(tenant_a, person_data(vulnerabilities=["disabilita"]), consent=False)
    operator = make_user(tenant_a, Role.OPERATOR)
    with tenant_context(tenant_a):
        services.record_contact(person=person, channel="servizi_sociali",
                                reason="Cerca lavoro part-time",
                                referred_by="Servizio sociale Quartiere Navile",
                                information_given="Garanzia Giovani, tirocini",
                                acting_user=operator)
        services.record_consent(person=person, purpose="erogazione", given=True,
                                method=ConsentRecord.Method.PAPER, acting_user=operator)

    text = text_of(tenant_client(tenant_a, Role.OPERATOR).get(f"/persone/{person.pk}/"))

    assert "Mario Rossi" in text and "RSSMRA80A01H501U" in text
    assert "01/01/1980, Roma (H501)" in text
    assert "Disabilità (L. 68/1999)" in text
    assert "Disoccupato con DID" in text
    assert "Accoglienza: Invio dai servizi sociali" in text
    assert "Cerca lavoro part-time (inviata da Servizio sociale Quartiere Navile)" in text
    assert "Informazioni fornite: Garanzia Giovani, tirocini" in text
    assert "Consenso dato: Erogazione dei servizi dello sportello" in text
    assert "Informativa in vigore: Informativa privacy dello sportello, versione 1.0" in text


def test_given_a_long_history_when_opening_the_page_then_the_same_number_of_queries(
        tenant_a, tenant_client):
    short = make_person(tenant_a, person_data(), consent=False)
    long = make_person(tenant_a, consent=False, data=person_data(
        first_name="Giulia", last_name="Bianchi", codice_fiscale="BNCGLI92L55A944L"))
    _contacts(tenant_a, short, 1)
    _contacts(tenant_a, long, 12)
    client = tenant_client(tenant_a, Role.OPERATOR)
    client.get(f"/persone/{short.pk}/")  # warm caches (tenant routing, templates)

    counts = []
    for person in (short, long):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/persone/{person.pk}/")
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert text_of(response).count("Accoglienza: Telefono") == 12


def test_given_the_person_page_then_links_to_other_packages_pages_that_exist(
        tenant_a, tenant_client):
    person = make_person(tenant_a, person_data(), consent=False)

    page = tenant_client(tenant_a, Role.OPERATOR).get(f"/persone/{person.pk}/").content.decode()

    assert f'href="/persone/{person.pk}/accoglienza/"' in page
    assert f'href="/persone/{person.pk}/modifica/"' in page


def test_given_an_url_name_that_does_not_exist_when_asked_optionally_then_no_link():
    template = Template('{% load people_tags %}{% optional_url "nessuno:pagina" person_id=1 '
                        'as url %}[{{ url }}]{% optional_url "people:detail" person_id=7 as u %}'
                        '[{{ u }}]')

    assert template.render(Context()) == "[][/persone/7/]"


def test_given_an_operator_when_recording_an_intake_then_it_appears_in_the_timeline(
        tenant_a, tenant_client):
    person = make_person(tenant_a, person_data(), consent=False)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/persone/{person.pk}/accoglienza/", {
        "occurred_at": "2026-03-02T09:30", "channel": "suap", "referred_by": "",
        "reason": "Vuole aprire un laboratorio artigiano",
        "information_given": "Microcredito, Resto al Sud"}, follow=True)

    text = text_of(response)
    assert "Accoglienza registrata." in text
    assert "02/03/2026 09:30" in text
    assert "Accoglienza: SUAP / sportello progetti d'impresa" in text
    assert audit_events(tenant_a, "person.contact_recorded", target_id=str(person.pk))


def test_given_an_intake_without_channel_and_reason_when_posted_then_errors_at_the_fields(
        tenant_a, tenant_client):
    person = make_person(tenant_a, person_data(), consent=False)

    response = tenant_client(tenant_a, Role.OPERATOR).post(
        f"/persone/{person.pk}/accoglienza/",
        {"occurred_at": "2026-03-02T09:30", "channel": "", "reason": "",
         "information_given": "Appunti da non perdere"})

    page = response.content.decode()
    assert 'id="id_channel-errore">Campo obbligatorio.' in page
    assert 'id="id_reason-errore">Campo obbligatorio.' in page
    assert "Appunti da non perdere" in page
