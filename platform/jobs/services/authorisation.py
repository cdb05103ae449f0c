"""The counter's authorisation to intermediate (art. 6 D.Lgs. 276/2003):
recorded by the administrator, required before publishing to the rete delle
reti and, later, before conferring to Cliclavoro."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from audit import services as audit
from jobs import permissions
from jobs.audit_actions import AUTHORISATION_RECORDED
from jobs.errors import AuthorisationExpired, AuthorisationMissing, JobsError
from jobs.models import (
    ALBO_NUMBER_MAX_CHARS,
    DOCUMENT_REFERENCE_MAX_CHARS,
    AuthorisationKind,
    IntermediationAuthorisation,
)
from jobs.selectors.authorisation import authorisation_in_force, latest_authorisation
from jobs.services._shared import one_line
from tenants import services as tenant_services


@dataclass(frozen=True)
class AuthorisationData:
    albo_number: str
    issued_on: date | None
    valid_from: date | None
    valid_until: date | None = None
    kind: str = AuthorisationKind.MUNICIPALITIES
    document_reference: str = ""
    notes: str = ""


def authorisation_errors(data: AuthorisationData) -> dict[str, str]:
    errors: dict[str, str] = {}
    number = one_line(data.albo_number)
    if not number:
        errors["albo_number"] = "Indicare il numero di iscrizione all'Albo informatico."
    elif len(number) > ALBO_NUMBER_MAX_CHARS:
        errors["albo_number"] = f"Al massimo {ALBO_NUMBER_MAX_CHARS} caratteri."
    if data.kind not in AuthorisationKind.values:
        errors["kind"] = "Regime di autorizzazione non valido."
    if len(one_line(data.document_reference)) > DOCUMENT_REFERENCE_MAX_CHARS:
        errors["document_reference"] = f"Al massimo {DOCUMENT_REFERENCE_MAX_CHARS} caratteri."
    if data.issued_on is None:
        errors["issued_on"] = "Indicare la data di rilascio."
    if data.valid_from is None:
        errors["valid_from"] = "Indicare da quando è valida."
    elif data.valid_until is not None and data.valid_until < data.valid_from:
        errors["valid_until"] = "La scadenza non può precedere l'inizio della validità."
    if data.issued_on and data.valid_from and data.valid_from < data.issued_on:
        errors["valid_from"] = "La validità non può iniziare prima del rilascio."
    return errors


@transaction.atomic
def record_authorisation(*, data: AuthorisationData, acting_user) -> IntermediationAuthorisation:
    """A new authorisation (or its renewal): a new row, the history kept."""
    permissions.check_can_manage_authorisation(acting_user)
    if errors := authorisation_errors(data):
        raise JobsError.from_errors(errors)
    authorisation = IntermediationAuthorisation.objects.create(
        kind=data.kind, albo_number=one_line(data.albo_number), issued_on=data.issued_on,
        valid_from=data.valid_from, valid_until=data.valid_until,
        document_reference=one_line(data.document_reference), notes=(data.notes or "").strip(),
        recorded_by=acting_user)
    in_force = authorisation_in_force(timezone.localdate())
    shown = in_force or latest_authorisation()
    tenant_services.record_intermediation(  # the copy the national supervisor reads
        tenant=connection.tenant, in_force=in_force is not None,
        authorised_on=shown.issued_on, albo_number=shown.albo_number)
    audit.record(action=AUTHORISATION_RECORDED, actor=acting_user, target=authorisation,
                 details={"valid_from": str(data.valid_from),
                          "valid_until": str(data.valid_until) if data.valid_until else None})
    return authorisation


def require_authorisation(*, on: date | None = None) -> IntermediationAuthorisation:
    """The authorisation in force on ``on`` (today), or an error that tells the
    administrator what to do."""
    on = on or timezone.localdate()
    current = authorisation_in_force(on)
    if current is not None:
        return current
    latest = latest_authorisation()
    if latest is not None and latest.valid_until and latest.valid_until < on:
        raise AuthorisationExpired(
            f"L'autorizzazione all'intermediazione dello sportello è scaduta il "
            f"{latest.valid_until:%d/%m/%Y}: l'amministratore dell'ente deve registrare quella "
            f"rinnovata in Sportello Lavoro › Autorizzazione prima di pubblicare nella rete "
            f"delle reti.")
    raise AuthorisationMissing(
        "Lo sportello non ha un'autorizzazione all'intermediazione in vigore (art. 6 D.Lgs. "
        "276/2003): l'amministratore dell'ente deve registrarla, con il numero di iscrizione "
        "all'Albo informatico, in Sportello Lavoro › Autorizzazione.")
