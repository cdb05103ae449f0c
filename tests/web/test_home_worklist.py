"""The operator's home is a worklist: today's appointments, second interviews
due, pathways waiting on the counter and e-mails that failed, each with its
count and links; mine by default, the whole counter for a coordinator."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from assessments.models import Assessment, Instrument, TriggerAction
from casework.models import Pathway, PathwayEvent, PathwayKind, Stage
from desks.models import Appointment, OutgoingMessage, Service
from tests.factories import make_appointment, make_person, make_user
from tests.support import text_of

pytestmark = pytest.mark.django_db

_n = itertools.count(1)


def _person(tenant, last_name=None):
    n = next(_n)
    return make_person(tenant, first_name="Lia", last_name=last_name or f"Lavoro{n}",
                       email=f"lia{n}@example.it")


def _today_at(hour: int, minute: int = 0):
    return timezone.localtime().replace(hour=hour, minute=minute, second=0, microsecond=0)


def _pathway(tenant, person, *, stage, kind=PathwayKind.MICROCREDIT, days_idle: int, actor=None):
    with tenant_context(tenant):
        when = timezone.now() - timedelta(days=days_idle)
        pathway = Pathway.objects.create(person=person, kind=kind, stage=stage, opened_at=when,
                                         opened_by=actor)
        PathwayEvent.objects.create(pathway=pathway, from_stage="", to_stage=stage,
                                    occurred_at=when, actor=actor)
    return pathway


def _failed_message(tenant, person, *, sender, subject="Promemoria documenti"):
    with tenant_context(tenant):
        message = OutgoingMessage.objects.create(
            person=person, subject=subject, body="Testo", to_address=person.email,
            status=OutgoingMessage.Status.FAILED, sent_by=sender, error="SMTP 550")
    return message


def _triggered_assessment(tenant, person, *, operator):
    with tenant_context(tenant):
        instrument = Instrument.objects.filter(code="prova-lavoro").first() or \
            Instrument.objects.create(code="prova-lavoro", name="Screening di prova",
                                      threshold=11,
                                      trigger_action=TriggerAction.SECOND_INTERVIEW)
        assessment = Assessment.objects.create(
            person=person, instrument=instrument, operator=operator,
            performed_at=timezone.now() - timedelta(days=2), total_score=14, triggered=True,
            answers={})
    return assessment


def test_operator_sees_todays_appointments_with_person_service_and_link(tenant_a,
                                                                         tenant_client):
    # given: the operator's appointment today, a colleague's, and one tomorrow
    me = make_user(tenant_a, Role.OPERATOR)
    colleague = make_user(tenant_a, Role.OPERATOR, email="collega@alfa.example.it")
    with tenant_context(tenant_a):
        service = Service.objects.create(code="orientamento-home", name="Orientamento al lavoro")
    mine = make_appointment(tenant_a, starts_at=_today_at(23, 0), person=_person(
        tenant_a, "Bianchi"), operator=me)
    with tenant_context(tenant_a):
        Appointment.objects.filter(pk=mine.pk).update(service=service)
    make_appointment(tenant_a, starts_at=_today_at(23, 0), person=_person(tenant_a, "Neri"),
                     operator=colleague)
    make_appointment(tenant_a, starts_at=_today_at(23, 0) + timedelta(days=1),
                     person=_person(tenant_a, "Gialli"), operator=me)

    # when
    response = tenant_client(tenant_a, Role.OPERATOR).get("/")

    # then
    page = text_of(response)
    assert response.status_code == 200
    assert "Appuntamenti di oggi 1 " in page
    assert "23:00 Bianchi Lia" in page
    assert "Orientamento al lavoro" in page
    assert "Neri" not in page and "Gialli" not in page
    assert f'href="/agenda/{mine.pk}/"' in response.content.decode()


def test_second_interviews_overdue_and_to_book_are_listed(tenant_a, tenant_client):
    # given: a second interview whose time has passed, still "prenotato", and a
    # screening over its threshold with no interview in the calendar
    me = make_user(tenant_a, Role.OPERATOR)
    late = make_appointment(tenant_a, starts_at=timezone.now() - timedelta(days=3),
                            person=_person(tenant_a, "Ritardi"), operator=me,
                            kind=Appointment.Kind.SECOND_INTERVIEW)
    assessment = _triggered_assessment(tenant_a, _person(tenant_a, "Soglia"), operator=me)

    # when
    response = tenant_client(tenant_a, Role.OPERATOR).get("/")

    # then
    page = text_of(response)
    assert "Secondi colloqui 2 " in page
    assert "Ritardi Lia Scaduto" in page
    assert "Da fissare (1) Soglia Lia" in page
    body = response.content.decode()
    assert f'href="/agenda/{late.pk}/"' in body
    assert f'href="/valutazioni/{assessment.pk}/"' in body


def test_a_second_interview_done_is_no_longer_due(tenant_a, tenant_client):
    me = make_user(tenant_a, Role.OPERATOR)
    held = make_appointment(tenant_a, starts_at=timezone.now() - timedelta(days=3),
                            person=_person(tenant_a, "Svolti"), operator=me,
                            kind=Appointment.Kind.SECOND_INTERVIEW)
    with tenant_context(tenant_a):
        Appointment.objects.filter(pk=held.pk).update(status=Appointment.Status.DONE)

    page = text_of(tenant_client(tenant_a, Role.OPERATOR).get("/"))

    assert "Svolti" not in page
    assert "Nessun secondo colloquio in sospeso." in page


def test_pathways_waiting_are_the_stale_and_the_ones_to_close(tenant_a, tenant_client):
    # given: a refused loan (to close), a job pathway idle for 40 days, one moved
    # yesterday and one placed (final)
    me = make_user(tenant_a, Role.OPERATOR)
    refused = _pathway(tenant_a, _person(tenant_a, "Rifiuto"), stage=Stage.REFUSED, days_idle=1,
                       actor=me)
    idle = _pathway(tenant_a, _person(tenant_a, "Fermo"), stage=Stage.ACTIVE_SEARCH,
                    kind=PathwayKind.JOB, days_idle=40, actor=me)
    _pathway(tenant_a, _person(tenant_a, "Recente"), stage=Stage.BUSINESS_PLAN, days_idle=1,
             actor=me)
    _pathway(tenant_a, _person(tenant_a, "Assunto"), stage=Stage.PLACED, kind=PathwayKind.JOB,
             days_idle=90, actor=me)

    # when
    response = tenant_client(tenant_a, Role.OPERATOR).get("/")

    # then
    page = text_of(response)
    assert "Percorsi in attesa dello sportello 2 " in page
    assert "Rifiutato · Esito registrato: resta da chiudere il percorso" in page
    assert "Ricerca attiva · Nessun passaggio di fase da oltre 30 giorni" in page
    assert "Recente" not in page and "Assunto" not in page
    body = response.content.decode()
    assert f"/persone/{refused.person_id}/percorsi/#percorso-{refused.pk}" in body
    assert f"/persone/{idle.person_id}/percorsi/#percorso-{idle.pk}" in body


def test_failed_messages_are_listed_with_a_link(tenant_a, tenant_client):
    me = make_user(tenant_a, Role.OPERATOR)
    person = _person(tenant_a, "Posta")
    failed = _failed_message(tenant_a, person, sender=me)

    response = tenant_client(tenant_a, Role.OPERATOR).get("/")

    page = text_of(response)
    assert "Messaggi non inviati 1 Promemoria documenti A Posta Lia" in page
    assert (f'href="/persone/{person.pk}/messaggi/{failed.pk}/"'
            in response.content.decode())


def test_operator_sees_only_their_work_coordinator_can_see_the_whole_counter(tenant_a,
                                                                            tenant_client):
    # given: a failed message sent by a colleague
    colleague = make_user(tenant_a, Role.OPERATOR, email="collega@alfa.example.it")
    _failed_message(tenant_a, _person(tenant_a, "Altrui"), sender=colleague,
                    subject="Messaggio del collega")

    # when / then: the operator sees only their own, even asking for everything
    operator_page = text_of(tenant_client(tenant_a, Role.OPERATOR).get("/?vista=tutte"))
    assert "Messaggio del collega" not in operator_page
    assert "Tutto lo sportello" not in operator_page

    # when / then: the coordinator switches to the whole counter
    coordinator = tenant_client(tenant_a, Role.COORDINATOR)
    assert "Messaggio del collega" not in text_of(coordinator.get("/"))
    assert "Messaggio del collega" in text_of(coordinator.get("/?vista=tutte"))


def test_another_tenants_work_never_shows(tenant_a, tenant_b, tenant_client):
    other = make_user(tenant_b, Role.OPERATOR)
    _failed_message(tenant_b, _person(tenant_b, "Beta"), sender=other, subject="Solo in beta")

    page = text_of(tenant_client(tenant_a, Role.COORDINATOR).get("/?vista=tutte"))

    assert "Solo in beta" not in page


def _fill(tenant, operator, n: int, *, first: int = 0):
    for i in range(first, first + n):
        person = _person(tenant)
        start = timezone.now() - timedelta(days=3) + timedelta(minutes=30 * i)
        make_appointment(tenant, starts_at=_today_at(23, 30), person=person, operator=None)
        make_appointment(tenant, starts_at=start, person=person, operator=operator,
                         kind=Appointment.Kind.SECOND_INTERVIEW)
        _triggered_assessment(tenant, person, operator=operator)
        _pathway(tenant, person, stage=Stage.WITHDRAWN, days_idle=50, actor=operator)
        _failed_message(tenant, person, sender=operator)


def test_the_home_page_costs_the_same_queries_with_many_rows(tenant_a, tenant_client,
                                                             django_assert_max_num_queries):
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    # given: more rows in each section than it shows, measured
    me = make_user(tenant_a, Role.COORDINATOR)
    client = tenant_client(tenant_a, Role.COORDINATOR)
    _fill(tenant_a, me, 9)
    with CaptureQueriesContext(connections["default"]) as before:
        assert client.get("/?vista=tutte").status_code == 200

    # when: twelve more in each
    _fill(tenant_a, me, 12, first=9)

    # then: not one query more (counts included)
    with django_assert_max_num_queries(len(before)):
        response = client.get("/?vista=tutte")
    page = text_of(response)
    assert "Appuntamenti di oggi 21 " in page
    assert "Messaggi non inviati 21 " in page
    assert "E altri 13." in page


def test_given_a_job_desk_when_employers_and_citizens_wait_then_the_home_counts_them(
        tenant_a, tenant_client):
    # given: a counter with a job desk, an employer's staffing need and a citizen's interest
    from jobs.services.boards import express_interest
    from tenants.models import Tenant
    from tests.factories import make_need, make_vacancy

    Tenant.objects.filter(pk=tenant_a.pk).update(offers_job_desk=True)
    make_need(tenant_a)
    vacancy = make_vacancy(tenant_a, published=True)
    with tenant_context(tenant_a):
        express_interest(vacancy=vacancy, name="Gino D'Amico", email="gino@example.it",
                         phone="", message="Ho esperienza in cucina.",
                         privacy_acknowledged=True)

    # when: an operator opens the home page
    response = tenant_client(tenant_a, Role.OPERATOR).get("/")

    # then: the job desk's section counts both, each with its page
    page = text_of(response)
    assert "Sportello Lavoro 2 " in page
    assert "Richieste di personale delle aziende da esaminare: 1" in page
    assert "«Mi interessa» dei cittadini da gestire: 1" in page
    assert 'href="/lavoro/mi-interessa/"' in response.content.decode()
    assert "E altri" not in page


def test_given_a_counter_without_a_job_desk_when_opening_the_home_then_no_job_section(
        tenant_a, tenant_client):
    from tenants.models import Tenant

    Tenant.objects.filter(pk=tenant_a.pk).update(offers_job_desk=False)

    page = text_of(tenant_client(tenant_a, Role.OPERATOR).get("/"))

    assert "Sportello Lavoro 0" not in page and "Nessuna richiesta in attesa." not in page
