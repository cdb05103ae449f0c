"""The boards on a counter's public page: training courses, internships and
scholarships, news (BoardItem, written by the staff), and the citizens'
"Mi interessa" on a published vacancy (Interest), which reaches the desk.

A board item is a small state machine (draft → published → withdrawn, and
back to published), one BoardItemEvent per transition."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jobs.models.vacancies import Vacancy

__all__ = [
    "BOARD_BODY_MAX_CHARS", "BOARD_LINK_MAX_CHARS", "BOARD_PLACE_MAX_CHARS",
    "BOARD_SUMMARY_MAX_CHARS", "BOARD_TITLE_MAX_CHARS", "INTEREST_MESSAGE_MAX_CHARS",
    "INTEREST_NAME_MAX_CHARS", "BoardItem", "BoardItemEvent", "BoardKind", "BoardState",
    "Interest",
]

BOARD_TITLE_MAX_CHARS = 200
BOARD_SUMMARY_MAX_CHARS = 500
BOARD_BODY_MAX_CHARS = 10_000
BOARD_LINK_MAX_CHARS = 500
BOARD_PLACE_MAX_CHARS = 200
INTEREST_NAME_MAX_CHARS = 150
INTEREST_EMAIL_MAX_CHARS = 254
INTEREST_PHONE_MAX_CHARS = 30
INTEREST_MESSAGE_MAX_CHARS = 2000


class BoardKind(models.TextChoices):
    TRAINING = "formazione", _("Corsi di formazione")
    INTERNSHIPS = "tirocini", _("Tirocini e borse")
    NEWS = "notizie", _("Notizie")


class BoardState(models.TextChoices):
    DRAFT = "bozza", _("Bozza")
    PUBLISHED = "pubblicata", _("Pubblicata")
    WITHDRAWN = "ritirata", _("Ritirata")


class BoardItem(models.Model):
    kind = models.CharField(_("bacheca"), max_length=20, choices=BoardKind.choices)
    title = models.CharField(_("titolo"), max_length=BOARD_TITLE_MAX_CHARS)
    summary = models.CharField(_("sintesi"), max_length=BOARD_SUMMARY_MAX_CHARS, blank=True)
    body = models.TextField(_("testo"), max_length=BOARD_BODY_MAX_CHARS, blank=True)
    link = models.URLField(_("collegamento"), max_length=BOARD_LINK_MAX_CHARS, blank=True)
    place = models.CharField(_("luogo"), max_length=BOARD_PLACE_MAX_CHARS, blank=True)
    starts_on = models.DateField(_("inizia il"), null=True, blank=True)
    ends_on = models.DateField(_("termina il"), null=True, blank=True)
    published_from = models.DateField(_("in bacheca dal"), null=True, blank=True)
    published_until = models.DateField(_("in bacheca fino al"), null=True, blank=True)
    state = models.CharField(_("stato"), max_length=20, choices=BoardState.choices,
                             default=BoardState.DRAFT)
    published_at = models.DateTimeField(_("pubblicata il"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificata il"), auto_now=True)

    class Meta:
        verbose_name = _("annuncio in bacheca")
        verbose_name_plural = _("annunci in bacheca")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["state", "kind", "-published_at"],
                                name="board_item_public")]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_until__isnull=True) | Q(published_from__isnull=True)
                | Q(published_until__gte=F("published_from")),
                name="board_item_window_ordered"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="board_item_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class BoardItemEvent(models.Model):
    item = models.ForeignKey(BoardItem, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(_("da"), max_length=20, choices=BoardState.choices,
                                  blank=True)
    to_state = models.CharField(_("a"), max_length=20, choices=BoardState.choices)
    occurred_at = models.DateTimeField(_("data e ora"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state or '—'} → {self.to_state}"


class Interest(models.Model):
    """A citizen's "Mi interessa" on a published vacancy, from the public page:
    the operators see it in the job desk and call back."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="interests")
    name = models.CharField(_("nome e cognome"), max_length=INTEREST_NAME_MAX_CHARS)
    email = models.EmailField(_("e-mail"), max_length=INTEREST_EMAIL_MAX_CHARS, blank=True)
    phone = models.CharField(_("telefono"), max_length=INTEREST_PHONE_MAX_CHARS, blank=True)
    message = models.TextField(_("messaggio"), max_length=INTEREST_MESSAGE_MAX_CHARS,
                               blank=True)
    privacy_notice_version = models.CharField(_("versione dell'informativa letta"),
                                              max_length=40, blank=True)
    requester_ip = models.GenericIPAddressField(_("indirizzo IP"), null=True, blank=True)
    handled_at = models.DateTimeField(_("gestita il"), null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("ricevuta il"), auto_now_add=True)

    class Meta:
        verbose_name = _("manifestazione di interesse")
        verbose_name_plural = _("manifestazioni di interesse")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"], name="interest_created"),
                   models.Index(fields=["handled_at"], name="interest_handled")]
        constraints = [models.CheckConstraint(condition=~Q(email="") | ~Q(phone=""),
                                              name="interest_has_a_contact")]

    def __str__(self) -> str:
        return f"{self.name} → {self.vacancy}"
