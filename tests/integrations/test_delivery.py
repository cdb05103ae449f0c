"""Delivery: one attempt at a time, outside any transaction; what the node
answered decides the state; backoff with jitter; the sweep recovers lost
tasks and workers stopped mid-send; resend and regenerate; the log's pruning.

The node here is ``ScriptedNode`` handed in through the registry (see
outbox_support); over real HTTP to the simulator see test_delivery_http.py."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Role
from audit.models import AuditEvent
from integrations.outbox import delivery, services
from integrations.outbox.errors import TransitionRefused
from integrations.outbox.models import OutboxAttempt, OutboxMessage, Outcome
from integrations.outbox.states import State
from tests.factories import make_employer_here, make_vacancy_here, staff_here
from tests.integrations.outbox_support import KO, ScriptedNode, job_desk, routes, transient

pytestmark = pytest.mark.django_db


@pytest.fixture
def scripted():
    return ScriptedNode()


@pytest.fixture
def desk(tenant_a, in_a, scripted):
    with job_desk(connection.tenant), routes(scripted):
        yield scripted


def _published(**values):
    values.setdefault("hours_per_week", 40)
    vacancy = make_vacancy_here(employer=make_employer_here(), **values)
    return vacancy, OutboxMessage.objects.get(kind="vacancy", subject_id=vacancy.pk)


def _reload(message):
    return OutboxMessage.objects.get(pk=message.pk)


def _attempts(message):
    return list(OutboxAttempt.objects.filter(message=message).order_by("id"))


def _due_now(message):
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_given_a_pending_message_when_delivered_then_sent_with_the_exchange_logged(desk):
    _, message = _published()

    assert delivery.deliver(message.pk) == "sent"

    message = _reload(message)
    assert message.state == State.SENT and message.state_label == "Inviato"
    assert desk.effects == {message.code: 1}
    [attempt] = _attempts(message)
    assert attempt.outcome == Outcome.OK and attempt.http_status == 200
    assert attempt.wsa_message_id.startswith("urn:uuid:") and attempt.finished_at
    assert bytes(attempt.request_xml) == bytes(message.xml)
    assert [e.to_state for e in message.events.all()] == ["pending", "sending", "sent"]


def test_given_a_sent_message_when_delivered_again_then_nothing_changes(desk):
    _, message = _published()
    delivery.deliver(message.pk)

    assert delivery.deliver(message.pk) == "nulla da fare"

    assert len(desk.requests) == 1 and len(_attempts(message)) == 1


def test_given_the_node_unreachable_then_retrying_with_a_time_then_sent_with_a_new_message_id(
        desk):
    desk.answers.extend([transient(), "OK"])
    _, message = _published()

    assert delivery.deliver(message.pk) == "retrying"
    waiting = _reload(message)
    assert waiting.state == State.RETRYING
    assert waiting.state_label.startswith("Errore, nuovo tentativo alle ")
    assert waiting.next_attempt_at > timezone.now() - timedelta(seconds=1)
    assert delivery.deliver(message.pk) in ("nulla da fare", "sent")  # not before its time

    _due_now(message)
    delivery.deliver(message.pk)

    assert _reload(message).state == State.SENT
    first, second = desk.requests
    assert first["code"] == second["code"] == message.code
    assert first["message_id"] != second["message_id"]
    assert [a.outcome for a in _attempts(message)] == [Outcome.TRANSIENT, Outcome.OK]


def test_given_a_reply_lost_after_the_effect_then_the_retry_finds_it_received_once(desk):
    desk.answers.extend([desk.lose_reply_after_effect, "OK"])
    _, message = _published()

    delivery.deliver(message.pk)
    _due_now(message)
    delivery.deliver(message.pk)

    message = _reload(message)
    assert message.state == State.SENT and message.reply_description == (
        "Comunicazione già acquisita")
    assert desk.effects == {message.code: 1}
    assert [a.outcome for a in _attempts(message)] == [Outcome.TRANSIENT, Outcome.ALREADY]


def test_given_a_ko_then_the_message_is_dead_with_the_node_s_reason(desk):
    desk.answers.append(KO)
    _, message = _published()

    assert delivery.deliver(message.pk) == "dead"

    message = _reload(message)
    assert message.state == State.DEAD
    assert message.state_label == "Rifiutato (lista degli scarti)"
    assert message.anomaly_code == "codice_precedente_sconosciuto"
    assert message.last_error == "Codice precedente sconosciuto"


def test_given_a_rate_limit_anomaly_then_it_is_retried_not_dead(desk, settings):
    from integrations.outbox.registry import DeliveryReply

    desk.answers.append(DeliveryReply(outcome="KO", description="Troppe richieste",
                                      anomaly_code="limite_richieste"))
    _, message = _published()

    assert delivery.deliver(message.pk) == "retrying"


def test_given_retry_after_then_the_next_attempt_waits_at_least_that(desk):
    desk.answers.append(transient(code="limite_richieste", retry_after=600))
    _, message = _published()
    before = timezone.now()

    delivery.deliver(message.pk)

    assert _reload(message).next_attempt_at >= before + timedelta(seconds=600)


def test_given_transient_failures_up_to_the_limit_then_dead(desk, settings):
    settings.RETE_OUTBOX = {**settings.RETE_OUTBOX, "max_attempts": 3}
    desk.answers.extend([transient(), transient(), transient()])
    _, message = _published()

    outcomes = []
    for _ in range(3):
        outcomes.append(delivery.deliver(message.pk))
        _due_now(message)

    assert outcomes == ["retrying", "retrying", "dead"]
    message = _reload(message)
    assert message.state == State.DEAD and "tentativi esauriti" in message.events.last().note


def test_given_the_backoff_then_its_bound_doubles_up_to_the_cap_and_it_jitters(settings):
    settings.RETE_OUTBOX = {**settings.RETE_OUTBOX, "backoff_base_seconds": 10,
                            "backoff_cap_seconds": 3600}
    rng = random.Random(20261202)

    samples = {n: [delivery.backoff_delay(n, rng=rng) for _ in range(200)] for n in (1, 2, 5, 20)}

    assert max(samples[1]) <= 10 and max(samples[2]) <= 20 and max(samples[5]) <= 160
    assert max(samples[20]) <= 3600 and max(samples[20]) > 1000
    assert max(samples[5]) > max(samples[1])
    assert len(set(samples[1])) == 200  # full jitter: no two waits alike
    assert delivery.backoff_delay(1, retry_after=120, rng=rng) >= 120


def test_given_a_worker_killed_mid_send_when_the_lease_expires_then_the_sweep_requeues_it(
        desk, django_capture_on_commit_callbacks):
    _, message = _published()
    claimed, _ = delivery._claim(message.pk)  # the worker took it, then died
    assert _reload(message).state == State.SENDING
    assert delivery.deliver(message.pk) == "nulla da fare"  # its lease still holds

    OutboxMessage.objects.filter(pk=message.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1))

    with django_capture_on_commit_callbacks() as queued:
        found = delivery.sweep()

    assert found["interrotti"] == 1 and len(queued) >= 1
    interrupted = _reload(message)
    assert interrupted.state == State.RETRYING and interrupted.maybe_received
    assert _attempts(message)[0].outcome == Outcome.INTERRUPTED
    assert delivery.deliver(message.pk) == "sent"
    assert desk.effects == {message.code: 1}


def test_given_a_pending_message_whose_task_was_lost_then_the_sweep_queues_it_again(
        desk, django_capture_on_commit_callbacks):
    _, message = _published()
    OutboxMessage.objects.filter(pk=message.pk).update(
        queued_at=timezone.now() - timedelta(minutes=10))

    with django_capture_on_commit_callbacks() as queued:
        found = delivery.sweep()

    assert found["riaccodati"] == 1 and len(queued) == 1
    with django_capture_on_commit_callbacks() as again:
        assert delivery.sweep()["riaccodati"] == 0  # just queued: not twice
    assert again == []


def test_given_a_dead_message_when_resent_then_it_is_delivered(desk):
    desk.answers.extend([KO, "OK"])
    _, message = _published()
    delivery.deliver(message.pk)

    services.resend(message=_reload(message), acting_user=staff_here(Role.OPERATOR))
    assert _reload(message).state == State.PENDING
    assert delivery.deliver(message.pk) == "sent"

    [audit] = AuditEvent.objects.filter(action="outbox.resent", target_id=str(message.pk))
    assert audit.details["code"] == message.code


def test_given_a_message_not_dead_when_resent_then_refused(desk):
    _, message = _published()

    with pytest.raises(TransitionRefused):
        services.resend(message=message, acting_user=staff_here())


def test_given_an_invalid_vacancy_when_its_record_is_fixed_and_regenerated_then_it_is_sent(
        desk):
    from jobs.models import Vacancy

    vacancy, message = _published(hours_per_week=None)
    assert message.state == State.INVALID
    Vacancy.objects.filter(pk=vacancy.pk).update(hours_per_week=36)  # fixed at its source

    regenerated = services.regenerate(message=message, acting_user=staff_here())

    assert regenerated.state == State.PENDING and regenerated.problems == []
    assert b"<ore>36</ore>" in bytes(regenerated.xml) and regenerated.code == message.code
    assert delivery.deliver(message.pk) == "sent"
    assert AuditEvent.objects.filter(action="outbox.regenerated",
                                     target_id=str(message.pk)).count() == 1


def test_given_an_invalid_vacancy_still_wrong_when_regenerated_then_it_stays_invalid(desk):
    _, message = _published(hours_per_week=None)

    regenerated = services.regenerate(message=message, acting_user=staff_here())

    assert regenerated.state == State.INVALID and regenerated.problems
    assert delivery.deliver(message.pk) == "nulla da fare" and desk.requests == []


def test_given_an_invalid_published_vacancy_when_the_operator_edits_it_then_a_valid_one_replaces_it(
        desk):
    from jobs.services.vacancies import VacancyData, update_vacancy

    vacancy, invalid = _published(hours_per_week=None)
    update_vacancy(vacancy=vacancy, acting_user=staff_here(),
                   data=replace(VacancyData.from_vacancy(vacancy), hours_per_week=30))

    assert _reload(invalid).state == State.CANCELLED
    fresh = OutboxMessage.objects.filter(subject_id=vacancy.pk).exclude(pk=invalid.pk).get()
    assert fresh.state == State.PENDING and fresh.previous_code == ""
    with pytest.raises(TransitionRefused):
        services.regenerate(message=_reload(invalid), acting_user=staff_here())


def test_given_a_chained_update_then_it_waits_until_the_first_is_at_the_node(
        desk, django_capture_on_commit_callbacks):
    from jobs.services.vacancies import VacancyData, update_vacancy

    desk.answers.append(transient("Nessuna risposta entro il tempo massimo.", code="timeout"))
    vacancy, first = _published()
    delivery.deliver(first.pk)  # reached the node perhaps: retrying, maybe received
    update_vacancy(vacancy=vacancy, acting_user=staff_here(),
                   data=replace(VacancyData.from_vacancy(vacancy), positions=2))
    second = OutboxMessage.objects.filter(subject_id=vacancy.pk).exclude(pk=first.pk).get()

    assert delivery.deliver(second.pk) == "in attesa del precedente"
    _due_now(first)
    with django_capture_on_commit_callbacks() as queued:
        assert delivery.deliver(first.pk) == "sent"
    assert len(queued) == 1  # the waiting one is queued at once
    assert delivery.deliver(second.pk) == "sent"
    assert [r["code"] for r in desk.requests] == [first.code, first.code, second.code]


def test_given_old_attempts_when_pruned_then_deleted_and_counted_in_the_audit(desk):
    _, message = _published()
    delivery.deliver(message.pk)
    OutboxAttempt.objects.filter(message=message).update(
        started_at=timezone.now() - timedelta(days=400))
    _, recent = _published(title="Aiuto cuoco")
    delivery.deliver(recent.pk)

    assert delivery.prune() == 1

    assert not OutboxAttempt.objects.filter(message=message).exists()
    assert OutboxAttempt.objects.filter(message=recent).exists()
    [event] = AuditEvent.objects.filter(action="outbox.log_pruned")
    assert event.details["deleted"] == 1 and event.details["retention_days"] == 365


def test_given_a_publication_when_its_transaction_commits_then_the_task_delivers_it(
        desk, django_capture_on_commit_callbacks):
    from tests.support import tasks_run_at_once

    with tasks_run_at_once(), django_capture_on_commit_callbacks(execute=True):
        _, message = _published()

    assert _reload(message).state == State.SENT
    assert desk.effects == {message.code: 1}


def test_given_a_refused_connection_then_an_update_replaces_the_message_never_received(desk):
    from jobs.services.vacancies import VacancyData, update_vacancy

    desk.answers.append(transient())  # connessione_rifiutata: the node never saw it
    vacancy, first = _published()
    delivery.deliver(first.pk)
    update_vacancy(vacancy=vacancy, acting_user=staff_here(),
                   data=replace(VacancyData.from_vacancy(vacancy), positions=2))

    assert _reload(first).state == State.CANCELLED
    second = OutboxMessage.objects.filter(subject_id=vacancy.pk).exclude(pk=first.pk).get()
    assert second.previous_code == "" and delivery.deliver(second.pk) == "sent"


def test_given_no_code_can_be_allocated_then_the_publication_stands_and_the_message_is_invalid(
        desk):
    from integrations.outbox.registry import registry
    from tests.integrations.outbox_support import short_code

    route = registry.route("cliclavoro", "vacancy")

    def broken(**kwargs):
        raise ValueError("Il numero dell'ente supera 999999.")

    with registry.replaced(replace(route, allocate_code=broken)):
        vacancy, message = _published()
    assert vacancy.status == "pubblicata" and message.state == State.INVALID
    assert "Il numero dell'ente supera 999999." in message.problems[0]["message"]
    assert len(message.code) == 25

    with registry.replaced(replace(route, allocate_code=short_code)):
        regenerated = services.regenerate(message=message, acting_user=staff_here())

    assert regenerated.state == State.PENDING and regenerated.code.startswith("08000")
    assert delivery.deliver(message.pk) == "sent"


def test_given_lost_tasks_in_a_tenant_when_the_beat_sweeps_every_tenant_then_they_are_queued(
        desk, tenant_a, django_capture_on_commit_callbacks):
    from integrations.outbox.tasks import sweep_outbox

    _, message = _published()
    OutboxMessage.objects.filter(pk=message.pk).update(
        queued_at=timezone.now() - timedelta(minutes=10))

    with django_capture_on_commit_callbacks() as queued:
        touched = sweep_outbox()

    assert touched >= 1 and len(queued) >= 1
    assert _reload(message).queued_at > timezone.now() - timedelta(minutes=1)
