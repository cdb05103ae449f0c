from django.apps import AppConfig


class ConfigConfig(AppConfig):
    name = "config"
    verbose_name = "Configurazione"

    def ready(self) -> None:
        from config import wiring
        from integrations import checks  # noqa: F401  (the national destinations' checks)

        wiring.connect()
