"""Delivery over REAL HTTP: the real payload builders, the zeep client with
the ModI profile and the national-node simulator as a process of its own
(tests/integrations/conftest.py). What is asserted is what the node recorded
(effects per communication code) and what the operator sees (states)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import connection

simulator = pytest.importorskip("tests.integrations.simulator",
                                reason="the simulator fixture comes with i9-transport")
pytest.importorskip("integrations.cliclavoro.payloads",
                    reason="the payload builders come with i9-payloads")

from integrations.outbox import delivery  # noqa: E402
from integrations.outbox.models import OutboxMessage  # noqa: E402
from integrations.outbox.states import State  # noqa: E402
from jobs.services.conferral import confer_candidate  # noqa: E402
from tests.factories import (  # noqa: E402
    authorise_here,
    give_transmission_consent,
    make_conferrable_candidate,
    make_employer_here,
    make_vacancy_here,
    staff_here,
)
from tests.integrations.outbox_support import job_desk  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.fixture
def cliclavoro(node, cliclavoro_settings, tenant_a, in_a):
    """Tenant A confers to the simulated node over ModI, with the real builders."""
    from integrations.cliclavoro import vocab

    vocab.forget()
    authorise_here()
    with job_desk(connection.tenant):
        yield node
    vocab.forget()


def _effects(node) -> dict[str, int]:
    counted: dict[str, int] = {}
    for effect in node.effects():
        counted[effect["code"]] = counted.get(effect["code"], 0) + 1
    return counted


def _vacancy():
    vacancy = make_vacancy_here(employer=make_employer_here(
        ateco_code="56.10.11", email="info@trattoria.example.it"))
    return vacancy, OutboxMessage.objects.get(kind="vacancy", subject_id=vacancy.pk)


def _messages(subject_id, kind="vacancy"):
    return list(OutboxMessage.objects.filter(kind=kind, subject_id=subject_id).order_by("id"))


def test_given_a_published_vacancy_when_delivered_then_the_node_acquired_it_once(cliclavoro):
    _, message = _vacancy()
    assert message.state == State.PENDING, message.problems

    assert delivery.deliver(message.pk) == "sent"

    assert _effects(cliclavoro) == {message.code: 1}
    message.refresh_from_db()
    assert message.state == State.SENT and message.attempt_log.get().http_status == 200


def test_given_an_update_and_a_close_then_the_node_accepts_the_chain(cliclavoro):
    from jobs.services.vacancies import VacancyData, close_vacancy, update_vacancy

    vacancy, first = _vacancy()
    delivery.deliver(first.pk)
    update_vacancy(vacancy=vacancy, acting_user=staff_here(),
                   data=replace(VacancyData.from_vacancy(vacancy), positions=3))
    delivery.deliver(_messages(vacancy.pk)[-1].pk)
    close_vacancy(vacancy=vacancy, reason="coperta", acting_user=staff_here())
    delivery.deliver(_messages(vacancy.pk)[-1].pk)

    sent, update, close = _messages(vacancy.pk)
    assert [m.state for m in (sent, update, close)] == [State.SENT] * 3, close.last_error
    assert _effects(cliclavoro) == {sent.code: 1, update.code: 1, close.code: 1}


def test_given_the_node_down_then_up_then_delivered_once(cliclavoro):
    _, message = _vacancy()
    cliclavoro.set_faults(down=True)

    assert delivery.deliver(message.pk) == "retrying"
    cliclavoro.set_faults(down=False)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=None)
    assert delivery.deliver(message.pk) == "sent"

    assert _effects(cliclavoro) == {message.code: 1}


def test_given_a_reply_lost_after_the_effect_then_no_second_effect(cliclavoro):
    _, message = _vacancy()
    cliclavoro.set_faults(lose_reply_after_effect=1.0)

    assert delivery.deliver(message.pk) == "retrying"
    cliclavoro.set_faults(lose_reply_after_effect=0.0)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=None)
    assert delivery.deliver(message.pk) == "sent"

    message.refresh_from_db()
    assert _effects(cliclavoro) == {message.code: 1}
    assert [a.outcome for a in message.attempt_log.order_by("id")] == [
        "errore_temporaneo", "gia_ricevuto"]


def test_given_an_update_chained_to_a_code_the_node_never_saw_then_dead_with_its_reason(
        cliclavoro):
    from integrations.outbox import services
    from jobs.services.vacancies import VacancyData, update_vacancy

    vacancy, first = _vacancy()
    services.move(first, State.SENDING)
    services.move(first, State.SENT)  # as if sent, but the node never had it
    update_vacancy(vacancy=vacancy, acting_user=staff_here(),
                   data=replace(VacancyData.from_vacancy(vacancy), positions=2))
    update = _messages(vacancy.pk)[-1]

    assert delivery.deliver(update.pk) == "dead"

    update.refresh_from_db()
    assert update.state_label == "Rifiutato (lista degli scarti)"
    assert "precedente" in update.last_error.lower() and update.anomaly_code
    assert _effects(cliclavoro) == {}


def test_given_a_conferred_cv_when_the_consent_is_withdrawn_then_the_node_gets_the_close(
        cliclavoro):
    candidate = make_conferrable_candidate()
    message = confer_candidate(candidate=candidate, acting_user=staff_here())
    assert message.state == State.PENDING, message.problems
    assert delivery.deliver(message.pk) == "sent"

    give_transmission_consent(candidate.person, given=False)
    close = _messages(candidate.pk, "candidatura")[-1]
    delivery.deliver(close.pk)

    close.refresh_from_db()
    assert close.closing and close.state == State.SENT, (close.problems, close.last_error)
    assert _effects(cliclavoro) == {message.code: 1, close.code: 1}
