from rest_framework import serializers

from tenants import selectors as tenant_selectors
from tenants.models import Tenant


class TenantSummarySerializer(serializers.ModelSerializer):
    tipo = serializers.CharField(source="kind")
    denominazione = serializers.CharField(source="name")
    regione = serializers.CharField(source="region")
    provincia = serializers.CharField(source="province")
    codice_istat = serializers.CharField(source="istat_code")
    stato = serializers.CharField(source="status")
    servizi = serializers.ListField(source="modules", child=serializers.CharField())
    dominio = serializers.SerializerMethodField()

    class Meta:
        model = Tenant
        fields = ["slug", "denominazione", "tipo", "codice_ipa", "codice_fiscale", "regione",
                  "provincia", "codice_istat", "stato", "servizi", "intermediation_authorised",
                  "albo_number", "dominio"]
        read_only_fields = fields

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


# Service errors name model fields; the API speaks Italian field names.
USER_FIELDS = {"first_name": "nome", "last_name": "cognome", "role": "ruolo",
               "is_active": "attivo"}
