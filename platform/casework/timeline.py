"""casework's contribution to the person's timeline: consultations and pathway
events, one query each."""

from __future__ import annotations

from django.contrib.postgres.aggregates import ArrayAgg
from django.urls import reverse

from casework import pathways as machine
from casework.models import Consultation, PathwayEvent
from people.models import Person
from people.timeline import TimelineEntry, user_fields


def _consultation_entries(person: Person) -> list[TimelineEntry]:
    rows = (Consultation.objects.filter(person=person).select_related("operator")
            .only("occurred_at", "duration_minutes", "mode", "topics", *user_fields("operator"))
            .annotate(service_names=ArrayAgg("services__name", distinct=True, default=[]))
            .order_by("-occurred_at"))
    entries = []
    for c in rows:
        services = ", ".join(name for name in c.service_names if name)
        detail = "; ".join(part for part in (
            f"{c.duration_minutes} min, {c.get_mode_display().lower()}",
            ", ".join(c.topics), services) if part)
        entries.append(TimelineEntry(
            when=c.occurred_at, kind="consulenza", title="Consulenza", detail=detail,
            url=reverse("casework:consultation_detail", args=[c.pk]),
            actor=str(c.operator or "")))
    return entries


def _event_entries(person: Person) -> list[TimelineEntry]:
    events = (PathwayEvent.objects.filter(pathway__person=person)
              .select_related("pathway", "actor")
              .only("from_stage", "to_stage", "occurred_at", "data", "actor_label", "pathway__kind",
                    *user_fields("actor"))
              .order_by("-occurred_at", "-id"))
    url = reverse("casework:pathways", args=[person.pk])
    entries = []
    for event in events:
        kind = event.pathway.get_kind_display()
        if not event.from_stage:
            title = f"Percorso {kind.lower()} aperto: {machine.label(event.to_stage)}"
        else:
            title = (f"Percorso {kind.lower()}: {machine.label(event.from_stage)} → "
                     f"{machine.label(event.to_stage)}")
        entries.append(TimelineEntry(when=event.occurred_at, kind="percorso", title=title,
                                     detail=machine.summary(event.data), url=url,
                                     actor=str(event.actor or event.actor_label)))
    return entries


def entries(*, person: Person) -> list[TimelineEntry]:
    return _consultation_entries(person) + _event_entries(person)
