"""The outbox: enqueue in the caller's transaction, codes and their chain,
invalid payloads kept from the node, the transitions table."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from accounts.models import Role
from integrations.national.models import ConferralSummary
from integrations.outbox import services
from integrations.outbox.errors import TransitionRefused
from integrations.outbox.models import OutboxEvent, OutboxMessage
from integrations.outbox.states import State
from tests.factories import make_employer_here, staff_here, vacancy_data
from tests.integrations.outbox_support import job_desk, routes

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(tenant_a, in_a):
    with job_desk(connection.tenant), routes() as node:
        yield node


def _draft(**overrides):
    from jobs.services.vacancies import create_vacancy

    data = vacancy_data(make_employer_here(), **overrides)
    return create_vacancy(data=data, acting_user=staff_here())


def _publish(vacancy):
    from datetime import timedelta

    from django.utils import timezone

    from jobs.services.vacancies import VacancyData, publish_vacancy, update_vacancy

    today = timezone.localdate()
    data = VacancyData.from_vacancy(vacancy)
    from dataclasses import replace

    vacancy = update_vacancy(vacancy=vacancy, acting_user=staff_here(), data=replace(
        data, publish_from=today, publish_until=today + timedelta(days=30)))
    return publish_vacancy(vacancy=vacancy, acting_user=staff_here())


def _messages(vacancy):
    return list(OutboxMessage.objects.filter(kind="vacancy", subject_id=vacancy.pk)
                .order_by("id"))


def test_given_a_published_vacancy_then_one_message_waits_with_a_25_character_code(desk):
    vacancy = _publish(_draft(hours_per_week=40))

    [message] = _messages(vacancy)
    assert message.state == State.PENDING and message.state_label == "Da inviare"
    assert len(message.code) == 25 and message.previous_code == ""
    assert b"<titolo>Cuoco capo partita</titolo>" in bytes(message.xml)
    assert [(e.from_state, e.to_state) for e in message.events.all()] == [("", "pending")]


def test_given_the_publication_rolls_back_then_no_message_is_left(desk):
    vacancy = _draft(hours_per_week=40)

    with pytest.raises(RuntimeError), transaction.atomic():
        _publish(vacancy)
        assert len(_messages(vacancy)) == 1
        raise RuntimeError("the business change fails after the enqueue")

    assert _messages(vacancy) == []


def test_given_a_counter_without_the_job_desk_then_nothing_is_enqueued(tenant_a, in_a):
    with routes():
        vacancy = _publish(_draft(hours_per_week=40))

    assert _messages(vacancy) == []


def test_given_codes_from_the_sequence_then_each_message_has_its_own(desk):
    first = _publish(_draft(hours_per_week=40))
    second = _publish(_draft(hours_per_week=20, title="Aiuto cuoco"))

    [a], [b] = _messages(first), _messages(second)
    assert a.code != b.code and b.serial > a.serial
    assert a.code[-15:-9] == f"{connection.tenant.pk:06d}"


def test_given_an_invalid_payload_then_it_is_kept_with_its_problems_and_never_queued(desk):
    vacancy = _publish(_draft(hours_per_week=None))

    [message] = _messages(vacancy)
    assert message.state == State.INVALID and message.state_label == "Non valido"
    assert message.problems == [{
        "path": "/Vacancy/ore", "field": "Ore settimanali",
        "message": "Il campo «Ore settimanali» è obbligatorio per Cliclavoro.",
        "hint": "Indicare le ore settimanali nell'offerta."}]
    assert message.queued_at is None


def test_given_a_sent_vacancy_when_updated_and_closed_then_the_codes_chain(desk):
    from jobs.services.vacancies import VacancyData, close_vacancy, update_vacancy

    vacancy = _publish(_draft(hours_per_week=40))
    [sent] = _messages(vacancy)
    services.move(sent, State.SENDING)
    services.move(sent, State.SENT)

    data = VacancyData.from_vacancy(vacancy)
    from dataclasses import replace

    update_vacancy(vacancy=vacancy, data=replace(data, positions=3), acting_user=staff_here())
    _, update = _messages(vacancy)
    services.move(update, State.SENDING)
    services.move(update, State.SENT)
    close_vacancy(vacancy=vacancy, reason="coperta", acting_user=staff_here())

    first, update, close = _messages(vacancy)
    assert update.previous_code == first.code and not update.closing
    assert close.previous_code == update.code and close.closing
    assert close.code[9] == "2" and first.code[9] == "1"  # the type: send / close


def test_given_an_update_before_the_first_send_left_then_the_first_is_cancelled(desk):
    from dataclasses import replace

    from jobs.services.vacancies import VacancyData, update_vacancy

    vacancy = _publish(_draft(hours_per_week=40))
    update_vacancy(vacancy=vacancy, acting_user=staff_here(),
                   data=replace(VacancyData.from_vacancy(vacancy), positions=2))

    first, second = _messages(vacancy)
    assert first.state == State.CANCELLED and first.state_label == "Annullato"
    assert second.state == State.PENDING and second.previous_code == ""


def test_given_a_close_of_a_vacancy_never_sent_then_nothing_is_sent_and_pending_cancelled(
        desk):
    from jobs.services.vacancies import close_vacancy

    vacancy = _publish(_draft(hours_per_week=40))
    close_vacancy(vacancy=vacancy, reason="ritirata", acting_user=staff_here())

    [message] = _messages(vacancy)
    assert message.state == State.CANCELLED
    assert "non c'è nulla da chiudere" in message.events.last().note


def test_given_a_message_may_be_at_the_node_then_an_update_chains_to_it(desk):
    from dataclasses import replace

    from jobs.services.vacancies import VacancyData, update_vacancy

    vacancy = _publish(_draft(hours_per_week=40))
    [first] = _messages(vacancy)
    services.move(first, State.SENDING)
    services.move(first, State.RETRYING, maybe_received=True)  # a reply lost on the way
    update_vacancy(vacancy=vacancy, acting_user=staff_here(),
                   data=replace(VacancyData.from_vacancy(vacancy), positions=2))

    first, second = _messages(vacancy)
    assert first.state == State.RETRYING
    assert second.previous_code == first.code


@pytest.mark.parametrize("from_state,to_state", [
    (State.SENT, State.PENDING), (State.PENDING, State.SENT), (State.CANCELLED, State.PENDING),
    (State.SENT, State.CANCELLED), (State.INVALID, State.SENDING)])
def test_given_a_transition_outside_the_table_then_it_is_refused_with_a_stable_code(
        desk, from_state, to_state):
    vacancy = _publish(_draft(hours_per_week=40))
    [message] = _messages(vacancy)
    OutboxMessage.objects.filter(pk=message.pk).update(state=from_state)
    message.refresh_from_db()

    with pytest.raises(TransitionRefused) as refused:
        services.move(message, to_state)

    assert refused.value.code == "transizione_non_ammessa"
    assert OutboxEvent.objects.filter(message=message).count() == 1


def test_given_state_changes_then_the_public_summary_counts_as_a_recount(desk, tenant_a):
    from jobs.services.vacancies import close_vacancy

    one = _publish(_draft(hours_per_week=40))
    _publish(_draft(hours_per_week=None))
    [sent] = _messages(one)
    services.move(sent, State.SENDING)
    services.move(sent, State.SENT)
    _publish(_draft(hours_per_week=30))
    close_vacancy(vacancy=one, reason="coperta", acting_user=staff_here())

    kept = ConferralSummary.objects.get(tenant=tenant_a, destination="cliclavoro")
    counts = {s: getattr(kept, s) for s in State.values}
    oldest = kept.oldest_pending_at
    rebuilt = services.recount("cliclavoro")
    assert counts == {s: getattr(rebuilt, s) for s in State.values}
    assert counts["sent"] == 1 and counts["invalid"] == 1 and counts["pending"] == 2
    assert oldest == rebuilt.oldest_pending_at is not None


def test_given_an_operator_of_a_counter_without_the_job_desk_then_resend_is_refused(
        tenant_a, in_a):
    from integrations.outbox.errors import OutboxPermissionDenied

    with routes():
        message = OutboxMessage(pk=1)
        with pytest.raises(OutboxPermissionDenied):
            services.resend(message=message, acting_user=staff_here(Role.OPERATOR))
