"""Writes on people: registration (never twice), updates, consent, intake."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import services as audit
from codes import selectors as codes
from core.errors import PermissionDenied
from people import codice_fiscale as cf
from people import permissions, selectors, signals
from people.errors import ConsentMissing, DuplicatePerson, PersonError
from people.models import (
    ConsentPurpose,
    ConsentRecord,
    Contact,
    EducationLevel,
    EmploymentStatus,
    Person,
    PrivacyNotice,
    Sex,
    Vulnerability,
)
from people.search import person_search_text, phone_digits

PERSON_CREATED = "person.created"
PERSON_READ = "person.read"
PERSON_UPDATED = "person.updated"
CONSENT_RECORDED = "person.consent_recorded"
CONTACT_RECORDED = "person.contact_recorded"
PEOPLE_EXPORTED = "person.export"
NOTICE_PUBLISHED = "privacy_notice.published"
NOTICE_MADE_CURRENT = "privacy_notice.made_current"


@dataclass(frozen=True)
class PersonData:
    """What the operator typed about a person, as Python values (the form and
    the serializer build it; the service checks it)."""

    first_name: str
    last_name: str
    sex: str = ""
    birth_date: date | None = None
    birth_place_code: str = ""
    codice_fiscale: str = ""
    citizenship_code: str = "000"
    residence_address: str = ""
    residence_comune: str = ""
    residence_cap: str = ""
    domicile_address: str = ""
    domicile_comune: str = ""
    domicile_cap: str = ""
    phone: str = ""
    email: str = ""
    education_level: str = ""
    employment_status: str = ""
    vulnerabilities: list[str] = field(default_factory=list)

    @classmethod
    def from_person(cls, person: Person) -> PersonData:
        """What is recorded for ``person``, as the starting point of an update."""
        values = {name: getattr(person, name) for name in cls.__dataclass_fields__}
        values["codice_fiscale"] = values["codice_fiscale"] or ""
        values["vulnerabilities"] = list(values["vulnerabilities"] or [])
        return cls(**values)


def _require_staff(acting_user) -> None:
    if not permissions.can_work_with_people(acting_user):
        raise PermissionDenied("Operazione riservata al personale dello sportello.")


def _require_notice_manager(acting_user) -> None:
    if not permissions.can_manage_notices(acting_user):
        raise PermissionDenied("Operazione riservata all'amministratore dell'ente.")


def _refuse_duplicate(code: str, *, exclude_pk: int | None) -> None:
    existing = Person.objects.filter(codice_fiscale=code).exclude(pk=exclude_pk).first()
    if existing is not None:
        raise DuplicatePerson(
            f"Persona già registrata con questo codice fiscale: {existing}.", person=existing)


def _ignore(name: str, message: str) -> None:
    return None


def _validated(data: PersonData, *, exclude_pk: int | None = None) -> dict:
    """Check everything the operator typed; return the model's field values.

    With a codice fiscale, missing birth data are filled from it and typed
    ones must agree with it; without one, they are all required.
    """
    errors: dict[str, str] = {}
    values = {name: getattr(data, name) for name in PersonData.__dataclass_fields__}
    for name in ("first_name", "last_name"):
        values[name] = " ".join((values[name] or "").split())
        if not values[name]:
            errors[name] = "Campo obbligatorio."
        elif not any(char.isalpha() for char in values[name]):  # "'" or "-" alone
            errors[name] = ("Il cognome deve contenere almeno una lettera." if name == "last_name"
                            else "Il nome deve contenere almeno una lettera.")
    code = cf.normalize(data.codice_fiscale)
    # Birth data left blank are the codice fiscale's to fill: while the code is
    # wrong, only its own error is reported, not three "missing" ones as well.
    missing = errors.setdefault
    place_from_code = False
    if code:
        try:
            decoded = cf.decode(code)
        except cf.CodiceFiscaleError as exc:
            errors["codice_fiscale"] = exc.message
            missing = _ignore
        else:
            # A known code answers first: the operator is sent to the existing
            # record rather than asked to fix a form for a second one.
            _refuse_duplicate(code, exclude_pk=exclude_pk)
            place_from_code = not data.birth_place_code
            errors.update(cf.mismatches(
                decoded, last_name=values["last_name"], first_name=values["first_name"],
                birth_date=data.birth_date, sex=data.sex, place_code=data.birth_place_code))
            values["birth_date"] = data.birth_date or decoded.birth_date
            values["sex"] = data.sex or decoded.sex
            values["birth_place_code"] = data.birth_place_code or decoded.place_code
    values["codice_fiscale"] = code or None
    if not values.get("birth_date"):
        missing("birth_date", "Indicare la data di nascita.")
    elif values["birth_date"] > date.today():
        errors["birth_date"] = "La data di nascita è nel futuro."
    if not values.get("sex"):
        missing("sex", "Indicare il sesso.")
    elif values["sex"] not in Sex.values:
        errors["sex"] = "Sesso non valido."
    place_code = (values.get("birth_place_code") or "").upper()
    values["birth_place_code"] = place_code
    if not place_code:
        missing("birth_place_code", "Indicare il comune o lo Stato estero di nascita.")
    elif values.get("birth_date") and "birth_place_code" not in errors:
        place = codes.place_for_code(code=place_code, on=values["birth_date"])
        if place is None and place_from_code:
            errors.setdefault("codice_fiscale", (
                f"Il luogo di nascita nel codice fiscale ({place_code}) è sconosciuto o non "
                f"esisteva alla data di nascita."))
        elif place is None:
            errors["birth_place_code"] = (
                "Codice del luogo di nascita sconosciuto o non valido alla data di nascita.")
        else:
            values["birth_place_name"] = place.display_name
    citizenship = values["citizenship_code"]
    if citizenship and codes.citizenship_for_code(citizenship) is None:
        errors["citizenship_code"] = "Codice di cittadinanza sconosciuto."
    for name in ("residence_cap", "domicile_cap"):
        if values[name] and not (values[name].isdigit() and len(values[name]) == 5):
            errors[name] = "Il CAP è di 5 cifre."
    if values["email"] and "@" not in values["email"]:
        errors["email"] = "Indirizzo e-mail non valido."
    if values["education_level"] and values["education_level"] not in EducationLevel.values:
        errors["education_level"] = "Titolo di studio non valido."
    if values["employment_status"] and values["employment_status"] not in EmploymentStatus.values:
        errors["employment_status"] = "Condizione occupazionale non valida."
    unknown = set(values["vulnerabilities"]) - set(Vulnerability.values)
    if unknown:
        errors["vulnerabilities"] = "Condizione di vulnerabilità non valida."
    if errors:
        raise PersonError.from_errors(errors)
    values["email"] = values["email"].strip().lower()
    values["phone_digits"] = phone_digits(values["phone"])
    values["search_text"] = person_search_text(
        first_name=values["first_name"], last_name=values["last_name"],
        codice_fiscale=code, phone_digits=values["phone_digits"], email=values["email"])
    return values


def build_person(*, data: PersonData, acting_user) -> Person:
    """The row ``register_person`` inserts, checked and unsaved: the one builder
    of people rows (the demo data insert many at once)."""
    return Person(created_by=acting_user, **_validated(data))


@transaction.atomic
def register_person(*, data: PersonData, acting_user) -> Person:
    """Register a citizen. The same codice fiscale never makes a second record:
    ``DuplicatePerson`` carries the existing one for the caller to open."""
    _require_staff(acting_user)
    person = build_person(data=data, acting_user=acting_user)
    try:
        with transaction.atomic():
            person.save(force_insert=True)
    except IntegrityError as exc:  # a concurrent registration of the same code
        existing = Person.objects.get(codice_fiscale=person.codice_fiscale)
        raise DuplicatePerson(f"Persona già registrata con questo codice fiscale: {existing}.",
                              person=existing) from exc
    audit.record(action=PERSON_CREATED, actor=acting_user, target=person)
    return person


@transaction.atomic
def update_person(*, person: Person, data: PersonData, acting_user) -> Person:
    _require_staff(acting_user)
    values = _validated(data, exclude_pk=person.pk)
    changed = sorted(name for name, value in values.items()
                     if getattr(person, name) != value and name not in {"search_text"})
    for name, value in values.items():
        setattr(person, name, value)
    person.save()
    audit.record(action=PERSON_UPDATED, actor=acting_user, target=person,
                 details={"fields": changed})
    return person


def record_person_read(*, person: Person, acting_user) -> None:
    """Someone opened the person's record (page or API): the register of
    activities keeps who read which personal data, and when."""
    _require_staff(acting_user)
    audit.record(action=PERSON_READ, actor=acting_user, target=person)


def _notice_in_force() -> PrivacyNotice:
    notice = selectors.current_notice()
    if notice is None:
        raise PersonError("Nessuna informativa privacy in vigore: l'amministratore deve "
                          "pubblicarne una.", code="informativa_mancante")
    return notice


def build_consent(*, person: Person, purpose: str, given: bool, method: str, acting_user,
                  notice: PrivacyNotice | None = None) -> ConsentRecord:
    """The row ``record_consent`` inserts, checked and unsaved (citing ``notice``,
    or the one in force)."""
    if purpose not in ConsentPurpose.values:
        raise PersonError("Finalità non valida.", field="purpose")
    if method not in ConsentRecord.Method.values:
        raise PersonError("Indicare come è stato raccolto il consenso.", field="method")
    return ConsentRecord(person=person, purpose=purpose, given=given, method=method,
                         notice=notice or _notice_in_force(), recorded_by=acting_user)


@transaction.atomic
def record_consent(*, person: Person, purpose: str, given: bool, method: str, acting_user,
                   notice: PrivacyNotice | None = None) -> ConsentRecord:
    _require_staff(acting_user)
    record = build_consent(person=person, purpose=purpose, given=given, method=method,
                           acting_user=acting_user, notice=notice)
    record.save(force_insert=True)
    audit.record(**consent_audit(record))
    if not given:  # synchronous, in this transaction: what relied on it goes too
        signals.consent_withdrawn.send(sender=ConsentRecord, person=person, purpose=purpose,
                                       acting_user=acting_user)
    return record


def consent_audit(record: ConsentRecord) -> dict:
    """The audit record of a consent given or withdrawn (for ``audit.record``, or
    ``audit.build_event`` when inserting many at once)."""
    return dict(action=CONSENT_RECORDED, actor=record.recorded_by, target=record.person,
                details={"purpose": record.purpose, "given": record.given,
                         "method": record.method})


def require_consent(*, person: Person, purpose: str) -> None:
    """Later features call this before acting; it refuses without consent."""
    if not selectors.has_consent(person=person, purpose=purpose):
        label = ConsentPurpose(purpose).label
        raise ConsentMissing(f"Manca il consenso della persona per: {label}.")


def build_contact(*, person: Person, channel: str, reason: str, acting_user,
                  occurred_at: datetime | None = None, information_given: str = "",
                  referred_by: str = "") -> Contact:
    """The row ``record_contact`` inserts, checked and unsaved."""
    errors = {}
    if channel not in Contact.Channel.values:
        errors["channel"] = "Indicare il canale di accesso."
    if not (reason or "").strip():
        errors["reason"] = "Indicare il motivo dell'accesso."
    if errors:
        raise PersonError.from_errors(errors)
    return Contact(
        person=person, channel=channel, reason=reason.strip(),
        information_given=information_given.strip(), referred_by=referred_by.strip(),
        occurred_at=occurred_at or timezone.now(), operator=acting_user)


@transaction.atomic
def record_contact(*, person: Person, channel: str, reason: str, acting_user,
                   occurred_at: datetime | None = None, information_given: str = "",
                   referred_by: str = "") -> Contact:
    _require_staff(acting_user)
    contact = build_contact(person=person, channel=channel, reason=reason,
                            acting_user=acting_user, occurred_at=occurred_at,
                            information_given=information_given, referred_by=referred_by)
    contact.save(force_insert=True)
    audit.record(**contact_audit(contact))
    return contact


def contact_audit(contact: Contact) -> dict:
    """The audit record of an intake contact."""
    return dict(action=CONTACT_RECORDED, actor=contact.operator, target=contact.person,
                details={"channel": contact.channel})


def record_export(*, acting_user, file_format: str, count: int, filters: dict) -> None:
    """Exports leave the platform: who took which list, in which format."""
    _require_staff(acting_user)
    audit.record(action=PEOPLE_EXPORTED, actor=acting_user,
                 details={"formato": file_format, "righe": count, "filtri": filters})


@transaction.atomic
def publish_notice(*, version: str, title: str, text: str, valid_from: date, acting_user,
                   make_current: bool = True) -> PrivacyNotice:
    """A new version of the informativa; with ``make_current`` it replaces the one in force
    (consents already given keep citing the version the person read)."""
    _require_notice_manager(acting_user)
    errors = {}
    version, title, text = version.strip(), title.strip(), text.strip()
    if not version:
        errors["version"] = "Indicare la versione."
    elif PrivacyNotice.objects.filter(version=version).exists():
        errors["version"] = "Esiste già un'informativa con questa versione."
    if not title:
        errors["title"] = "Indicare il titolo."
    if not text:
        errors["text"] = "Indicare il testo dell'informativa."
    if valid_from is None:
        errors["valid_from"] = "Indicare la data di entrata in vigore."
    if errors:
        raise PersonError.from_errors(errors)
    notice = PrivacyNotice.objects.create(version=version, title=title, text=text,
                                          valid_from=valid_from, is_current=False)
    audit.record(action=NOTICE_PUBLISHED, actor=acting_user, target=notice,
                 details={"version": version})
    if make_current:
        make_notice_current(notice=notice, acting_user=acting_user)
    return notice


@transaction.atomic
def make_notice_current(*, notice: PrivacyNotice, acting_user) -> PrivacyNotice:
    """The one informativa in force: new consents cite it."""
    _require_notice_manager(acting_user)
    PrivacyNotice.objects.select_for_update().filter(is_current=True).exclude(
        pk=notice.pk).update(is_current=False)
    if not notice.is_current:
        notice.is_current = True
        notice.save(update_fields=["is_current"])
    audit.record(action=NOTICE_MADE_CURRENT, actor=acting_user, target=notice,
                 details={"version": notice.version})
    return notice
