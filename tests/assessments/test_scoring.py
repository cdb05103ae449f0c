"""Scoring a person with an instrument, and what crossing the threshold triggers."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from assessments import services
from assessments.data import InstrumentData, ItemData, OptionData
from assessments.errors import AssessmentError
from assessments.models import Assessment, Instrument
from audit.models import AuditEvent
from core.errors import PermissionDenied
from desks.closures import national_holidays
from desks.models import Appointment
from people.errors import ConsentMissing
from tests.factories import SCORE_10, SCORE_11, answers_for, make_person, make_user, screening

pytestmark = pytest.mark.django_db


def score(tenant, weights, *, operator=None, person=None, instrument=None):
    operator = operator or make_user(tenant, Role.OPERATOR)
    person = person or make_person(tenant)
    instrument = instrument or screening(tenant)
    with tenant_context(tenant):
        return services.score_assessment(person=person, instrument=instrument,
                                         answers=answers_for(instrument, weights),
                                         acting_user=operator)


def test_given_answers_when_scoring_then_the_total_is_the_sum_of_the_chosen_weights(tenant_a):
    assessment = score(tenant_a, [1, 0, 2, 3, 1, 0, 2, 0])

    assert assessment.total_score == 9
    assert assessment.triggered is False


def test_given_a_score_of_11_when_scoring_the_screening_then_a_second_interview_is_booked(
        tenant_a):
    operator = make_user(tenant_a, Role.OPERATOR)

    assessment = score(tenant_a, SCORE_11, operator=operator)

    assert assessment.total_score == 11 and assessment.triggered is True
    with tenant_context(tenant_a):
        appointment = Appointment.objects.get(pk=assessment.follow_up_id)
        assert Assessment.objects.get(pk=assessment.pk).follow_up_id == appointment.pk
    assert appointment.kind == Appointment.Kind.SECOND_INTERVIEW
    assert appointment.person_id == assessment.person_id
    assert appointment.operator_id == operator.pk
    assert appointment.status == Appointment.Status.BOOKED
    starts = timezone.localtime(appointment.starts_at)
    assert starts.date() > timezone.localdate()
    assert starts.weekday() < 5 and starts.date() not in national_holidays(starts.year)
    assert (starts.hour, starts.minute) >= (9, 0)


def test_given_a_score_of_10_when_scoring_the_screening_then_nothing_is_booked(tenant_a):
    operator = make_user(tenant_a, Role.OPERATOR)
    with tenant_context(tenant_a):
        before = Appointment.objects.count()

    assessment = score(tenant_a, SCORE_10, operator=operator)

    assert assessment.total_score == 10
    assert assessment.triggered is False and assessment.follow_up_id is None
    with tenant_context(tenant_a):
        assert Appointment.objects.count() == before


def test_given_the_operator_busy_at_the_first_slot_when_another_person_scores_11_then_the_next_free_slot(  # noqa: E501
        tenant_a):
    operator = make_user(tenant_a, Role.OPERATOR, email="agenda-piena@alfa.example.it")
    first = score(tenant_a, SCORE_11, operator=operator)

    second = score(tenant_a, SCORE_11, operator=operator)

    with tenant_context(tenant_a):
        one = Appointment.objects.get(pk=first.follow_up_id)
        two = Appointment.objects.get(pk=second.follow_up_id)
    assert two.starts_at >= one.ends_at
    assert two.starts_at - one.starts_at == timedelta(minutes=30)


def test_given_an_unanswered_item_when_scoring_then_refused_at_that_item(tenant_a):
    instrument = screening(tenant_a)
    answers = answers_for(instrument, SCORE_11)
    missing = list(answers)[2]
    del answers[missing]
    operator, person = make_user(tenant_a, Role.OPERATOR), make_person(tenant_a)

    with tenant_context(tenant_a), pytest.raises(AssessmentError) as error:
        services.score_assessment(person=person, instrument=instrument, answers=answers,
                                  acting_user=operator)

    assert error.value.field == f"item_{missing}"
    assert error.value.fields == {f"item_{missing}": ["Rispondere a questa domanda."]}
    with tenant_context(tenant_a):
        assert not Assessment.objects.filter(person=person).exists()


def test_given_an_option_of_another_item_when_scoring_then_refused_at_that_item(tenant_a):
    instrument = screening(tenant_a)
    answers = answers_for(instrument, SCORE_11)
    first, second = list(answers)[:2]
    answers[first] = answers[second]  # an option that belongs to item two
    operator, person = make_user(tenant_a, Role.OPERATOR), make_person(tenant_a)

    with tenant_context(tenant_a), pytest.raises(AssessmentError) as error:
        services.score_assessment(person=person, instrument=instrument, answers=answers,
                                  acting_user=operator)

    assert error.value.fields == {f"item_{first}": ["Risposta non valida per questa domanda."]}


def test_given_no_service_consent_when_scoring_then_refused(tenant_a):
    instrument = screening(tenant_a)
    person = make_person(tenant_a, consent=False)

    with tenant_context(tenant_a), pytest.raises(ConsentMissing):
        services.score_assessment(person=person, instrument=instrument,
                                  answers=answers_for(instrument, SCORE_11),
                                  acting_user=make_user(tenant_a, Role.OPERATOR))


def test_given_the_tenant_admin_when_scoring_then_refused(tenant_a):
    instrument = screening(tenant_a)

    with tenant_context(tenant_a), pytest.raises(PermissionDenied):
        services.score_assessment(person=make_person(tenant_a), instrument=instrument,
                                  answers=answers_for(instrument, SCORE_11),
                                  acting_user=make_user(tenant_a, Role.TENANT_ADMIN))


def test_given_a_recorded_assessment_when_reading_the_audit_then_recorded_without_answers(
        tenant_a):
    assessment = score(tenant_a, SCORE_11)

    with tenant_context(tenant_a):
        event = AuditEvent.objects.get(action="assessment.recorded",
                                       target_id=str(assessment.pk))
    assert event.details["score"] == 11 and event.details["triggered"] is True
    assert "answers" not in event.details


def _edited(instrument: Instrument, *, threshold: int) -> InstrumentData:
    items = [ItemData(text=i.text, help=i.help,
                      options=[OptionData(o.label, o.weight) for o in i.options.all()])
             for i in instrument.items.all()]
    items[0].options[3].weight = 5
    return InstrumentData(name=instrument.name, threshold=threshold, items=items,
                          trigger_action=instrument.trigger_action,
                          trigger_offset_days=instrument.trigger_offset_days,
                          is_unverified=True)


def test_given_a_new_version_when_reading_old_assessments_then_they_keep_their_version(
        tenant_a):
    old_version = screening(tenant_a)
    old = score(tenant_a, SCORE_11, instrument=old_version)
    admin = make_user(tenant_a, Role.TENANT_ADMIN)

    with tenant_context(tenant_a):
        new_version = services.create_instrument_version(
            instrument=old_version, data=_edited(old_version, threshold=14), acting_user=admin)
        old.refresh_from_db()
        old_version.refresh_from_db()
        assert new_version.version == old_version.version + 1
        assert new_version.code == old_version.code and new_version.is_active
        assert old_version.is_active is False
        assert old.instrument_id == old_version.pk and old.total_score == 11
        assert old.instrument.threshold == 11
    # The new version scores with the new weights and threshold.
    new = score(tenant_a, [5, 3, 3, 2, 0, 0, 0, 0], instrument=screening(tenant_a))
    assert new.instrument_id == new_version.pk
    assert new.total_score == 13 and new.triggered is False


def test_given_an_old_version_when_scoring_with_it_then_refused(tenant_a):
    old_version = screening(tenant_a)
    admin = make_user(tenant_a, Role.TENANT_ADMIN)
    with tenant_context(tenant_a):
        services.create_instrument_version(
            instrument=old_version, data=_edited(old_version, threshold=11), acting_user=admin)
        old_version.refresh_from_db()

    with pytest.raises(AssessmentError) as error:
        score(tenant_a, SCORE_11, instrument=old_version)

    assert error.value.field == "instrument"


def test_given_a_threshold_above_the_maximum_when_saving_a_version_then_refused_at_the_threshold(
        tenant_a):
    instrument = screening(tenant_a)
    admin = make_user(tenant_a, Role.TENANT_ADMIN)

    with tenant_context(tenant_a), pytest.raises(services.InstrumentError) as error:
        services.create_instrument_version(
            instrument=instrument, data=_edited(instrument, threshold=99), acting_user=admin)

    assert error.value.field == "threshold"
    assert "massimo ottenibile (26)" in error.value.message


def test_given_an_operator_when_editing_an_instrument_then_refused(tenant_a):
    instrument = screening(tenant_a)

    with tenant_context(tenant_a), pytest.raises(PermissionDenied):
        services.create_instrument_version(
            instrument=instrument, data=_edited(instrument, threshold=11),
            acting_user=make_user(tenant_a, Role.OPERATOR))
