"""Users. Tenant users live in their tenant's schema; national users
(supervisor, platform administrator) in the public schema. The same table
exists in both, so a user of one tenant simply does not exist on another
tenant's domain."""

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.identity import normalize_login


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operatore")
    COORDINATOR = "coordinator", _("Coordinatore")
    TENANT_ADMIN = "tenant_admin", _("Amministratore dell'ente")
    SUPERVISOR = "supervisor", _("Supervisore nazionale (ENM)")
    PLATFORM_ADMIN = "platform_admin", _("Amministratore della piattaforma")


TENANT_ROLES = (Role.OPERATOR, Role.COORDINATOR, Role.TENANT_ADMIN)
NATIONAL_ROLES = (Role.SUPERVISOR, Role.PLATFORM_ADMIN)


class EmailUserManager(UserManager):
    def _create_user(self, username, email, password, **extra_fields):
        email = normalize_login(email or username)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("role", Role.PLATFORM_ADMIN)
        return self._create_user(None, email, password, **extra_fields)

    def get_by_natural_key(self, username):
        """The account ``username`` names, spelt as login spells it (the backend's lookup)."""
        email = normalize_login(username)
        if "\x00" in email:  # PostgreSQL refuses NUL in text: no account has one
            raise self.model.DoesNotExist
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    first_name = models.CharField(_("nome"), max_length=150, blank=True)
    last_name = models.CharField(_("cognome"), max_length=150, blank=True)
    role = models.CharField(_("ruolo"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("attivo"), default=True)
    is_staff = models.BooleanField(_("accesso all'amministrazione tecnica"), default=False)
    date_joined = models.DateTimeField(_("creato il"), default=timezone.now)

    objects = EmailUserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utente")
        verbose_name_plural = _("utenti")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def is_national(self) -> bool:
        return self.role in NATIONAL_ROLES

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles
