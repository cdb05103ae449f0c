"""Writes on a person's CV, built with the operator at the counter: the
candidate's profile and availability, and each part (experiences, education,
training, languages, digital skills, licences, desired professions). Every
code is checked against the code tables (codes.validation.check_code); a
part being edited keeps a code that has since ended. Reading the CV (its
page, its PDF, the API) is recorded in the audit log: it is personal data."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import services as audit
from codes import tables
from codes.models import CodeEntry
from codes.validation import check_code
from core.errors import ServiceError
from jobs import matching_sql
from jobs.cv_rules import LICENCE_TABLES, PROFESSION_LEVEL
from jobs.errors import CvExists, CvInvalid, CvPartDuplicate
from jobs.models import (
    MAX_COURSE_HOURS,
    MAX_DISTANCE_KM,
    Attestation,
    Candidate,
    CandidateDigitalSkill,
    CandidateEducation,
    CandidateExperience,
    CandidateLanguage,
    CandidateLicence,
    CandidateTraining,
    DesiredProfession,
    DigitalArea,
    DigitalLevel,
    LicenceKind,
)
from jobs.permissions import check_can_use_jobs
from people.models import Person

CANDIDATE_SAVED = "jobs.candidate_saved"
CV_PART_ADDED = "jobs.cv_part_added"
CV_PART_REMOVED = "jobs.cv_part_removed"
CV_PART_CHANGED = "jobs.cv_part_changed"
CV_READ = "jobs.cv_read"
CV_PRINTED = "jobs.cv_printed"

LABELS = {
    CANDIDATE_SAVED: "Curriculum: profilo e disponibilità salvati",
    CV_PART_ADDED: "Curriculum: voce aggiunta",
    CV_PART_REMOVED: "Curriculum: voce eliminata",
    CV_PART_CHANGED: "Curriculum: voce modificata",
    CV_READ: "Curriculum letto",
    CV_PRINTED: "Curriculum stampato in PDF",
}

FIRST_YEAR = 1900


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def _code(errors: dict, name: str, table: str, code: str, *, level: int | None = None,
          keep: str | None = None, required: bool = False) -> str:
    code = (code or "").strip().upper() if table in (tables.COMUNI,) else (code or "").strip()
    if not code:
        if required:
            errors[name] = "Campo obbligatorio."
        return ""
    try:
        return check_code(table, code, level=level, keep=keep or None, field=name).code
    except ServiceError as exc:
        errors[name] = exc.message
        return code


def _year(errors: dict, name: str, year: int | None) -> int | None:
    if year is not None and not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        errors[name] = f"Indicare un anno tra il {FIRST_YEAR} e il {timezone.localdate().year + 1}."
    return year


def _raise(errors: dict) -> None:
    if errors:
        raise CvInvalid.from_errors(errors)


# --- the candidate's profile ---------------------------------------------------------------

@dataclass(frozen=True)
class CandidateData:
    is_searching: bool = True
    available_from: date | None = None
    comune_code: str = ""
    working_modes: list[str] = field(default_factory=list)
    contract_types: list[str] = field(default_factory=list)
    willing_to_travel: bool = False
    max_distance_km: int | None = None
    provinces: list[str] = field(default_factory=list)
    own_vehicle: bool = False
    mother_tongues: list[str] = field(default_factory=list)
    digital_notes: str = ""
    notes: str = ""

    @classmethod
    def from_candidate(cls, candidate: Candidate) -> CandidateData:
        return cls(**{f.name: getattr(candidate, f.name) for f in fields(cls)})


def _candidate_values(data: CandidateData, *, current: Candidate | None) -> dict:
    errors: dict[str, str] = {}
    keep = (lambda name: getattr(current, name)) if current else (lambda name: None)
    values = {f.name: getattr(data, f.name) for f in fields(CandidateData)}
    values["comune_code"] = _code(errors, "comune_code", tables.COMUNI, data.comune_code,
                                  keep=keep("comune_code"))

    def code_list(name: str, table: str) -> list[str]:
        kept = set(keep(name) or [])
        out = []
        for code in data.__getattribute__(name):
            one: dict = {}
            clean = _code(one, name, table, code, keep=code if code in kept else None)
            if one:
                errors.setdefault(name, one[name])
            elif clean and clean not in out:
                out.append(clean)
        return out

    values["working_modes"] = code_list("working_modes", tables.WORKING_MODES)
    values["contract_types"] = code_list("contract_types", tables.CONTRACTS)
    values["mother_tongues"] = code_list("mother_tongues", tables.LANGUAGES)
    provinces = []
    wanted = [(sigla or "").strip().upper() for sigla in data.provinces]
    known = set(CodeEntry.objects.filter(table=tables.PROVINCES, extra__sigla__in=wanted)
                .values_list("extra__sigla", flat=True)) if wanted else set()
    for sigla in wanted:
        if sigla and sigla not in known:
            errors["provinces"] = f"Provincia sconosciuta: «{sigla[:5]}»."
        elif sigla and sigla not in provinces:
            provinces.append(sigla)
    values["provinces"] = provinces
    if data.max_distance_km is not None and not 0 <= data.max_distance_km <= MAX_DISTANCE_KM:
        errors["max_distance_km"] = f"Indicare una distanza tra 0 e {MAX_DISTANCE_KM} km."
    values["digital_notes"] = _text(data.digital_notes)
    values["notes"] = (data.notes or "").strip()
    _raise(errors)
    return values


def build_candidate(*, person: Person, data: CandidateData, acting_user) -> Candidate:
    """The row ``save_candidate`` inserts for a new CV, checked and unsaved."""
    return Candidate(person=person, created_by=acting_user,
                     **_candidate_values(data, current=None))


@transaction.atomic
def save_candidate(*, person: Person, data: CandidateData, acting_user) -> Candidate:
    """Open the person's CV or update its profile and availability."""
    check_can_use_jobs(acting_user)
    current = Candidate.objects.select_for_update().filter(person=person).first()
    if current is None:
        candidate = build_candidate(person=person, data=data, acting_user=acting_user)
        try:
            with transaction.atomic():
                candidate.save(force_insert=True)
        except IntegrityError as exc:  # opened at the same moment by someone else
            raise CvExists("Il curriculum di questa persona è stato appena aperto da un altro "
                           "operatore: ricaricare la pagina.") from exc
        changed = ["creato"]
    else:
        values = _candidate_values(data, current=current)
        changed = sorted(k for k, v in values.items() if getattr(current, k) != v)
        for key, value in values.items():
            setattr(current, key, value)
        current.save()
        candidate = current
    audit.record(action=CANDIDATE_SAVED, actor=acting_user, target=candidate,
                 details={"fields": changed})
    return candidate


def ensure_candidate(*, person: Person, acting_user) -> Candidate:
    """The person's CV, opened empty if there is none yet."""
    check_can_use_jobs(acting_user)
    existing = Candidate.objects.filter(person=person).first()
    return existing or save_candidate(person=person, data=CandidateData(),
                                      acting_user=acting_user)


def record_cv_read(*, candidate: Candidate, acting_user, printed: bool = False) -> None:
    """Someone read the CV (page or API) or printed it: who, when."""
    check_can_use_jobs(acting_user)
    audit.record(action=CV_PRINTED if printed else CV_READ, actor=acting_user,
                 target=candidate.person, details={"candidato": candidate.pk})


# --- the parts of the CV --------------------------------------------------------------------

@dataclass(frozen=True)
class ExperienceData:
    profession_code: str
    employer_name: str = ""
    employer_place: str = ""
    contract_type_code: str = ""
    started_on: date | None = None
    ended_on: date | None = None
    tasks: str = ""


@dataclass(frozen=True)
class EducationData:
    education_code: str
    year: int | None = None
    institute: str = ""
    description: str = ""
    grade: str = ""


@dataclass(frozen=True)
class TrainingData:
    title: str
    provider: str = ""
    year: int | None = None
    hours: int | None = None
    attestation: str = ""


@dataclass(frozen=True)
class LanguageData:
    language_code: str
    listening: str = ""
    reading: str = ""
    spoken_interaction: str = ""
    spoken_production: str = ""
    writing: str = ""
    certificate: str = ""


@dataclass(frozen=True)
class DigitalSkillData:
    area: str
    level: str


@dataclass(frozen=True)
class LicenceData:
    kind: str
    code: str


@dataclass(frozen=True)
class DesiredProfessionData:
    profession_code: str
    description: str = ""
    experienced: bool = False


def build_experience(*, candidate: Candidate, data: ExperienceData,
                     keep: CandidateExperience | None = None) -> CandidateExperience:
    errors: dict[str, str] = {}
    profession = _code(errors, "profession_code", tables.PROFESSIONS, data.profession_code,
                       level=PROFESSION_LEVEL, keep=keep and keep.profession_code, required=True)
    contract = _code(errors, "contract_type_code", tables.CONTRACTS, data.contract_type_code,
                     keep=keep and keep.contract_type_code)
    today = timezone.localdate()
    if data.started_on and data.started_on > today:
        errors["started_on"] = "La data di inizio è nel futuro."
    if data.started_on and data.ended_on and data.ended_on < data.started_on:
        errors["ended_on"] = "La data di fine precede la data di inizio."
    _raise(errors)
    return CandidateExperience(
        candidate=candidate, profession_code=profession, contract_type_code=contract,
        employer_name=_text(data.employer_name), employer_place=_text(data.employer_place),
        started_on=data.started_on, ended_on=data.ended_on, tasks=_text(data.tasks))


def build_education(*, candidate: Candidate, data: EducationData,
                    keep: CandidateEducation | None = None) -> CandidateEducation:
    errors: dict[str, str] = {}
    code = _code(errors, "education_code", tables.EDUCATION, data.education_code,
                 keep=keep and keep.education_code, required=True)
    year = _year(errors, "year", data.year)
    _raise(errors)
    return CandidateEducation(candidate=candidate, education_code=code, year=year,
                              institute=_text(data.institute),
                              description=_text(data.description), grade=_text(data.grade))


def build_training(*, candidate: Candidate, data: TrainingData) -> CandidateTraining:
    errors: dict[str, str] = {}
    title = _text(data.title)
    if not title:
        errors["title"] = "Indicare il titolo del corso."
    year = _year(errors, "year", data.year)
    if data.hours is not None and not 1 <= data.hours <= MAX_COURSE_HOURS:
        errors["hours"] = f"Indicare una durata tra 1 e {MAX_COURSE_HOURS} ore."
    if data.attestation and data.attestation not in Attestation.values:
        errors["attestation"] = "Tipo di attestazione non valido."
    _raise(errors)
    return CandidateTraining(candidate=candidate, title=title, provider=_text(data.provider),
                             year=year, hours=data.hours, attestation=data.attestation or "")


def build_language(*, candidate: Candidate, data: LanguageData,
                   keep: CandidateLanguage | None = None) -> CandidateLanguage:
    errors: dict[str, str] = {}
    language = _code(errors, "language_code", tables.LANGUAGES, data.language_code,
                     keep=keep and keep.language_code, required=True)
    levels = {}
    for skill in CandidateLanguage.SKILLS:
        levels[skill] = _code(errors, skill, tables.LANGUAGE_LEVELS, getattr(data, skill),
                              keep=keep and getattr(keep, skill))
    if not errors and not any(levels.values()):
        errors["reading"] = "Indicare il livello di almeno una competenza."
    _raise(errors)
    return CandidateLanguage(candidate=candidate, language_code=language,
                             certificate=_text(data.certificate), **levels)


def build_digital_skill(*, candidate: Candidate, data: DigitalSkillData) -> CandidateDigitalSkill:
    errors = {}
    if data.area not in DigitalArea.values:
        errors["area"] = "Area delle competenze digitali non valida."
    if data.level not in DigitalLevel.values:
        errors["level"] = "Livello non valido."
    _raise(errors)
    return CandidateDigitalSkill(candidate=candidate, area=data.area, level=data.level)


def build_licence(*, candidate: Candidate, data: LicenceData) -> CandidateLicence:
    errors: dict[str, str] = {}
    if data.kind not in LicenceKind.values:
        raise CvInvalid("Tipo di patente o abilitazione non valido.", field="kind")
    code = _code(errors, "code", LICENCE_TABLES[data.kind], data.code, required=True)
    _raise(errors)
    return CandidateLicence(candidate=candidate, kind=data.kind, code=code)


def build_desired_profession(*, candidate: Candidate,
                             data: DesiredProfessionData) -> DesiredProfession:
    errors: dict[str, str] = {}
    code = _code(errors, "profession_code", tables.PROFESSIONS, data.profession_code,
                 level=PROFESSION_LEVEL, required=True)
    _raise(errors)
    return DesiredProfession(candidate=candidate, profession_code=code,
                             description=_text(data.description), experienced=data.experienced)


_BUILDERS = {
    ExperienceData: build_experience, EducationData: build_education,
    TrainingData: build_training, LanguageData: build_language,
    DigitalSkillData: build_digital_skill, LicenceData: build_licence,
    DesiredProfessionData: build_desired_profession,
}
# Parts that exist once per key: saving again replaces the row.
_REPLACED_BY = {LanguageData: ("language_code",), DigitalSkillData: ("area",)}
_DUPLICATE = {LicenceData: "Patente o abilitazione già presente nel curriculum.",
              DesiredProfessionData: "Professione già presente tra quelle desiderate."}

CvPartData = (ExperienceData | EducationData | TrainingData | LanguageData | DigitalSkillData
              | LicenceData | DesiredProfessionData)


@transaction.atomic
def add_cv_part(*, candidate: Candidate, data: CvPartData, acting_user):
    """Add one part to the CV (a language or a digital area already there is
    updated with the new levels)."""
    check_can_use_jobs(acting_user)
    Candidate.objects.select_for_update().filter(pk=candidate.pk).first()
    row = _BUILDERS[type(data)](candidate=candidate, data=data)
    key = _REPLACED_BY.get(type(data))
    model = type(row)
    if key:
        existing = model.objects.filter(candidate=candidate,
                                        **{k: getattr(row, k) for k in key}).first()
        if existing is not None:
            row.pk = existing.pk
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise CvPartDuplicate(_DUPLICATE.get(type(data), "Voce già presente nel curriculum."),
                              field="code" if isinstance(data, LicenceData)
                              else "profession_code") from exc
    candidate.save(update_fields=["updated_at"])
    matching_sql.refresh_summaries([candidate.pk])
    audit.record(action=CV_PART_ADDED, actor=acting_user, target=candidate,
                 details={"voce": model._meta.model_name, "id": row.pk})
    return row


@transaction.atomic
def remove_cv_part(*, part, acting_user) -> None:
    check_can_use_jobs(acting_user)
    candidate = part.candidate
    details = {"voce": part._meta.model_name, "id": part.pk}
    part.delete()
    candidate.save(update_fields=["updated_at"])
    matching_sql.refresh_summaries([candidate.pk])
    audit.record(action=CV_PART_REMOVED, actor=acting_user, target=candidate, details=details)


_PART_DATA = {CandidateExperience: ExperienceData, CandidateEducation: EducationData,
              CandidateTraining: TrainingData, CandidateLanguage: LanguageData,
              CandidateDigitalSkill: DigitalSkillData, CandidateLicence: LicenceData,
              DesiredProfession: DesiredProfessionData}
# Builders that keep a code the part already holds when it has since ended.
_KEEPS = (build_experience, build_education, build_language)


def part_data(part) -> CvPartData:
    """The part's current values, as its typed input (to change some of them)."""
    data_class = _PART_DATA[type(part)]
    return data_class(**{f.name: getattr(part, f.name) for f in fields(data_class)})


@transaction.atomic
def update_cv_part(*, part, data: CvPartData, acting_user):
    """Change one part of the CV: the same checks as adding it, and a code
    the part already holds is kept even if it has since ended."""
    check_can_use_jobs(acting_user)
    if _PART_DATA.get(type(part)) is not type(data):
        raise CvInvalid("Voce del curriculum di un altro tipo.", field="kind")
    candidate = part.candidate
    Candidate.objects.select_for_update().filter(pk=candidate.pk).first()
    builder = _BUILDERS[type(data)]
    row = (builder(candidate=candidate, data=data, keep=part) if builder in _KEEPS
           else builder(candidate=candidate, data=data))
    row.pk = part.pk
    try:
        with transaction.atomic():
            row.save(force_update=True)
    except IntegrityError as exc:
        raise CvPartDuplicate(_DUPLICATE.get(type(data), "Voce già presente nel curriculum."),
                              field="code" if isinstance(data, LicenceData)
                              else "profession_code" if isinstance(data, DesiredProfessionData)
                              else "language_code" if isinstance(data, LanguageData)
                              else "area") from exc
    candidate.save(update_fields=["updated_at"])
    matching_sql.refresh_summaries([candidate.pk])
    audit.record(action=CV_PART_CHANGED, actor=acting_user, target=candidate,
                 details={"voce": type(row)._meta.model_name, "id": row.pk})
    return row
