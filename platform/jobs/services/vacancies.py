"""Vacancies and their lifecycle.

The lifecycle is the explicit table ``TRANSITIONS``: draft → published →
closed (filled, expired, withdrawn), and a draft may be withdrawn. Each
transition writes one VacancyEvent and calls the rete delle reti's hooks
(``jobs.publishing``) and the ``jobs.signals`` inside its own transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from audit import services as audit
from codes import tables
from jobs import permissions, publishing, signals
from jobs.audit_actions import (
    VACANCIES_EXPORTED,
    VACANCY_CLOSED,
    VACANCY_CREATED,
    VACANCY_PUBLISHED,
    VACANCY_UPDATED,
)
from jobs.errors import IllegalTransition, JobsError, PublicationWindowInvalid
from jobs.models import (
    DESCRIPTION_MAX_CHARS,
    IT_SKILLS_MAX_CHARS,
    MAX_EXPERIENCE_MONTHS,
    MAX_HOURS_PER_WEEK,
    MAX_POSITIONS,
    MIN_HOURS_PER_WEEK,
    TITLE_MAX_CHARS,
    CloseReason,
    Employer,
    EmployerSite,
    LicenceKind,
    StaffingNeed,
    Vacancy,
    VacancyEvent,
    VacancyLanguage,
    VacancyLicence,
    VacancyStatus,
    Visibility,
)
from jobs.services import conferral
from jobs.services._shared import assign, code_error, comune_error, one_line
from jobs.services.authorisation import require_authorisation

S = VacancyStatus
R = CloseReason

# Every allowed transition: (from, to) -> the close reasons it may carry
# (empty: none). Anything else is refused with ``transizione_non_ammessa``.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.DRAFT, S.PUBLISHED): frozenset(),
    (S.PUBLISHED, S.CLOSED): frozenset({R.FILLED, R.EXPIRED, R.WITHDRAWN}),
    (S.DRAFT, S.CLOSED): frozenset({R.WITHDRAWN}),
}
LICENCE_TABLES = {LicenceKind.DRIVING: tables.DRIVING_LICENCES,
                  LicenceKind.LICENCE: tables.LICENCES, LicenceKind.ALBO: tables.ALBI}
MAX_LANGUAGES = 10
MAX_LICENCES = 20
EXPIRY_LABEL = "Scadenza automatica della pubblicazione"


@dataclass(frozen=True)
class VacancyData:
    employer: Employer | None
    profession_code: str
    title: str
    comune_code: str
    description: str = ""
    site: EmployerSite | None = None
    education_code: str = ""
    experience_months: int = 0
    it_skills: str = ""
    contract_type_code: str = ""
    ccnl_code: str = ""
    hours_per_week: int | None = None
    working_mode_code: str = ""
    positions: int = 1
    publish_from: date | None = None
    publish_until: date | None = None
    visibility: str = Visibility.COUNTER
    # (language_code, level_code) and (kind, code) pairs.
    languages: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    licences: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @classmethod
    def from_vacancy(cls, vacancy: Vacancy) -> VacancyData:
        return cls(
            employer=vacancy.employer, profession_code=vacancy.profession_code,
            title=vacancy.title, comune_code=vacancy.comune_code,
            description=vacancy.description, site=vacancy.site,
            education_code=vacancy.education_code,
            experience_months=vacancy.experience_months, it_skills=vacancy.it_skills,
            contract_type_code=vacancy.contract_type_code, ccnl_code=vacancy.ccnl_code,
            hours_per_week=vacancy.hours_per_week, working_mode_code=vacancy.working_mode_code,
            positions=vacancy.positions, publish_from=vacancy.publish_from,
            publish_until=vacancy.publish_until, visibility=vacancy.visibility,
            languages=tuple((x.language_code, x.level_code) for x in vacancy.languages.all()),
            licences=tuple((x.kind, x.code) for x in vacancy.licences.all()))


_SCALARS = ("employer", "profession_code", "title", "comune_code", "description", "site",
            "education_code", "experience_months", "it_skills", "contract_type_code",
            "ccnl_code", "hours_per_week", "working_mode_code", "positions", "publish_from",
            "publish_until", "visibility")


def vacancy_errors(data: VacancyData, *, keep: Vacancy | None = None) -> tuple[dict, dict]:
    """Every field's problem at once, and the values to store. ``keep``: the
    vacancy being edited, whose stored codes stay valid even if expired."""
    errors: dict[str, str] = {}
    values = {name: getattr(data, name) for name in _SCALARS}
    for name in ("title", "profession_code", "comune_code", "education_code",
                 "contract_type_code", "ccnl_code", "working_mode_code"):
        values[name] = one_line(values[name])
    values["comune_code"] = values["comune_code"].upper()
    values["description"] = (values["description"] or "").strip()
    values["it_skills"] = (values["it_skills"] or "").strip()
    if data.employer is None:
        errors["employer"] = "Indicare l'azienda."
    elif not data.employer.is_active and getattr(keep, "employer_id", None) != data.employer.pk:
        errors["employer"] = "L'azienda non è più attiva."
    if data.site is not None and data.employer is not None \
            and data.site.employer_id != data.employer.pk:
        errors["site"] = "La sede non è di questa azienda."
    if not values["title"]:
        errors["title"] = "Indicare il titolo dell'offerta."
    elif len(values["title"]) > TITLE_MAX_CHARS:
        errors["title"] = f"Al massimo {TITLE_MAX_CHARS} caratteri."
    if len(values["description"]) > DESCRIPTION_MAX_CHARS:
        errors["description"] = f"Al massimo {DESCRIPTION_MAX_CHARS} caratteri."
    if len(values["it_skills"]) > IT_SKILLS_MAX_CHARS:
        errors["it_skills"] = f"Al massimo {IT_SKILLS_MAX_CHARS} caratteri."
    code = values["profession_code"]
    if not code:
        errors["profession_code"] = "Indicare la professione (CP2011, sesto livello)."
    elif message := code_error(tables.PROFESSIONS, code, level=6,
                               keep=getattr(keep, "profession_code", None)):
        errors["profession_code"] = (f"{message} Indicare una professione della classificazione "
                                     f"CP2011 al sesto livello (per esempio 5.2.2.1.0.3).")
    if message := comune_error(values["comune_code"], keep=getattr(keep, "comune_code", None)):
        errors["comune_code"] = message
    for name, table in (("education_code", tables.EDUCATION),
                        ("contract_type_code", tables.CONTRACTS), ("ccnl_code", tables.CCNL),
                        ("working_mode_code", tables.WORKING_MODES)):
        if values[name] and (message := code_error(table, values[name],
                                                   keep=getattr(keep, name, None))):
            errors[name] = message
    months = values["experience_months"]
    if months is None:
        values["experience_months"] = 0
    elif not 0 <= months <= MAX_EXPERIENCE_MONTHS:
        errors["experience_months"] = (f"L'esperienza richiesta va da 0 a "
                                       f"{MAX_EXPERIENCE_MONTHS} mesi.")
    hours = values["hours_per_week"]
    if hours is not None and not MIN_HOURS_PER_WEEK <= hours <= MAX_HOURS_PER_WEEK:
        errors["hours_per_week"] = (f"Le ore settimanali vanno da {MIN_HOURS_PER_WEEK} a "
                                    f"{MAX_HOURS_PER_WEEK}.")
    positions = values["positions"]
    if positions is None or not 1 <= positions <= MAX_POSITIONS:
        errors["positions"] = f"I posti vanno da 1 a {MAX_POSITIONS}."
    if values["visibility"] not in Visibility.values:
        errors["visibility"] = "Visibilità non valida."
    start, end = values["publish_from"], values["publish_until"]
    if start and end and end < start:
        errors["publish_until"] = ("La fine della pubblicazione non può precedere il suo "
                                   "inizio.")
    held_languages = (set(keep.languages.values_list("language_code", "level_code")) if keep
                      else set())
    held_licences = set(keep.licences.values_list("kind", "code")) if keep else set()
    languages = []
    if len(data.languages) > MAX_LANGUAGES:
        errors["languages"] = f"Al massimo {MAX_LANGUAGES} lingue."
    for language, level in data.languages:
        language, level = one_line(language), one_line(level).upper()
        held = (language, level) in held_languages  # kept even if its code has ended since
        if not held and (code_error(tables.LANGUAGES, language)
                         or code_error(tables.LANGUAGE_LEVELS, level)):
            errors["languages"] = "Indicare ogni lingua con il suo livello (QCER, da A1 a C2)."
        elif language in {x for x, _ in languages}:
            errors["languages"] = "Ogni lingua va indicata una volta sola."
        else:
            languages.append((language, level))
    licences = []
    if len(data.licences) > MAX_LICENCES:
        errors["licences"] = f"Al massimo {MAX_LICENCES} patenti e abilitazioni."
    for kind, code in data.licences:
        code = one_line(code)
        if (kind, code) in held_licences:
            if (kind, code) not in licences:
                licences.append((kind, code))
        elif kind not in LicenceKind.values or code_error(LICENCE_TABLES[kind], code):
            errors["licences"] = "Patente o abilitazione non valida."
        elif (kind, code) not in licences:
            licences.append((kind, code))
    return errors, {"values": values, "languages": languages, "licences": licences}


def _write_requirements(vacancy: Vacancy, languages, licences) -> None:
    vacancy.languages.all().delete()
    vacancy.licences.all().delete()
    VacancyLanguage.objects.bulk_create(
        [VacancyLanguage(vacancy=vacancy, language_code=language, level_code=level)
         for language, level in languages])
    VacancyLicence.objects.bulk_create(
        [VacancyLicence(vacancy=vacancy, kind=kind, code=code) for kind, code in licences])


def record_event(vacancy: Vacancy, *, from_status: str, to_status: str, actor,
                 close_reason: str = "", note: str = "", actor_label: str = "") -> VacancyEvent:
    return VacancyEvent.objects.create(
        vacancy=vacancy, from_status=from_status, to_status=to_status,
        close_reason=close_reason, actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label or (getattr(actor, "email", "") if actor else ""),
        note=note.strip())


@transaction.atomic
def create_vacancy(*, data: VacancyData, acting_user, need: StaffingNeed | None = None,
                   note: str = "") -> Vacancy:
    """A new vacancy, in draft."""
    permissions.check_can_use_jobs(acting_user)
    errors, clean = vacancy_errors(data)
    if errors:
        raise JobsError.from_errors(errors)
    vacancy = Vacancy.objects.create(**clean["values"], need=need, created_by=acting_user)
    _write_requirements(vacancy, clean["languages"], clean["licences"])
    record_event(vacancy, from_status="", to_status=S.DRAFT, actor=acting_user,
                 note=note or "Offerta creata")
    audit.record(action=VACANCY_CREATED, actor=acting_user, target=vacancy,
                 details={"need": need.pk if need else None})
    return vacancy


@transaction.atomic
def update_vacancy(*, vacancy: Vacancy, data: VacancyData, acting_user) -> Vacancy:
    """Change a draft or published vacancy; a closed one stays as it closed."""
    permissions.check_can_use_jobs(acting_user)
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status == S.CLOSED:
        raise IllegalTransition("Un'offerta chiusa non si può più modificare.",
                                code="offerta_chiusa")
    errors, clean = vacancy_errors(data, keep=vacancy)
    if vacancy.status == S.PUBLISHED and not errors:
        errors.update(_window_errors(clean["values"]["publish_from"],
                                     clean["values"]["publish_until"]))
    if errors:
        raise JobsError.from_errors(errors)
    changed = assign(vacancy, clean["values"])
    vacancy.save()
    old = (sorted(vacancy.languages.values_list("language_code", "level_code")),
           sorted(vacancy.licences.values_list("kind", "code")))
    if old != (sorted(clean["languages"]), sorted(clean["licences"])):
        _write_requirements(vacancy, clean["languages"], clean["licences"])
        changed.append("requirements")
    if changed:
        audit.record(action=VACANCY_UPDATED, actor=acting_user, target=vacancy,
                     details={"fields": changed})
        publishing.on_vacancy_changed(vacancy, acting_user=acting_user)
        if vacancy.status == S.PUBLISHED:
            conferral.vacancy_changed(vacancy, acting_user=acting_user)
    return vacancy


def _window_errors(start: date | None, end: date | None, *, today: date | None = None
                   ) -> dict[str, str]:
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if start is None:
        errors["publish_from"] = "Per pubblicare indicare da quando."
    if end is None:
        errors["publish_until"] = "Per pubblicare indicare fino a quando."
    elif start is not None and end < start:
        errors["publish_until"] = ("La fine della pubblicazione non può precedere il suo "
                                   "inizio.")
    elif end < today:
        errors["publish_until"] = "La fine della pubblicazione è già passata."
    return errors


def _check_transition(vacancy: Vacancy, to_status: str, reason: str = "") -> None:
    allowed = TRANSITIONS.get((vacancy.status, to_status))
    if allowed is None:
        current = S(vacancy.status).label.lower()
        target = {S.PUBLISHED: "pubblicata", S.CLOSED: "chiusa", S.DRAFT: "riportata in bozza"}
        raise IllegalTransition(f"Un'offerta {current} non può essere "
                                f"{target[S(to_status)]}.", field="status")
    if allowed and reason not in allowed:
        raise IllegalTransition("Motivo di chiusura non ammesso da questo stato.",
                                code="motivo_non_ammesso", field="close_reason")


@transaction.atomic
def publish_vacancy(*, vacancy: Vacancy, acting_user, note: str = "",
                    today: date | None = None) -> Vacancy:
    """Draft → published, inside a valid publication window. To the rete
    delle reti only with the authorisation to intermediate in force."""
    permissions.check_can_use_jobs(acting_user)
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    _check_transition(vacancy, S.PUBLISHED)
    if errors := _window_errors(vacancy.publish_from, vacancy.publish_until, today=today):
        first = next(iter(errors))
        raise PublicationWindowInvalid(errors[first], field=first,
                                       fields={k: [v] for k, v in errors.items()})
    if vacancy.visibility == Visibility.EXCHANGE:
        require_authorisation(on=today)
    vacancy.status = S.PUBLISHED
    vacancy.published_at = timezone.now()
    vacancy.save(update_fields=["status", "published_at", "updated_at"])
    record_event(vacancy, from_status=S.DRAFT, to_status=S.PUBLISHED, actor=acting_user,
                 note=note)
    audit.record(action=VACANCY_PUBLISHED, actor=acting_user, target=vacancy,
                 details={"visibility": vacancy.visibility})
    publishing.on_vacancy_published(vacancy, acting_user=acting_user)
    conferral.vacancy_changed(vacancy, acting_user=acting_user)
    signals.vacancy_published.send(sender=Vacancy, vacancy=vacancy, actor=acting_user)
    return vacancy


def _close(vacancy: Vacancy, *, reason: str, actor, note: str = "",
           actor_label: str = "") -> Vacancy:
    _check_transition(vacancy, S.CLOSED, reason)
    current = vacancy.status
    vacancy.status, vacancy.close_reason = S.CLOSED, reason
    vacancy.closed_at = timezone.now()
    vacancy.save(update_fields=["status", "close_reason", "closed_at", "updated_at"])
    record_event(vacancy, from_status=current, to_status=S.CLOSED, close_reason=reason,
                 actor=actor, note=note, actor_label=actor_label)
    audit.record(action=VACANCY_CLOSED, actor=actor, actor_label=actor_label, target=vacancy,
                 details={"reason": reason, "from": current})
    publishing.on_vacancy_closed(vacancy)
    conferral.vacancy_changed(vacancy, acting_user=actor, closing=True)
    signals.vacancy_closed.send(sender=Vacancy, vacancy=vacancy, reason=reason, actor=actor)
    return vacancy


@transaction.atomic
def close_vacancy(*, vacancy: Vacancy, reason: str, acting_user, note: str = "") -> Vacancy:
    """Published → closed (filled, expired or withdrawn); a draft can only be
    withdrawn."""
    permissions.check_can_use_jobs(acting_user)
    if reason not in CloseReason.values:
        raise JobsError("Indicare il motivo della chiusura.", field="close_reason")
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    return _close(vacancy, reason=reason, actor=acting_user, note=note)


def expire_vacancies(*, today: date | None = None) -> int:
    """Close every published vacancy of the current schema whose window ended
    before ``today``, one "scaduta" event each. Idempotent: a second run finds
    none. The scheduled task's work (no acting user: the system)."""
    today = today or timezone.localdate()
    closed = 0
    ids = list(Vacancy.objects.filter(status=S.PUBLISHED, publish_until__lt=today)
               .values_list("pk", flat=True))
    for pk in ids:
        with transaction.atomic():
            vacancy = (Vacancy.objects.select_for_update(skip_locked=True)
                       .filter(pk=pk, status=S.PUBLISHED, publish_until__lt=today).first())
            if vacancy is None:
                continue
            _close(vacancy, reason=R.EXPIRED, actor=None, actor_label=EXPIRY_LABEL,
                   note=f"Pubblicazione terminata il {vacancy.publish_until:%d/%m/%Y}")
            closed += 1
    return closed


def record_vacancies_export(*, acting_user, file_format: str, count: int) -> None:
    permissions.check_can_use_jobs(acting_user)
    audit.record(action=VACANCIES_EXPORTED, actor=acting_user,
                 details={"format": file_format, "count": count})
