"""The job desk's scheduled work."""

from __future__ import annotations

import logging

from celery import shared_task
from django_tenants.utils import tenant_context

from jobs.services import vacancies as vacancy_services
from tenants.models import Tenant

logger = logging.getLogger(__name__)


@shared_task(name="jobs.tasks.expire_vacancies")
def expire_vacancies() -> int:
    """Visit every tenant explicitly and close the published vacancies whose
    publication window has ended (one "scaduta" event each). Idempotent: a
    second run closes nothing."""
    closed = 0
    tenants = Tenant.objects.exclude(status=Tenant.Status.ARCHIVED).only("id", "schema_name")
    for tenant in tenants.iterator():
        try:
            with tenant_context(tenant):
                closed += vacancy_services.expire_vacancies()
        except Exception:  # one tenant's problem must not stop the others
            logger.exception("Chiusura delle offerte scadute non riuscita per %s",
                             tenant.schema_name)
    return closed
