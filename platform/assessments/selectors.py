"""Reads on assessments and instruments.

The answers (and the reserved notes) leave the database only through
``get_assessment_for(..., with_answers=True)``, which checks the reader's
role; the view records the read in the audit log
(``services.record_answers_read``). Every other read defers the
encrypted columns, so they are neither fetched nor decrypted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from assessments import permissions
from assessments.data import InstrumentData, ItemData, OptionData
from assessments.errors import SpecialCategoryDenied
from assessments.models import Assessment, Instrument, Item, Option, TriggerAction
from core.errors import NotFound
from desks.models import Appointment
from people.models import Person

SPECIAL_COLUMNS = ("answers", "notes")


@dataclass(frozen=True)
class AnswerRow:
    item_id: int
    question: str
    option_id: int | None
    answer: str
    weight: int | None


def _with_items(instruments: QuerySet[Instrument]) -> QuerySet[Instrument]:
    return instruments.prefetch_related(
        Prefetch("items", queryset=Item.objects.prefetch_related(
            Prefetch("options", queryset=Option.objects.order_by("order", "id")))
            .order_by("order", "id")))


def active_instruments() -> QuerySet[Instrument]:
    return _with_items(Instrument.objects.filter(is_active=True).order_by("name"))


def instruments_for(*, actor, active_only: bool = False) -> QuerySet[Instrument]:
    if not permissions.can_view_assessments(actor):
        return Instrument.objects.none()
    instruments = Instrument.objects.all()
    if active_only:
        instruments = instruments.filter(is_active=True)
    return _with_items(instruments.annotate(assessment_count=Count("assessments"))
                       .order_by("name", "code", "-version"))


def get_instrument_for(*, actor, instrument_id: int, active_only: bool = False) -> Instrument:
    instrument = instruments_for(actor=actor, active_only=active_only).filter(
        pk=instrument_id).first()
    if instrument is None:
        raise NotFound("Strumento di valutazione non trovato.")
    return instrument


def instrument_data(instrument: Instrument) -> InstrumentData:
    """The instrument's content, as the editing services take it."""
    return InstrumentData(
        name=instrument.name, description=instrument.description,
        threshold=instrument.threshold, trigger_action=instrument.trigger_action,
        trigger_offset_days=instrument.trigger_offset_days,
        is_unverified=instrument.is_unverified, unverified_note=instrument.unverified_note,
        items=[ItemData(text=item.text, help=item.help,
                        options=[OptionData(label=o.label, weight=o.weight)
                                 for o in item.options.all()])
               for item in instrument.items.all()])


def max_score(instrument: Instrument) -> int:
    return sum(max((o.weight for o in item.options.all()), default=0)
               for item in instrument.items.all())


def _assessments() -> QuerySet[Assessment]:
    return (Assessment.objects.defer(*SPECIAL_COLUMNS)
            .select_related("instrument", "operator", "follow_up", "person"))


def assessments_for(*, actor, person: Person | None = None) -> QuerySet[Assessment]:
    """Scores and outcomes (never the answers) the actor may see."""
    if not permissions.can_view_assessments(actor):
        return Assessment.objects.none()
    assessments = _assessments()
    if person is not None:
        assessments = assessments.filter(person=person)
    return assessments.order_by("-performed_at", "-id")


def answer_rows(assessment: Assessment) -> list[AnswerRow]:
    """The answers resolved against the items of the version used (two queries)."""
    items = Item.objects.filter(instrument_id=assessment.instrument_id).prefetch_related(
        "options").order_by("order", "id")
    answers = {int(k): v for k, v in (assessment.answers or {}).items()}
    rows = []
    for item in items:
        option_id = answers.get(item.pk)
        option = next((o for o in item.options.all() if o.pk == option_id), None)
        rows.append(AnswerRow(item_id=item.pk, question=item.text, option_id=option_id,
                              answer=option.label if option else "—",
                              weight=option.weight if option else None))
    return rows


def get_assessment_for(*, actor, assessment_id: int, with_answers: bool = False) -> Assessment:
    """The assessment as ``actor`` may see it; NotFound for missing and for
    readers who may not see assessments at all.

    ``with_answers=True`` also loads the answers (``assessment.answer_rows``,
    ``assessment.notes``): only for roles that work the case
    (``SpecialCategoryDenied`` otherwise); the caller audits such a read with
    ``services.record_answers_read``.
    """
    if not permissions.can_view_assessments(actor):
        raise NotFound("Valutazione non trovata.")
    if with_answers and not permissions.can_read_special_categories(actor):
        # Tell apart "no such assessment" only to those who may see assessments.
        if not Assessment.objects.filter(pk=assessment_id).exists():
            raise NotFound("Valutazione non trovata.")
        raise SpecialCategoryDenied()
    assessments = (Assessment.objects.select_related("instrument", "operator", "follow_up",
                                                     "person")
                   if with_answers else _assessments())
    assessment = assessments.filter(pk=assessment_id).first()
    if assessment is None:
        raise NotFound("Valutazione non trovata.")
    if with_answers:
        assessment.answer_rows = answer_rows(assessment)
    return assessment


def second_interviews_to_book(*, actor, operator=None) -> QuerySet[Assessment]:
    """Assessments over their threshold whose second interview is not in the
    calendar: no free slot was found then, or it was cancelled or missed.
    With ``operator``, the assessments they made. Scores only, never answers."""
    if not permissions.can_view_assessments(actor):
        return Assessment.objects.none()
    items = (Assessment.objects.filter(triggered=True,
                                       instrument__trigger_action=TriggerAction.SECOND_INTERVIEW)
             .filter(Q(follow_up__isnull=True)
                     | Q(follow_up__status__in=(Appointment.Status.CANCELLED,
                                                Appointment.Status.NO_SHOW))))
    if operator is not None:
        items = items.filter(operator=operator)
    # A later second interview of the same person settles it.
    later = Appointment.objects.filter(person=OuterRef("person_id"),
                                       kind=Appointment.Kind.SECOND_INTERVIEW,
                                       status__in=(Appointment.Status.BOOKED,
                                                   Appointment.Status.DONE),
                                       created_at__gte=OuterRef("performed_at"))
    return (items.exclude(Exists(later)).select_related("person", "instrument")
            .only("id", "performed_at", "total_score", "person__id", "person__first_name",
                  "person__last_name", "instrument__id", "instrument__name")
            .order_by("performed_at", "id"))
