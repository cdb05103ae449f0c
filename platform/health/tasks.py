import socket

from celery import shared_task
from django.db import connection
from django.utils import timezone

from health.models import WorkerCheck


@shared_task(name="health.tasks.answer_worker_check")
def answer_worker_check(check_id: int) -> None:
    """Record that a worker ran this check, and in which schema. Idempotent:
    a second run finds the check answered and leaves it."""
    WorkerCheck.objects.filter(pk=check_id, completed_at__isnull=True).update(
        completed_at=timezone.now(),
        worker_schema=connection.schema_name,
        worker_host=socket.gethostname()[:200],
    )
