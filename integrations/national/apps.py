from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "integrations.national"
    label = "integrations_national"
    verbose_name = "Conferimenti nazionali (riepilogo)"
