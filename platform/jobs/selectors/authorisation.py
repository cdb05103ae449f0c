"""The counter's authorisation to intermediate."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from jobs.models import IntermediationAuthorisation

EXPIRY_WARNING_DAYS = 30


def authorisation_in_force(on: date | None = None) -> IntermediationAuthorisation | None:
    """The authorisation whose dates cover ``on`` (today), the latest one first."""
    on = on or timezone.localdate()
    return (IntermediationAuthorisation.objects
            .filter(valid_from__lte=on)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
            .order_by("-valid_from", "-id").first())


def latest_authorisation() -> IntermediationAuthorisation | None:
    return IntermediationAuthorisation.objects.order_by("-valid_from", "-id").first()


def authorisations() -> list[IntermediationAuthorisation]:
    return list(IntermediationAuthorisation.objects.order_by("-valid_from", "-id"))


def authorisation_warning(on: date | None = None) -> str:
    """What the jobs home warns about: missing, expired, or expiring within
    30 days (empty when all is well)."""
    on = on or timezone.localdate()
    current = authorisation_in_force(on)
    if current is None:
        latest = latest_authorisation()
        if latest is not None and latest.valid_until and latest.valid_until < on:
            return (f"L'autorizzazione all'intermediazione è scaduta il "
                    f"{latest.valid_until:%d/%m/%Y}: la pubblicazione nella rete delle reti è "
                    f"sospesa finché l'amministratore non registra quella rinnovata.")
        return ("Manca l'autorizzazione all'intermediazione (art. 6 D.Lgs. 276/2003): "
                "l'amministratore deve registrarla per pubblicare nella rete delle reti.")
    if current.valid_until and current.valid_until <= on + timedelta(days=EXPIRY_WARNING_DAYS):
        return (f"L'autorizzazione all'intermediazione scade il "
                f"{current.valid_until:%d/%m/%Y}: l'amministratore registri per tempo quella "
                f"rinnovata.")
    return ""
