"""National code tables (public schema): Belfiore codes of comuni and
foreign states, citizenship codes. Reference data, loaded from the
ministry's tables; an administrator can add or correct rows."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from codes.names import place_name

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
