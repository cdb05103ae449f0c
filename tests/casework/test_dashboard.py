"""The coordinator's dashboard on a known data set: consultations per month
and operator, people by channel, the microcredit funnel with conversions and
median days; a constant number of queries whatever the data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from accounts.models import Role
from casework import selectors, services
from casework.models import Stage
from people.services import record_contact
from tests.factories import local, make_person, make_user, open_at
from tests.support import text_of

PERIOD = (date(2025, 1, 1), date(2025, 6, 30))
MICRO = "microcredito"


@pytest.fixture
def known_data(tenant_a):
    """Three microcredit pathways opened in the period (one more before it),
    four consultations (one before the period), contacts on three channels."""
    operator = make_user(tenant_a, Role.OPERATOR)
    coordinator = make_user(tenant_a, Role.COORDINATOR)
    people = [make_person(tenant_a) for _ in range(6)]
    with tenant_context(tenant_a):
        # P1: every 2 days up to the disbursement.
        open_at(people[0], MICRO, Stage.DISBURSED, user=operator,
                opened_at=local(date(2025, 1, 10)), step=timedelta(days=2))
        # P2: every 4 days up to the lender's assessment, then refused.
        refused = open_at(people[1], MICRO, Stage.LENDER_ASSESSMENT, user=operator,
                          opened_at=local(date(2025, 2, 1)), step=timedelta(days=4))
        services.advance_pathway(pathway=refused, to_stage=Stage.REFUSED, acting_user=operator,
                                 occurred_at=local(date(2025, 3, 20)), reason="Non sostenibile")
        # P3: information only, after 6 days.
        open_at(people[2], MICRO, Stage.INFORMATION, user=operator,
                opened_at=local(date(2025, 3, 1)), step=timedelta(days=6))
        # Before the period: not in the funnel.
        open_at(people[3], MICRO, Stage.DISBURSED, user=operator,
                opened_at=local(date(2024, 11, 2)), step=timedelta(days=1))
        # A job pathway: not in the microcredit funnel.
        open_at(people[4], "lavoro", Stage.REFERRAL, user=operator,
                opened_at=local(date(2025, 1, 5)), step=timedelta(days=1))

        for when, user in ((local(date(2025, 1, 7)), operator), (local(date(2025, 1, 21)),
                                                                  operator),
                           (local(date(2025, 2, 14)), coordinator),
                           (local(date(2024, 12, 30)), operator)):
            services.record_consultation(person=people[0], acting_user=user, occurred_at=when,
                                         duration_minutes=30, mode="presenza")

        for person, channel, when in ((people[0], "spontaneo", date(2025, 1, 3)),
                                      (people[0], "spontaneo", date(2025, 2, 3)),
                                      (people[1], "telefono", date(2025, 1, 4)),
                                      (people[2], "suap", date(2024, 10, 1))):
            record_contact(person=person, channel=channel, reason="Informazioni",
                           acting_user=operator, occurred_at=local(when))
    return {"operator": operator, "coordinator": coordinator, "people": people}


def _data_queries(captured) -> int:
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET "))


def _figures(tenant, actor):
    with tenant_context(tenant):
        return selectors.dashboard(actor=actor, date_from=PERIOD[0], date_to=PERIOD[1])


def test_given_known_pathways_when_reading_the_funnel_then_each_stage_counts_the_pathways_that_reached_it(  # noqa: E501
        tenant_a, known_data):
    figures = _figures(tenant_a, known_data["coordinator"])

    reached = {step.stage: step.reached for step in figures.funnel}
    assert figures.cohort == 3
    assert reached == {"primo_contatto": 3, "informazione": 3, "orientamento": 2,
                       "idea_impresa": 2, "business_plan": 2, "invio_finanziatore": 2,
                       "istruttoria": 2, "approvato": 1, "erogato": 1, "tutoraggio": 0,
                       "in_ammortamento": 0, "chiuso": 0}
    assert {s.stage: s.reached for s in figures.outcomes} == {"rifiutato": 1, "ritirato": 0}


def test_given_known_pathways_when_reading_the_funnel_then_conversions_are_shares_of_the_previous_stage(  # noqa: E501
        tenant_a, known_data):
    figures = _figures(tenant_a, known_data["coordinator"])

    conversion = {step.stage: step.conversion for step in figures.funnel}
    assert conversion["primo_contatto"] is None
    assert conversion["informazione"] == 1.0
    assert conversion["orientamento"] == pytest.approx(2 / 3, abs=1e-4)
    assert conversion["approvato"] == 0.5
    assert conversion["erogato"] == 1.0
    assert conversion["tutoraggio"] == 0.0
    assert conversion["in_ammortamento"] is None  # nobody reached tutoring


def test_given_known_pathways_when_reading_the_funnel_then_median_days_between_stages_are_right(
        tenant_a, known_data):
    figures = _figures(tenant_a, known_data["coordinator"])

    median = {step.stage: step.median_days for step in figures.funnel}
    assert median["informazione"] == 4.0  # 2, 4 and 6 days
    assert median["orientamento"] == 3.0  # 2 and 4 days
    assert median["approvato"] == 2.0  # P1 only
    assert median["tutoraggio"] is None


def test_given_known_consultations_when_reading_the_dashboard_then_per_month_and_per_operator_are_counted(  # noqa: E501
        tenant_a, known_data):
    figures = _figures(tenant_a, known_data["coordinator"])

    assert [(row["month"], row["count"]) for row in figures.months] == [
        (date(2025, 1, 1), 2), (date(2025, 2, 1), 1), (date(2025, 3, 1), 0),
        (date(2025, 4, 1), 0), (date(2025, 5, 1), 0), (date(2025, 6, 1), 0)]
    assert [(row["operator"], row["count"], row["minutes"]) for row in figures.operators] == [
        (str(known_data["operator"]), 2, 60), (str(known_data["coordinator"]), 1, 30)]


def test_given_known_contacts_when_reading_the_dashboard_then_people_are_counted_once_per_channel(
        tenant_a, known_data):
    figures = _figures(tenant_a, known_data["coordinator"])

    assert [(row["channel"], row["people"], row["contacts"]) for row in figures.channels] == [
        ("spontaneo", 1, 2), ("telefono", 1, 1)]


def test_given_more_data_when_reading_the_dashboard_then_the_number_of_queries_does_not_grow(
        tenant_a, known_data):
    coordinator = known_data["coordinator"]
    with tenant_context(tenant_a), CaptureQueriesContext(connection) as before:
        selectors.dashboard(actor=coordinator, date_from=PERIOD[0], date_to=PERIOD[1])
    extra = [make_person(tenant_a) for _ in range(4)]
    with tenant_context(tenant_a):
        for index, person in enumerate(extra):
            open_at(person, MICRO, Stage.APPROVED, user=coordinator,
                    opened_at=local(date(2025, 4, 1 + index)), step=timedelta(days=1))
            services.record_consultation(person=person, acting_user=coordinator,
                                         occurred_at=local(date(2025, 5, 2 + index)),
                                         duration_minutes=20, mode="video")
            record_contact(person=person, channel="email", reason="Domanda",
                           acting_user=coordinator, occurred_at=local(date(2025, 5, 2)))
        with CaptureQueriesContext(connection) as after:
            figures = selectors.dashboard(actor=coordinator, date_from=PERIOD[0],
                                          date_to=PERIOD[1])

    assert figures.cohort == 7
    assert _data_queries(after) == _data_queries(before) <= 5


def test_given_a_coordinator_when_opening_the_dashboard_then_charts_and_tables_show_the_figures(
        tenant_a, known_data, tenant_client):
    client = tenant_client(tenant_a, Role.COORDINATOR)

    response = client.get(f"/cruscotto/?dal={PERIOD[0]}&al={PERIOD[1]}")

    assert response.status_code == 200
    body = response.content.decode()
    charts = body.split('<main', 1)[1].split("</main>", 1)[0]  # not the menu's icons
    assert charts.count("<svg") == 4 and 'role="img"' in body
    assert "https://" not in body.split("<main", 1)[1].split("</main>", 1)[0]  # no CDN
    page = text_of(response)
    assert "Periodo: dal 01/01/2025 al 30/06/2025" in page
    assert "Business plan 2" in page
    assert "Informazione 3 100% 4,0" in page
    assert "Orientamento 2 67% 3,0" in page
    assert "Rifiutato 1" in page
    assert "Accesso spontaneo allo sportello 1 2" in page


def test_given_a_period_filter_when_it_excludes_the_data_then_the_funnel_is_empty(
        tenant_a, known_data):
    with tenant_context(tenant_a):
        figures = selectors.dashboard(actor=known_data["coordinator"],
                                      date_from=date(2025, 7, 1), date_to=date(2025, 8, 31))

    assert figures.cohort == 0
    assert all(step.reached == 0 for step in figures.funnel)
    assert [row["count"] for row in figures.months] == [0, 0]


def test_given_a_coordinator_when_reading_the_dashboard_api_then_the_same_figures_come_as_json(
        tenant_a, known_data, tenant_client):
    client = tenant_client(tenant_a, Role.COORDINATOR)

    body = client.get(f"/api/v1/cruscotto/?dal={PERIOD[0]}&al={PERIOD[1]}").json()

    assert body["periodo"] == {"dal": "2025-01-01", "al": "2025-06-30"}
    assert body["consulenze_per_mese"][0] == {"mese": "2025-01", "consulenze": 2, "minuti": 60}
    steps = {step["fase"]: step for step in body["microcredito"]["fasi"]}
    assert steps["informazione"]["percorsi"] == 3
    assert steps["informazione"]["giorni_mediana"] == 4.0
    assert steps["approvato"]["conversione"] == 0.5
    assert body["persone_per_canale"][0]["canale"] == "spontaneo"


def test_given_an_invalid_period_when_reading_the_dashboard_api_then_the_error_shape(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.COORDINATOR)

    response = client.get("/api/v1/cruscotto/?dal=ieri")

    assert response.status_code == 400
    assert response.json()["errore"]["codice"] == "dati_non_validi"
    assert "dal" in response.json()["errore"]["campi"]
