"""The one way to write the audit record; every feature uses it."""

from __future__ import annotations

import contextlib
import contextvars
from typing import Any

from django.db import models

from audit.models import AuditEvent
from core.http import client_ip

_default_label: contextvars.ContextVar[str] = contextvars.ContextVar("audit_actor", default="")


@contextlib.contextmanager
def acting_as(label: str):
    """Name who acts when there is no user: a command, a scheduled task."""
    token = _default_label.set(label)
    try:
        yield
    finally:
        _default_label.reset(token)


def record(
    *,
    action: str,
    actor=None,
    actor_label: str = "",
    target: models.Model | None = None,
    request=None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the current schema's record."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor_id=getattr(actor, "pk", None),
        actor_label=(actor_label or (actor.email if actor is not None else "")
                     or _default_label.get())[:254],
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:254] if target is not None else "",
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
        details=details or {},
    )


def record_export(*, acting_user, file_format: str, count: int, filters: dict,
                  request=None) -> AuditEvent:
    """An export of the activity log is itself in the log: who, how many events, which filters."""
    from audit import actions

    return record(action=actions.AUDIT_EXPORTED, actor=acting_user, request=request,
                  details={"format": file_format, "events": count, "filters": filters})
