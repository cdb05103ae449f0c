"""Reads on the national catalogue. Every counter reads it; only the national
supervisor changes it (catalog.services)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from accounts import permissions
from catalog.models import Lender, MicrocreditLimit
from core.errors import NotFound


def can_read_catalog(user) -> bool:
    return permissions.is_tenant_staff(user) or permissions.can_supervise(user)


def lenders(*, active: bool | None = True, kind: str | None = None, region: str | None = None,
            search: str | None = None) -> QuerySet[Lender]:
    items = Lender.objects.all()
    if active is not None:
        items = items.filter(is_active=active)
    if kind:
        items = items.filter(kind=kind)
    if region:  # lenders serving the region, national ones included
        items = items.filter(Q(regions__contains=[region]) | Q(regions=[]))
    if search:
        search = search.strip()
        items = items.filter(Q(name__icontains=search) | Q(codice_fiscale=search.upper())
                             | Q(abi_code=search))
    return items.order_by("name")


def active_lender(lender_id) -> Lender | None:
    """The active lender with this id (as a step of a pathway names it), or None."""
    if not str(lender_id).isdigit():
        return None
    return Lender.objects.filter(pk=int(lender_id), is_active=True).first()


def get_lender_for(*, actor, lender_id) -> Lender:
    """A lender of the national list as seen by ``actor`` (counter staff see the
    active ones, the supervisor every one); NotFound otherwise."""
    if not can_read_catalog(actor):
        raise NotFound("Finanziatore non trovato.")
    items = Lender.objects.all()
    if not permissions.can_supervise(actor):
        items = items.filter(is_active=True)
    lender = items.filter(pk=lender_id).first() if str(lender_id).isdigit() else None
    if lender is None:
        raise NotFound("Finanziatore non trovato.")
    return lender


def limits() -> QuerySet[MicrocreditLimit]:
    return MicrocreditLimit.objects.order_by("beneficiary_type", "-valid_from")


def get_limit_for(*, actor, limit_id: int) -> MicrocreditLimit:
    if not permissions.can_supervise(actor):
        raise NotFound("Limite non trovato.")
    limit = MicrocreditLimit.objects.filter(pk=limit_id).first()
    if limit is None:
        raise NotFound("Limite non trovato.")
    return limit


def limit_for(*, beneficiary_type: str, on: date) -> MicrocreditLimit | None:
    """The rule in force on ``on`` for the beneficiary type (the latest that began by then)."""
    return (MicrocreditLimit.objects.filter(beneficiary_type=beneficiary_type, valid_from__lte=on)
            .order_by("-valid_from").first())
