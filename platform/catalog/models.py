"""The national catalogue (public schema): the lenders desks refer people to,
and the dated limits of microcredit. Maintained by the national supervisor;
every tenant reads it (the public schema is on each tenant's search path)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.formatting import euro
from tenants.models import Region

# Every amount in euro (limits, requested and disbursed loans) is held so.
AMOUNT_MAX_DIGITS = 12
AMOUNT_DECIMAL_PLACES = 2
MAX_LOAN_YEARS = 30  # the longest duration a limit may state


class LenderKind(models.TextChoices):
    BANK = "banca", _("Banca")
    MICROCREDIT_OPERATOR = "operatore_microcredito", _(
        "Operatore di microcredito (art. 111 TUB)")
    OTHER = "altro", _("Altro finanziatore")


class Lender(models.Model):
    """A lender of the national list. Never deleted: deactivated, so the
    pathways that cite it keep their history."""

    name = models.CharField(_("denominazione"), max_length=200, unique=True)
    kind = models.CharField(_("tipo"), max_length=30, choices=LenderKind.choices)
    codice_fiscale = models.CharField(_("codice fiscale"), max_length=16, blank=True)
    abi_code = models.CharField(_("codice ABI"), max_length=5, blank=True)
    regions = ArrayField(models.CharField(max_length=3, choices=Region.choices), default=list,
                         blank=True, verbose_name=_("regioni servite"),
                         help_text=_("Nessuna regione: opera su tutto il territorio nazionale."))
    website = models.URLField(_("sito web"), blank=True)
    agreement_date = models.DateField(_("convenzione con l'ENM dal"), null=True, blank=True)
    notes = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("attivo"), default=True)
    is_example = models.BooleanField(
        _("dato di esempio"), default=False,
        help_text=_("Inserito come esempio all'installazione: verificare o disattivare."))
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificato il"), auto_now=True)

    class Meta:
        verbose_name = _("finanziatore")
        verbose_name_plural = _("finanziatori")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["codice_fiscale"], condition=~Q(codice_fiscale=""),
                                    name="lender_codice_fiscale_unique"),
            models.UniqueConstraint(fields=["abi_code"], condition=~Q(abi_code=""),
                                    name="lender_abi_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def regions_display(self) -> str:
        if not self.regions:
            return str(_("Tutto il territorio nazionale"))
        labels = dict(Region.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.regions)


class BeneficiaryType(models.TextChoices):
    ORDINARY = "ordinario", _("Microcredito d'impresa (persone, società di persone, "
                              "SRL semplificate, cooperative, associazioni)")
    SRL = "srl", _("Microcredito d'impresa a SRL ordinaria")
    SOCIAL = "sociale", _("Microcredito sociale (persone in difficoltà)")


class MicrocreditLimit(models.Model):
    """The largest loan per beneficiary type from a date on (art. 111 TUB and its
    decrees change them over time): a rule applies from ``valid_from`` until the
    next rule of the same type."""

    beneficiary_type = models.CharField(_("tipo di beneficiario"), max_length=20,
                                        choices=BeneficiaryType.choices)
    valid_from = models.DateField(_("in vigore dal"))
    max_amount = models.DecimalField(_("importo massimo (€)"), max_digits=AMOUNT_MAX_DIGITS,
                                     decimal_places=AMOUNT_DECIMAL_PLACES)
    max_years = models.PositiveSmallIntegerField(_("durata massima (anni)"), null=True,
                                                 blank=True)
    source = models.CharField(_("fonte normativa"), max_length=300, blank=True)
    to_verify = models.BooleanField(
        _("da verificare"), default=False,
        help_text=_("Valore inserito all'installazione: verificare su fonti ufficiali."))
    updated_at = models.DateTimeField(_("modificato il"), auto_now=True)

    class Meta:
        verbose_name = _("limite del microcredito")
        verbose_name_plural = _("limiti del microcredito")
        ordering = ["beneficiary_type", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["beneficiary_type", "valid_from"],
                                               name="microcredit_limit_unique_date")]

    def __str__(self) -> str:
        return (f"{self.get_beneficiary_type_display()}: {euro(self.max_amount)} "
                f"dal {self.valid_from}")
