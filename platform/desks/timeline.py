"""The counter's part of a person's timeline: appointments and messages
(one query each)."""

from __future__ import annotations

from django.utils import timezone

from desks.models import Appointment, OutgoingMessage
from people.models import Person
from people.timeline import TimelineEntry, user_fields


def appointment_entries(*, person: Person) -> list[TimelineEntry]:
    items = (Appointment.objects.filter(person=person).select_related("operator", "service")
             .only("starts_at", "kind", "status", "service__name", *user_fields("operator")))
    entries = []
    for a in items:
        when = timezone.localtime(a.starts_at)
        detail = f"{when:%d/%m/%Y %H:%M} · {a.get_status_display()}"
        if a.service_id:
            detail += f" · {a.service.name}"
        entries.append(TimelineEntry(
            when=a.starts_at, kind="appuntamento", title=f"Appuntamento: {a.get_kind_display()}",
            detail=detail, url=f"/agenda/{a.pk}/", actor=str(a.operator or "")))
    return entries


def message_entries(*, person: Person) -> list[TimelineEntry]:
    items = (OutgoingMessage.objects.filter(person=person).select_related("sent_by")
             .only("queued_at", "subject", "status", "to_address", *user_fields("sent_by")))
    return [
        TimelineEntry(when=m.queued_at, kind="messaggio", title=f"Messaggio: {m.subject}",
                      detail=f"{m.get_status_display()} · a {m.to_address}",
                      url=f"/persone/{person.pk}/messaggi/{m.pk}/", actor=str(m.sent_by or ""))
        for m in items
    ]


def entries(*, person: Person) -> list[TimelineEntry]:
    return appointment_entries(person=person) + message_entries(person=person)
