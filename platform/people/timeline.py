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

from people.models import ConsentRecord, Contact, Person


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    kind: str  # stable code: "accoglienza", "valutazione", "consulenza", ...
    title: str
    detail: str = ""
    url: str = ""
    actor: str = ""


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email


# A user as the timeline names them (str(user)): never the whole row.
USER_NAME_FIELDS = ("first_name", "last_name", "email")


def user_fields(relation: str) -> list[str]:
    """``only()`` arguments for the user behind ``relation``, e.g. "operator"."""
    return [f"{relation}__{name}" for name in USER_NAME_FIELDS]


def contact_entries(*, person: Person) -> list[TimelineEntry]:
    contacts = (Contact.objects.filter(person=person).select_related("operator")
                .only("occurred_at", "channel", "referred_by", "reason", "information_given",
                      *user_fields("operator")))
    entries = []
    for c in contacts:
        detail = c.reason
        if c.referred_by:
            detail = f"{detail} (inviata da {c.referred_by})"
        if c.information_given:
            detail = f"{detail} — Informazioni fornite: {c.information_given}"
        entries.append(TimelineEntry(
            when=c.occurred_at, kind="accoglienza",
            title=f"Accoglienza: {c.get_channel_display()}", detail=detail,
            actor=_name(c.operator)))
    return entries


def consent_entries(*, person: Person) -> list[TimelineEntry]:
    records = (ConsentRecord.objects.filter(person=person).select_related("notice", "recorded_by")
               .only("recorded_at", "given", "purpose", "method", "notice__version",
                     *user_fields("recorded_by")))
    return [
        TimelineEntry(
            when=r.recorded_at, kind="consenso",
            title=f"{'Consenso dato' if r.given else 'Consenso revocato'}: "
                  f"{r.get_purpose_display()}",
            detail=f"{r.get_method_display()}; informativa v. {r.notice.version}",
            actor=_name(r.recorded_by))
        for r in records
    ]


def timeline_for(*, person: Person) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for path in settings.PERSON_TIMELINE_PROVIDERS:
        entries.extend(import_string(path)(person=person))
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
