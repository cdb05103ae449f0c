"""The Celery app. tenant-schemas-celery's CeleryApp adds the schema header
to every task sent, so a task queued in a tenant runs in that tenant."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = CeleryApp("rete_sportelli")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
