"""Reads on casework. Every lookup of one object goes through its access
helper (``get_*_for``), which takes the acting user and raises NotFound for a
missing and a forbidden object alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts import permissions
from accounts.models import User
from casework import pathways as machine
from casework.models import (
    Consultation,
    ConsultationDocument,
    ConsultationMode,
    Pathway,
    PathwayEvent,
    PathwayKind,
    Stage,
)
from core.errors import NotFound
from core.fields import shift_days
from desks import selectors as desks
from desks.models import Service
from people.models import Contact, Person

# --- Access helpers ----------------------------------------------------------

def _pk(value) -> int | None:
    return int(value) if str(value).isdigit() else None


def get_consultation_for(*, actor, consultation_id) -> Consultation:
    if not permissions.is_tenant_staff(actor):
        raise NotFound("Consulenza non trovata.")
    consultation = (Consultation.objects.select_related("person", "operator")
                    .prefetch_related("services", "documents")
                    .filter(pk=_pk(consultation_id)).first())
    if consultation is None:
        raise NotFound("Consulenza non trovata.")
    return consultation


def get_document_for(*, actor, consultation_id, document_id) -> ConsultationDocument:
    """A consultation's document, for download (the view audits the read with
    ``services.record_document_read``)."""
    if not permissions.is_tenant_staff(actor):
        raise NotFound("Documento non trovato.")
    document = (ConsultationDocument.objects.select_related("consultation__person")
                .filter(pk=_pk(document_id), consultation_id=_pk(consultation_id)).first())
    if document is None:
        raise NotFound("Documento non trovato.")
    return document


def get_pathway_for(*, actor, pathway_id) -> Pathway:
    if not permissions.is_tenant_staff(actor):
        raise NotFound("Percorso non trovato.")
    pathway = (Pathway.objects.select_related("person", "lender")
               .prefetch_related(Prefetch("events", queryset=PathwayEvent.objects
                                          .select_related("actor").order_by("occurred_at", "id")))
               .filter(pk=_pk(pathway_id)).first())
    if pathway is None:
        raise NotFound("Percorso non trovato.")
    return pathway


def counter_services(*, active_only: bool = False) -> QuerySet[Service]:
    """The counter's services as the consultation form and filters list them."""
    return desks.services(active_only=active_only).order_by("order", "name")


def active_services(*, ids) -> list[Service]:
    """The active services among ``ids`` (the API names them by id)."""
    return list(desks.services(active_only=True).filter(pk__in=set(ids)))


# --- Lists -------------------------------------------------------------------

def consultations_for_person(*, person: Person) -> QuerySet[Consultation]:
    return (Consultation.objects.filter(person=person).select_related("operator")
            .prefetch_related("services", "documents").order_by("-occurred_at", "-id"))


def period_bounds(date_from: date | None, date_to: date | None
                  ) -> tuple[datetime | None, datetime | None]:
    """Local days, inclusive, as aware datetimes [start, end)."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(date_from, time.min, tzinfo=tz) if date_from else None
    end = datetime.combine(shift_days(date_to, 1), time.min, tzinfo=tz) if date_to else None
    return start, end


def consultation_list(*, actor, operator_id=None, date_from: date | None = None,
                      date_to: date | None = None, mode: str | None = None,
                      service_id=None) -> QuerySet[Consultation]:
    if not permissions.is_tenant_staff(actor):
        return Consultation.objects.none()
    items = Consultation.objects.select_related("person", "operator").prefetch_related("services")
    start, end = period_bounds(date_from, date_to)
    if start:
        items = items.filter(occurred_at__gte=start)
    if end:
        items = items.filter(occurred_at__lt=end)
    if _pk(operator_id):
        items = items.filter(operator_id=_pk(operator_id))
    if mode in ConsultationMode.values:
        items = items.filter(mode=mode)
    if _pk(service_id):
        items = items.filter(services__id=_pk(service_id))
    return items.order_by("-occurred_at", "-id")


def operators() -> QuerySet[User]:
    return User.objects.filter(role__in=("operator", "coordinator", "tenant_admin")).order_by(
        "last_name", "first_name", "email")


def pathways_for_person(*, person: Person) -> list[Pathway]:
    return list(Pathway.objects.filter(person=person).select_related("lender")
                .prefetch_related(Prefetch("events", queryset=PathwayEvent.objects
                                           .select_related("actor")
                                           .order_by("occurred_at", "id")))
                .order_by("closed_at", "-opened_at"))


def replayed_stage(*, pathway: Pathway) -> str:
    """The stage the event history leads to (it must equal ``pathway.stage``)."""
    pairs = pathway.events.order_by("occurred_at", "id").values_list("from_stage", "to_stage")
    return machine.replay(pathway.kind, pairs)


# --- Coordinator dashboard ----------------------------------------------------

@dataclass
class FunnelStep:
    stage: str
    label: str
    reached: int
    conversion: float | None = None  # share of the previous step's pathways reaching this
    median_days: float | None = None  # from the previous step to this one


@dataclass
class Dashboard:
    date_from: date
    date_to: date
    months: list[dict] = field(default_factory=list)  # {"month", "count", "minutes"}
    operators: list[dict] = field(default_factory=list)  # {"operator", "count", "minutes"}
    by_month_operator: list[dict] = field(default_factory=list)
    channels: list[dict] = field(default_factory=list)  # {"channel", "label", "people"}
    funnel: list[FunnelStep] = field(default_factory=list)
    outcomes: list[FunnelStep] = field(default_factory=list)
    cohort: int = 0


def _months(date_from: date, date_to: date) -> list[date]:
    months, current = [], date_from.replace(day=1)
    while current <= date_to:
        months.append(current)
        current = shift_days(current, 32).replace(day=1)
    return months


def _operator_name(row: dict) -> str:
    name = f"{row['operator__first_name'] or ''} {row['operator__last_name'] or ''}".strip()
    return name or row["operator__email"] or "Operatore non più presente"


def _funnel(start: datetime, end: datetime) -> tuple[list[FunnelStep], list[FunnelStep], int]:
    """Microcredit pathways opened in the period: how many reached each stage
    (their first event into it), the conversion between consecutive stages and
    the median days between them. Two queries, whatever the data."""
    events, pathways = PathwayEvent._meta.db_table, Pathway._meta.db_table
    firsts = f"""
        WITH firsts AS (
            SELECT e.pathway_id, e.to_stage, MIN(e.occurred_at) AS reached_at
            FROM {events} e JOIN {pathways} p ON p.id = e.pathway_id
            WHERE p.kind = %s AND p.opened_at >= %s AND p.opened_at < %s
            GROUP BY e.pathway_id, e.to_stage
        )"""
    params = [PathwayKind.MICROCREDIT, start, end]
    pairs = list(zip(machine.FUNNEL, machine.FUNNEL[1:], strict=False))
    with connection.cursor() as cursor:
        cursor.execute(firsts + " SELECT to_stage, COUNT(*) FROM firsts GROUP BY to_stage",
                       params)
        reached = dict(cursor.fetchall())
        values = ", ".join(["(%s, %s)"] * len(pairs))
        cursor.execute(
            firsts + f""", pairs(from_stage, to_stage) AS (VALUES {values})
            SELECT pr.from_stage, pr.to_stage, COUNT(*),
                   percentile_cont(0.5) WITHIN GROUP (
                       ORDER BY EXTRACT(EPOCH FROM (b.reached_at - a.reached_at)) / 86400.0)
            FROM pairs pr
            JOIN firsts a ON a.to_stage = pr.from_stage
            JOIN firsts b ON b.pathway_id = a.pathway_id AND b.to_stage = pr.to_stage
            GROUP BY pr.from_stage, pr.to_stage""",
            params + [stage for pair in pairs for stage in pair])
        both = {(a, b): (count, median) for a, b, count, median in cursor.fetchall()}
    steps = []
    for index, stage in enumerate(machine.FUNNEL):
        step = FunnelStep(stage=stage, label=machine.label(stage), reached=reached.get(stage, 0))
        if index:
            previous = machine.FUNNEL[index - 1]
            count, median = both.get((previous, stage), (0, None))
            before = reached.get(previous, 0)
            step.conversion = round(count / before, 4) if before else None
            step.median_days = round(float(median), 1) if median is not None else None
        steps.append(step)
    outcomes = [FunnelStep(stage=stage, label=machine.label(stage), reached=reached.get(stage, 0))
                for stage in machine.FUNNEL_SIDE]
    return steps, outcomes, reached.get(machine.FUNNEL[0], 0)


def dashboard(*, actor, date_from: date, date_to: date) -> Dashboard:
    """The coordinator's figures for the period (local days, inclusive): five
    aggregate queries, whatever the amount of data."""
    if not permissions.can_view_dashboard(actor):
        raise NotFound("Pagina non trovata.")
    start, end = period_bounds(date_from, date_to)
    result = Dashboard(date_from=date_from, date_to=date_to)

    rows = list(Consultation.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
                .annotate(month=TruncMonth("occurred_at"))
                .values("month", "operator_id", "operator__first_name", "operator__last_name",
                        "operator__email")
                .annotate(count=Count("id"), minutes=Sum("duration_minutes"))
                .order_by("month", "operator__last_name", "operator_id"))
    per_month = {month: {"month": month, "count": 0, "minutes": 0}
                 for month in _months(date_from, date_to)}
    per_operator: dict = {}
    for row in rows:
        month = timezone.localtime(row["month"]).date() if isinstance(row["month"], datetime) \
            else row["month"]
        name = _operator_name(row)
        entry = per_month.setdefault(month, {"month": month, "count": 0, "minutes": 0})
        entry["count"] += row["count"]
        entry["minutes"] += row["minutes"] or 0
        op = per_operator.setdefault(row["operator_id"], {"operator": name, "count": 0,
                                                          "minutes": 0})
        op["count"] += row["count"]
        op["minutes"] += row["minutes"] or 0
        result.by_month_operator.append({"month": month, "operator": name,
                                         "count": row["count"], "minutes": row["minutes"] or 0})
    result.months = sorted(per_month.values(), key=lambda item: item["month"])
    result.operators = sorted(per_operator.values(), key=lambda item: (-item["count"],
                                                                       item["operator"]))

    labels = dict(Contact.Channel.choices)
    channel_rows = (Contact.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
                    .values("channel").annotate(people=Count("person", distinct=True),
                                                contacts=Count("id")).order_by("-people"))
    result.channels = [{"channel": row["channel"], "label": str(labels.get(row["channel"],
                                                                           row["channel"])),
                        "people": row["people"], "contacts": row["contacts"]}
                       for row in channel_rows]

    result.funnel, result.outcomes, result.cohort = _funnel(start, end)
    return result


def stage_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Stage.choices}


# --- The operator's worklist --------------------------------------------------

# An outcome is known and only the closing is left: the counter's move at once.
TO_CLOSE = (Stage.REFUSED, Stage.WITHDRAWN)
# Stages that last by design (the loan is being repaid): never "stuck".
LONG_RUNNING = (Stage.REPAYING,)
STALE_AFTER_DAYS = 30


def pathways_waiting(*, actor, operator=None, now: datetime | None = None,
                     stale_days: int = STALE_AFTER_DAYS) -> QuerySet[Pathway]:
    """Open pathways that wait on the counter: those whose outcome is known and
    only need closing (refused, withdrawn), and those in any other stage but a
    final or long-running one with no event for ``stale_days`` days (a
    follow-up is due, the lender's stages included: someone has to chase it).
    With ``operator``, the pathways they opened or moved. The longest open
    first; each row carries ``last_event_at``."""
    if not permissions.is_tenant_staff(actor):
        return Pathway.objects.none()
    cutoff = (now or timezone.now()) - timedelta(days=stale_days)
    final = {stage for kind in machine.TRANSITIONS for stage in machine.TRANSITIONS[kind]
             if machine.is_terminal(kind, stage)}
    # Probes of the (pathway, occurred_at) index, not an aggregate of every event.
    recent = PathwayEvent.objects.filter(pathway=OuterRef("pk"), occurred_at__gte=cutoff)
    latest = (PathwayEvent.objects.filter(pathway=OuterRef("pk")).order_by("-occurred_at")
              .values("occurred_at")[:1])
    items = (Pathway.objects.filter(closed_at__isnull=True)
             .exclude(stage__in=[*final, *LONG_RUNNING])
             .filter(Q(stage__in=TO_CLOSE) | (Q(opened_at__lt=cutoff) & ~Exists(recent)))
             .annotate(last_event_at=Subquery(latest)))
    if operator is not None:
        worked = PathwayEvent.objects.filter(pathway=OuterRef("pk"), actor=operator)
        items = items.filter(Q(opened_by=operator) | Exists(worked))
    # The people of the shown rows in a query of their own: joined before the
    # sort, the planner walks the whole registry (50 ms at 100,000 people).
    people = Prefetch("person", queryset=Person.objects.only("id", "first_name", "last_name"))
    return (items.only("id", "kind", "stage", "opened_at", "person_id")
            .prefetch_related(people).order_by("opened_at", "id"))


def waiting_reason(pathway: Pathway) -> str:
    """Why a pathway of ``pathways_waiting`` is there, as the operator reads it."""
    if pathway.stage in TO_CLOSE:
        return "Esito registrato: resta da chiudere il percorso"
    return f"Nessun passaggio di fase da oltre {STALE_AFTER_DAYS} giorni"
