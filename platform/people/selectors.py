"""Reads on people. Every read of one person's record goes through
``get_person_for``, which checks the reader; selectors never write: a page or
an API resource that shows a person's data audits it by calling
``services.record_person_read`` itself.

Search stays on indexed paths, whatever the registry's size: the full
codice fiscale on its unique index, an e-mail on ``lower(email)``, a phone
number on the ``phone_digits`` prefix index, anything else as a prefix query
on the GIN-indexed ``search_vector``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.postgres.search import SearchQuery
from django.db.models import Max, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from core.errors import NotFound
from core.fields import shift_days
from people import codice_fiscale as cf
from people import permissions
from people.models import ConsentPurpose, ConsentRecord, Contact, Person, PrivacyNotice
from people.search import phone_digits, prefix_query

SEARCH_TEXT_MAX_LENGTH = 100  # what the search box and the API's ``q`` accept

LIST_FIELDS = ("id", "first_name", "last_name", "codice_fiscale", "birth_date", "phone",
               "email", "birth_place_name", "employment_status", "created_at")

# What a search finds is sorted by name through an expression, not the
# (last_name, first_name) index, on purpose: the planner would walk that index
# until a page of matches turns up, assuming they are spread over the alphabet,
# but a surname's matches sit together ("rossi:*" walked 80,000 of 100,000
# people, 60 ms). Sorting the index's matches costs what they number (top-N).
MATCHES_BY_NAME = (Lower("last_name"), Lower("first_name"), "id")


def _looks_numeric(text: str) -> bool:
    compact = text.replace(" ", "").replace("-", "").replace(".", "").replace("/", "")
    return compact.lstrip("+").isdigit()


def _is_phone(text: str) -> bool:
    """A phone number long enough for the prefix index to be selective."""
    return _looks_numeric(text) and len(phone_digits(text)) >= 6


def people_matching(*, text: str) -> QuerySet[Person]:
    """Everyone ``text`` finds, unordered and unsliced (callers order and page)."""
    text = (text or "").strip()
    people = Person.objects.all()
    if not text:
        return people
    if "@" in text:
        return people.alias(email_lower=Lower("email")).filter(email_lower=text.lower())
    if cf.is_well_formed(text):
        return people.filter(codice_fiscale=cf.normalize(text))
    if _is_phone(text):
        return people.filter(phone_digits__startswith=phone_digits(text))
    if _looks_numeric(text):  # a short number, "+39" aside: a prefix of a phone token
        text = phone_digits(text)
    query = prefix_query(text)
    if query is None:
        return people.none()
    return people.filter(search_vector=SearchQuery(query, search_type="raw", config="simple"))


def search_people(*, actor, text: str, limit: int = 20) -> QuerySet[Person]:
    """At most ``limit`` people ``text`` finds, by name; the latest registered
    without text."""
    if not permissions.can_work_with_people(actor):
        return Person.objects.none()
    people = people_matching(text=text).only(*LIST_FIELDS)
    if not (text or "").strip():
        return people.order_by("-created_at", "-id")[:limit]
    return people.order_by(*MATCHES_BY_NAME)[:limit]


# The people list's sort keys (UI and API), whitelisted: the key a link or a
# query carries ("-" in front: descending) and the columns it sorts by. Names
# walk the (last_name, first_name) index, registration the created_at one;
# a search's matches are few and sorted as they are (see MATCHES_BY_NAME).
SORTS = {
    "cognome": ("last_name", "first_name", "id"),
    "nome": ("first_name", "last_name", "id"),
    "registrazione": ("created_at", "id"),
}
DEFAULT_SORT = "cognome"
SORT_CHOICES = [
    ("cognome", "Cognome (A-Z)"), ("-cognome", "Cognome (Z-A)"),
    ("nome", "Nome (A-Z)"), ("-nome", "Nome (Z-A)"),
    ("-registrazione", "Registrazione (più recenti prima)"),
    ("registrazione", "Registrazione (meno recenti prima)"),
]


def valid_sort(value: str | None) -> str:
    """``value`` if it is a sort key of the list, else the default."""
    value = (value or "").strip()
    return value if value.lstrip("-") in SORTS and value.count("-") <= 1 else DEFAULT_SORT


def _ordering(sort: str, *, searching: bool) -> list:
    sort = valid_sort(sort)
    descending, key = sort.startswith("-"), sort.lstrip("-")
    columns = SORTS[key]
    if searching and key in ("cognome", "nome"):
        lowered = [Lower(c) if c != "id" else c for c in columns]
        return [c.desc() if descending and c != "id" else (f"-{c}" if descending else c)
                for c in lowered]
    return [f"-{c}" if descending else c for c in columns]


@dataclass(frozen=True)
class PersonFilters:
    """What the operator asks the people list for (all optional)."""

    text: str = ""
    employment_status: str = ""
    vulnerability: str = ""
    created_from: date | None = None
    created_to: date | None = None
    sort: str = ""

    def as_details(self) -> dict:
        return {key: (value.isoformat() if isinstance(value, date) else value)
                for key, value in self.__dict__.items() if value}


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def person_list(*, actor, filters: PersonFilters) -> QuerySet[Person]:
    """The counter's people, filtered, by name (the list and its exports)."""
    if not permissions.can_work_with_people(actor):
        return Person.objects.none()
    people = people_matching(text=filters.text)
    if filters.employment_status:
        people = people.filter(employment_status=filters.employment_status)
    if filters.vulnerability:
        people = people.filter(vulnerabilities__contains=[filters.vulnerability])
    if filters.created_from:
        people = people.filter(created_at__gte=_start_of(filters.created_from))
    if filters.created_to:
        people = people.filter(created_at__lt=_start_of(shift_days(filters.created_to, 1)))
    if filters.sort:
        return people.order_by(*_ordering(filters.sort, searching=bool(filters.text.strip())))
    if filters.text.strip():
        return people.order_by(*MATCHES_BY_NAME)
    return people.order_by("last_name", "first_name", "id")


def last_contacts(*, person_ids) -> dict[int, datetime]:
    """When each of these people last came to the desk (one query, on the
    (person, occurred_at) index): for a page of the list, not for sorting."""
    rows = (Contact.objects.filter(person_id__in=list(person_ids)).values("person_id")
            .annotate(last=Max("occurred_at")).order_by())
    return {row["person_id"]: row["last"] for row in rows}


def get_person_for(*, actor, person_id: int) -> Person:
    """The person ``person_id`` as seen by ``actor``; NotFound for missing and forbidden.
    Not audited: the caller that shows the record calls ``services.record_person_read``."""
    if not permissions.can_work_with_people(actor):
        raise NotFound("Persona non trovata.")
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFound("Persona non trovata.")
    return person


def person_with_code(*, actor, code: str) -> Person | None:
    """Who is registered with the codice fiscale ``code`` (names only), if anyone."""
    if not permissions.can_work_with_people(actor):
        return None
    return Person.objects.filter(codice_fiscale=code).only(
        "id", "first_name", "last_name").first()


def consent_state(*, person: Person) -> dict[str, ConsentRecord | None]:
    """The latest record per purpose (None: never asked)."""
    latest: dict[str, ConsentRecord | None] = {purpose: None for purpose in ConsentPurpose.values}
    records = (ConsentRecord.objects.filter(person=person).select_related("notice")
               .only("purpose", "given", "method", "recorded_at", "notice__version"))
    for record in records:
        if latest.get(record.purpose) is None:
            latest[record.purpose] = record
    return latest


def has_consent(*, person: Person, purpose: str) -> bool:
    """Whether the latest record for ``purpose`` is a consent given."""
    latest = (ConsentRecord.objects.filter(person=person, purpose=purpose)
              .order_by("-recorded_at", "-id").values_list("given", flat=True).first())
    return bool(latest)


def consents_of(*, person: Person) -> QuerySet[ConsentRecord]:
    """The whole consent history of ``person``, latest first."""
    return ConsentRecord.objects.filter(person=person).select_related("notice", "recorded_by")


def contacts_of(*, person: Person) -> QuerySet[Contact]:
    return Contact.objects.filter(person=person).select_related("operator")


def privacy_notices() -> QuerySet[PrivacyNotice]:
    return PrivacyNotice.objects.order_by("-valid_from", "-id")


def current_notice() -> PrivacyNotice | None:
    """The informativa privacy in force (None: none published yet)."""
    return PrivacyNotice.objects.filter(is_current=True).order_by("-valid_from", "-id").first()


def get_notice(*, notice_id: int) -> PrivacyNotice:
    notice = PrivacyNotice.objects.filter(pk=notice_id).first()
    if notice is None:
        raise NotFound("Informativa non trovata.")
    return notice
