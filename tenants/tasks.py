from celery import shared_task

from tenants import schemas


@shared_task(name="tenants.tasks.refill_schema_pool")
def refill_schema_pool() -> int:
    """Top the pool of ready schemas back up. Safe to run twice at once: each
    run adds uniquely named schemas and stops at the target."""
    return schemas.fill_pool()
