from django.db import connection

from health.models import WorkerCheck


def recent_checks(*, limit: int = 10) -> list[WorkerCheck]:
    return list(WorkerCheck.objects.all()[:limit])


def database_answers() -> bool:
    """Liveness and readiness: the database answers a trivial query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return True
