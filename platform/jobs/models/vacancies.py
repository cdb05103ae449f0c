"""Staffing needs sent by employers and the vacancies the desk publishes.

A vacancy is a state machine (draft → published → closed) whose transitions
are listed in ``jobs.services.vacancies.TRANSITIONS``; each one writes a
VacancyEvent, so the history is the table."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jobs.models.employers import (
    CODE_MAX_CHARS,
    COMUNE_CODE_LENGTH,
    EMAIL_MAX_CHARS,
    EMPLOYER_NAME_MAX_CHARS,
    PERSON_NAME_MAX_CHARS,
    PHONE_MAX_CHARS,
    Employer,
    EmployerSite,
)

__all__ = [
    "DESCRIPTION_MAX_CHARS", "IT_SKILLS_MAX_CHARS", "MAX_EXPERIENCE_MONTHS", "MAX_HOURS_PER_WEEK",
    "MAX_POSITIONS", "MIN_HOURS_PER_WEEK", "NEED_TEXT_MAX_CHARS", "NOTE_MAX_CHARS",
    "TITLE_MAX_CHARS", "TAX_CODE_MAX_CHARS", "CloseReason", "LicenceKind", "NeedStatus",
    "StaffingNeed", "StaffingNeedEvent", "Vacancy", "VacancyEvent", "VacancyLanguage",
    "VacancyLicence", "VacancyStatus", "Visibility",
]

TITLE_MAX_CHARS = 200
DESCRIPTION_MAX_CHARS = 5000
IT_SKILLS_MAX_CHARS = 1000
NEED_TEXT_MAX_CHARS = 3000
NOTE_MAX_CHARS = 1000
TAX_CODE_MAX_CHARS = 16
MIN_HOURS_PER_WEEK, MAX_HOURS_PER_WEEK = 1, 168
MAX_POSITIONS = 999
MAX_EXPERIENCE_MONTHS = 600


class NeedStatus(models.TextChoices):
    RECEIVED = "ricevuta", _("Ricevuta")
    REVIEWED = "esaminata", _("Esaminata")
    CONVERTED = "convertita", _("Trasformata in offerta")
    REFUSED = "respinta", _("Respinta")


class StaffingNeed(models.Model):
    """A staffing need (richiesta di personale) an employer sends through the
    counter's public form, or the desk types in. The desk reviews it and turns
    it into a draft vacancy, or refuses it."""

    status = models.CharField(_("stato"), max_length=20, choices=NeedStatus.choices,
                              default=NeedStatus.RECEIVED)
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="needs", verbose_name=_("azienda"))
    company_name = models.CharField(_("ragione sociale"), max_length=EMPLOYER_NAME_MAX_CHARS)
    tax_code = models.CharField(_("codice fiscale o partita IVA"), max_length=TAX_CODE_MAX_CHARS)
    contact_name = models.CharField(_("referente"), max_length=PERSON_NAME_MAX_CHARS)
    email = models.EmailField(_("e-mail"), max_length=EMAIL_MAX_CHARS)
    phone = models.CharField(_("telefono"), max_length=PHONE_MAX_CHARS, blank=True)
    comune_code = models.CharField(_("comune del posto di lavoro"), max_length=COMUNE_CODE_LENGTH,
                                   blank=True)
    profession_text = models.CharField(_("figura ricercata"), max_length=EMPLOYER_NAME_MAX_CHARS)
    profession_code = models.CharField(_("professione (CP2011)"), max_length=CODE_MAX_CHARS,
                                       blank=True)
    description = models.TextField(_("descrizione"), max_length=NEED_TEXT_MAX_CHARS, blank=True)
    positions = models.PositiveSmallIntegerField(_("posti"), default=1)
    submitted_online = models.BooleanField(_("inviata dal sito"), default=False)
    requester_ip = models.GenericIPAddressField(_("indirizzo IP"), null=True, blank=True)
    privacy_notice_version = models.CharField(_("versione dell'informativa letta"),
                                              max_length=20, blank=True)
    review_note = models.TextField(_("nota dello sportello"), max_length=NOTE_MAX_CHARS,
                                   blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("esaminata il"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("ricevuta il"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("richiesta di personale")
        verbose_name_plural = _("richieste delle aziende")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"]),
                   models.Index(fields=["submitted_online", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(positions__gte=1), name="need_positions_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.company_name}: {self.profession_text}"


class StaffingNeedEvent(models.Model):
    """One transition of a staffing need (the first one records its arrival)."""

    need = models.ForeignKey(StaffingNeed, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("da"), max_length=20, choices=NeedStatus.choices,
                                   blank=True)
    to_status = models.CharField(_("a"), max_length=20, choices=NeedStatus.choices)
    occurred_at = models.DateTimeField(_("data e ora"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("eseguito da"))
    note = models.TextField(_("nota"), blank=True)

    class Meta:
        verbose_name = _("evento della richiesta")
        verbose_name_plural = _("eventi delle richieste")
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


class VacancyStatus(models.TextChoices):
    DRAFT = "bozza", _("Bozza")
    PUBLISHED = "pubblicata", _("Pubblicata")
    CLOSED = "chiusa", _("Chiusa")


class CloseReason(models.TextChoices):
    FILLED = "coperta", _("Coperta")
    EXPIRED = "scaduta", _("Scaduta")
    WITHDRAWN = "ritirata", _("Ritirata")


class Visibility(models.TextChoices):
    COUNTER = "sportello", _("Solo sportello")
    NETWORK = "rete", _("Rete territoriale")
    EXCHANGE = "rete_delle_reti", _("Rete delle reti")


class Vacancy(models.Model):
    """A job offer (offerta di lavoro) in the fields the Cliclavoro Vacancy
    schema asks for; every code is a code of the codes tables."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="vacancies",
                                 verbose_name=_("azienda"))
    site = models.ForeignKey(EmployerSite, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="vacancies", verbose_name=_("sede di lavoro"))
    need = models.ForeignKey(StaffingNeed, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="vacancies", verbose_name=_("richiesta d'origine"))
    profession_code = models.CharField(_("professione (CP2011)"), max_length=CODE_MAX_CHARS)
    title = models.CharField(_("titolo"), max_length=TITLE_MAX_CHARS)
    description = models.TextField(_("descrizione"), max_length=DESCRIPTION_MAX_CHARS,
                                   blank=True)
    # Requirements
    education_code = models.CharField(_("titolo di studio richiesto"), max_length=CODE_MAX_CHARS,
                                      blank=True)
    experience_months = models.PositiveSmallIntegerField(_("esperienza richiesta (mesi)"),
                                                         default=0)
    it_skills = models.TextField(_("competenze informatiche"), max_length=IT_SKILLS_MAX_CHARS,
                                 blank=True)
    # Conditions
    contract_type_code = models.CharField(_("tipo di contratto"), max_length=CODE_MAX_CHARS,
                                          blank=True)
    ccnl_code = models.CharField(_("CCNL"), max_length=CODE_MAX_CHARS, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("ore settimanali"), null=True,
                                                      blank=True)
    working_mode_code = models.CharField(_("modalità di lavoro"), max_length=CODE_MAX_CHARS,
                                         blank=True)
    comune_code = models.CharField(_("comune del posto di lavoro"),
                                   max_length=COMUNE_CODE_LENGTH)
    positions = models.PositiveSmallIntegerField(_("posti"), default=1)
    # Publication
    publish_from = models.DateField(_("pubblicata dal"), null=True, blank=True)
    publish_until = models.DateField(_("pubblicata fino al"), null=True, blank=True)
    visibility = models.CharField(_("visibilità"), max_length=20, choices=Visibility.choices,
                                  default=Visibility.COUNTER)
    status = models.CharField(_("stato"), max_length=20, choices=VacancyStatus.choices,
                              default=VacancyStatus.DRAFT)
    close_reason = models.CharField(_("motivo della chiusura"), max_length=20,
                                    choices=CloseReason.choices, blank=True)
    published_at = models.DateTimeField(_("pubblicata il"), null=True, blank=True)
    closed_at = models.DateTimeField(_("chiusa il"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    class Meta:
        verbose_name = _("offerta di lavoro")
        verbose_name_plural = _("offerte di lavoro")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "publish_until"]),
                   models.Index(fields=["profession_code"]),
                   models.Index(fields=["comune_code"]),
                   models.Index(fields=["employer", "status"]),
                   models.Index(fields=["visibility", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(positions__gte=1),
                                   name="vacancy_positions_positive"),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__gte=1,
                                                             hours_per_week__lte=168),
                name="vacancy_hours_in_week"),
            models.CheckConstraint(
                condition=(Q(publish_from__isnull=True) | Q(publish_until__isnull=True)
                           | Q(publish_until__gte=F("publish_from"))),
                name="vacancy_window_ends_after_start"),
            models.CheckConstraint(
                condition=(Q(status="chiusa", close_reason__in=["coperta", "scaduta", "ritirata"])
                           | (~Q(status="chiusa") & Q(close_reason=""))),
                name="vacancy_close_reason_iff_closed"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == VacancyStatus.PUBLISHED


class VacancyLanguage(models.Model):
    """A language the vacancy asks for, with its CEFR level."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="languages")
    language_code = models.CharField(_("lingua"), max_length=CODE_MAX_CHARS)
    level_code = models.CharField(_("livello (QCER)"), max_length=CODE_MAX_CHARS)

    class Meta:
        verbose_name = _("lingua richiesta")
        verbose_name_plural = _("lingue richieste")
        ordering = ["vacancy", "id"]
        constraints = [models.UniqueConstraint(fields=["vacancy", "language_code"],
                                               name="vacancy_language_once")]

    def __str__(self) -> str:
        return f"{self.language_code} {self.level_code}"


class LicenceKind(models.TextChoices):
    DRIVING = "patente", _("Patente di guida")
    LICENCE = "patentino", _("Patentino o abilitazione")
    ALBO = "albo", _("Iscrizione a un albo")


class VacancyLicence(models.Model):
    """A driving licence, another licence or a professional register the
    vacancy asks for (codes of patenti, patentini, albi)."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="licences")
    kind = models.CharField(_("tipo"), max_length=10, choices=LicenceKind.choices)
    code = models.CharField(_("codice"), max_length=CODE_MAX_CHARS)

    class Meta:
        verbose_name = _("patente o abilitazione richiesta")
        verbose_name_plural = _("patenti e abilitazioni richieste")
        ordering = ["vacancy", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["vacancy", "kind", "code"],
                                               name="vacancy_licence_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"


class VacancyEvent(models.Model):
    """One transition of a vacancy (the first one, from nothing to draft,
    records its creation). Written once, never changed."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("da"), max_length=20, choices=VacancyStatus.choices,
                                   blank=True)
    to_status = models.CharField(_("a"), max_length=20, choices=VacancyStatus.choices)
    close_reason = models.CharField(_("motivo della chiusura"), max_length=20,
                                    choices=CloseReason.choices, blank=True)
    occurred_at = models.DateTimeField(_("data e ora"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("eseguito da"))
    actor_label = models.CharField(max_length=254, blank=True)
    note = models.TextField(_("nota"), blank=True)

    class Meta:
        verbose_name = _("evento dell'offerta")
        verbose_name_plural = _("eventi delle offerte")
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["vacancy", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"
