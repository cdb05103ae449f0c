"""The job desk's side of the rete delle reti: what a counter publishes there
and when it goes.

A vacancy with visibility "rete delle reti" is copied into the exchange when
it is published and removed when it closes (``on_vacancy_published`` /
``on_vacancy_closed``, called by the vacancy services inside the transition's
transaction). A candidate's anonymous profile is published by the operator
(``publish_candidate_profile``) with the person's consent to publication in
the job exchange, and removed when that consent is withdrawn
(``on_consent_withdrawn``, connected to ``people.signals.consent_withdrawn``
in ``jobs.apps``), in the same transaction. Both need the counter's
authorisation to intermediate in force.

The anonymous profile is built here (``profile_entry_data``) and carries no
name, contact, codice fiscale, exact birth date, comune or free text of the
person: a five-year age band, the province, codes and their labels."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from core.errors import ServiceError
from exchange import services as exchange
from exchange.models import EntryKind
from exchange.services import LanguageSkill, ProfileEntryData, VacancyEntryData, age_band
from jobs import permissions
from jobs.audit_actions import PROFILE_PUBLISHED, PROFILE_WITHDRAWN
from jobs.models import EmployerConsentPurpose, Vacancy, VacancyStatus, Visibility
from jobs.selectors.employers import has_consent
from jobs.services.authorisation import require_authorisation
from people import services as people_services
from people.models import ConsentPurpose

PROFILE_CONSENT = ConsentPurpose.JOB_EXCHANGE
# The employer is named in its vacancies' entries only with this consent.
EMPLOYER_PUBLICATION_CONSENT = EmployerConsentPurpose.PUBLICATION
# The exchange's field names as the vacancy form calls them.
_VACANCY_FIELDS = {"summary": "description", "profession_code": "profession_code",
                   "contract_type": "contract_type_code", "working_mode": "working_mode_code",
                   "education_level": "education_code", "province": "comune_code",
                   "comune_code": "comune_code"}


def _entry(table: str, code: str):
    """The code's row in the code tables, or None."""
    from codes.selectors import code_entry

    return code_entry(table=table, code=code) if code else None


def _label(table: str, code: str) -> str:
    """The code's label in the code tables, when they hold it."""
    entry = _entry(table, code)
    return entry.label if entry is not None else ""


def _province(comune_code: str) -> str:
    """The province (sigla) of a comune by its Belfiore code, when the code
    tables know it; else the counter's own province."""
    entry = _entry("comuni", comune_code)
    if entry is not None and (entry.extra or {}).get("provincia"):
        return entry.extra["provincia"]
    from exchange.selectors import current_tenant
    tenant = current_tenant()
    return (tenant.province or "") if tenant else ""


def _renamed(exc: ServiceError, names: dict[str, str]) -> ServiceError:
    fields = {names.get(key, key): value for key, value in exc.fields.items()}
    return type(exc)(exc.message, code=exc.code, field=names.get(exc.field, exc.field),
                     fields=fields)


# --- Vacancies ------------------------------------------------------------------------

def vacancy_entry_data(vacancy) -> VacancyEntryData:
    """A vacancy as the exchange shows it: the employer's data, never a citizen's.
    The employer is named (its name only, never its contacts) only if the
    latest of its ``pubblicazione`` consents is given."""
    employer_name = (vacancy.employer.name if has_consent(
        employer=vacancy.employer, purpose=EMPLOYER_PUBLICATION_CONSENT) else "")
    return VacancyEntryData(
        source_id=vacancy.pk, title=vacancy.title, profession_code=vacancy.profession_code,
        profession_label=_label("cp2011", vacancy.profession_code),
        employer_name=employer_name, comune_code=vacancy.comune_code,
        comune_name=_label("comuni", vacancy.comune_code),
        province=_province(vacancy.comune_code),
        contract_type=vacancy.contract_type_code,
        contract_label=_label("tipi_contratto", vacancy.contract_type_code),
        working_mode=vacancy.working_mode_code,
        working_mode_label=_label("modalita_lavoro", vacancy.working_mode_code),
        education_level=vacancy.education_code,
        education_label=_label("titoli_studio", vacancy.education_code),
        positions=vacancy.positions, summary=vacancy.description,
        publish_until=vacancy.publish_until)


def on_vacancy_published(vacancy, acting_user=None) -> None:
    """A vacancy has just been published (inside the transaction): one with
    visibility "rete delle reti" enters the exchange, with the authorisation
    to intermediate in force; an error here rolls the publication back."""
    if vacancy.visibility != Visibility.EXCHANGE:
        return
    require_authorisation()
    try:
        exchange.publish_vacancy(data=vacancy_entry_data(vacancy), acting_user=acting_user)
    except ServiceError as exc:
        raise _renamed(exc, _VACANCY_FIELDS) from exc


def on_vacancy_changed(vacancy, acting_user=None) -> None:
    """A vacancy was edited (inside the transaction): a published one for the
    rete delle reti refreshes its entry; one no longer for it leaves."""
    if vacancy.status != VacancyStatus.PUBLISHED:
        return
    if vacancy.visibility == Visibility.EXCHANGE:
        on_vacancy_published(vacancy, acting_user=acting_user)
    else:
        exchange.remove_source(kind=EntryKind.VACANCY, source_id=vacancy.pk,
                               reason="offerta non più condivisa", acting_user=acting_user)


def on_vacancy_closed(vacancy) -> None:
    """A vacancy has just been closed (filled, expired or withdrawn): its entry
    leaves the exchange in the same transaction."""
    exchange.remove_source(kind=EntryKind.VACANCY, source_id=vacancy.pk,
                           reason=f"offerta chiusa ({vacancy.close_reason})")


def on_employer_consent_recorded(*, employer, purpose: str, acting_user=None) -> None:
    """An employer's consent was recorded (inside the same transaction): when it
    is the publication consent, the entries of its vacancies in the exchange
    are refreshed, so that the name appears or goes everywhere at once. A
    withdrawal never fails for the exchange: an entry that cannot be refreshed
    leaves it."""
    if purpose != EMPLOYER_PUBLICATION_CONSENT:
        return
    from exchange.selectors import current_tenant, entry_for_source

    tenant = current_tenant()
    if tenant is None:
        return
    named = has_consent(employer=employer, purpose=EMPLOYER_PUBLICATION_CONSENT)
    vacancies = Vacancy.objects.filter(employer=employer, status=VacancyStatus.PUBLISHED,
                                       visibility=Visibility.EXCHANGE).select_related("employer")
    for vacancy in vacancies:
        if entry_for_source(tenant=tenant, kind=EntryKind.VACANCY, source_id=vacancy.pk) is None:
            continue
        try:
            with transaction.atomic():
                if named:
                    require_authorisation()
                exchange.publish_vacancy(data=vacancy_entry_data(vacancy),
                                         acting_user=acting_user)
        except ServiceError:
            if not named:  # the name must go: the entry goes with it
                exchange.remove_source(kind=EntryKind.VACANCY, source_id=vacancy.pk,
                                       reason="consenso dell'azienda alla pubblicazione revocato",
                                       acting_user=acting_user)


# --- Anonymous candidate profiles -----------------------------------------------------

@dataclass(frozen=True)
class CvFacts:
    """What of a CV an anonymous profile may show: codes and levels only."""

    education_codes: tuple[str, ...] = ()
    desired_professions: tuple[str, ...] = ()
    experience_professions: tuple[str, ...] = ()
    languages: tuple[tuple[str, str], ...] = ()  # (language code, CEFR level)
    licences: tuple[str, ...] = ()
    digital_skills: tuple[str, ...] = ()  # "Comunicazione: intermedio"
    contract_types: tuple[str, ...] = ()
    available_from: date | None = None
    searching: bool = True
    labels: dict = field(default_factory=dict)  # (table, code) -> label


_CEFR = ["A1", "A2", "B1", "B2", "C1", "C2"]


def _overall_level(*levels: str) -> str:
    known = [level.upper() for level in levels if level and level.upper() in _CEFR]
    if not known:
        return next((level for level in levels if level), "")
    return min(known, key=_CEFR.index)  # the weakest skill: what is sure


def cv_facts(candidate) -> CvFacts:
    """The codes of a candidate's CV (``jobs.models.Candidate`` and its rows)."""
    def rows(name):
        manager = getattr(candidate, name, None)
        return list(manager.all()) if manager is not None else []

    digital = []
    for skill in rows("digital_skills"):
        area = skill.get_area_display() if hasattr(skill, "get_area_display") else skill.area
        level = skill.get_level_display() if hasattr(skill, "get_level_display") else skill.level
        digital.append(f"{area}: {level}")
    return CvFacts(
        education_codes=tuple(row.education_code for row in rows("education")),
        desired_professions=tuple(row.profession_code for row in rows("desired_professions")),
        experience_professions=tuple(row.profession_code for row in rows("experiences")
                                     if row.profession_code),
        languages=tuple((row.language_code, _overall_level(
            row.listening, row.reading, row.spoken_interaction, row.spoken_production,
            row.writing)) for row in rows("languages")),
        licences=tuple(row.code for row in rows("licences")),
        digital_skills=tuple(digital),
        contract_types=tuple(getattr(candidate, "contract_types", None) or ()),
        available_from=getattr(candidate, "available_from", None),
        searching=getattr(candidate, "is_searching", True))


def _education_level(codes: tuple[str, ...], labels: dict) -> tuple[str, str]:
    """The highest title as the exchange files it: the Cliclavoro two-digit
    level of titoli_studio (else its study level, else the code's first two
    digits), with the title's label."""
    best = None
    for code in codes:
        entry = _entry("titoli_studio", code)
        extra = (entry.extra or {}) if entry is not None else {}
        study = str(extra.get("livello", ""))
        rank = (int(study) if study.isdigit() else 0, code)
        level = str(extra.get("cliclavoro") or study or code[:2])
        label = labels.get(("titoli_studio", code)) or (entry.label if entry else "")
        if best is None or rank > best[0]:
            best = (rank, level, label)
    return (best[1], best[2][:200]) if best else ("", "")


def profile_entry_data(*, source_id: int, birth_date: date, comune_code: str, cv: CvFacts,
                       province: str | None = None, today: date | None = None
                       ) -> ProfileEntryData:
    """The anonymous profile of a candidate: the age as a five-year band, the
    province (never the comune), codes and their labels; no free text."""
    today = today or timezone.localdate()

    def label(table, code):
        return cv.labels.get((table, code)) or _label(table, code)

    professions = tuple(dict.fromkeys(cv.desired_professions + cv.experience_professions))
    level, level_label = _education_level(cv.education_codes, cv.labels)
    if cv.available_from and cv.available_from > today:
        availability = f"Disponibile dal {cv.available_from:%d/%m/%Y}"
    else:
        availability = "Disponibilità immediata" if cv.searching else ""
    return ProfileEntryData(
        source_id=source_id, age_band=age_band(birth_date, on=today),
        province=province if province is not None else _province(comune_code),
        education_level=level, education_label=level_label,
        profession_codes=professions[:10],
        profession_labels=tuple(text for text in (label("cp2011", code)
                                                  for code in professions[:10]) if text),
        languages=tuple(LanguageSkill(language=code, level=cefr,
                                      label=label("lingue", code))
                        for code, cefr in cv.languages),
        licences=cv.licences, digital_skills=cv.digital_skills, availability=availability,
        contract_type=cv.contract_types[0] if cv.contract_types else "",
        contract_label=label("tipi_contratto", cv.contract_types[0]) if cv.contract_types
        else "")


def candidate_profile_data(candidate, *, today: date | None = None) -> ProfileEntryData:
    person = candidate.person
    return profile_entry_data(source_id=candidate.pk, birth_date=person.birth_date,
                              comune_code=getattr(candidate, "comune_code", "") or "",
                              cv=cv_facts(candidate), today=today)


@transaction.atomic
def publish_candidate_profile(*, candidate, acting_user, presentation: str = ""):
    """Publish (or refresh) a candidate's anonymous profile in the exchange:
    only with the person's consent to the job exchange and the counter's
    authorisation to intermediate in force. ``presentation`` is the only free
    text, screened by the exchange for codici fiscali, e-mails and phones."""
    permissions.check_can_use_jobs(acting_user)
    people_services.require_consent(person=candidate.person, purpose=PROFILE_CONSENT)
    require_authorisation()
    data = replace(candidate_profile_data(candidate), presentation=presentation or "")
    entry = exchange.publish_profile(data=data, acting_user=acting_user)
    audit.record(action=PROFILE_PUBLISHED, actor=acting_user, target=candidate.person,
                 details={"candidate": candidate.pk, "entry": entry.pk})
    return entry


@transaction.atomic
def withdraw_candidate_profile(*, candidate, acting_user) -> bool:
    """The counter withdraws the profile: gone from the exchange at once; True
    when there was one."""
    permissions.check_can_use_jobs(acting_user)
    removed = exchange.remove_source(kind=EntryKind.PROFILE, source_id=candidate.pk,
                                     reason="ritirato dallo sportello", acting_user=acting_user)
    if removed:
        audit.record(action=PROFILE_WITHDRAWN, actor=acting_user, target=candidate.person,
                     details={"candidate": candidate.pk})
    return removed


def published_profile(candidate):
    """The candidate's entry in the exchange (published by this counter), or None."""
    from exchange.selectors import current_tenant, entry_for_source

    tenant = current_tenant()
    if tenant is None or candidate is None:
        return None
    return entry_for_source(tenant=tenant, kind=EntryKind.PROFILE, source_id=candidate.pk)


@dataclass(frozen=True)
class ProfileState:
    """What the CV page and the API show of the anonymous profile: the entry
    when published, a preview of exactly what others would see, and what
    stands in the way of publishing it (Italian sentences; empty: it may go)."""

    entry: object | None
    preview: ProfileEntryData | None
    obstacles: tuple[str, ...]

    @property
    def published(self) -> bool:
        return self.entry is not None


def profile_state(candidate, *, today: date | None = None) -> ProfileState:
    from jobs.selectors.authorisation import authorisation_in_force
    from people import selectors as people_selectors

    if candidate is None:
        return ProfileState(entry=None, preview=None, obstacles=(
            "Il curriculum non è ancora stato compilato.",))
    obstacles = []
    if not people_selectors.has_consent(person=candidate.person, purpose=PROFILE_CONSENT):
        obstacles.append(f"Manca il consenso della persona per: "
                         f"{ConsentPurpose(PROFILE_CONSENT).label}.")
    if authorisation_in_force(today) is None:
        obstacles.append("Lo sportello non ha un'autorizzazione all'intermediazione in vigore: "
                         "l'amministratore dell'ente deve registrarla in Sportello Lavoro › "
                         "Autorizzazione.")
    return ProfileState(entry=published_profile(candidate),
                        preview=candidate_profile_data(candidate, today=today),
                        obstacles=tuple(obstacles))


def on_consent_withdrawn(*, person, purpose: str, acting_user=None, **kwargs) -> None:
    """The person withdrew a consent (inside the same transaction): without the
    consent to the job exchange, their anonymous profile leaves it at once."""
    if purpose != PROFILE_CONSENT:
        return
    try:
        candidate = person.candidate
    except (AttributeError, ObjectDoesNotExist):  # not a candidate: nothing published
        return
    exchange.remove_source(kind=EntryKind.PROFILE, source_id=candidate.pk,
                           reason="consenso revocato", acting_user=acting_user)
