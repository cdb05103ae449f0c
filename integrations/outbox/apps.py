from django.apps import AppConfig
from django.conf import settings
from django.utils.module_loading import import_string


class OutboxConfig(AppConfig):
    name = "integrations.outbox"
    label = "outbox"
    verbose_name = "Conferimenti ai sistemi nazionali"

    def ready(self):
        from integrations.outbox.registry import registry

        for path in settings.RETE_OUTBOX["routes"]:
            import_string(path)(registry)
