"""The one way to write the audit record; every feature uses it."""

from __future__ import annotations

from typing import Any

from django.db import models

from audit.audit_actions import AUDIT_EXPORTED
from audit.models import AuditEvent
from core import context
from core.context import acting_as

__all__ = ["acting_as", "build_event", "record", "record_export"]


def record(
    *,
    action: str,
    actor=None,
    actor_label: str = "",
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the current schema's record. Where and how the
    request came (client address, user agent) are read from ``core.context``,
    which one middleware fills: no caller hands a request down."""
    event = build_event(action=action, actor=actor, actor_label=actor_label, target=target,
                        details=details)
    event.save(force_insert=True)
    return event


def build_event(
    *,
    action: str,
    actor=None,
    actor_label: str = "",
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
    occurred_at=None,
) -> AuditEvent:
    """The event ``record`` appends, unsaved: the one builder of audit rows, for
    the writers that insert many at once (the demo data), dated ``occurred_at``
    when given."""
    meta = context.request_meta()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "pk", None),
        actor_label=(actor_label or (actor.email if actor is not None else "")
                     or context.actor_label())[:254],
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:254] if target is not None else "",
        ip_address=meta.client_ip,
        user_agent=meta.user_agent[:300],
        details=details or {},
    )
    if occurred_at is not None:
        event.occurred_at = occurred_at
    return event


def record_export(*, acting_user, file_format: str, count: int, filters: dict) -> AuditEvent:
    """An export of the activity log is itself in the log: who, how many events, which filters."""
    return record(action=AUDIT_EXPORTED, actor=acting_user,
                  details={"format": file_format, "events": count, "filters": filters})
