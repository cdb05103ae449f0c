"""Applications (candidature) of candidates to vacancies, followed to the
outcome as a state machine (jobs.services.matching.TRANSITIONS): the stage
lives on the application, every transition is an ApplicationEvent. The
vacancy's shortlist (rosa dei candidati) is its applications from
``in_rosa`` on. Interviews belong to an application."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobs.models.candidates import Candidate
from jobs.models.employers import CODE_MAX_CHARS
from jobs.models.vacancies import Vacancy

__all__ = [
    "APPLICATION_NOTE_MAX_CHARS", "INTERVIEW_PLACE_MAX_CHARS", "Application",
    "ApplicationEvent", "ApplicationStatus", "Interview", "InterviewOutcome", "NotHiredReason",
]

APPLICATION_NOTE_MAX_CHARS = 1000
INTERVIEW_PLACE_MAX_CHARS = 200


class ApplicationStatus(models.TextChoices):
    PROPOSED = "proposta", _("Proposta")
    SHORTLISTED = "in_rosa", _("Nella rosa dei candidati")
    SENT = "inviata", _("Inviata all'azienda")
    INTERVIEW = "colloquio", _("Colloquio fissato")
    HIRED = "assunto", _("Assunto")
    NOT_HIRED = "non_assunto", _("Non assunto")
    WITHDRAWN = "ritirata", _("Ritirata")


class NotHiredReason(models.TextChoices):
    PROFILE = "profilo", _("Profilo non adeguato")
    OTHER_CANDIDATE = "altro_candidato", _("Scelto un altro candidato")
    NO_SHOW = "assente", _("Non presentato al colloquio")
    CONDITIONS = "condizioni", _("Condizioni non accettate dal candidato")
    VACANCY_CLOSED = "offerta_chiusa", _("Offerta chiusa")
    OTHER = "altro", _("Altro motivo")


class Application(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="applications",
                                verbose_name=_("offerta"))
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE,
                                  related_name="applications", verbose_name=_("candidato"))
    status = models.CharField(_("stato"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.PROPOSED)
    # The match when proposed, as the operator saw it.
    score = models.PositiveSmallIntegerField(_("punteggio"), default=0)
    reasons = models.JSONField(_("motivi"), default=list, blank=True)
    not_hired_reason = models.CharField(_("motivo della mancata assunzione"), max_length=20,
                                        choices=NotHiredReason.choices, blank=True)
    outcome_note = models.TextField(_("nota sull'esito"), max_length=APPLICATION_NOTE_MAX_CHARS,
                                    blank=True)
    contract_type_code = models.CharField(_("tipo di contratto"), max_length=CODE_MAX_CHARS,
                                          blank=True)
    starts_on = models.DateField(_("data di inizio"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposta il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("candidatura")
        verbose_name_plural = _("candidature")
        ordering = ["-score", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "candidate"],
                                    name="application_once_per_vacancy"),
            models.CheckConstraint(
                condition=~Q(status="assunto") | (~Q(contract_type_code="")
                                                  & Q(starts_on__isnull=False)),
                name="application_hire_has_contract_and_start"),
            models.CheckConstraint(condition=~Q(status="non_assunto") | ~Q(not_hired_reason=""),
                                   name="application_not_hired_has_reason"),
        ]
        indexes = [models.Index(fields=["vacancy", "status"], name="application_vacancy"),
                   models.Index(fields=["candidate", "status"], name="application_candidate")]

    def __str__(self) -> str:
        return f"{self.candidate.person} → {self.vacancy}"


class ApplicationEvent(models.Model):
    """One transition (the first one, from nothing, records the proposal).
    Written once, never changed."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="events")
    from_status = models.CharField(_("da"), max_length=20, choices=ApplicationStatus.choices,
                                   blank=True)
    to_status = models.CharField(_("a"), max_length=20, choices=ApplicationStatus.choices)
    occurred_at = models.DateTimeField(_("data e ora"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("eseguito da"))
    actor_label = models.CharField(max_length=254, blank=True)
    data = models.JSONField(_("dati"), default=dict, blank=True)
    note = models.TextField(_("nota"), blank=True)

    class Meta:
        verbose_name = _("passaggio della candidatura")
        verbose_name_plural = _("passaggi delle candidature")
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["application", "occurred_at"],
                                name="application_event_order")]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class InterviewOutcome(models.TextChoices):
    PENDING = "da_svolgere", _("Da svolgere")
    POSITIVE = "positivo", _("Positivo")
    NEGATIVE = "negativo", _("Negativo")
    ABSENT = "assente", _("Candidato assente")


class Interview(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="interviews")
    scheduled_at = models.DateTimeField(_("data e ora"))
    place = models.CharField(_("luogo"), max_length=INTERVIEW_PLACE_MAX_CHARS)
    outcome = models.CharField(_("esito"), max_length=20, choices=InterviewOutcome.choices,
                               default=InterviewOutcome.PENDING)
    notes = models.TextField(_("note"), max_length=APPLICATION_NOTE_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("colloquio")
        verbose_name_plural = _("colloqui")
        ordering = ["scheduled_at", "id"]

    def __str__(self) -> str:
        return f"Colloquio del {self.scheduled_at:%d/%m/%Y}"
