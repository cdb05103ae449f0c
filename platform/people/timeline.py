"""One timeline per person, assembled from every domain package.

Each package exposes a provider ``entries(*, person) -> list[TimelineEntry]``
(one or two queries, never one per row); ``settings.PERSON_TIMELINE_PROVIDERS``
lists them (config wires the packages: people knows none of them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.module_loading import import_string

from people.models import Contact, Person


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    kind: str  # stable code: "accoglienza", "valutazione", "consulenza", ...
    title: str
    detail: str = ""
    url: str = ""
    actor: str = ""


def contact_entries(*, person: Person) -> list[TimelineEntry]:
    contacts = Contact.objects.filter(person=person).select_related("operator")
    return [
        TimelineEntry(when=c.occurred_at, kind="accoglienza",
                      title=f"Accoglienza: {c.get_channel_display()}", detail=c.reason,
                      actor=str(c.operator or ""))
        for c in contacts
    ]


def timeline_for(*, person: Person) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for path in settings.PERSON_TIMELINE_PROVIDERS:
        entries.extend(import_string(path)(person=person))
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
