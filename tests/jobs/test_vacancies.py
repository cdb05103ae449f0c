"""Vacancies: boundaries of what is typed, the lifecycle as a transitions
table with one event each, expiry as an idempotent task over every tenant."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from core.errors import ServiceError
from jobs import tasks
from jobs.models import Vacancy, VacancyEvent
from jobs.services import vacancies as services
from tests.factories import PIVA_BETA, make_employer, make_user, make_vacancy, vacancy_data


@pytest.mark.parametrize("hours", [0, 169])
def test_hours_outside_the_week_are_refused(in_a, tenant_a, hours):
    employer = make_employer()
    with pytest.raises(ServiceError) as refused:
        services.create_vacancy(data=vacancy_data(employer, hours_per_week=hours),
                                acting_user=make_user(tenant_a, Role.OPERATOR))
    assert "hours_per_week" in refused.value.fields


@pytest.mark.parametrize("hours", [1, 168])
def test_the_ends_of_the_week_are_accepted(in_a, hours):
    assert make_vacancy(hours_per_week=hours).hours_per_week == hours


@pytest.mark.parametrize("positions", [0, 1000, 10**9])
def test_positions_out_of_range_are_refused(in_a, tenant_a, positions):
    with pytest.raises(ServiceError) as refused:
        services.create_vacancy(data=vacancy_data(make_employer(), positions=positions),
                                acting_user=make_user(tenant_a, Role.OPERATOR))
    assert "positions" in refused.value.fields


def test_a_window_ending_before_it_starts_is_refused(in_a, tenant_a):
    today = date.today()
    with pytest.raises(ServiceError) as refused:
        services.create_vacancy(data=vacancy_data(make_employer(), publish_from=today,
                                                  publish_until=today - timedelta(days=1)),
                                acting_user=make_user(tenant_a, Role.OPERATOR))
    assert "publish_until" in refused.value.fields


def test_a_profession_must_be_at_the_sixth_level(in_a, tenant_a):
    with pytest.raises(ServiceError) as refused:
        services.create_vacancy(data=vacancy_data(make_employer(), profession_code="5.2.2.1"),
                                acting_user=make_user(tenant_a, Role.OPERATOR))
    assert "profession_code" in refused.value.fields


def test_the_lifecycle_writes_one_event_per_transition(in_a, tenant_a):
    # given a draft with languages and licences
    vacancy = make_vacancy(languages=(("001", "B2"),), licences=(("patente", "02"),))
    operator = make_user(tenant_a, Role.OPERATOR)
    # when it cannot be published without a window
    with pytest.raises(ServiceError) as refused:
        services.publish_vacancy(vacancy=vacancy, acting_user=operator)
    assert refused.value.code == "finestra_pubblicazione_non_valida"
    # and is published once it has one, then filled
    today = date.today()
    services.update_vacancy(vacancy=vacancy, acting_user=operator, data=vacancy_data(
        vacancy.employer, publish_from=today, publish_until=today + timedelta(days=10),
        languages=(("001", "B2"),), licences=(("patente", "02"),)))
    services.publish_vacancy(vacancy=vacancy, acting_user=operator)
    services.close_vacancy(vacancy=vacancy, reason="coperta", acting_user=operator)
    # then the history is draft, published, closed (filled)
    events = list(VacancyEvent.objects.filter(vacancy=vacancy).values_list(
        "from_status", "to_status", "close_reason"))
    assert events == [("", "bozza", ""), ("bozza", "pubblicata", ""),
                      ("pubblicata", "chiusa", "coperta")]
    assert vacancy.languages.get().level_code == "B2"
    # and a closed vacancy is never published again, with a stable code
    with pytest.raises(ServiceError) as again:
        services.publish_vacancy(vacancy=vacancy, acting_user=operator)
    assert again.value.code == "transizione_non_ammessa"


def test_a_draft_can_only_be_withdrawn(in_a, tenant_a):
    vacancy = make_vacancy()
    operator = make_user(tenant_a, Role.OPERATOR)
    with pytest.raises(ServiceError) as refused:
        services.close_vacancy(vacancy=vacancy, reason="coperta", acting_user=operator)
    assert refused.value.code == "motivo_non_ammesso"
    closed = services.close_vacancy(vacancy=vacancy, reason="ritirata", acting_user=operator)
    assert closed.close_reason == "ritirata"


def test_publishing_to_the_exchange_needs_the_authorisation(in_a, tenant_a):
    vacancy = make_vacancy(visibility="rete_delle_reti", publish_from=date.today(),
                           publish_until=date.today() + timedelta(days=5))
    with pytest.raises(ServiceError) as refused:
        services.publish_vacancy(vacancy=vacancy, acting_user=make_user(tenant_a, "operator"))
    assert refused.value.code == "autorizzazione_mancante"


def test_expiry_runs_in_every_tenant_and_twice_is_one_event(tenant_a, tenant_b):
    # given a published vacancy past its window in each tenant
    expired = {}
    for tenant in (tenant_a, tenant_b):
        with tenant_context(tenant):
            vacancy = make_vacancy(published=True)
            yesterday = timezone.localdate() - timedelta(days=1)
            Vacancy.objects.filter(pk=vacancy.pk).update(
                publish_from=yesterday - timedelta(days=10), publish_until=yesterday)
            expired[tenant.pk] = vacancy.pk
    # when the task runs twice
    tasks.expire_vacancies()
    tasks.expire_vacancies()
    # then each is closed as expired, with exactly one "scaduta" event
    for tenant in (tenant_a, tenant_b):
        with tenant_context(tenant):
            vacancy = Vacancy.objects.get(pk=expired[tenant.pk])
            assert (vacancy.status, vacancy.close_reason) == ("chiusa", "scaduta")
            assert VacancyEvent.objects.filter(vacancy=vacancy, close_reason="scaduta").count() == 1


def test_a_vacancy_still_in_its_window_is_left_published(in_a):
    vacancy = make_vacancy(published=True)
    assert services.expire_vacancies() == 0
    vacancy.refresh_from_db()
    assert vacancy.status == "pubblicata"


def test_the_pages_publish_and_close(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        vacancy = make_vacancy(publish_from=date.today(),
                               publish_until=date.today() + timedelta(days=3))
    client = tenant_client(tenant_a, Role.OPERATOR)
    assert client.get("/lavoro/offerte/?stato=bozza").status_code == 200
    assert client.post(f"/lavoro/offerte/{vacancy.pk}/pubblica/").status_code == 302
    page = client.get(f"/lavoro/offerte/{vacancy.pk}/").content.decode()
    assert "Pubblicata" in page
    assert client.post(f"/lavoro/offerte/{vacancy.pk}/chiudi/",
                       {"reason": "ritirata"}).status_code == 302
    assert client.get("/lavoro/offerte/esporta.csv").status_code == 200


def test_the_form_refuses_hours_beyond_the_week(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        employer = make_employer()
    client = tenant_client(tenant_a, Role.OPERATOR)
    answer = client.post("/lavoro/offerte/nuova/", {
        "employer": employer.pk, "title": "Cuoco", "profession_code": "5.2.2.1.0.1",
        "comune_code": "A944", "positions": 1, "hours_per_week": 169,
        "visibility": "sportello"})
    assert answer.status_code == 400
    done = client.post("/lavoro/offerte/nuova/", {
        "employer": employer.pk, "title": "Cuoco", "profession_code": "5.2.2.1.0.1",
        "comune_code": "A944", "positions": 1, "hours_per_week": 40,
        "visibility": "sportello", "languages": "001 B2", "licences": "patente 02"})
    assert done.status_code == 302


def test_another_tenant_gets_404_for_a_vacancy(tenant_a, tenant_b, tenant_client):
    vacancy = make_vacancy(tenant_a)
    client = tenant_client(tenant_b, Role.TENANT_ADMIN)
    for url in (f"/lavoro/offerte/{vacancy.pk}/", f"/lavoro/offerte/{vacancy.pk}/modifica/"):
        assert client.get(url).status_code == 404
    for url in (f"/lavoro/offerte/{vacancy.pk}/pubblica/", f"/lavoro/offerte/{vacancy.pk}/chiudi/"):
        assert client.post(url).status_code == 404


def test_codes_come_from_the_code_tables(in_a, tenant_a):
    operator = make_user(tenant_a, Role.OPERATOR)
    with pytest.raises(ServiceError) as refused:
        services.create_vacancy(data=vacancy_data(make_employer(), comune_code="Z999",
                                                  contract_type_code="ZZZ",
                                                  languages=(("999", "B2"),)),
                                acting_user=operator)
    assert {"comune_code", "contract_type_code", "languages"} <= set(refused.value.fields)
    vacancy = services.create_vacancy(
        data=vacancy_data(make_employer(name="Altra", partita_iva=PIVA_BETA),
                          contract_type_code="A01", education_code="10000000",
                          working_mode_code="FT", languages=(("001", "b1"),)),
        acting_user=operator)
    assert vacancy.languages.get().level_code == "B1"
