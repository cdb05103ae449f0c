"""Pathways as state machines: every allowed transition moves the pathway and
writes one event; disallowed ones are refused with a message naming both
stages and write nothing; each stage asks for its data; the history replays."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from casework import pathways as machine
from casework import selectors, services
from casework.errors import TransitionNotAllowed
from casework.models import Pathway, PathwayEvent, Stage
from catalog.models import MicrocreditLimit
from core.errors import ServiceError
from core.fields import parse_amount
from people.errors import ConsentMissing
from tests.factories import (
    active_lender,
    data_for,
    give_consent,
    local,
    make_lender,
    make_person,
    open_at,
    path_to,
)

MICRO, JOB = machine.MICROCREDIT, machine.JOB

LEGAL = [(kind, a, b) for kind, table in machine.TRANSITIONS.items()
         for a, nexts in table.items() for b in nexts]


def _sample(items: list, size: int) -> list:
    """Up to ``size`` items spread evenly over ``items`` (first and last included)."""
    if len(items) <= size:
        return items
    return [items[round(i * (len(items) - 1) / (size - 1))] for i in range(size)]


# From every stage of each kind, a spread of the stages it may not go to
# (backwards, skipping ahead, terminal ones, itself).
ILLEGAL = [(kind, a, b) for kind, table in machine.TRANSITIONS.items() for a in table
           for b in _sample([b for b in table if b not in table[a]], 4)]
# Stages of the other kind, and names that are no stage at all.
ILLEGAL += [(MICRO, Stage.INFORMATION, Stage.CV), (MICRO, Stage.APPROVED, Stage.PLACED),
            (JOB, Stage.ORIENTATION, Stage.DISBURSED), (JOB, Stage.REFERRAL, Stage.APPROVED),
            (MICRO, Stage.FIRST_CONTACT, "inesistente"), (JOB, Stage.CV, "")]


def _id(case) -> str:
    kind, a, b = case
    return f"{kind}:{a}->{b or 'vuoto'}"


def test_given_the_transition_tables_then_every_stage_is_reachable_from_the_first():
    for kind, table in machine.TRANSITIONS.items():
        for stage in table:
            assert path_to(kind, stage)[-1] == stage


@pytest.mark.parametrize("case", LEGAL, ids=[_id(c) for c in LEGAL])
def test_given_a_pathway_at_a_stage_when_taking_an_allowed_transition_then_it_moves_and_writes_one_event(  # noqa: E501
        tenant_a, operator_a, case):
    kind, from_stage, to_stage = case
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, kind, from_stage, user=operator_a)
        before = list(pathway.events.values_list("id", flat=True))

        event = services.advance_pathway(pathway=pathway, to_stage=to_stage,
                                         acting_user=operator_a, **data_for(to_stage))

        pathway.refresh_from_db()
        assert pathway.stage == to_stage
        new = PathwayEvent.objects.filter(pathway=pathway).exclude(id__in=before)
        assert list(new.values_list("from_stage", "to_stage")) == [(from_stage, to_stage)]
        assert event.actor == operator_a
        assert (pathway.closed_at is not None) == machine.is_terminal(kind, to_stage)


@pytest.mark.parametrize("case", ILLEGAL, ids=[_id(c) for c in ILLEGAL])
def test_given_a_pathway_at_a_stage_when_taking_a_disallowed_transition_then_refused_and_nothing_written(  # noqa: E501
        tenant_a, operator_a, case):
    kind, from_stage, to_stage = case
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, kind, from_stage, user=operator_a)
        events_before = PathwayEvent.objects.filter(pathway=pathway).count()

        with pytest.raises(TransitionNotAllowed) as refused:
            services.advance_pathway(pathway=pathway, to_stage=to_stage,
                                     acting_user=operator_a, **data_for(to_stage))

        assert refused.value.code == "transizione_non_ammessa"
        assert f"«{machine.label(from_stage)}»" in refused.value.message
        assert f"«{machine.label(to_stage)}»" in refused.value.message
        assert PathwayEvent.objects.filter(pathway=pathway).count() == events_before
        assert Pathway.objects.get(pk=pathway.pk).stage == from_stage


def test_given_a_refused_transition_then_the_message_is_italian_and_names_both_stages(
        tenant_a, operator_a):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, MICRO, Stage.BUSINESS_PLAN, user=operator_a)

        with pytest.raises(TransitionNotAllowed) as refused:
            services.advance_pathway(pathway=pathway, to_stage=Stage.DISBURSED,
                                     acting_user=operator_a, **data_for(Stage.DISBURSED))

    assert refused.value.message == ("Passaggio non ammesso: dalla fase «Business plan» alla "
                                     "fase «Erogato».")


# --- Data each stage asks for ------------------------------------------------

def _at(tenant, user, stage, kind=MICRO, **person_kwargs):
    person = make_person(tenant, **person_kwargs)
    with tenant_context(tenant):
        return open_at(person, kind, stage, user=user)


def _refused(pathway, to_stage, user, **data) -> ServiceError:
    count = PathwayEvent.objects.filter(pathway=pathway).count()
    with pytest.raises(ServiceError) as refused:
        services.advance_pathway(pathway=pathway, to_stage=to_stage, acting_user=user, **data)
    assert PathwayEvent.objects.filter(pathway=pathway).count() == count
    assert Pathway.objects.get(pk=pathway.pk).stage == pathway.stage
    return refused.value


def test_given_a_business_plan_when_sending_to_a_lender_without_one_then_refused_at_the_field(
        tenant_a, operator_a):
    pathway = _at(tenant_a, operator_a, Stage.BUSINESS_PLAN)
    with tenant_context(tenant_a):
        error = _refused(pathway, Stage.SENT_TO_LENDER, operator_a)

    assert error.field == "lender"
    assert error.message == "Scegliere un finanziatore attivo dell'elenco nazionale."


def test_given_a_deactivated_lender_when_sending_to_it_then_refused(tenant_a, operator_a):
    retired = make_lender(active=False)
    pathway = _at(tenant_a, operator_a, Stage.BUSINESS_PLAN)
    with tenant_context(tenant_a):
        error = _refused(pathway, Stage.SENT_TO_LENDER, operator_a, lender=retired)

    assert error.field == "lender"


def test_given_a_lender_of_the_national_list_when_sending_then_the_pathway_cites_it(
        tenant_a, operator_a):
    lender = active_lender()
    pathway = _at(tenant_a, operator_a, Stage.BUSINESS_PLAN)
    with tenant_context(tenant_a):
        event = services.advance_pathway(pathway=pathway, to_stage=Stage.SENT_TO_LENDER,
                                         acting_user=operator_a, lender=lender,
                                         requested_amount=parse_amount("18.500,00"))
        pathway.refresh_from_db()

    assert pathway.lender_id == lender.pk
    assert str(pathway.requested_amount) == "18500.00"
    assert event.data == {"lender": lender.pk, "lender_name": lender.name,
                          "requested_amount": "18500.00"}


@pytest.mark.parametrize("missing,field", [("amount", "amount"),
                                           ("disbursed_on", "disbursed_on")])
def test_given_an_approved_loan_when_disbursing_without_amount_or_date_then_refused(
        tenant_a, operator_a, missing, field):
    pathway = _at(tenant_a, operator_a, Stage.APPROVED)
    data = data_for(Stage.DISBURSED)
    data.pop(missing)
    with tenant_context(tenant_a):
        error = _refused(pathway, Stage.DISBURSED, operator_a, **data)

    assert error.field == field


def test_given_an_approved_loan_with_its_lender_when_disbursing_without_naming_it_then_the_lender_is_kept(  # noqa: E501
        tenant_a, operator_a):
    pathway = _at(tenant_a, operator_a, Stage.APPROVED)
    with tenant_context(tenant_a):
        event = services.advance_pathway(pathway=pathway, to_stage=Stage.DISBURSED,
                                         acting_user=operator_a, amount=Decimal("15000"),
                                         disbursed_on=timezone.localdate())

    assert event.data["lender"] == pathway.lender_id
    assert event.data["amount"] == "15000.00"


def test_given_the_current_limit_when_disbursing_more_than_75000_to_an_individual_then_refused(
        tenant_a, operator_a):
    pathway = _at(tenant_a, operator_a, Stage.APPROVED)
    with tenant_context(tenant_a):
        error = _refused(pathway, Stage.DISBURSED, operator_a, amount=Decimal("75000.01"),
                         disbursed_on=timezone.localdate(), lender=pathway.lender)

    assert error.code == "importo_oltre_il_limite"
    assert error.field == "amount"
    assert "75.000,00 €" in error.message


def test_given_the_current_limit_when_disbursing_exactly_75000_then_accepted(
        tenant_a, operator_a):
    pathway = _at(tenant_a, operator_a, Stage.APPROVED)
    with tenant_context(tenant_a):
        services.advance_pathway(pathway=pathway, to_stage=Stage.DISBURSED,
                                 acting_user=operator_a, amount=Decimal("75000"),
                                 disbursed_on=timezone.localdate())
        pathway.refresh_from_db()

    assert pathway.stage == Stage.DISBURSED
    assert str(pathway.disbursed_amount) == "75000.00"


def test_given_an_srl_beneficiary_when_disbursing_100000_then_accepted_within_its_own_limit(
        tenant_a, operator_a):
    pathway = _at(tenant_a, operator_a, Stage.APPROVED)
    with tenant_context(tenant_a):
        services.advance_pathway(pathway=pathway, to_stage=Stage.DISBURSED,
                                 acting_user=operator_a, amount=Decimal("100000"),
                                 disbursed_on=timezone.localdate(), beneficiary_type="srl")
        pathway.refresh_from_db()

    assert pathway.beneficiary_type == "srl"


def test_given_social_microcredit_when_disbursing_more_than_10000_then_refused(
        tenant_a, operator_a):
    pathway = _at(tenant_a, operator_a, Stage.APPROVED)
    with tenant_context(tenant_a):
        error = _refused(pathway, Stage.DISBURSED, operator_a, amount=Decimal("12000"),
                         disbursed_on=timezone.localdate(), beneficiary_type="sociale")

    assert "10.000,00 €" in error.message


def test_given_a_dated_limit_when_the_disbursement_date_falls_under_an_older_rule_then_that_rule_applies(  # noqa: E501
        tenant_a, operator_a):
    """40,000 € is within today's 75,000 € but not within the 25,000 € of an
    older rule: the date of the disbursement decides."""
    opened = local(date(2020, 3, 2))
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, MICRO, Stage.APPROVED, user=operator_a, opened_at=opened,
                          step=timedelta(days=3))
        when = local(date(2020, 6, 1))

        error = _refused(pathway, Stage.DISBURSED, operator_a, occurred_at=when,
                         amount=Decimal("40000"), disbursed_on=date(2020, 6, 1))
        assert "25.000,00 €" in error.message and "01/06/2020" in error.message

        services.advance_pathway(pathway=pathway, to_stage=Stage.DISBURSED,
                                 acting_user=operator_a, occurred_at=when, amount=Decimal("24000"),
                                 disbursed_on=date(2020, 6, 1))


def test_given_a_limit_edited_by_the_supervisor_when_disbursing_then_the_new_value_applies(
        tenant_a, operator_a):
    today = timezone.localdate()
    with schema_context("public"):
        MicrocreditLimit.objects.create(beneficiary_type="ordinario", valid_from=today,
                                        max_amount=50000)
    pathway = _at(tenant_a, operator_a, Stage.APPROVED)
    with tenant_context(tenant_a):
        error = _refused(pathway, Stage.DISBURSED, operator_a, amount=Decimal("60000"),
                         disbursed_on=today)

    assert "50.000,00 €" in error.message


def test_given_a_disbursement_date_in_the_future_then_refused(tenant_a, operator_a):
    pathway = _at(tenant_a, operator_a, Stage.APPROVED)
    with tenant_context(tenant_a):
        error = _refused(pathway, Stage.DISBURSED, operator_a, amount=Decimal("1000"),
                         disbursed_on=timezone.localdate() + timedelta(days=2))

    assert error.field == "disbursed_on"


def test_given_lender_assessment_when_refusing_without_a_reason_then_refused(
        tenant_a, operator_a):
    pathway = _at(tenant_a, operator_a, Stage.LENDER_ASSESSMENT)
    with tenant_context(tenant_a):
        error = _refused(pathway, Stage.REFUSED, operator_a)

    assert error.field == "reason"
    assert error.message == "Indicare il motivo del rifiuto."


def test_given_tutoring_with_one_kind_of_auxiliary_service_when_moving_to_repayment_then_refused(
        tenant_a, operator_a):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, MICRO, Stage.DISBURSED, user=operator_a)
        services.advance_pathway(pathway=pathway, to_stage=Stage.TUTORING,
                                 acting_user=operator_a, auxiliary_services=["marketing"])
        services.advance_pathway(pathway=pathway, to_stage=Stage.TUTORING,
                                 acting_user=operator_a, auxiliary_services=["marketing"])

        error = _refused(pathway, Stage.REPAYING, operator_a)

    assert error.field == "auxiliary_services"
    assert "almeno due tipi" in error.message


def test_given_tutoring_when_two_kinds_are_delivered_over_several_sessions_then_repayment_starts(
        tenant_a, operator_a):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, MICRO, Stage.DISBURSED, user=operator_a)
        services.advance_pathway(pathway=pathway, to_stage=Stage.TUTORING,
                                 acting_user=operator_a)
        services.advance_pathway(pathway=pathway, to_stage=Stage.TUTORING,
                                 acting_user=operator_a, auxiliary_services=["strategia"])
        services.advance_pathway(pathway=pathway, to_stage=Stage.REPAYING,
                                 acting_user=operator_a, auxiliary_services=["legale_fiscale"])
        pathway.refresh_from_db()

    assert pathway.stage == Stage.REPAYING


def test_given_tutoring_when_recording_a_session_without_services_then_refused(
        tenant_a, operator_a):
    pathway = _at(tenant_a, operator_a, Stage.TUTORING)
    with tenant_context(tenant_a):
        error = _refused(pathway, Stage.TUTORING, operator_a)

    assert error.field == "auxiliary_services"


@pytest.mark.parametrize("data,field", [
    ({"recipient": "Officine Rossi"}, "recipient_kind"),
    ({"recipient_kind": "datore"}, "recipient"),
])
def test_given_active_job_search_when_referring_without_recipient_then_refused(
        tenant_a, operator_a, data, field):
    pathway = _at(tenant_a, operator_a, Stage.ACTIVE_SEARCH, kind=JOB)
    with tenant_context(tenant_a):
        error = _refused(pathway, Stage.REFERRAL, operator_a, **data)

    assert error.field == field


@pytest.mark.parametrize("data,field", [
    ({"placed_on": date(2026, 1, 5)}, "contract_type"),
    ({"contract_type": "apprendistato"}, "placed_on"),
])
def test_given_a_referral_when_placing_without_contract_data_then_refused(
        tenant_a, operator_a, data, field):
    pathway = _at(tenant_a, operator_a, Stage.REFERRAL, kind=JOB)
    with tenant_context(tenant_a):
        error = _refused(pathway, Stage.PLACED, operator_a, **data)

    assert error.field == field


def test_given_a_referral_when_placed_then_contract_is_recorded_and_the_pathway_closes(
        tenant_a, operator_a):
    pathway = _at(tenant_a, operator_a, Stage.REFERRAL, kind=JOB)
    with tenant_context(tenant_a):
        services.advance_pathway(pathway=pathway, to_stage=Stage.PLACED, acting_user=operator_a,
                                 contract_type="apprendistato", placed_on=date(2026, 2, 2))
        pathway.refresh_from_db()

    assert (pathway.contract_type, pathway.placed_on) == ("apprendistato", date(2026, 2, 2))
    assert pathway.closed_at is not None


def test_given_a_datum_another_stage_asks_for_when_advancing_then_refused(tenant_a, operator_a):
    pathway = _at(tenant_a, operator_a, Stage.FIRST_CONTACT)
    with tenant_context(tenant_a):
        error = _refused(pathway, Stage.INFORMATION, operator_a, amount=Decimal("1000"))

    assert error.field == "amount"


def test_given_a_transition_dated_before_the_last_event_then_refused(tenant_a, operator_a):
    pathway = _at(tenant_a, operator_a, Stage.INFORMATION)
    with tenant_context(tenant_a):
        error = _refused(pathway, Stage.ORIENTATION, operator_a,
                         occurred_at=timezone.now() - timedelta(days=1))

    assert error.field == "occurred_at"


# --- Replay, one open pathway, consent ----------------------------------------------

@pytest.mark.parametrize("kind,stage", [(MICRO, Stage.CLOSED), (MICRO, Stage.REPAYING),
                                        (MICRO, Stage.WITHDRAWN), (JOB, Stage.PLACED),
                                        (JOB, Stage.REFERRAL)])
def test_given_a_pathway_history_when_replaying_its_events_then_the_same_stage_is_reached(
        tenant_a, operator_a, kind, stage):
    pathway = _at(tenant_a, operator_a, stage, kind=kind)
    with tenant_context(tenant_a):
        pathway.refresh_from_db()

        assert selectors.replayed_stage(pathway=pathway) == pathway.stage == stage


def test_given_a_long_history_with_a_loop_when_replaying_then_the_stage_matches(
        tenant_a, operator_a):
    pathway = _at(tenant_a, operator_a, Stage.ACTIVE_SEARCH, kind=JOB)
    with tenant_context(tenant_a):
        for stage in (Stage.REFERRAL, Stage.ACTIVE_SEARCH, Stage.REFERRAL):
            services.advance_pathway(pathway=pathway, to_stage=stage, acting_user=operator_a,
                                     **data_for(stage))
        pathway.refresh_from_db()

        assert selectors.replayed_stage(pathway=pathway) == Stage.REFERRAL
        assert pathway.events.count() == 6


def test_given_a_history_that_skips_a_stage_when_replaying_then_it_is_rejected():
    with pytest.raises(machine.ReplayError):
        machine.replay(MICRO, [("", Stage.FIRST_CONTACT), (Stage.FIRST_CONTACT,
                                                           Stage.BUSINESS_PLAN)])


def test_given_an_open_microcredit_pathway_when_opening_another_then_refused(
        tenant_a, operator_a):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        services.open_pathway(person=person, kind=MICRO, acting_user=operator_a)

        with pytest.raises(ServiceError) as refused:
            services.open_pathway(person=person, kind=MICRO, acting_user=operator_a)

        assert refused.value.code == "percorso_gia_aperto"
        assert Pathway.objects.filter(person=person).count() == 1


def test_given_an_open_microcredit_pathway_when_opening_a_job_pathway_then_both_are_open(
        tenant_a, operator_a):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        services.open_pathway(person=person, kind=MICRO, acting_user=operator_a)
        services.open_pathway(person=person, kind=JOB, acting_user=operator_a)

        assert Pathway.objects.filter(person=person, closed_at__isnull=True).count() == 2


def test_given_a_closed_pathway_when_opening_a_new_one_of_the_same_kind_then_it_opens(
        tenant_a, operator_a):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        first = open_at(person, JOB, Stage.CLOSED, user=operator_a)
        second = services.open_pathway(person=person, kind=JOB, acting_user=operator_a)

        assert first.closed_at is not None and second.stage == Stage.ORIENTATION


def test_given_a_person_without_consent_when_opening_a_pathway_then_refused_and_nothing_written(
        tenant_a, operator_a):
    person = make_person(tenant_a, consent=False)
    with tenant_context(tenant_a):
        with pytest.raises(ConsentMissing) as refused:
            services.open_pathway(person=person, kind=MICRO, acting_user=operator_a)

        assert refused.value.code == "consenso_mancante"
        assert not Pathway.objects.filter(person=person).exists()


def test_given_consent_withdrawn_when_advancing_then_refused_but_withdrawal_and_closing_still_allowed(  # noqa: E501
        tenant_a, operator_a):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, MICRO, Stage.INFORMATION, user=operator_a)
        give_consent(person, operator_a, given=False)

        with pytest.raises(ConsentMissing):
            services.advance_pathway(pathway=pathway, to_stage=Stage.ORIENTATION,
                                     acting_user=operator_a)
        services.advance_pathway(pathway=pathway, to_stage=Stage.WITHDRAWN,
                                 acting_user=operator_a, reason="Revoca del consenso")
        services.advance_pathway(pathway=pathway, to_stage=Stage.CLOSED, acting_user=operator_a)
        pathway.refresh_from_db()

    assert pathway.stage == Stage.CLOSED and pathway.closed_at is not None


def test_given_a_transition_when_recorded_then_it_is_audited(tenant_a, operator_a):
    from tests.support import audit_events

    pathway = _at(tenant_a, operator_a, Stage.FIRST_CONTACT)
    with tenant_context(tenant_a):
        services.advance_pathway(pathway=pathway, to_stage=Stage.INFORMATION,
                                 acting_user=operator_a)

    events = audit_events(tenant_a, "pathway.advanced", details__pathway=pathway.pk)
    assert [(e.details["from"], e.details["to"]) for e in events] == [
        ("primo_contatto", "informazione")]
