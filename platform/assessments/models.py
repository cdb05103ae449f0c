"""Assessment instruments (configurable questionnaires) and the assessments
made with them.

An instrument version is immutable once saved: editing makes a new version
(same code, version + 1), so every assessment keeps the items, weights and
threshold it was scored with. The answers are special-category data (health,
social condition): they are stored only encrypted (core.crypto), never in a
plain column, and read only through ``selectors.get_assessment_for``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.crypto import EncryptedJSONField
from desks.models import Appointment
from people.models import Person

UNVERIFIED_NOTE = "tabella degli item non verificata: dati modificabili"



NOTES_MAX_CHARS = 4000  # an assessment's reserved notes (stored encrypted, so no column limit)

class TriggerAction(models.TextChoices):
    SECOND_INTERVIEW = "secondo_colloquio", _("Fissare un secondo colloquio")
    NONE = "nessuna", _("Nessuna azione")


class Instrument(models.Model):
    code = models.SlugField(_("codice"), max_length=60)
    version = models.PositiveIntegerField(_("versione"), default=1)
    name = models.CharField(_("nome"), max_length=200)
    description = models.TextField(_("descrizione"), blank=True)
    threshold = models.IntegerField(
        _("soglia"), help_text=_("Un punteggio uguale o superiore alla soglia attiva l'azione."))
    trigger_action = models.CharField(_("azione al superamento della soglia"), max_length=30,
                                      choices=TriggerAction.choices, default=TriggerAction.NONE)
    trigger_offset_days = models.PositiveSmallIntegerField(
        _("giorni di attesa prima dell'azione"), default=1,
        help_text=_("Il secondo colloquio è fissato nel primo giorno lavorativo libero dopo "
                    "questo numero di giorni."))
    is_active = models.BooleanField(_("in uso"), default=True)
    is_unverified = models.BooleanField(_("contenuto non verificato"), default=False)
    unverified_note = models.CharField(_("nota sul contenuto"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("strumento di valutazione")
        verbose_name_plural = _("strumenti di valutazione")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version"),
            # New assessments use the one version in use.
            models.UniqueConstraint(fields=["code"], condition=models.Q(is_active=True),
                                    name="instrument_one_active_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v. {self.version})"

    @property
    def triggers_second_interview(self) -> bool:
        return self.trigger_action == TriggerAction.SECOND_INTERVIEW


class Item(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)
    text = models.CharField(_("domanda"), max_length=300)
    help = models.TextField(_("indicazioni per l'operatore"), blank=True)

    class Meta:
        verbose_name = _("domanda")
        verbose_name_plural = _("domande")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(_("ordine"), default=0)
    label = models.CharField(_("risposta"), max_length=300)
    weight = models.IntegerField(_("peso"))

    class Meta:
        verbose_name = _("opzione di risposta")
        verbose_name_plural = _("opzioni di risposta")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.weight})"


class Assessment(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT,
                                   related_name="assessments", verbose_name=_("strumento"))
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("operatore"))
    performed_at = models.DateTimeField(_("svolta il"))
    total_score = models.IntegerField(_("punteggio"))
    triggered = models.BooleanField(_("soglia superata"))
    follow_up = models.ForeignKey(Appointment, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("secondo colloquio"))
    # Special-category data, encrypted at rest: {"<item id>": <option id>}.
    answers = EncryptedJSONField(_("risposte"))
    notes = EncryptedJSONField(_("note riservate"), null=True, blank=True)  # NOTES_MAX_CHARS
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("valutazione")
        verbose_name_plural = _("valutazioni")
        ordering = ["-performed_at", "-id"]
        indexes = [models.Index(fields=["person", "-performed_at"])]

    def __str__(self) -> str:
        # Audit labels use this: no answer, no score.
        return f"Valutazione n. {self.pk}"
