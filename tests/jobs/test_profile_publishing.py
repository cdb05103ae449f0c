"""The anonymous profile from the CV page and the API: the operator publishes
it (with the person's consent to the job exchange and the counter's
authorisation), sees exactly what others see, withdraws it; nothing of it
identifies the person; another counter gets 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEvent
from exchange.models import EntryKind, ExchangeEntry
from people import services as people_services
from people.models import ConsentPurpose, ConsentRecord
from tests.factories import authorise_here, make_candidate, staff_here
from tests.support import text_of

pytestmark = pytest.mark.django_db
JSON = "application/json"


def a_candidate(*, exchange_consent: bool = True, authorised: bool = True):
    """Niccolò D'Angelo's CV (a cook, Bologna, English B2, born 17/05/1990),
    with or without the consent to the job exchange and the authorisation."""
    operator = staff_here()
    candidate = make_candidate(operator=operator, first_name="Niccolò", last_name="D'Angelo",
                               email="niccolo.dangelo@example.it", birth_date=date(1990, 5, 17),
                               desired=["5.2.2.1.0.1"], languages=[("001", "B2")])
    if exchange_consent:
        people_services.record_consent(person=candidate.person, purpose=ConsentPurpose.JOB_EXCHANGE,
                                       given=True, method=ConsentRecord.Method.PAPER,
                                       acting_user=operator)
    if authorised:
        authorise_here()
    return candidate


def profile_entries(candidate):
    return ExchangeEntry.objects.filter(kind=EntryKind.PROFILE, source_id=candidate.pk)


def test_the_button_publishes_and_the_public_exchange_shows_no_name(tenant_a, tenant_client):
    # given a CV with the consent and the authorisation
    with tenant_context(tenant_a):
        candidate = a_candidate()
    client = tenant_client(tenant_a, Role.OPERATOR)
    cv_url = f"/persone/{candidate.person_id}/curriculum/"
    # the CV page says it is not published and previews what others would see
    page = text_of(client.get(cv_url))
    assert "Rete delle reti" in page and "Non pubblicato" in page
    assert "Pubblica il profilo anonimo" in page
    assert "Fascia d'età" in page and "Provincia BO" in page
    # when the operator presses «Pubblica il profilo anonimo»
    response = client.post(f"{cv_url}profilo-anonimo/pubblica/",
                           {"presentation": "Cuoco con esperienza nella cucina emiliana."})
    assert response.status_code == 302
    page = text_of(client.get(cv_url))
    assert "Pubblicato" in page and "Ritira il profilo" in page
    # then the entry is on the public rete delle reti, without any name
    with tenant_context(tenant_a):
        entry = profile_entries(candidate).get()
        age = (timezone.localdate() - date(1990, 5, 17)).days // 365
        assert AuditEvent.objects.filter(action="jobs.profile_published").exists()
    national = tenant_client(None)
    listing = text_of(national.get("/rete-delle-reti/"))
    detail = text_of(national.get(f"/rete-delle-reti/{entry.pk}/"))
    assert entry.title in listing
    assert "cucina emiliana" in detail
    assert entry.age_band.startswith(str(age // 5 * 5))
    for text in (listing, detail):
        for identifying in ("Niccolò", "D'Angelo", "niccolo.dangelo", "17/05/1990", "1990"):
            assert identifying not in text


def test_withdrawal_removes_the_entry_at_once(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        candidate = a_candidate()
    client = tenant_client(tenant_a, Role.OPERATOR)
    cv_url = f"/persone/{candidate.person_id}/curriculum/"
    client.post(f"{cv_url}profilo-anonimo/pubblica/", {})
    with tenant_context(tenant_a):
        entry = profile_entries(candidate).get()
    # when the operator presses «Ritira il profilo»
    assert client.post(f"{cv_url}profilo-anonimo/ritira/").status_code == 302
    # then it is gone everywhere, and the CV page says so
    with tenant_context(tenant_a):
        assert not profile_entries(candidate).exists()
        assert AuditEvent.objects.filter(action="jobs.profile_withdrawn").exists()
    assert tenant_client(None).get(f"/rete-delle-reti/{entry.pk}/").status_code == 404
    assert "Non pubblicato" in text_of(client.get(cv_url))


def test_without_the_consent_the_button_is_refused_with_the_reason(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        candidate = a_candidate(exchange_consent=False)
    client = tenant_client(tenant_a, Role.OPERATOR)
    cv_url = f"/persone/{candidate.person_id}/curriculum/"
    assert "Manca il consenso della persona per: Pubblicazione nella borsa del lavoro" in \
        text_of(client.get(cv_url))  # said before pressing
    response = client.post(f"{cv_url}profilo-anonimo/pubblica/", {})
    assert response.status_code == 400
    assert "Manca il consenso della persona per: Pubblicazione nella borsa del lavoro." in \
        text_of(response)
    with tenant_context(tenant_a):
        assert not profile_entries(candidate).exists()


def test_without_the_authorisation_the_button_is_refused(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        candidate = a_candidate(authorised=False)
    client = tenant_client(tenant_a, Role.OPERATOR)
    response = client.post(f"/persone/{candidate.person_id}/curriculum/profilo-anonimo/pubblica/",
                           {})
    assert response.status_code == 400
    assert "autorizzazione all'intermediazione" in text_of(response)
    with tenant_context(tenant_a):
        assert not profile_entries(candidate).exists()


@pytest.mark.parametrize("presentation, what", [
    ("Chiamatemi al 333 1234567", "numero di telefono"),
    ("Scrivete a niccolo@example.it", "e-mail"),
    ("Il mio codice è DNGNCL90E17A944X", "codice fiscale"),
])
def test_identifying_free_text_is_refused_at_its_field(tenant_a, tenant_client, presentation,
                                                       what):
    with tenant_context(tenant_a):
        candidate = a_candidate()
    client = tenant_client(tenant_a, Role.OPERATOR)
    response = client.post(f"/persone/{candidate.person_id}/curriculum/profilo-anonimo/pubblica/",
                           {"presentation": presentation})
    assert response.status_code == 400
    page = text_of(response)
    assert "Il testo contiene" in page and what in page
    with tenant_context(tenant_a):
        assert not profile_entries(candidate).exists()


def test_the_api_reads_publishes_and_withdraws(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        candidate = a_candidate()
    client = tenant_client(tenant_a, Role.OPERATOR)
    url = f"/api/v1/lavoro/candidati/{candidate.pk}/profilo-anonimo/"
    state = client.get(url).json()
    assert state["pubblicato"] is False and state["ostacoli"] == []
    assert state["anteprima"]["provincia"] == "BO"
    assert state["anteprima"]["professioni"] == ["5.2.2.1.0.1"]
    assert "nome" not in state["anteprima"] and "data_nascita" not in state["anteprima"]
    refused = client.post(url, {"presentazione": "tel. 333 1234567"}, content_type=JSON)
    assert refused.status_code == 400
    assert "presentazione" in refused.json()["errore"]["campi"]
    published = client.post(url, {"presentazione": ""}, content_type=JSON)
    assert published.status_code == 200 and published.json()["pubblicato"] is True
    assert published.json()["voce"]
    assert client.delete(url).status_code == 204
    assert client.get(url).json()["pubblicato"] is False
    assert client.delete(url).status_code == 204  # a second withdrawal: nothing to do
    with tenant_context(tenant_a):
        assert not profile_entries(candidate).exists()


def test_the_api_without_consent_is_403_and_without_authorisation_409(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        no_consent = a_candidate(exchange_consent=False, authorised=False)
    client = tenant_client(tenant_a, Role.OPERATOR)
    url = f"/api/v1/lavoro/candidati/{no_consent.pk}/profilo-anonimo/"
    assert len(client.get(url).json()["ostacoli"]) == 2
    response = client.post(url, {}, content_type=JSON)
    assert response.status_code == 403
    assert "borsa del lavoro" in response.json()["errore"]["messaggio"]
    with tenant_context(tenant_a):
        people_services.record_consent(person=no_consent.person,
                                       purpose=ConsentPurpose.JOB_EXCHANGE, given=True,
                                       method=ConsentRecord.Method.PAPER,
                                       acting_user=staff_here())
    assert client.post(url, {}, content_type=JSON).status_code == 409


def test_a_withdrawn_consent_removes_the_published_profile(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        candidate = a_candidate()
    client = tenant_client(tenant_a, Role.OPERATOR)
    client.post(f"/persone/{candidate.person_id}/curriculum/profilo-anonimo/pubblica/", {})
    with tenant_context(tenant_a):
        assert profile_entries(candidate).exists()
        people_services.record_consent(person=candidate.person,
                                       purpose=ConsentPurpose.JOB_EXCHANGE, given=False,
                                       method=ConsentRecord.Method.PAPER,
                                       acting_user=staff_here())
        assert not profile_entries(candidate).exists()


def test_another_tenant_gets_404(tenant_a, tenant_b, tenant_client, high_ids_in_a):
    with tenant_context(tenant_a):
        candidate = a_candidate()
    client = tenant_client(tenant_b, Role.OPERATOR)
    base = f"/persone/{candidate.person_id}/curriculum/profilo-anonimo/"
    assert client.post(f"{base}pubblica/", {}).status_code == 404
    assert client.post(f"{base}ritira/").status_code == 404
    api = f"/api/v1/lavoro/candidati/{candidate.pk}/profilo-anonimo/"
    assert client.get(api).status_code == 404
    assert client.post(api, {}, content_type=JSON).status_code == 404
    assert client.delete(api).status_code == 404
    with tenant_context(tenant_a):
        assert not profile_entries(candidate).exists()


def test_a_citizen_or_anonymous_visitor_cannot_publish(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        candidate = a_candidate()
    anonymous = tenant_client(tenant_a)
    response = anonymous.post(
        f"/persone/{candidate.person_id}/curriculum/profilo-anonimo/pubblica/", {})
    assert response.status_code in (302, 403)
    assert anonymous.post(f"/api/v1/lavoro/candidati/{candidate.pk}/profilo-anonimo/", {},
                          content_type=JSON).status_code in (401, 403)
    with tenant_context(tenant_a):
        assert not profile_entries(candidate).exists()

