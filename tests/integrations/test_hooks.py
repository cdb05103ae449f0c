"""The job desk's hooks into the outbox: vacancies published, updated,
closed and expired; a candidate conferred only with the consent
«trasmissione»; its withdrawal cancels what waits and closes what was sent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from integrations.outbox import delivery
from integrations.outbox.models import OutboxMessage
from integrations.outbox.states import State
from jobs.services.conferral import ConferralConsentMissing, ConferralUnavailable, confer_candidate
from people import services as people_services
from people.models import ConsentPurpose, ConsentRecord
from tests.factories import (
    ARBEN_HOXHA,
    make_candidate,
    make_employer_here,
    make_person,
    make_vacancy_here,
    person_data,
    staff_here,
)
from tests.integrations.outbox_support import job_desk, routes

pytestmark = pytest.mark.django_db
TRASMISSIONE = ConsentPurpose.NATIONAL_SYSTEMS


@pytest.fixture
def desk(tenant_a, in_a):
    with job_desk(connection.tenant), routes() as node:
        yield node


def _consent(person, given=True):
    return people_services.record_consent(person=person, purpose=TRASMISSIONE, given=given,
                                          method=ConsentRecord.Method.PAPER,
                                          acting_user=staff_here())


def _candidate(**person_fields):
    person = make_person(None, data=person_data(**person_fields)) if person_fields \
        else make_person(None)
    return make_candidate(person)


def _of(kind, subject):
    return list(OutboxMessage.objects.filter(kind=kind, subject_id=subject.pk).order_by("id"))


def test_given_a_candidate_without_the_consent_when_conferred_then_refused_and_nothing_queued(
        desk):
    candidate = _candidate()

    with pytest.raises(ConferralConsentMissing) as refused:
        confer_candidate(candidate=candidate, acting_user=staff_here())

    assert refused.value.code == "consenso_trasmissione_mancante"
    assert "Trasmissione ai sistemi nazionali (Cliclavoro)" in refused.value.message
    assert _of("candidatura", candidate) == []


def test_given_the_consent_when_conferred_then_a_candidatura_waits(desk):
    candidate = _candidate(first_name="Arben", last_name="Hoxha", codice_fiscale=ARBEN_HOXHA,
                           email="arben@example.it")
    _consent(candidate.person)

    message = confer_candidate(candidate=candidate, acting_user=staff_here())

    assert message.state == State.PENDING and message.kind == "candidatura"
    assert b"<visibilita>NO</visibilita>" in bytes(message.xml)
    assert message.subject_label == "Hoxha Arben"


def test_given_a_counter_without_the_job_desk_when_conferring_then_refused(tenant_a, in_a):
    with routes():
        candidate = _candidate()
        _consent(candidate.person)
        with pytest.raises(ConferralUnavailable):
            confer_candidate(candidate=candidate, acting_user=staff_here())


def test_given_a_pending_candidatura_when_the_consent_is_withdrawn_then_it_is_cancelled(desk):
    candidate = _candidate()
    _consent(candidate.person)
    message = confer_candidate(candidate=candidate, acting_user=staff_here())

    _consent(candidate.person, given=False)

    assert [m.state for m in _of("candidatura", candidate)] == [State.CANCELLED]
    assert desk.requests == [] and delivery.deliver(message.pk) == "nulla da fare"


def test_given_a_sent_candidatura_when_the_consent_is_withdrawn_then_a_close_is_sent(desk):
    candidate = _candidate()
    _consent(candidate.person)
    first = confer_candidate(candidate=candidate, acting_user=staff_here())
    delivery.deliver(first.pk)

    _consent(candidate.person, given=False)

    sent, close = _of("candidatura", candidate)
    assert close.closing and close.previous_code == sent.code and close.state == State.PENDING
    assert delivery.deliver(close.pk) == "sent"
    assert desk.effects == {sent.code: 1, close.code: 1}
    with pytest.raises(ConferralConsentMissing):
        confer_candidate(candidate=candidate, acting_user=staff_here())


def test_given_a_withdrawal_of_another_consent_then_the_conferral_stays(desk):
    candidate = _candidate()
    _consent(candidate.person)
    confer_candidate(candidate=candidate, acting_user=staff_here())

    people_services.record_consent(person=candidate.person, purpose=ConsentPurpose.NEWSLETTER,
                                   given=False, method=ConsentRecord.Method.PAPER,
                                   acting_user=staff_here())

    assert [m.state for m in _of("candidatura", candidate)] == [State.PENDING]


def test_given_a_draft_vacancy_then_nothing_is_conferred_until_published(desk):
    from jobs.services.vacancies import publish_vacancy

    vacancy = make_vacancy_here(publish=False, employer=make_employer_here(), hours_per_week=40)
    assert _of("vacancy", vacancy) == []

    publish_vacancy(vacancy=vacancy, acting_user=staff_here())

    assert [m.state for m in _of("vacancy", vacancy)] == [State.PENDING]


def test_given_a_sent_vacancy_when_its_window_ends_then_the_expiry_sends_a_close(desk):
    from jobs.models import Vacancy
    from jobs.services.vacancies import expire_vacancies

    vacancy = make_vacancy_here(employer=make_employer_here(), hours_per_week=40)
    [first] = _of("vacancy", vacancy)
    delivery.deliver(first.pk)
    Vacancy.objects.filter(pk=vacancy.pk).update(
        publish_from=timezone.localdate() - timedelta(days=10),
        publish_until=timezone.localdate() - timedelta(days=1))

    assert expire_vacancies() == 1

    _, close = _of("vacancy", vacancy)
    assert close.closing and close.previous_code == first.code and close.created_by is None


def test_given_a_closed_candidatura_when_conferred_again_with_consent_then_a_new_chain_starts(
        desk):
    candidate = _candidate()
    _consent(candidate.person)
    delivery.deliver(confer_candidate(candidate=candidate, acting_user=staff_here()).pk)
    _consent(candidate.person, given=False)
    delivery.deliver(_of("candidatura", candidate)[-1].pk)

    _consent(candidate.person)
    again = confer_candidate(candidate=candidate, acting_user=staff_here())

    assert again.previous_code == "" and not again.closing
    assert again.code not in {m.code for m in _of("candidatura", candidate)[:-1]}


def test_given_an_installation_that_confers_to_no_destination_then_nothing_is_enqueued(
        desk, settings):
    settings.RETE_OUTBOX = {**settings.RETE_OUTBOX, "destinations": []}

    vacancy = make_vacancy_here(employer=make_employer_here(), hours_per_week=40)

    assert _of("vacancy", vacancy) == []
