from celery import shared_task
from django_tenants.utils import tenant_context

from casework import services
from tenants.models import Tenant


@shared_task(name="casework.tasks.remove_orphan_files")
def remove_orphan_files() -> int:
    """Visit every tenant explicitly and delete the document files that a
    rolled-back upload left behind (see services.remove_orphan_files)."""
    removed = 0
    for tenant in Tenant.objects.only("id", "schema_name").iterator():
        with tenant_context(tenant):
            removed += services.remove_orphan_files()
    return removed
