"""National code tables (public schema): Belfiore codes of comuni and
foreign states, citizenship codes, and the job desk's classifications
(``CodeEntry``: professions CP2011, ATECO, titoli di studio, contracts, CCNL,
languages, licences, albi, comuni, provinces, regions...). Reference data,
loaded from the ministry's and ISTAT's tables (data/SOURCES.md); an
administrator can add or correct rows."""

from datetime import date

from django.contrib.postgres.indexes import OpClass
from django.db import models
from django.utils.translation import gettext_lazy as _

from codes.names import place_name
from codes.text import entry_search_text, sort_key

TABLE_ORIGIN = date(2003, 1, 1)  # the Belfiore table's first recorded date, see data/SOURCES.md


class BelfioreCode(models.Model):
    code = models.CharField(_("codice Belfiore"), max_length=4, db_index=True)
    name = models.CharField(_("denominazione"), max_length=120)
    valid_from = models.DateField(_("valido dal"))
    valid_to = models.DateField(_("valido fino al"))

    class Meta:
        verbose_name = _("codice Belfiore")
        verbose_name_plural = _("codici Belfiore")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="belfiore_code_period"),
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.code})"

    @property
    def display_name(self) -> str:
        """The name as written in Italian ("Forlì", "Stati Uniti d'America")."""
        return place_name(self.name)

    @property
    def is_foreign_state(self) -> bool:
        return self.code.startswith("Z")

    def valid_on(self, day: date) -> bool:
        # A foreign state counts for births before its own start: the territory
        # is coded by the state that holds it (a Serbian born in 1985 has Z158,
        # Serbia's code since 2006; Kosovo's Z160 dates from 2009); only its end
        # counts (no one is born in Yugoslavia, Z118, after 1991).
        starts = (self.valid_from if self.valid_from > TABLE_ORIGIN and not self.is_foreign_state
                  else date.min)
        return starts <= day < self.valid_to


class Citizenship(models.Model):
    code = models.CharField(_("codice"), max_length=3, unique=True)
    name = models.CharField(_("cittadinanza"), max_length=120)
    valid_from = models.DateField(_("valido dal"))
    valid_to = models.DateField(_("valido fino al"))

    class Meta:
        verbose_name = _("cittadinanza")
        verbose_name_plural = _("cittadinanze")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.code})"

    @property
    def display_name(self) -> str:
        return place_name(self.name)


# Limits of a code table row, imported by forms and serializers.
TABLE_MAX = 20
CODE_MAX = 16
LABEL_MAX = 300


class CodeEntry(models.Model):
    """One code of one table (``codes.tables``), valid from ``valid_from`` to
    ``valid_to`` included (``None``: no end). Other packages store the code
    string, not a foreign key, and check it with ``codes.validation``."""

    table = models.CharField(_("tabella"), max_length=TABLE_MAX)
    code = models.CharField(_("codice"), max_length=CODE_MAX)
    label = models.CharField(_("descrizione"), max_length=LABEL_MAX)
    level = models.PositiveSmallIntegerField(_("livello"), null=True, blank=True)
    parent_code = models.CharField(_("codice del livello superiore"), max_length=CODE_MAX,
                                   blank=True)
    valid_from = models.DateField(_("valido dal"))
    valid_to = models.DateField(_("valido fino al"), null=True, blank=True)
    extra = models.JSONField(_("altri dati"), default=dict, blank=True)
    # Precomputed by codes.text: the normalised words of code, label and
    # extra names (" cuoco di bordo "), and the code in natural order.
    search_text = models.TextField(editable=False, default="")
    sort_key = models.CharField(max_length=64, editable=False, default="")

    class Meta:
        verbose_name = _("voce di tabella di codifica")
        verbose_name_plural = _("voci di tabelle di codifica")
        ordering = ["table", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["table", "code"], name="codes_entry_table_code"),
        ]
        indexes = [
            # Prefix searches of codes ("5.2.2.1") and of labels, by table.
            models.Index(models.F("table"), OpClass(models.F("code"), name="varchar_pattern_ops"),
                         name="codes_entry_code_prefix"),
            models.Index(models.F("table"), OpClass(models.F("search_text"),
                                                    name="text_pattern_ops"),
                         name="codes_entry_text_prefix"),
            models.Index(fields=["table", "sort_key"], name="codes_entry_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    def save(self, *args, **kwargs):
        # An entry added or corrected by hand is found like a loaded one.
        self.code = self.code.strip().upper()
        self.search_text = entry_search_text(self.label, self.extra)
        self.sort_key = sort_key(self.code)
        super().save(*args, **kwargs)

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
