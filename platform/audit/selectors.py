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
