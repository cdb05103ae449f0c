"""Employers as the desk sees them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from core.errors import NotFound
from jobs import permissions
from jobs.models import (
    Convention,
    Employer,
    EmployerConsent,
    EmployerConsentPurpose,
    EmployerContact,
    EmployerSite,
)


@dataclass(frozen=True)
class EmployerFilters:
    text: str = ""
    ateco: str = ""
    comune: str = ""
    active: bool | None = None


def employers_for(*, actor, filters: EmployerFilters = EmployerFilters()) -> QuerySet[Employer]:
    """The employers ``actor`` may see, filtered (by name, partita IVA or
    codice fiscale; ATECO prefix; comune; active)."""
    if not permissions.can_use_jobs(actor):
        return Employer.objects.none()
    employers = Employer.objects.annotate(
        open_vacancies=Count("vacancies", filter=Q(vacancies__status="pubblicata")))
    text = " ".join((filters.text or "").split())
    if text:
        employers = employers.filter(Q(name__icontains=text) | Q(partita_iva=text.upper())
                                     | Q(codice_fiscale=text.upper()))
    if filters.ateco:
        employers = employers.filter(ateco_code__startswith=filters.ateco.strip())
    if filters.comune:
        employers = employers.filter(comune_code=filters.comune.strip().upper())
    if filters.active is not None:
        employers = employers.filter(is_active=filters.active)
    return employers.order_by("name", "id")


def get_employer_for(*, actor, employer_id: int) -> Employer:
    if not permissions.can_use_jobs(actor):
        raise NotFound("Azienda non trovata.")
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        raise NotFound("Azienda non trovata.")
    return employer


def employer_choices(*, actor, active_only: bool = True) -> list[Employer]:
    employers = employers_for(actor=actor)
    if active_only:
        employers = employers.filter(is_active=True)
    return list(employers.only("id", "name"))


def conventions_of(*, actor, employer: Employer) -> list[Convention]:
    if not permissions.can_use_jobs(actor):
        return []
    return list(employer.conventions.order_by("-starts_on", "-id"))


def conventions_for(*, actor) -> QuerySet[Convention]:
    if not permissions.can_use_jobs(actor):
        return Convention.objects.none()
    return Convention.objects.select_related("employer").order_by("-starts_on", "-id")


def get_convention_for(*, actor, convention_id: int) -> Convention:
    convention = conventions_for(actor=actor).filter(pk=convention_id).first()
    if convention is None:
        raise NotFound("Convenzione non trovata.")
    return convention


def current_consents(*, actor, employer: Employer) -> dict[str, EmployerConsent | None]:
    """The latest record for each purpose (None: never asked)."""
    if not permissions.can_use_jobs(actor):
        return {}
    latest: dict[str, EmployerConsent | None] = dict.fromkeys(EmployerConsentPurpose.values)
    for record in employer.consents.order_by("-recorded_at", "-id"):
        if latest.get(record.purpose) is None:
            latest[record.purpose] = record
    return latest


def has_consent(*, employer: Employer, purpose: str) -> bool:
    record = employer.consents.filter(purpose=purpose).order_by("-recorded_at", "-id").first()
    return bool(record and record.given)


# --- An employer's seats, contacts and consents (the API, i8-api) ----------------------

def sites_of(*, actor, employer: Employer) -> list[EmployerSite]:
    if not permissions.can_use_jobs(actor):
        return []
    return list(employer.sites.order_by("kind", "id"))


def find_site_of(*, actor, employer: Employer, site_id: int) -> EmployerSite | None:
    """The seat ``site_id`` of ``employer``; None when it is no seat of it."""
    if not permissions.can_use_jobs(actor):
        return None
    return employer.sites.filter(pk=site_id).first()


def contacts_of(*, actor, employer: Employer) -> list[EmployerContact]:
    if not permissions.can_use_jobs(actor):
        return []
    return list(employer.contacts.order_by("-is_primary", "last_name", "first_name", "id"))


def consents_of(*, actor, employer: Employer, purpose: str = "") -> list[EmployerConsent]:
    """Every consent record of ``employer``, newest first (the history)."""
    if not permissions.can_use_jobs(actor):
        return []
    records = employer.consents.order_by("-recorded_at", "-id")
    if purpose:
        records = records.filter(purpose=purpose)
    return list(records)
