import logging

from celery import shared_task
from django_tenants.utils import tenant_context

from casework import services
from tenants.models import Tenant

logger = logging.getLogger(__name__)


@shared_task(name="casework.tasks.remove_orphan_files")
def remove_orphan_files() -> int:
    """Visit every tenant explicitly and delete the document files that a
    rolled-back upload left behind (see services.remove_orphan_files)."""
    removed = 0
    tenants = Tenant.objects.exclude(status=Tenant.Status.ARCHIVED).only("id", "schema_name")
    for tenant in tenants.iterator():
        try:
            with tenant_context(tenant):
                removed += services.remove_orphan_files()
        except Exception:  # one tenant's storage problem must not stop the others
            logger.exception("Pulizia dei file orfani non riuscita per %s", tenant.schema_name)
    return removed

