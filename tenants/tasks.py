from celery import shared_task
from django.db import connection

from tenants import schemas

# One filler at a time across every worker: two runs reading the same pool
# count would both top it up and overshoot the target.
POOL_FILL_LOCK = 0x52455445  # "RETE"


@shared_task(name="tenants.tasks.refill_schema_pool")
def refill_schema_pool() -> int:
    """Top the pool of ready schemas back up; returns how many were added.

    Provisioning queues it after every claim and beat every minute, so runs
    overlap: a run that finds another one working leaves at once.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [POOL_FILL_LOCK])
        if not cursor.fetchone()[0]:
            return 0
    try:
        return schemas.fill_pool()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [POOL_FILL_LOCK])
