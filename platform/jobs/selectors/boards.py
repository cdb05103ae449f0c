"""Reads of the boards: what a counter's public page shows (published board
items and vacancies within their window), what its staff manage, the
citizens' "Mi interessa", and a territorial network's boards together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.errors import NotFound
from jobs import permissions
from jobs.models import (
    BoardItem,
    BoardKind,
    BoardState,
    EmployerConsentPurpose,
    Interest,
    Vacancy,
    VacancyStatus,
    Visibility,
)
from jobs.selectors.employers import has_consent
from tenants.models import Network, Tenant

# The employer's consent to be named in the vacancies it offers: without it
# the public page shows no employer; with it, the name only (never contacts).
EMPLOYER_PUBLICATION_CONSENT = EmployerConsentPurpose.PUBLICATION
PUBLIC_LIMIT = 200
MAX_ID = 2**63 - 1


def _id(value) -> int | None:
    text = str(value)
    return int(text) if text.isdigit() and int(text) <= MAX_ID else None


def _window(prefix_from: str, prefix_until: str, today: date) -> Q:
    return ((Q(**{f"{prefix_from}__isnull": True}) | Q(**{f"{prefix_from}__lte": today}))
            & (Q(**{f"{prefix_until}__isnull": True}) | Q(**{f"{prefix_until}__gte": today})))


# --- Public ---------------------------------------------------------------------------

def public_board_items(*, kind: str | None = None, today: date | None = None
                       ) -> QuerySet[BoardItem]:
    today = today or timezone.localdate()
    items = BoardItem.objects.filter(_window("published_from", "published_until", today),
                                     state=BoardState.PUBLISHED)
    if kind:
        items = items.filter(kind=kind)
    return items.order_by("-published_at", "-id")


def public_vacancies(*, today: date | None = None, visibilities=None) -> QuerySet[Vacancy]:
    """Published vacancies inside their window (every visibility: the
    counter's own board shows its counter-only ones too)."""
    today = today or timezone.localdate()
    items = Vacancy.objects.filter(_window("publish_from", "publish_until", today),
                                   status=VacancyStatus.PUBLISHED)
    if visibilities:
        items = items.filter(visibility__in=visibilities)
    return items.select_related("employer").order_by("-published_at", "-id")


def is_public_vacancy(vacancy: Vacancy, *, today: date | None = None) -> bool:
    return public_vacancies(today=today).filter(pk=vacancy.pk).exists()


def get_public_vacancy(*, vacancy_id) -> Vacancy:
    """A vacancy anyone may read on the counter's page; NotFound otherwise."""
    pk = _id(vacancy_id)
    vacancy = public_vacancies().filter(pk=pk).first() if pk else None
    if vacancy is None:
        raise NotFound("Offerta non trovata o non più pubblicata.")
    return vacancy


def get_public_board_item(*, item_id) -> BoardItem:
    pk = _id(item_id)
    item = public_board_items().filter(pk=pk).first() if pk else None
    if item is None:
        raise NotFound("Annuncio non trovato.")
    return item


def employer_shown(vacancy: Vacancy) -> bool:
    """Whether the public page may name the employer (its name only: the
    latest of its «pubblicazione» consents is given)."""
    return has_consent(employer=vacancy.employer, purpose=EMPLOYER_PUBLICATION_CONSENT)


# --- The staff ------------------------------------------------------------------------

def board_items_for(*, actor, kind: str = "", state: str = "") -> QuerySet[BoardItem]:
    if not permissions.can_use_jobs(actor):
        return BoardItem.objects.none()
    items = BoardItem.objects.all()
    if kind in BoardKind.values:
        items = items.filter(kind=kind)
    if state in BoardState.values:
        items = items.filter(state=state)
    return items.order_by("-updated_at", "-id")


def get_board_item_for(*, actor, item_id) -> BoardItem:
    pk = _id(item_id)
    if not permissions.can_use_jobs(actor) or pk is None:
        raise NotFound("Annuncio non trovato.")
    item = BoardItem.objects.filter(pk=pk).first()
    if item is None:
        raise NotFound("Annuncio non trovato.")
    return item


def board_item_events(item: BoardItem):
    return list(item.events.select_related("actor"))


def interests_for(*, actor, handled: bool | None = None,
                  vacancy_id: int | None = None) -> QuerySet[Interest]:
    if not permissions.can_use_jobs(actor):
        return Interest.objects.none()
    items = Interest.objects.select_related("vacancy")
    if handled is not None:
        items = items.filter(handled_at__isnull=not handled)
    if vacancy_id is not None:
        items = items.filter(vacancy_id=vacancy_id)
    return items.order_by("-created_at", "-id")


def get_interest_for(*, actor, interest_id) -> Interest:
    pk = _id(interest_id)
    item = interests_for(actor=actor).filter(pk=pk).first() if pk else None
    if item is None:
        raise NotFound("Richiesta non trovata.")
    return item


def open_interests_count(*, actor) -> int:
    return interests_for(actor=actor, handled=False).count()


# --- A territorial network's boards together ------------------------------------------

@dataclass(frozen=True)
class MemberBoard:
    tenant: Tenant
    items: list[BoardItem]
    vacancies: list[Vacancy]


def networks_of(tenant: Tenant) -> list[Network]:
    return list(Network.objects.filter(memberships__tenant=tenant).order_by("name"))


def get_network_for(*, tenant: Tenant, slug: str) -> Network:
    """A network the counter belongs to (or leads); NotFound for any other."""
    network = (Network.objects.filter(Q(memberships__tenant=tenant) | Q(lead=tenant), slug=slug)
               .distinct().first())
    if network is None:
        raise NotFound("Rete territoriale non trovata.")
    return network


def network_board(*, network: Network, today: date | None = None) -> list[MemberBoard]:
    """Each active member's published board items and its vacancies shared with
    the network (visibility "rete" or "rete delle reti"), read in its schema."""
    members = Tenant.objects.filter(Q(memberships__network=network) | Q(led_networks=network),
                                    status=Tenant.Status.ACTIVE).distinct().order_by("name")
    boards = []
    for member in members:
        with tenant_context(member):
            items = list(public_board_items(today=today)[:PUBLIC_LIMIT])
            vacancies = list(public_vacancies(
                today=today, visibilities=[Visibility.NETWORK, Visibility.EXCHANGE]
            )[:PUBLIC_LIMIT])
        boards.append(MemberBoard(tenant=member, items=items, vacancies=vacancies))
    return boards
