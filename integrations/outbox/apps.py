from django.apps import AppConfig
from django.conf import settings
from django.utils.module_loading import import_string


class OutboxConfig(AppConfig):
    name = "integrations.outbox"
    label = "outbox"
    verbose_name = "Conferimenti ai sistemi nazionali"

    def ready(self):
        # Registers the Celery tasks in every process (web included): the
        # services queue them by name (integrations.outbox.queueing).
        from integrations.outbox import tasks  # noqa: F401
        from integrations.outbox.registry import registry

        for path in settings.RETE_OUTBOX["routes"]:
            import_string(path)(registry)
