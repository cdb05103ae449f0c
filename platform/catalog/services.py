"""Writes on the national catalogue: lenders and dated microcredit limits.
Run on the national site (public schema) by the supervisor; audited there."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import permissions
from audit import services as audit
from catalog.errors import CatalogError, LenderConflict
from catalog.models import (
    AMOUNT_DECIMAL_PLACES,
    AMOUNT_MAX_DIGITS,
    MAX_LOAN_YEARS,
    BeneficiaryType,
    Lender,
    LenderKind,
    MicrocreditLimit,
)
from core import fields as boundary
from core.errors import PermissionDenied
from core.validators import valid_body_codice_fiscale
from tenants.models import Region

LENDER_CREATED = "lender.created"
LENDER_UPDATED = "lender.updated"
LENDER_DEACTIVATED = "lender.deactivated"
LENDER_REACTIVATED = "lender.reactivated"
LIMIT_SAVED = "microcredit_limit.saved"


@dataclass
class LenderData:
    name: str
    kind: str
    codice_fiscale: str = ""
    abi_code: str = ""
    regions: list[str] = field(default_factory=list)
    website: str = ""
    agreement_date: date | None = None
    notes: str = ""


def _require_supervisor(acting_user) -> None:
    if acting_user is None or not permissions.can_supervise(acting_user):
        raise PermissionDenied("Solo il supervisore nazionale gestisce l'elenco dei finanziatori.")


def _validated_lender(data: LenderData, *, exclude_pk: int | None = None) -> dict:
    errors: dict[str, str] = {}
    values = {
        "name": " ".join((data.name or "").split()),
        "kind": data.kind,
        "codice_fiscale": (data.codice_fiscale or "").strip().upper(),
        "abi_code": (data.abi_code or "").strip(),
        "regions": sorted(set(data.regions or [])),
        "website": (data.website or "").strip(),
        "agreement_date": data.agreement_date,
        "notes": (data.notes or "").strip(),
    }
    if not values["name"]:
        errors["name"] = "Indicare la denominazione."
    if values["kind"] not in LenderKind.values:
        errors["kind"] = "Indicare il tipo di finanziatore."
    code = values["codice_fiscale"]
    if code and not valid_body_codice_fiscale(code):
        errors["codice_fiscale"] = ("Codice fiscale non valido (11 cifre con carattere di "
                                    "controllo).")
    if values["abi_code"] and not re.fullmatch(r"\d{5}", values["abi_code"]):
        errors["abi_code"] = "Il codice ABI è di 5 cifre."
    if not code and not values["abi_code"] and "codice_fiscale" not in errors:
        errors["codice_fiscale"] = "Indicare il codice fiscale o il codice ABI."
    if values["kind"] == LenderKind.BANK and not values["abi_code"] and "abi_code" not in errors:
        errors["abi_code"] = "Per una banca indicare il codice ABI."
    unknown = set(values["regions"]) - set(Region.values)
    if unknown:
        errors["regions"] = "Regione non valida."
    if values["website"] and not re.match(r"^https?://[^\s/]+\.[^\s]+$", values["website"]):
        errors["website"] = "Indirizzo web non valido (deve iniziare con https://)."
    if values["agreement_date"] and values["agreement_date"] > timezone.localdate():
        errors["agreement_date"] = "La data della convenzione è nel futuro."
    if errors:
        raise CatalogError.from_errors(errors)
    others = Lender.objects.exclude(pk=exclude_pk)
    if others.filter(name__iexact=values["name"]).exists():
        raise LenderConflict("Esiste già un finanziatore con questa denominazione.", field="name")
    if code and others.filter(codice_fiscale=code).exists():
        raise LenderConflict("Esiste già un finanziatore con questo codice fiscale.",
                             field="codice_fiscale")
    if values["abi_code"] and others.filter(abi_code=values["abi_code"]).exists():
        raise LenderConflict("Esiste già un finanziatore con questo codice ABI.",
                             field="abi_code")
    return values


@transaction.atomic
def create_lender(*, data: LenderData, acting_user) -> Lender:
    _require_supervisor(acting_user)
    values = _validated_lender(data)
    try:
        with transaction.atomic():
            lender = Lender.objects.create(**values)
    except IntegrityError as exc:  # a concurrent insert of the same lender
        raise LenderConflict("Finanziatore già presente nell'elenco.", field="name") from exc
    audit.record(action=LENDER_CREATED, actor=acting_user, target=lender,
                 details={"kind": lender.kind})
    return lender


@transaction.atomic
def update_lender(*, lender: Lender, data: LenderData, acting_user) -> Lender:
    _require_supervisor(acting_user)
    values = _validated_lender(data, exclude_pk=lender.pk)
    lender = Lender.objects.select_for_update().get(pk=lender.pk)
    changed = sorted(name for name, value in values.items() if getattr(lender, name) != value)
    for name, value in values.items():
        setattr(lender, name, value)
    lender.is_example = lender.is_example and not changed  # reviewed: no longer an example
    try:
        with transaction.atomic():
            lender.save()
    except IntegrityError as exc:
        raise LenderConflict("Finanziatore già presente nell'elenco.", field="name") from exc
    audit.record(action=LENDER_UPDATED, actor=acting_user, target=lender,
                 details={"fields": changed})
    return lender


@transaction.atomic
def set_lender_active(*, lender: Lender, active: bool, acting_user) -> Lender:
    """Deactivate (or reactivate) a lender: desks can no longer refer people to an
    inactive one; pathways that cite it keep it in their history."""
    _require_supervisor(acting_user)
    lender = Lender.objects.select_for_update().get(pk=lender.pk)
    if lender.is_active == active:
        return lender
    lender.is_active = active
    lender.save(update_fields=["is_active", "updated_at"])
    audit.record(action=LENDER_REACTIVATED if active else LENDER_DEACTIVATED,
                 actor=acting_user, target=lender)
    return lender


def check_amount(amount: Decimal, *, field_name: str = "amount") -> Decimal:
    """An amount in euro as the columns hold it: positive, at most two decimals,
    within ``DecimalField(max_digits=12, decimal_places=2)``; rounded to cents."""
    if not isinstance(amount, Decimal):
        raise CatalogError("Importo non valido.", field=field_name)
    if not amount.is_finite() or amount <= 0:
        raise CatalogError("L'importo deve essere maggiore di zero.", field=field_name)
    if amount.as_tuple().exponent < -2:
        raise CatalogError("Importo con al massimo due decimali.", field=field_name)
    try:
        boundary.check_decimal(amount, max_digits=AMOUNT_MAX_DIGITS,
                               decimal_places=AMOUNT_DECIMAL_PLACES)
    except ValueError as exc:
        raise CatalogError(str(exc), field=field_name) from exc
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def save_limit(*, beneficiary_type: str, valid_from: date, max_amount: Decimal, acting_user,
               max_years: int | None = None, source: str = "",
               limit: MicrocreditLimit | None = None) -> MicrocreditLimit:
    """Add a dated limit, or correct one (``limit``). A corrected value is no
    longer marked as to verify."""
    _require_supervisor(acting_user)
    errors: dict[str, str] = {}
    if beneficiary_type not in BeneficiaryType.values:
        errors["beneficiary_type"] = "Indicare il tipo di beneficiario."
    if not valid_from:
        errors["valid_from"] = "Indicare la data di entrata in vigore."
    if max_years is not None and not 1 <= max_years <= MAX_LOAN_YEARS:
        errors["max_years"] = "Durata non valida."
    try:
        amount = check_amount(max_amount, field_name="max_amount")
    except CatalogError as exc:
        errors["max_amount"] = exc.message
    if errors:
        raise CatalogError.from_errors(errors)
    duplicate = MicrocreditLimit.objects.filter(beneficiary_type=beneficiary_type,
                                                valid_from=valid_from)
    if limit is not None:
        duplicate = duplicate.exclude(pk=limit.pk)
    if duplicate.exists():
        raise CatalogError("Esiste già un limite per questo tipo di beneficiario alla stessa data.",
                           field="valid_from")
    values = {"beneficiary_type": beneficiary_type, "valid_from": valid_from,
              "max_amount": amount, "max_years": max_years, "source": (source or "").strip(),
              "to_verify": False}
    if limit is None:
        limit = MicrocreditLimit.objects.create(**values)
    else:
        for name, value in values.items():
            setattr(limit, name, value)
        limit.save()
    audit.record(action=LIMIT_SAVED, actor=acting_user, target=limit,
                 details={"beneficiary_type": beneficiary_type, "valid_from": str(valid_from),
                          "max_amount": str(amount)})
    return limit
