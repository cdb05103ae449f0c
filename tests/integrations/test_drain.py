"""The drain: one delivery task goes on with the next due messages of its
counter and destination, by batches, keeping every guarantee of one delivery
(a lease committed before each request, a new wsa:MessageID per attempt, the
chain's order, the summary's counters). The node is ``ScriptedNode``."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import connection

from integrations.national.models import ConferralSummary
from integrations.outbox import delivery, services
from integrations.outbox.models import OutboxAttempt, OutboxEvent, OutboxMessage
from integrations.outbox.states import State
from tests.factories import make_employer_here, make_vacancy_here, staff_here
from tests.integrations.outbox_support import ScriptedNode, job_desk, routes, transient

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(tenant_a, in_a, settings):
    settings.RETE_OUTBOX = {**settings.RETE_OUTBOX, "drain_batch": 3, "drain_messages": 50}
    scripted = ScriptedNode()
    with job_desk(connection.tenant), routes(scripted):
        yield scripted


def _published(count: int) -> list[OutboxMessage]:
    employer = make_employer_here()
    vacancies = [make_vacancy_here(employer=employer, hours_per_week=40,
                                   title=f"Cuoco dell'osteria n. {n}") for n in range(count)]
    return [OutboxMessage.objects.get(kind="vacancy", subject_id=v.pk) for v in vacancies]


def _states() -> dict[str, str]:
    return dict(OutboxMessage.objects.values_list("code", "state"))


def _summary_matches_a_recount(tenant) -> bool:
    kept = ConferralSummary.objects.get(tenant=tenant, destination="cliclavoro")
    counts = {s: getattr(kept, s) for s in State.values}
    oldest = kept.oldest_pending_at
    rebuilt = services.recount("cliclavoro")
    return counts == {s: getattr(rebuilt, s) for s in State.values} and (
        oldest == rebuilt.oldest_pending_at)


def test_given_seven_pending_messages_when_one_task_drains_then_all_reach_the_node_in_order(
        desk, tenant_a):
    messages = _published(7)

    drained = delivery.drain(messages[0].pk)

    assert drained.outcomes["sent"] == 7
    assert set(_states().values()) == {State.SENT}
    assert [r["code"] for r in desk.requests] == [m.code for m in messages]
    assert desk.effects == {m.code: 1 for m in messages}
    ids = [r["message_id"] for r in desk.requests]
    assert len(set(ids)) == 7 and all(i.startswith("urn:uuid:") for i in ids)
    attempts = OutboxAttempt.objects.filter(message__in=messages)
    assert sorted(attempts.values_list("wsa_message_id", flat=True)) == sorted(ids)
    assert {a.outcome for a in attempts} == {"ok"} and all(a.finished_at for a in attempts)
    for message in messages:  # each one's history: pending, sending, sent
        assert list(OutboxEvent.objects.filter(message=message).order_by("id")
                    .values_list("to_state", flat=True)) == ["pending", "sending", "sent"]
    assert _summary_matches_a_recount(tenant_a)


def test_given_a_drain_bound_when_reached_then_the_next_due_message_gets_its_task(
        desk, django_capture_on_commit_callbacks):
    messages = _published(5)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        drained = delivery.drain(messages[0].pk, max_messages=2)

    assert drained.outcomes["sent"] == 2 and drained.requeued
    assert [r["code"] for r in desk.requests] == [m.code for m in messages[:2]]
    assert len(queued) == 1
    assert OutboxMessage.objects.get(pk=messages[2].pk).queued_at is not None


def test_given_the_node_fails_inside_a_batch_then_the_rest_wait_without_a_logged_attempt(
        desk, tenant_a):
    messages = _published(5)
    # The task's own message goes, then a batch of 3: its first fails.
    desk.answers.extend(["OK", transient()])

    drained = delivery.drain(messages[0].pk)

    assert drained.outcomes == {"sent": 1, "retrying": 1, "non inviato": 2}
    assert [r["code"] for r in desk.requests] == [messages[0].code, messages[1].code]
    failed = OutboxMessage.objects.get(pk=messages[1].pk)
    assert failed.state == State.RETRYING and failed.attempts == 1
    for message in messages[2:4]:  # claimed, never sent: withdrawn
        waiting = OutboxMessage.objects.get(pk=message.pk)
        assert waiting.state == State.RETRYING and waiting.attempts == 0
        assert waiting.next_attempt_at == failed.next_attempt_at
        assert not OutboxAttempt.objects.filter(message=message).exists()
        assert waiting.current_attempt_id is None and waiting.lease_until is None
    assert OutboxMessage.objects.get(pk=messages[4].pk).state == State.PENDING
    assert _summary_matches_a_recount(tenant_a)


def test_given_a_chained_update_waiting_for_its_first_when_drained_then_it_is_not_sent(
        desk, tenant_a):
    from jobs.services.vacancies import VacancyData, update_vacancy

    desk.answers.append(transient("Nessuna risposta entro il tempo massimo.", code="timeout"))
    [first] = _published(1)
    delivery.deliver(first.pk)  # maybe at the node: retrying, later
    vacancy = first.subject_id
    from jobs.models import Vacancy

    update_vacancy(vacancy=Vacancy.objects.get(pk=vacancy), acting_user=staff_here(),
                   data=replace(VacancyData.from_vacancy(Vacancy.objects.get(pk=vacancy)),
                                positions=2))
    second = OutboxMessage.objects.filter(subject_id=vacancy).exclude(pk=first.pk).get()
    others = _published(2)

    drained = delivery.drain(others[0].pk)

    assert drained.outcomes["sent"] == 2
    assert OutboxMessage.objects.get(pk=second.pk).state == State.PENDING
    assert second.code not in [r["code"] for r in desk.requests]


def test_given_a_batch_the_sweep_took_back_when_its_leases_are_renewed_then_none_is_ours(
        desk):
    from datetime import timedelta

    from django.utils import timezone

    _published(3)
    batch = delivery._claim_batch("cliclavoro", 3)
    assert {OutboxMessage.objects.get(pk=m.pk).state for m, _ in batch} == {State.SENDING}
    # A worker far too slow: the sweep, later, finds the leases expired.
    delivery.sweep(now=timezone.now() + timedelta(hours=1))

    assert delivery._renew_leases(batch[1:]) == {m.pk for m, _ in batch[1:]}
    assert {OutboxMessage.objects.get(pk=m.pk).state for m, _ in batch} == {State.RETRYING}
    assert desk.requests == []
