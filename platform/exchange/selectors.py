"""Reads on the rete delle reti. Anyone browses the entries; a counter's
staff see their own counter's entries and the contact requests it sent or
received; every other lookup is NotFound."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property
from django_tenants.utils import get_public_schema_name

from core.errors import NotFound
from exchange import permissions
from exchange.models import ContactRequest, EntryKind, ExchangeEntry
from exchange.search import query_terms
from tenants.models import Tenant

PAGE_SIZE = 20
# A search counts its matches up to here ("più di 1.000"): the count of a
# broad search would otherwise read every entry of the country.
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``COUNT_CAP`` + 1 rows (one LIMIT
    subquery), so the first page of any search costs the same at 1,000
    entries and at 100,000; ``capped`` says the true number is larger."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)

    capped = False


def search_page(*, number=1, **filters) -> Page:
    """One page of ``search_entries(**filters)`` (out-of-range numbers give the last)."""
    return CappedPaginator(search_entries(**filters), PAGE_SIZE).get_page(number)


def current_tenant() -> Tenant | None:
    """The counter whose schema is active; None on the national site."""
    tenant = getattr(connection, "tenant", None)
    if not isinstance(tenant, Tenant) or tenant.schema_name == get_public_schema_name():
        return None
    return tenant


def _visible() -> QuerySet[ExchangeEntry]:
    # A suspended or archived counter's entries are not shown (they stay, so
    # a reactivated counter finds them). Written as "not among the few
    # inactive counters" (a hashed subplan) rather than a join on the tenant's
    # status, so the newest-first index still serves the first page.
    inactive = Tenant.objects.exclude(status=Tenant.Status.ACTIVE).values("pk")
    return ExchangeEntry.objects.exclude(tenant__in=inactive)


def search_entries(*, kind: str | None = None, text: str | None = None,
                   province: str | None = None, education_level: str | None = None,
                   contract_type: str | None = None) -> QuerySet[ExchangeEntry]:
    """The entries anyone reads, newest first, filtered: ``text`` by words
    (prefixes) and CP2011 codes ("cuoco", "5.2.2.1")."""
    items = _visible()
    if kind in EntryKind.values:
        items = items.filter(kind=kind)
    if province:
        items = items.filter(province=province.strip().upper()[:2])
    if education_level:
        items = items.filter(education_level=education_level.strip()[:20])
    if contract_type:
        items = items.filter(contract_type=contract_type.strip()[:20])
    terms = query_terms(text or "")
    if terms:
        items = items.filter(search_vector=SearchQuery(terms, search_type="raw",
                                                       config="simple"))
    # The lists never show the search columns: not read.
    return (items.select_related("tenant").defer("search_text", "search_vector")
            .order_by("-published_at", "-id"))


def get_entry(*, entry_id) -> ExchangeEntry:
    """An entry anyone may read; NotFound otherwise."""
    entry = (_visible().select_related("tenant").filter(pk=entry_id).first()
             if str(entry_id).isdigit() and int(entry_id) < 2**63 else None)
    if entry is None:
        raise NotFound("Annuncio non trovato nella rete delle reti.")
    return entry


def entry_for_source(*, tenant: Tenant, kind: str, source_id: int) -> ExchangeEntry | None:
    return ExchangeEntry.objects.filter(tenant=tenant, kind=kind, source_id=source_id).first()


def own_entries(*, actor) -> QuerySet[ExchangeEntry]:
    tenant = current_tenant()
    if tenant is None or not permissions.can_publish(actor):
        return ExchangeEntry.objects.none()
    return ExchangeEntry.objects.filter(tenant=tenant).order_by("-published_at", "-id")


def get_own_entry_for(*, actor, entry_id) -> ExchangeEntry:
    """An entry the actor's counter published; NotFound for any other."""
    entry = (own_entries(actor=actor).filter(pk=entry_id).first()
             if str(entry_id).isdigit() and int(entry_id) < 2**63 else None)
    if entry is None:
        raise NotFound("Annuncio non trovato.")
    return entry


def received_requests(*, actor, status: str | None = None) -> QuerySet[ContactRequest]:
    tenant = current_tenant()
    if tenant is None or not permissions.can_publish(actor):
        return ContactRequest.objects.none()
    items = ContactRequest.objects.filter(to_tenant=tenant)
    if status in ContactRequest.Status.values:
        items = items.filter(status=status)
    return items.select_related("from_tenant", "entry").order_by("-created_at", "-id")


def sent_requests(*, actor) -> QuerySet[ContactRequest]:
    tenant = current_tenant()
    if tenant is None or not permissions.can_publish(actor):
        return ContactRequest.objects.none()
    return (ContactRequest.objects.filter(from_tenant=tenant)
            .select_related("to_tenant", "entry").order_by("-created_at", "-id"))


def open_requests_count(*, actor) -> int:
    return received_requests(actor=actor, status=ContactRequest.Status.SENT).count()


def get_request_for(*, actor, request_id, received: bool | None = None) -> ContactRequest:
    """A contact request the actor's counter sent or received (``received``
    True: only received ones); NotFound for any other."""
    tenant = current_tenant()
    if tenant is None or not permissions.can_publish(actor) or not str(request_id).isdigit() \
            or int(request_id) >= 2**63:
        raise NotFound("Richiesta non trovata.")
    scope = Q(to_tenant=tenant) if received else Q(to_tenant=tenant) | Q(from_tenant=tenant)
    item = (ContactRequest.objects.filter(scope, pk=request_id)
            .select_related("from_tenant", "to_tenant", "entry").first())
    if item is None:
        raise NotFound("Richiesta non trovata.")
    return item
