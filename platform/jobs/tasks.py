"""The job desk's scheduled work."""

from __future__ import annotations

import logging

from celery import shared_task
from django_tenants.utils import tenant_context

from jobs import delivery
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


@shared_task(name="jobs.tasks.send_interest_notice", autoretry_for=(OSError,),
             retry_backoff=True, max_retries=5)
def send_interest_notice(interest_id: int) -> bool:
    """E-mail the counter about a «Mi interessa» (queued after the commit, in
    the schema it was queued in); a second run sends nothing."""
    return delivery.send_interest_notice(interest_id=interest_id)
