"""The outbox's Celery tasks, on the "national" queue (settings.CELERY_TASK_ROUTES).

``deliver_message`` runs in the schema it was queued in (tenant-schemas-celery);
the beat tasks visit every tenant explicitly. Each is idempotent, and the work
they do is also callable directly (integrations.outbox.delivery)."""

from __future__ import annotations

import logging

from celery import shared_task
from django_tenants.utils import tenant_context

from integrations.outbox import delivery
from tenants.models import Tenant

logger = logging.getLogger(__name__)


@shared_task(name="integrations.outbox.tasks.deliver_message", acks_late=True)
def deliver_message(message_id: int) -> str:
    """One delivery attempt of an outbox message (see delivery.deliver)."""
    return delivery.deliver(message_id)


def _tenants():
    return (Tenant.objects.exclude(status=Tenant.Status.ARCHIVED)
            .exclude(schema_name="public").only("id", "schema_name"))


def _in_every_tenant(work, what: str) -> int:
    total = 0
    for tenant in _tenants().iterator():
        try:
            with tenant_context(tenant):
                done = work()
                total += sum(done.values()) if isinstance(done, dict) else done
        except Exception:  # one tenant's problem must not stop the others
            logger.exception("%s non riuscito per %s", what, tenant.schema_name)
    return total


@shared_task(name="integrations.outbox.tasks.sweep_outbox")
def sweep_outbox() -> int:
    """Every tenant: re-queue due retries, lost tasks and expired leases."""
    return _in_every_tenant(delivery.sweep, "Ripresa dei conferimenti")


@shared_task(name="integrations.outbox.tasks.prune_exchange_log")
def prune_exchange_log() -> int:
    """Every tenant: delete exchange-log attempts past the retention rule."""
    return _in_every_tenant(delivery.prune, "Sfoltimento del registro degli scambi")
