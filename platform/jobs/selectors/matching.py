"""Reads of the matching: candidates ranked for a vacancy and vacancies for
a candidate (computed by jobs.matching_sql in PostgreSQL), each with its
score broken into reasons in Italian; the applications of a vacancy or a
candidate. Every read is scoped to the current tenant's schema and to staff."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from codes import selectors as codes
from codes import tables
from codes.names import label_sentence
from core.errors import NotFound
from jobs import matching_sql
from jobs.cv_rules import LICENCE_TABLES
from jobs.models import Application, Candidate, Interview, LicenceKind, Vacancy
from jobs.permissions import check_can_use_jobs

LEVEL_WORDS = {6: "stessa professione (6° livello)",
               5: "stessa unità professionale (5° livello)",
               4: "stesso gruppo (4° livello)",
               3: "stessa classe (3° livello)"}
LICENCE_WORDS = {LicenceKind.DRIVING: "Patente", LicenceKind.LICENCE: "Patentino",
                 LicenceKind.ALBO: "Albo"}




@dataclass
class Reason:
    component: str  # profession, distance, education, languages, licences, availability
    points: int
    text: str


@dataclass
class Match:
    candidate_id: int
    vacancy_id: int
    person_id: int
    name: str
    vacancy_title: str
    score: int
    reasons: list[Reason] = field(default_factory=list)
    application_id: int | None = None
    application_status: str = ""

    @property
    def reason_texts(self) -> list[str]:
        return [reason.text for reason in self.reasons]


@dataclass
class Ranking:
    matches: list[Match]
    total: int


def _labels(rows: list[dict]) -> dict[tuple[str, str], str]:
    """Every label the page's reasons cite, in one query per table."""
    wanted: dict[str, set[str]] = {}

    def want(table, code):
        if code:
            wanted.setdefault(table, set()).add(code)

    for row in rows:
        want(tables.PROFESSIONS, row["profession_code"])
        want(tables.PROFESSIONS, row["matched_code"])
        want(tables.EDUCATION, row["education_code"])
        want(tables.EDUCATION, row["education_held"])
        want(tables.COMUNI, row["vacancy_comune"])
        for language, _level, _held in row["languages"] or []:
            want(tables.LANGUAGES, language)
        for kind, code, _held in row["licences"] or []:
            want(LICENCE_TABLES.get(kind, ""), code)
    labels = {}
    for table, wanted_codes in wanted.items():
        if not table:
            continue
        for code, entry in codes.entries_for(table=table, codes=sorted(wanted_codes)).items():
            labels[(table, code)] = label_sentence(entry.label)
    return labels


def _reasons(row: dict, labels: dict) -> list[Reason]:
    def label(table, code):
        return labels.get((table, code), "")

    reasons = []
    source = "esperienza" if row["matched_source"] == "e" else "professione desiderata"
    held = f"{row['matched_code']} {label(tables.PROFESSIONS, row['matched_code'])}".strip()
    reasons.append(Reason("profession", row["profession_points"], (
        f"Professione richiesta {row['profession_code']} "
        f"{label(tables.PROFESSIONS, row['profession_code'])}: {LEVEL_WORDS[row['lvl']]}"
        + ("" if row["lvl"] == 6 else f" con {held}") + f" ({source})")))
    if row["candidate_comune"] and row["candidate_comune"] == row["vacancy_comune"]:
        distance = "stesso comune"
    elif row["km"] is not None:
        distance = f"{row['km']:.0f} km".replace(".", ",")
    elif row["candidate_province"] and row["candidate_province"] == row["vacancy_province"]:
        distance = "stessa provincia"
    elif row["searches_province"]:
        distance = f"cerca lavoro in provincia di {row['vacancy_province']}"
    elif row["candidate_region"] and row["candidate_region"] == row["vacancy_region"]:
        distance = "stessa regione"
    elif not row["candidate_comune"]:
        distance = "comune del candidato non indicato"
    else:
        distance = "fuori regione"
    place = label(tables.COMUNI, row["vacancy_comune"])
    reasons.append(Reason("distance", row["distance_points"],
                          f"Distanza: {distance}" + (f" (lavoro a {place})" if place else "")))
    if row["education_code"]:
        held_title = (label(tables.EDUCATION, row["education_held"]).lower()
                      if row["education_held"] else "nessun titolo indicato")
        reasons.append(Reason("education", row["education_points"], (
            f"Titolo di studio: richiesto {label(tables.EDUCATION, row['education_code']).lower()}"
            f", posseduto {held_title}")))
    for language, level, held_level in row["languages"] or []:
        name = label(tables.LANGUAGES, language).lower() or language
        reasons.append(Reason("languages", 0, (
            f"Lingue: {name} {level} richiesto, "
            + (f"posseduto {held_level}" if held_level else "non indicato nel curriculum"))))
    if row["languages_required"]:
        reasons[-1].points = row["language_points"]
    for kind, code, has in row["licences"] or []:
        name = label(LICENCE_TABLES.get(kind, ""), code) or code
        if kind == LicenceKind.DRIVING and name.lower().startswith("patente "):
            name = name[len("patente "):].upper()
            text = f"Patente {name}: {'posseduta' if has else 'non posseduta'}"
        else:
            held = "posseduto" if has else "non posseduto"
            text = f"{LICENCE_WORDS.get(kind, kind)} {name}: {held}"
        reasons.append(Reason("licences", 0, text))
    if row["licences_required"]:
        reasons[-1].points = row["licence_points"]
    available = row["available_from"]
    today = timezone.localdate()
    reasons.append(Reason("availability", row["availability_points"], (
        "Disponibile subito" if available is None or available <= today
        else f"Disponibile dal {available:%d/%m/%Y}")))
    return reasons


def _matches(rows: list[dict]) -> Ranking:
    labels = _labels(rows)
    matches = [Match(candidate_id=row["candidate_id"], vacancy_id=row["vacancy_id"],
                     person_id=row["person_id"], name=f"{row['first_name']} {row['last_name']}",
                     vacancy_title=row["vacancy_title"], score=row["score"],
                     reasons=_reasons(row, labels), application_id=row["application_id"],
                     application_status=row["application_status"] or "")
               for row in rows]
    return Ranking(matches=matches, total=rows[0]["total"] if rows else 0)


def candidates_for_vacancy(*, actor, vacancy: Vacancy, limit: int = 20, offset: int = 0,
                           today: date | None = None) -> Ranking:
    """The "Candidati consigliati" of a vacancy."""
    check_can_use_jobs(actor)
    rows = matching_sql.candidates_for_vacancy(
        vacancy_id=vacancy.pk, profession_code=vacancy.profession_code,
        today=today or timezone.localdate(), limit=limit, offset=offset)
    return _matches(rows)


def vacancies_for_candidate(*, actor, candidate: Candidate, limit: int = 20, offset: int = 0,
                            today: date | None = None) -> Ranking:
    """The "Offerte adatte" of a candidate: published vacancies only."""
    check_can_use_jobs(actor)
    rows = matching_sql.vacancies_for_candidate(
        candidate_id=candidate.pk, today=today or timezone.localdate(), limit=limit,
        offset=offset)
    return _matches(rows)


def get_application_for(*, actor, application_id: int) -> Application:
    check_can_use_jobs(actor)
    application = (Application.objects.select_related("vacancy", "candidate__person")
                   .filter(pk=application_id).first())
    if application is None:
        raise NotFound("Candidatura non trovata.")
    return application


def applications_of_vacancy(*, actor, vacancy: Vacancy) -> list[Application]:
    check_can_use_jobs(actor)
    return list(vacancy.applications.select_related("candidate__person")
                .prefetch_related("events", "interviews"))


def applications_of_candidate(*, actor, candidate: Candidate) -> list[Application]:
    check_can_use_jobs(actor)
    return list(candidate.applications.select_related("vacancy").order_by("-created_at"))


def get_vacancy_for(*, actor, vacancy_id: int) -> Vacancy | None:
    check_can_use_jobs(actor)
    return Vacancy.objects.select_related("employer").filter(pk=vacancy_id).first()


def match_of(*, actor, vacancy: Vacancy, candidate: Candidate) -> Match | None:
    """The match of one candidate for the vacancy (to keep it with a proposal)."""
    for match in candidates_for_vacancy(actor=actor, vacancy=vacancy, limit=1000).matches:
        if match.candidate_id == candidate.pk:
            return match
    return None


def applications_for(*, actor, vacancy_id: int | None = None, candidate_id: int | None = None,
                     status: str = ""):
    """The counter's applications, newest first, by vacancy, candidate or state."""
    check_can_use_jobs(actor)
    items = Application.objects.select_related("vacancy", "candidate__person")
    if vacancy_id is not None:
        items = items.filter(vacancy_id=vacancy_id)
    if candidate_id is not None:
        items = items.filter(candidate_id=candidate_id)
    if status:
        items = items.filter(status=status)
    return items.order_by("-created_at", "-id")


def application_detail_for(*, actor, application_id: int) -> Application:
    """One application with its events and interviews."""
    check_can_use_jobs(actor)
    application = (Application.objects.select_related("vacancy", "candidate__person")
                   .prefetch_related("events", "interviews").filter(pk=application_id).first())
    if application is None:
        raise NotFound("Candidatura non trovata.")
    return application


def get_interview_for(*, actor, application: Application, interview_id: int) -> Interview:
    check_can_use_jobs(actor)
    interview = Interview.objects.filter(pk=interview_id, application=application).first()
    if interview is None:
        raise NotFound("Colloquio non trovato.")
    return interview
