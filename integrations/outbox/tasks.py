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
def deliver_message(message_id: int) -> dict:
    """One delivery attempt of the outbox message ``message_id`` in the schema
    the task was queued in, then the next due ones of its destination there
    (delivery.drain, bounded by RETE_OUTBOX["drain_messages"] and
    ["drain_seconds"]). Safe to run twice, late, or in parallel: a row taken
    by another worker, not yet due, already sent or cancelled is left alone;
    each row is marked ``sending`` with a lease and committed before its
    request, which goes out of any transaction with a new wsa:MessageID and
    the same communication code. Returns the outcomes counted ("sent",
    "retrying", "dead", or why nothing was done) and the time spent claiming,
    sending and recording, in milliseconds (the worker's log shows them)."""
    return delivery.drain(message_id).summary()


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
    """Every tenant (beat, every RETE_OUTBOX["sweep_seconds"]): ``sending`` rows
    whose lease expired (a worker killed mid-send) go back to retrying and are
    queued; due retries and pending rows whose task never came are queued
    again (delivery.sweep). With it, no message waits forever; callable
    directly. Returns how many rows it touched."""
    return _in_every_tenant(delivery.sweep, "Ripresa dei conferimenti")


@shared_task(name="integrations.outbox.tasks.prune_exchange_log")
def prune_exchange_log() -> int:
    """Every tenant: delete exchange-log attempts past the retention rule."""
    return _in_every_tenant(delivery.prune, "Sfoltimento del registro degli scambi")
