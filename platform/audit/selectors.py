from datetime import datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.models import AuditEvent


def events_for_target(*, target) -> "list[AuditEvent]":
    return list(
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    )


def recent_events(*, action: str | None = None, actor_id: int | None = None):
    events = AuditEvent.objects.all()
    if action:
        events = events.filter(action=action)
    if actor_id:
        events = events.filter(actor_id=actor_id)
    return events


def audit_log(*, filters, before: AuditEvent | None = None) -> QuerySet[AuditEvent]:
    """The current schema's record, newest first, narrowed by ``filters``
    (audit.forms.AuditFilters) and, for an export, to the events recorded
    ``before`` the export's own event. A day runs from its first to its last instant
    in the platform's time zone (no "next day" arithmetic that could overflow
    at the end of the calendar), so the index on ``occurred_at`` serves."""
    zone = timezone.get_current_timezone()
    events = AuditEvent.objects.all()
    if filters.date_from:
        events = events.filter(
            occurred_at__gte=datetime.combine(filters.date_from, time.min, tzinfo=zone))
    if filters.date_to:
        events = events.filter(
            occurred_at__lte=datetime.combine(filters.date_to, time.max, tzinfo=zone))
    if filters.actor:
        events = events.filter(actor_label__icontains=filters.actor)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.target:
        events = events.filter(Q(target_label__icontains=filters.target)
                               | Q(target_id=filters.target))
    if before is not None:
        events = events.filter(pk__lt=before.pk)
    return events.order_by("-occurred_at", "-id")


def recorded_actions() -> list[str]:
    """The action codes present in the current schema's record."""
    return list(AuditEvent.objects.order_by().values_list("action", flat=True).distinct())
