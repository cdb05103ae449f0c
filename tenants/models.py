"""Host administrations (tenants), their domains and territorial networks.

Personal data never live here: this is the public schema.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

istat_validator = RegexValidator(r"^\d{6}$", _("Il codice ISTAT è di 6 cifre."))
province_validator = RegexValidator(r"^[A-Z]{2}$", _("La sigla della provincia è di 2 lettere."))
ipa_validator = RegexValidator(r"^[A-Za-z0-9_]{2,20}$", _("Codice IPA non valido."))


class Region(models.TextChoices):
    ABRUZZO = "ABR", "Abruzzo"
    BASILICATA = "BAS", "Basilicata"
    CALABRIA = "CAL", "Calabria"
    CAMPANIA = "CAM", "Campania"
    EMILIA_ROMAGNA = "EMR", "Emilia-Romagna"
    FRIULI_VENEZIA_GIULIA = "FVG", "Friuli-Venezia Giulia"
    LAZIO = "LAZ", "Lazio"
    LIGURIA = "LIG", "Liguria"
    LOMBARDIA = "LOM", "Lombardia"
    MARCHE = "MAR", "Marche"
    MOLISE = "MOL", "Molise"
    PIEMONTE = "PIE", "Piemonte"
    PUGLIA = "PUG", "Puglia"
    SARDEGNA = "SAR", "Sardegna"
    SICILIA = "SIC", "Sicilia"
    TOSCANA = "TOS", "Toscana"
    TRENTINO_ALTO_ADIGE = "TAA", "Trentino-Alto Adige"
    UMBRIA = "UMB", "Umbria"
    VALLE_D_AOSTA = "VDA", "Valle d'Aosta"
    VENETO = "VEN", "Veneto"


class Tenant(TenantMixin):
    class Kind(models.TextChoices):
        COMUNE = "comune", _("Comune")
        UNIONE = "unione", _("Unione di comuni")
        CPI = "cpi", _("Centro per l'impiego")
        CCIAA = "cciaa", _("Camera di commercio")
        UNIVERSITA = "universita", _("Università")
        ALTRO = "altro", _("Altro ente")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Attivo")
        SUSPENDED = "suspended", _("Sospeso")
        ARCHIVED = "archived", _("Archiviato")

    slug = models.SlugField(_("identificativo"), max_length=40, unique=True)
    kind = models.CharField(_("tipo di ente"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("denominazione ufficiale"), max_length=200)
    codice_ipa = models.CharField(
        _("codice IPA"), max_length=20, blank=True, validators=[ipa_validator]
    )
    codice_fiscale = models.CharField(_("codice fiscale dell'ente"), max_length=11, blank=True)
    region = models.CharField(_("regione"), max_length=3, choices=Region.choices)
    province = models.CharField(
        _("provincia"), max_length=2, blank=True, validators=[province_validator]
    )
    istat_code = models.CharField(
        _("codice ISTAT"), max_length=6, blank=True, validators=[istat_validator]
    )
    status = models.CharField(
        _("stato"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    offers_microcredit = models.BooleanField(_("sportello microcredito"), default=False)
    offers_job_desk = models.BooleanField(_("sportello lavoro"), default=False)
    offers_fragility_channel = models.BooleanField(_("canale fragilità"), default=False)
    intermediation_authorised = models.BooleanField(
        _("autorizzato all'intermediazione (art. 6 D.Lgs. 276/2003)"), default=False
    )
    intermediation_authorised_on = models.DateField(
        _("data dell'autorizzazione"), null=True, blank=True
    )
    albo_number = models.CharField(_("numero di iscrizione all'Albo informatico"), max_length=40,
                                   blank=True)
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)

    # Schemas come from tenants.services (a pool of ready schemas), never
    # from save(); and an archived tenant keeps its data.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("ente")
        verbose_name_plural = _("enti")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["codice_ipa"],
                condition=~models.Q(codice_ipa=""),
                name="tenant_unique_codice_ipa",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def modules(self) -> list[str]:
        labels = {
            "offers_microcredit": _("Microcredito e autoimpiego"),
            "offers_job_desk": _("Sportello lavoro"),
            "offers_fragility_channel": _("Canale fragilità"),
        }
        return [str(label) for field, label in labels.items() if getattr(self, field)]


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("dominio")
        verbose_name_plural = _("domini")

    def __str__(self) -> str:
        return self.domain


class Network(models.Model):
    """A territorial network: a lead administration ("capofila") and members."""

    name = models.CharField(_("nome"), max_length=200)
    slug = models.SlugField(_("identificativo"), max_length=60, unique=True)
    lead = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="led_networks", verbose_name=_("capofila")
    )
    members = models.ManyToManyField(
        Tenant, through="NetworkMembership", related_name="networks", verbose_name=_("aderenti")
    )
    description = models.TextField(_("descrizione"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rete territoriale")
        verbose_name_plural = _("reti territoriali")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkMembership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="memberships")
    joined_on = models.DateField(_("data di adesione"), auto_now_add=True)

    class Meta:
        verbose_name = _("adesione alla rete")
        verbose_name_plural = _("adesioni alla rete")
        constraints = [
            models.UniqueConstraint(fields=["network", "tenant"], name="unique_network_member")
        ]

    def __str__(self) -> str:
        return f"{self.tenant} in {self.network}"


class PooledSchema(models.Model):
    """A tenant schema built and migrated ahead of time, waiting to be claimed.

    Provisioning renames one of these to the new tenant's schema name inside
    the provisioning transaction: a catalogue update instead of building
    dozens of tables while the administrator waits.
    """

    schema_name = models.CharField(max_length=63, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("schema pronto")
        verbose_name_plural = _("schemi pronti")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.schema_name
