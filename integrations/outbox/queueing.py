"""Queue a message's delivery when the current transaction commits, in the
current schema, on the "national" queue (settings.CELERY_TASK_ROUTES).

The task is looked up by name in the Celery app, so the services that queue
it never import the tasks module that calls them back."""

from __future__ import annotations

from celery import current_app
from django.db import connection, transaction
from django.utils import timezone

from integrations.outbox.models import OutboxMessage

DELIVER_TASK = "integrations.outbox.tasks.deliver_message"


def deliver_after_commit(message_pk: int, *, countdown: float | None = None, at=None) -> None:
    """``queued_at`` records when a task will arrive (``at``, or now)."""
    OutboxMessage.objects.filter(pk=message_pk).update(queued_at=at or timezone.now())
    schema_name = connection.schema_name
    options = {"countdown": countdown} if countdown else {}

    def send():
        current_app.tasks[DELIVER_TASK].apply_async(
            args=[message_pk], headers={"_schema_name": schema_name}, **options)

    transaction.on_commit(send)
