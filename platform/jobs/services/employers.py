"""Employers, their seats, contacts, consents and conventions."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from audit import services as audit
from codes import tables
from jobs import permissions, publishing
from jobs.audit_actions import (
    CONVENTION_SAVED,
    EMPLOYER_CONSENT_RECORDED,
    EMPLOYER_CONTACT_ADDED,
    EMPLOYER_CREATED,
    EMPLOYER_SITE_ADDED,
    EMPLOYER_UPDATED,
    EMPLOYERS_EXPORTED,
)
from jobs.errors import DuplicateEmployer, JobsError
from jobs.models import (
    ADDRESS_MAX_CHARS,
    CONVENTION_REFERENCE_MAX_CHARS,
    CONVENTION_SUBJECT_MAX_CHARS,
    EMPLOYER_NAME_MAX_CHARS,
    PERSON_NAME_MAX_CHARS,
    PHONE_MAX_CHARS,
    ROLE_MAX_CHARS,
    WEBSITE_MAX_CHARS,
    Convention,
    Employer,
    EmployerConsent,
    EmployerConsentPurpose,
    EmployerContact,
    EmployerSite,
)
from jobs.services._shared import (
    CAP,
    PHONE,
    assign,
    code_error,
    codice_fiscale_error,
    comune_error,
    normalize_tax_code,
    one_line,
    partita_iva_error,
)

# A new ATECO code is of ATECO 2025 (in force since 2025); the 2007 (2022
# update) codes an employer already holds are kept.
ATECO_TABLES = (tables.ATECO_2025, tables.ATECO_2022, tables.ATECO_2007)


def ateco_error(code: str, *, keep: str | None = None) -> str | None:
    """None when ``code`` is valid in one of the ATECO tables (or is the one
    kept); else the ATECO 2025 table's refusal."""
    errors = [code_error(table, code, keep=keep) for table in ATECO_TABLES]
    return None if None in errors else errors[0]


@dataclass(frozen=True)
class EmployerData:
    name: str
    codice_fiscale: str = ""
    partita_iva: str = ""
    ateco_code: str = ""
    size_code: str = ""
    address: str = ""
    comune_code: str = ""
    cap: str = ""
    phone: str = ""
    email: str = ""
    pec: str = ""
    website: str = ""
    notes: str = ""

    @classmethod
    def from_employer(cls, employer: Employer) -> EmployerData:
        values = {f.name: getattr(employer, f.name) or "" for f in fields(cls)}
        return cls(**values)


def _email_error(value: str) -> str | None:
    try:
        validate_email(value)
    except ValidationError:
        return "Indicare un indirizzo e-mail valido."
    return None


def employer_errors(data: EmployerData, *, exclude_pk: int | None = None,
                    keep: Employer | None = None) -> tuple[dict[str, str], dict]:
    """Every field's problem at once, and the values to store."""
    errors: dict[str, str] = {}
    values = {f.name: getattr(data, f.name) for f in fields(EmployerData)}
    for name in ("name", "address", "phone", "website"):
        values[name] = one_line(values[name])
    values["email"] = values["email"].strip().lower()
    values["pec"] = values["pec"].strip().lower()
    values["cap"] = values["cap"].strip()
    values["comune_code"] = values["comune_code"].strip().upper()
    values["ateco_code"] = values["ateco_code"].strip()
    values["size_code"] = values["size_code"].strip()
    values["notes"] = (values["notes"] or "").strip()
    if not values["name"]:
        errors["name"] = "Indicare la ragione sociale."
    elif len(values["name"]) > EMPLOYER_NAME_MAX_CHARS:
        errors["name"] = f"Al massimo {EMPLOYER_NAME_MAX_CHARS} caratteri."
    cf_code = normalize_tax_code(data.codice_fiscale)
    piva = normalize_tax_code(data.partita_iva)
    if not cf_code and not piva:
        errors["partita_iva"] = "Indicare la partita IVA o il codice fiscale dell'azienda."
    if piva and (message := partita_iva_error(piva)):
        errors["partita_iva"] = message
    if cf_code and (message := codice_fiscale_error(cf_code)):
        errors["codice_fiscale"] = message
    for name, code in (("codice_fiscale", cf_code), ("partita_iva", piva)):
        if code and name not in errors:
            other = Employer.objects.filter(**{name: code}).exclude(pk=exclude_pk).first()
            if other is not None:
                label = "codice fiscale" if name == "codice_fiscale" else "partita IVA"
                raise DuplicateEmployer(f"Un'azienda con questa {label} è già registrata: "
                                        f"{other.name}.", field=name)
    values["codice_fiscale"], values["partita_iva"] = cf_code or None, piva or None
    if values["ateco_code"] and (message := ateco_error(
            values["ateco_code"], keep=getattr(keep, "ateco_code", None))):
        errors["ateco_code"] = message
    if values["size_code"] and (message := code_error(
            tables.COMPANY_SIZES, values["size_code"], keep=getattr(keep, "size_code", None))):
        errors["size_code"] = message
    if values["comune_code"] and (message := comune_error(
            values["comune_code"], keep=getattr(keep, "comune_code", None))):
        errors["comune_code"] = message
    if values["cap"] and not CAP.match(values["cap"]):
        errors["cap"] = "Il CAP ha 5 cifre."
    if values["phone"] and (len(values["phone"]) > PHONE_MAX_CHARS
                            or not PHONE.match(values["phone"])):
        errors["phone"] = "Indicare un numero di telefono valido."
    for name in ("email", "pec"):
        if values[name] and (message := _email_error(values[name])):
            errors[name] = message
    if len(values["address"]) > ADDRESS_MAX_CHARS:
        errors["address"] = f"Al massimo {ADDRESS_MAX_CHARS} caratteri."
    if len(values["website"]) > WEBSITE_MAX_CHARS:
        errors["website"] = f"Al massimo {WEBSITE_MAX_CHARS} caratteri."
    return errors, values


@transaction.atomic
def create_employer(*, data: EmployerData, acting_user) -> Employer:
    permissions.check_can_use_jobs(acting_user)
    errors, values = employer_errors(data)
    if errors:
        raise JobsError.from_errors(errors)
    employer = Employer.objects.create(**values, created_by=acting_user)
    audit.record(action=EMPLOYER_CREATED, actor=acting_user, target=employer)
    return employer


@transaction.atomic
def update_employer(*, employer: Employer, data: EmployerData, acting_user) -> Employer:
    permissions.check_can_use_jobs(acting_user)
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    errors, values = employer_errors(data, exclude_pk=employer.pk, keep=employer)
    if errors:
        raise JobsError.from_errors(errors)
    changed = assign(employer, values)
    if changed:
        employer.save()
        audit.record(action=EMPLOYER_UPDATED, actor=acting_user, target=employer,
                     details={"fields": changed})
    return employer


@transaction.atomic
def set_employer_active(*, employer: Employer, active: bool, acting_user) -> Employer:
    permissions.check_can_use_jobs(acting_user)
    if employer.is_active != active:
        employer.is_active = active
        employer.save(update_fields=["is_active", "updated_at"])
        audit.record(action=EMPLOYER_UPDATED, actor=acting_user, target=employer,
                     details={"fields": ["is_active"]})
    return employer


@dataclass(frozen=True)
class SiteData:
    address: str
    comune_code: str
    kind: str = EmployerSite.Kind.OPERATING
    name: str = ""
    cap: str = ""
    phone: str = ""
    email: str = ""


@transaction.atomic
def add_site(*, employer: Employer, data: SiteData, acting_user) -> EmployerSite:
    permissions.check_can_use_jobs(acting_user)
    errors: dict[str, str] = {}
    address, name = one_line(data.address), one_line(data.name)
    comune = data.comune_code.strip().upper()
    if not address:
        errors["address"] = "Indicare l'indirizzo della sede."
    elif len(address) > ADDRESS_MAX_CHARS:
        errors["address"] = f"Al massimo {ADDRESS_MAX_CHARS} caratteri."
    if len(name) > EMPLOYER_NAME_MAX_CHARS:
        errors["name"] = f"Al massimo {EMPLOYER_NAME_MAX_CHARS} caratteri."
    if message := comune_error(comune):
        errors["comune_code"] = message
    if data.kind not in EmployerSite.Kind.values:
        errors["kind"] = "Tipo di sede non valido."
    if data.cap and not CAP.match(data.cap.strip()):
        errors["cap"] = "Il CAP ha 5 cifre."
    if data.phone and not PHONE.match(one_line(data.phone)):
        errors["phone"] = "Indicare un numero di telefono valido."
    if data.email and (message := _email_error(data.email.strip())):
        errors["email"] = message
    if errors:
        raise JobsError.from_errors(errors)
    site = EmployerSite.objects.create(employer=employer, kind=data.kind, name=name,
                                       address=address, comune_code=comune,
                                       cap=data.cap.strip(), phone=one_line(data.phone),
                                       email=data.email.strip().lower())
    audit.record(action=EMPLOYER_SITE_ADDED, actor=acting_user, target=employer,
                 details={"site": site.pk})
    return site


@dataclass(frozen=True)
class ContactData:
    first_name: str
    last_name: str
    role: str = ""
    phone: str = ""
    email: str = ""
    is_primary: bool = False
    site: EmployerSite | None = None


@transaction.atomic
def add_contact(*, employer: Employer, data: ContactData, acting_user) -> EmployerContact:
    permissions.check_can_use_jobs(acting_user)
    errors: dict[str, str] = {}
    first, last, role = one_line(data.first_name), one_line(data.last_name), one_line(data.role)
    for field, value in (("first_name", first), ("last_name", last)):
        if not value:
            errors[field] = "Campo obbligatorio."
        elif len(value) > PERSON_NAME_MAX_CHARS:
            errors[field] = f"Al massimo {PERSON_NAME_MAX_CHARS} caratteri."
    if len(role) > ROLE_MAX_CHARS:
        errors["role"] = f"Al massimo {ROLE_MAX_CHARS} caratteri."
    if data.phone and not PHONE.match(one_line(data.phone)):
        errors["phone"] = "Indicare un numero di telefono valido."
    if data.email and (message := _email_error(data.email.strip())):
        errors["email"] = message
    if not data.phone and not data.email:
        errors["email"] = "Indicare almeno un telefono o un indirizzo e-mail del referente."
    if data.site is not None and data.site.employer_id != employer.pk:
        errors["site"] = "La sede non è di questa azienda."
    if errors:
        raise JobsError.from_errors(errors)
    if data.is_primary:
        employer.contacts.filter(is_primary=True).update(is_primary=False)
    contact = EmployerContact.objects.create(
        employer=employer, site=data.site, first_name=first, last_name=last, role=role,
        phone=one_line(data.phone), email=data.email.strip().lower(),
        is_primary=data.is_primary)
    audit.record(action=EMPLOYER_CONTACT_ADDED, actor=acting_user, target=employer,
                 details={"contact": contact.pk})
    return contact


@transaction.atomic
def record_employer_consent(*, employer: Employer, purpose: str, given: bool, given_on: date,
                            method: str, acting_user) -> EmployerConsent:
    """One consent given or withdrawn, as people's consents: a new row each time."""
    permissions.check_can_use_jobs(acting_user)
    errors: dict[str, str] = {}
    if purpose not in EmployerConsentPurpose.values:
        errors["purpose"] = "Finalità non valida."
    if method not in EmployerConsent.Method.values:
        errors["method"] = "Indicare come è stato raccolto il consenso."
    if given_on is None:
        errors["given_on"] = "Indicare la data del consenso."
    if errors:
        raise JobsError.from_errors(errors)
    record = EmployerConsent.objects.create(employer=employer, purpose=purpose, given=given,
                                            given_on=given_on, method=method,
                                            recorded_by=acting_user)
    audit.record(action=EMPLOYER_CONSENT_RECORDED, actor=acting_user, target=employer,
                 details={"purpose": purpose, "given": given})
    # The name appears in, or leaves, the vacancies' exchange entries at once.
    publishing.on_employer_consent_recorded(employer=employer, purpose=purpose,
                                            acting_user=acting_user)
    return record


@dataclass(frozen=True)
class ConventionData:
    subject: str
    starts_on: date | None
    ends_on: date | None = None
    kind: str = Convention.Kind.INTERMEDIATION
    reference: str = ""
    signed_on: date | None = None
    notes: str = ""


def convention_errors(data: ConventionData) -> dict[str, str]:
    errors: dict[str, str] = {}
    subject = one_line(data.subject)
    if not subject:
        errors["subject"] = "Indicare l'oggetto della convenzione."
    elif len(subject) > CONVENTION_SUBJECT_MAX_CHARS:
        errors["subject"] = f"Al massimo {CONVENTION_SUBJECT_MAX_CHARS} caratteri."
    if len(one_line(data.reference)) > CONVENTION_REFERENCE_MAX_CHARS:
        errors["reference"] = f"Al massimo {CONVENTION_REFERENCE_MAX_CHARS} caratteri."
    if data.kind not in Convention.Kind.values:
        errors["kind"] = "Tipo di convenzione non valido."
    if data.starts_on is None:
        errors["starts_on"] = "Indicare la data di inizio."
    elif data.ends_on is not None and data.ends_on < data.starts_on:
        errors["ends_on"] = "La data di fine non può precedere quella di inizio."
    return errors


@transaction.atomic
def save_convention(*, employer: Employer, data: ConventionData, acting_user,
                    convention: Convention | None = None) -> Convention:
    """Record a new convention, or change ``convention``."""
    permissions.check_can_use_jobs(acting_user)
    if errors := convention_errors(data):
        raise JobsError.from_errors(errors)
    values = {"subject": one_line(data.subject), "starts_on": data.starts_on,
              "ends_on": data.ends_on, "kind": data.kind, "reference": one_line(data.reference),
              "signed_on": data.signed_on, "notes": (data.notes or "").strip()}
    if convention is None:
        convention = Convention.objects.create(employer=employer, created_by=acting_user,
                                               **values)
    else:
        if convention.employer_id != employer.pk:
            raise JobsError("La convenzione non è di questa azienda.")
        assign(convention, values)
        convention.save()
    audit.record(action=CONVENTION_SAVED, actor=acting_user, target=employer,
                 details={"convention": convention.pk})
    return convention


def record_employers_export(*, acting_user, file_format: str, count: int) -> None:
    permissions.check_can_use_jobs(acting_user)
    audit.record(action=EMPLOYERS_EXPORTED, actor=acting_user,
                 details={"format": file_format, "count": count})
