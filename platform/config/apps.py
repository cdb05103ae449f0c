from django.apps import AppConfig


class ConfigConfig(AppConfig):
    name = "config"
    verbose_name = "Configurazione"

    def ready(self) -> None:
        from config import wiring

        wiring.connect()
