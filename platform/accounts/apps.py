from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Utenti e ruoli"

    def ready(self) -> None:
        from accounts import signals  # noqa: F401  (login audit receivers)
