"""A person's structured CV (tenant schema), in the fields of the Cliclavoro
Candidatura schema (Rev.038, Allegato 4) so the integration can build the
XML from it: professions in CP2011 at the ministry's sixth level, contracts
of tipi_contratto, titles of titoli_studio, languages of lingue with CEFR
levels (livelli_lingua), driving licences (patenti), other licences
(patentini) and registers (albi), working modes (modalita_lavoro), comuni by
codice Belfiore. Every code is a string checked by codes.validation in the
services; the lengths are the schema's (``Stringa100``, ``Stringa250``...).

The consent to publish an anonymous profile in the rete delle reti is the
person's consent ``borsa_lavoro`` (people.ConsentPurpose.JOB_EXCHANGE)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jobs.models.employers import CODE_MAX_CHARS, COMUNE_CODE_LENGTH
from jobs.models.vacancies import LicenceKind
from people.models import Person

__all__ = [
    "CANDIDATE_NOTES_MAX_CHARS", "COURSE_TITLE_MAX_CHARS", "CERTIFICATE_MAX_CHARS",
    "DIGITAL_NOTES_MAX_CHARS", "EDUCATION_TEXT_MAX_CHARS", "EMPLOYER_TEXT_MAX_CHARS",
    "GRADE_MAX_CHARS", "MAX_COURSE_HOURS", "MAX_DISTANCE_KM", "PROFESSION_TEXT_MAX_CHARS",
    "TASKS_MAX_CHARS", "Attestation", "Candidate", "CandidateDigitalSkill",
    "CandidateEducation", "CandidateExperience", "CandidateLanguage", "CandidateLicence",
    "CandidateTraining", "DesiredProfession", "DigitalArea", "DigitalLevel",
]

# The schema's lengths.
EMPLOYER_TEXT_MAX_CHARS = 100  # nomedatore, indirizzodatore: Stringa100
TASKS_MAX_CHARS = 250  # principalimansioni, descrqualificasvolta: Stringa250
EDUCATION_TEXT_MAX_CHARS = 100  # descrizioneistruzione: Stringa100
GRADE_MAX_CHARS = 30  # votazione: Stringa30
COURSE_TITLE_MAX_CHARS = 100  # titolocorso: Stringa100
PROFESSION_TEXT_MAX_CHARS = 300  # descrizioneprofessione: Stringa300
DIGITAL_NOTES_MAX_CHARS = 1000  # specifiche: Stringa1000
CERTIFICATE_MAX_CHARS = 100
CANDIDATE_NOTES_MAX_CHARS = 2000
MAX_DISTANCE_KM = 1000
MAX_COURSE_HOURS = 9999


class Candidate(models.Model):
    """One person's CV and availability (one per person)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="candidate",
                                  verbose_name=_("persona"))
    is_searching = models.BooleanField(_("in cerca di lavoro"), default=True)
    available_from = models.DateField(_("disponibile dal"), null=True, blank=True,
                                      help_text=_("Vuoto: disponibile subito."))
    comune_code = models.CharField(_("comune di domicilio (per la ricerca)"),
                                   max_length=COMUNE_CODE_LENGTH, blank=True)
    working_modes = ArrayField(models.CharField(max_length=CODE_MAX_CHARS), default=list,
                               blank=True, verbose_name=_("modalità di lavoro desiderate"))
    contract_types = ArrayField(models.CharField(max_length=CODE_MAX_CHARS), default=list,
                                blank=True, verbose_name=_("tipi di contratto desiderati"))
    willing_to_travel = models.BooleanField(_("disponibile a trasferte"), default=False)
    max_distance_km = models.PositiveSmallIntegerField(_("distanza massima (km)"), null=True,
                                                       blank=True)
    provinces = ArrayField(models.CharField(max_length=2), default=list, blank=True,
                           verbose_name=_("province in cui cerca"))
    own_vehicle = models.BooleanField(_("automunito"), default=False)
    mother_tongues = ArrayField(models.CharField(max_length=CODE_MAX_CHARS), default=list,
                                blank=True, verbose_name=_("lingue madri"))
    digital_notes = models.CharField(_("altre competenze informatiche"),
                                     max_length=DIGITAL_NOTES_MAX_CHARS, blank=True)
    notes = models.TextField(_("note dell'operatore"), max_length=CANDIDATE_NOTES_MAX_CHARS,
                             blank=True)
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # What the ranking reads, kept by jobs.services.candidates after every change
    # of a part (jobs.matching_sql.refresh_summaries), so ranking 100,000 CVs
    # needs no query per candidate: every CP2011 prefix (3rd to 6th level) of
    # the desired professions and past experiences, the highest education
    # level (titoli_studio's ``livello``), the best CEFR level per language,
    # and the licences as "kind:code".
    profession_keys = ArrayField(models.CharField(max_length=CODE_MAX_CHARS), default=list,
                                 blank=True, editable=False)
    education_level = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    language_levels = models.JSONField(default=dict, blank=True, editable=False)
    licence_keys = ArrayField(models.CharField(max_length=CODE_MAX_CHARS + 11), default=list,
                              blank=True, editable=False)

    class Meta:
        verbose_name = _("candidato")
        verbose_name_plural = _("candidati")
        ordering = ["-updated_at", "-id"]
        indexes = [
            # The ranking's filter: searching and available by a day.
            models.Index(fields=["available_from"], name="candidate_searching_from",
                         condition=Q(is_searching=True)),
            models.Index(fields=["comune_code"], name="candidate_comune"),
            # The ranking's first cheap filter: the vacancy's CP2011 class.
            GinIndex(fields=["profession_keys"], name="candidate_profession_keys",
                     condition=Q(is_searching=True)),
        ]

    def __str__(self) -> str:
        return f"Curriculum di {self.person}"


def _pattern_index(name: str, field: str) -> models.Index:
    """An index for code prefixes (``LIKE '5.2.2.%'``)."""
    return models.Index(OpClass(F(field), name="varchar_pattern_ops"), F("candidate"), name=name)


class CandidateExperience(models.Model):
    """EsperienzeLavorative: a job held."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="experiences")
    profession_code = models.CharField(_("professione svolta (CP2011)"),
                                       max_length=CODE_MAX_CHARS)
    employer_name = models.CharField(_("datore di lavoro"), max_length=EMPLOYER_TEXT_MAX_CHARS,
                                     blank=True)
    employer_place = models.CharField(_("luogo"), max_length=EMPLOYER_TEXT_MAX_CHARS, blank=True)
    contract_type_code = models.CharField(_("tipo di contratto"), max_length=CODE_MAX_CHARS,
                                          blank=True)
    started_on = models.DateField(_("dal"), null=True, blank=True)
    ended_on = models.DateField(_("al"), null=True, blank=True)
    tasks = models.CharField(_("principali mansioni"), max_length=TASKS_MAX_CHARS, blank=True)

    class Meta:
        verbose_name = _("esperienza lavorativa")
        verbose_name_plural = _("esperienze lavorative")
        ordering = ["candidate", F("started_on").desc(nulls_last=True), "-id"]
        indexes = [_pattern_index("experience_profession", "profession_code")]
        constraints = [models.CheckConstraint(
            condition=Q(started_on__isnull=True) | Q(ended_on__isnull=True)
            | Q(ended_on__gte=F("started_on")), name="experience_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.profession_code} {self.employer_name}".strip()


class CandidateEducation(models.Model):
    """Istruzione: a title (titoli_studio)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="education")
    education_code = models.CharField(_("titolo di studio"), max_length=CODE_MAX_CHARS)
    year = models.PositiveSmallIntegerField(_("anno di conseguimento"), null=True, blank=True)
    institute = models.CharField(_("istituto"), max_length=EDUCATION_TEXT_MAX_CHARS, blank=True)
    description = models.CharField(_("indirizzo o corso di laurea"),
                                   max_length=EDUCATION_TEXT_MAX_CHARS, blank=True)
    grade = models.CharField(_("votazione"), max_length=GRADE_MAX_CHARS, blank=True)

    class Meta:
        verbose_name = _("titolo di studio")
        verbose_name_plural = _("titoli di studio")
        ordering = ["candidate", F("year").desc(nulls_last=True), "-id"]

    def __str__(self) -> str:
        return self.education_code


class Attestation(models.TextChoices):
    """idattestazione (the schema's enumeration, table tipi_attestazione)."""

    NONE = "N", _("Nessuna")
    ATTENDANCE = "F", _("Frequenza")
    QUALIFICATION = "Q", _("Qualifica professionale")
    SPECIALISATION = "S", _("Specializzazione")
    SKILLS = "C", _("Dichiarazione/certificazione competenze")
    TECHNICAL = "T", _("Certificazione tecnica superiore")


class CandidateTraining(models.Model):
    """Formazione: a course."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="training")
    title = models.CharField(_("titolo del corso"), max_length=COURSE_TITLE_MAX_CHARS)
    provider = models.CharField(_("ente"), max_length=COURSE_TITLE_MAX_CHARS, blank=True)
    year = models.PositiveSmallIntegerField(_("anno"), null=True, blank=True)
    hours = models.PositiveSmallIntegerField(_("durata (ore)"), null=True, blank=True)
    attestation = models.CharField(_("attestazione"), max_length=1, choices=Attestation.choices,
                                   blank=True)

    class Meta:
        verbose_name = _("corso di formazione")
        verbose_name_plural = _("corsi di formazione")
        ordering = ["candidate", F("year").desc(nulls_last=True), "-id"]

    def __str__(self) -> str:
        return self.title


class CandidateLanguage(models.Model):
    """Lingue: a language and its CEFR level per skill (the Europass grid;
    Cliclavoro's letto/scritto/parlato are reading, writing, spoken
    interaction)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="languages")
    language_code = models.CharField(_("lingua"), max_length=CODE_MAX_CHARS)
    listening = models.CharField(_("ascolto"), max_length=CODE_MAX_CHARS, blank=True)
    reading = models.CharField(_("lettura"), max_length=CODE_MAX_CHARS, blank=True)
    spoken_interaction = models.CharField(_("interazione orale"), max_length=CODE_MAX_CHARS,
                                          blank=True)
    spoken_production = models.CharField(_("produzione orale"), max_length=CODE_MAX_CHARS,
                                         blank=True)
    writing = models.CharField(_("produzione scritta"), max_length=CODE_MAX_CHARS, blank=True)
    certificate = models.CharField(_("certificazione"), max_length=CERTIFICATE_MAX_CHARS,
                                   blank=True)

    SKILLS = ("listening", "reading", "spoken_interaction", "spoken_production", "writing")

    class Meta:
        verbose_name = _("lingua conosciuta")
        verbose_name_plural = _("lingue conosciute")
        ordering = ["candidate", "id"]
        indexes = [models.Index(fields=["language_code", "candidate"],
                                name="candidate_language")]
        constraints = [models.UniqueConstraint(fields=["candidate", "language_code"],
                                               name="candidate_language_once")]

    def __str__(self) -> str:
        return self.language_code


class DigitalArea(models.TextChoices):
    """The five areas of the European digital competence framework (DigComp)."""

    INFORMATION = "informazione", _("Elaborazione delle informazioni")
    COMMUNICATION = "comunicazione", _("Comunicazione")
    CONTENT = "contenuti", _("Creazione di contenuti")
    SAFETY = "sicurezza", _("Sicurezza")
    PROBLEMS = "problemi", _("Risoluzione di problemi")


class DigitalLevel(models.TextChoices):
    BASIC = "base", _("Utente base")
    INDEPENDENT = "autonomo", _("Utente autonomo")
    PROFICIENT = "avanzato", _("Utente avanzato")


class CandidateDigitalSkill(models.Model):
    """ConoscenzeInformatiche, as the Europass self-assessment per DigComp area."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE,
                                  related_name="digital_skills")
    area = models.CharField(_("area"), max_length=20, choices=DigitalArea.choices)
    level = models.CharField(_("livello"), max_length=10, choices=DigitalLevel.choices)

    class Meta:
        verbose_name = _("competenza digitale")
        verbose_name_plural = _("competenze digitali")
        ordering = ["candidate", "id"]
        constraints = [models.UniqueConstraint(fields=["candidate", "area"],
                                               name="candidate_digital_area_once")]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_level_display()}"


class CandidateLicence(models.Model):
    """AbilitazioniPatenti: a driving licence, another licence or a register."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="licences")
    kind = models.CharField(_("tipo"), max_length=10, choices=LicenceKind.choices)
    code = models.CharField(_("codice"), max_length=CODE_MAX_CHARS)

    class Meta:
        verbose_name = _("patente o abilitazione")
        verbose_name_plural = _("patenti e abilitazioni")
        ordering = ["candidate", "kind", "code"]
        indexes = [models.Index(fields=["kind", "code", "candidate"], name="candidate_licence")]
        constraints = [models.UniqueConstraint(fields=["candidate", "kind", "code"],
                                               name="candidate_licence_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"


class DesiredProfession(models.Model):
    """ProfessioneDesiderataDisponibilita: a profession the person looks for."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE,
                                  related_name="desired_professions")
    profession_code = models.CharField(_("professione (CP2011)"), max_length=CODE_MAX_CHARS)
    description = models.CharField(_("descrizione"), max_length=PROFESSION_TEXT_MAX_CHARS,
                                   blank=True)
    experienced = models.BooleanField(_("esperienza nel settore"), default=False)

    class Meta:
        verbose_name = _("professione desiderata")
        verbose_name_plural = _("professioni desiderate")
        ordering = ["candidate", "id"]
        indexes = [_pattern_index("desired_profession", "profession_code")]
        constraints = [models.UniqueConstraint(fields=["candidate", "profession_code"],
                                               name="desired_profession_once")]

    def __str__(self) -> str:
        return self.profession_code
