"""The counter's authorisation to intermediate (art. 6 D.Lgs. 276/2003) and
its number in the Albo informatico delle agenzie per il lavoro. The rows are
the history; the one in force on a day is the one whose dates cover it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

__all__ = ["ALBO_NUMBER_MAX_CHARS", "DOCUMENT_REFERENCE_MAX_CHARS", "AuthorisationKind",
           "IntermediationAuthorisation"]

ALBO_NUMBER_MAX_CHARS = 40
DOCUMENT_REFERENCE_MAX_CHARS = 200


class AuthorisationKind(models.TextChoices):
    """The regimes of art. 6 D.Lgs. 276/2003 (regimi particolari di
    autorizzazione) and the ordinary one of art. 4."""

    UNIVERSITIES = "art6_c1", _("Art. 6, c. 1: università e istituti di scuola secondaria")
    MUNICIPALITIES = "art6_c2", _("Art. 6, c. 2: comuni, camere di commercio")
    ASSOCIATIONS = "art6_c3", _("Art. 6, c. 3: associazioni dei datori di lavoro e sindacali, "
                                "patronati, enti bilaterali")
    LABOUR_CONSULTANTS = "art6_c4", _("Art. 6, c. 4: fondazione dei consulenti del lavoro")
    REGIONAL = "art6_c6", _("Art. 6, c. 6: accreditamento regionale")
    ORDINARY = "art4", _("Art. 4: autorizzazione ordinaria ANPAL")


class IntermediationAuthorisation(models.Model):
    kind = models.CharField(_("regime di autorizzazione"), max_length=10,
                            choices=AuthorisationKind.choices,
                            default=AuthorisationKind.MUNICIPALITIES)
    albo_number = models.CharField(_("numero di iscrizione all'Albo informatico"),
                                   max_length=ALBO_NUMBER_MAX_CHARS)
    issued_on = models.DateField(_("rilasciata il"))
    valid_from = models.DateField(_("valida dal"))
    valid_until = models.DateField(_("valida fino al"), null=True, blank=True,
                                   help_text=_("Lasciare vuoto se a tempo indeterminato."))
    document_reference = models.CharField(_("estremi del provvedimento"),
                                          max_length=DOCUMENT_REFERENCE_MAX_CHARS, blank=True)
    notes = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("registrata il"), auto_now_add=True)

    class Meta:
        verbose_name = _("autorizzazione all'intermediazione")
        verbose_name_plural = _("autorizzazioni all'intermediazione")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="authorisation_valid_until_after_from"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} n. {self.albo_number}"

    def in_force_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)
