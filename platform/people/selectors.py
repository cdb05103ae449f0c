"""Reads on people. Every read of one person's record goes through
``get_person_for``, which checks the reader and leaves an audit event."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery
from django.db.models import QuerySet

from accounts import permissions
from audit import services as audit
from core.errors import NotFound
from people.models import ConsentPurpose, ConsentRecord, Person
from people.search import digits, phone_digits, prefix_query

PERSON_READ = "person.read"


def search_people(*, actor, text: str, limit: int = 20) -> QuerySet[Person]:
    if not permissions.is_tenant_staff(actor):
        return Person.objects.none()
    text = (text or "").strip()
    people = Person.objects.only("id", "first_name", "last_name", "codice_fiscale", "birth_date",
                                 "phone", "email", "birth_place_name")
    if not text:
        return people.order_by("-created_at")[:limit]
    if "@" in text:
        return people.filter(email__iexact=text)[:limit]
    number = phone_digits(text)
    if len(number) >= 6 and len(digits(text)) == len(text.replace(" ", "").lstrip("+")):
        return people.filter(phone_digits__startswith=number).order_by("last_name")[:limit]
    query = prefix_query(text)
    if query is None:
        return people.none()
    return (people.filter(search_vector=SearchQuery(query, search_type="raw", config="simple"))
            .order_by("last_name", "first_name", "id")[:limit])


def get_person_for(*, actor, person_id: int, request=None, audit_read: bool = True) -> Person:
    """The person ``person_id`` as seen by ``actor``; NotFound for missing and forbidden."""
    if not permissions.is_tenant_staff(actor):
        raise NotFound("Persona non trovata.")
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFound("Persona non trovata.")
    if audit_read:
        audit.record(action=PERSON_READ, actor=actor, target=person, request=request)
    return person


def consent_state(*, person: Person) -> dict[str, ConsentRecord | None]:
    """The latest record per purpose (None: never asked)."""
    latest: dict[str, ConsentRecord | None] = {purpose: None for purpose in ConsentPurpose.values}
    for record in ConsentRecord.objects.filter(person=person).select_related("notice"):
        if latest.get(record.purpose) is None:
            latest[record.purpose] = record
    return latest
