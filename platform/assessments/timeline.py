"""The assessments on a person's timeline: score and outcome, never the answers."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from people.models import Person
from people.timeline import TimelineEntry, user_fields


def outcome(assessment: Assessment) -> str:
    instrument = assessment.instrument
    text = f"Punteggio {assessment.total_score} (soglia {instrument.threshold}): "
    if not assessment.triggered:
        return text + "soglia non raggiunta."
    text += "soglia raggiunta"
    if assessment.follow_up is not None:
        when = timezone.localtime(assessment.follow_up.starts_at)
        return text + f", secondo colloquio fissato per il {when:%d/%m/%Y} alle {when:%H:%M}."
    if instrument.triggers_second_interview:
        return text + ", secondo colloquio da fissare."
    return text + "."


def entries(*, person: Person) -> list[TimelineEntry]:
    assessments = (Assessment.objects.filter(person=person)
                   .select_related("instrument", "operator", "follow_up")
                   .only("performed_at", "total_score", "triggered", "instrument__name",
                         "instrument__version", "instrument__threshold",
                         "instrument__trigger_action", "follow_up__starts_at",
                         *user_fields("operator")))
    return [
        TimelineEntry(
            when=a.performed_at, kind="valutazione",
            title=f"Valutazione: {a.instrument.name} (v. {a.instrument.version})",
            detail=outcome(a), url=reverse("assessments:detail", args=[a.pk]),
            actor=str(a.operator or ""))
        for a in assessments
    ]
