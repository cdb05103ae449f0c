from collections.abc import Mapping

from django.utils.text import capfirst
from rest_framework import serializers

from core.errors import ServiceError
from tenants import selectors as tenant_selectors
from tenants.models import Tenant


def _label(name: str) -> str:
    """The Italian label of a ``Tenant`` field, as the document shows it."""
    return capfirst(Tenant._meta.get_field(name).verbose_name)


class TenantSummarySerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True, label=_label("slug"))
    denominazione = serializers.CharField(source="name")
    tipo = serializers.CharField(source="kind")
    codice_ipa = serializers.CharField(read_only=True, label=_label("codice_ipa"))
    codice_fiscale = serializers.CharField(read_only=True, label=_label("codice_fiscale"))
    regione = serializers.CharField(source="region")
    provincia = serializers.CharField(source="province")
    codice_istat = serializers.CharField(source="istat_code")
    stato = serializers.CharField(source="status")
    servizi = serializers.ListField(source="modules", child=serializers.CharField())
    intermediation_authorised = serializers.BooleanField(
        read_only=True, label=_label("intermediation_authorised"))
    albo_number = serializers.CharField(read_only=True, label=_label("albo_number"))
    dominio = serializers.SerializerMethodField()

    def get_dominio(self, tenant) -> str | None:
        return tenant_selectors.primary_domain(tenant)


class MeTenantSerializer(serializers.Serializer):
    slug = serializers.CharField()
    denominazione = serializers.CharField(source="name")
    tipo = serializers.CharField(source="kind")


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    email = serializers.EmailField()
    nome = serializers.CharField(source="first_name")
    cognome = serializers.CharField(source="last_name")
    ruoli = serializers.SerializerMethodField()
    ente = serializers.SerializerMethodField()
    ambito = serializers.SerializerMethodField()

    def get_ruoli(self, user) -> list[str]:
        return [user.role]

    def get_ente(self, user) -> dict | None:
        tenant = self.context["request"].tenant
        return MeTenantSerializer(tenant).data if tenant is not None else None

    def get_ambito(self, user) -> str:
        return "nazionale" if self.context["request"].tenant is None else "sportello"


class UserSerializer(serializers.Serializer):
    """A user of the schema the request runs in (counter staff or national users)."""

    id = serializers.IntegerField(source="pk", read_only=True)
    email = serializers.EmailField(max_length=254)
    nome = serializers.CharField(source="first_name", max_length=150, required=False,
                                 allow_blank=True, default="")
    cognome = serializers.CharField(source="last_name", max_length=150, required=False,
                                    allow_blank=True, default="")
    ruolo = serializers.CharField(source="role", max_length=20)
    attivo = serializers.BooleanField(source="is_active", read_only=True)
    creato_il = serializers.DateTimeField(source="date_joined", read_only=True)


class UserRoleSerializer(serializers.Serializer):
    ruolo = serializers.CharField(source="role", max_length=20)


def renamed(exc: ServiceError, names: Mapping[str, str]) -> ServiceError:
    """The same error, its fields named as the API names them: services name
    model fields (``first_name``), the API speaks Italian (``nome``). The one
    helper for every API module (``names``: service name -> API name)."""
    fields = {names.get(name, name): messages for name, messages in exc.fields.items()}
    error = ServiceError(exc.message, code=exc.code, fields=fields)
    error.status = exc.status
    return error


# Service errors name model fields; the API speaks Italian field names.
USER_FIELDS = {"first_name": "nome", "last_name": "cognome", "role": "ruolo",
               "is_active": "attivo"}
