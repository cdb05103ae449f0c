"""Writes on the rete delle reti.

A counter publishes (or republishes) an entry built by its own package
(``jobs.publishing``), which checks the consent and the authorisation to
intermediate before calling here; these services check the shape of the
entry and that nothing in it identifies a person. Removal happens in the
caller's transaction, so a closure or a withdrawn consent and the
disappearance of the entry commit (or roll back) together."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import services as audit
from core.errors import NotFound, PermissionDenied
from exchange import permissions, selectors
from exchange.audit_actions import (
    CONTACT_ANSWERED,
    CONTACT_DECLINED,
    CONTACT_REQUESTED,
    ENTRY_PUBLISHED,
    ENTRY_REMOVED,
    ENTRY_UPDATED,
    ENTRY_WITHDRAWN,
)
from exchange.errors import ExchangeError, IdentifyingText, IllegalTransition
from exchange.models import (
    AGE_BAND_WIDTH,
    AVAILABILITY_MAX_LENGTH,
    CODE_MAX_LENGTH,
    LABEL_MAX_LENGTH,
    MAX_PROFESSIONS,
    MAX_SKILLS,
    MESSAGE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PRESENTATION_MAX_LENGTH,
    SKILL_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ContactRequest,
    ContactRequestEvent,
    EntryKind,
    ExchangeEntry,
)
from exchange.screening import identifying_data, screening_message
from exchange.search import entry_search_text
from tenants.models import Tenant

_CP2011 = re.compile(r"^\d(?:\.\d{1,2}){0,5}$")
_PROVINCE = re.compile(r"^[A-Z]{2}$")
_BELFIORE = re.compile(r"^[A-Z]\d{3}$")
_CODE = re.compile(rf"^[A-Za-z0-9.\-_]{{1,{CODE_MAX_LENGTH}}}$")
MIN_AGE, MAX_AGE = 15, 99


@dataclass(frozen=True)
class LanguageSkill:
    language: str  # code of the "lingue" table
    level: str = ""  # CEFR level ("B2") or the table's code
    label: str = ""


@dataclass(frozen=True)
class VacancyEntryData:
    """A vacancy as the rete delle reti shows it: the employer's data, never a citizen's."""

    source_id: int
    title: str
    profession_code: str
    profession_label: str = ""
    employer_name: str = ""  # only when the employer agreed to be named
    comune_code: str = ""
    comune_name: str = ""
    province: str = ""
    contract_type: str = ""
    contract_label: str = ""
    working_mode: str = ""
    working_mode_label: str = ""
    education_level: str = ""
    education_label: str = ""
    positions: int | None = None
    summary: str = ""
    publish_until: date | None = None


@dataclass(frozen=True)
class ProfileEntryData:
    """An anonymous candidate profile: a five-year age band, the province,
    education, professions, skills and availability; no identity."""

    source_id: int
    age_band: str
    province: str
    education_level: str = ""
    education_label: str = ""
    profession_codes: tuple[str, ...] = ()
    profession_labels: tuple[str, ...] = ()
    languages: tuple[LanguageSkill, ...] = field(default_factory=tuple)
    licences: tuple[str, ...] = ()
    digital_skills: tuple[str, ...] = ()
    availability: str = ""
    contract_type: str = ""
    contract_label: str = ""
    presentation: str = ""


def age_band(birth_date: date, *, on: date | None = None) -> str:
    """The five-year band of the age on ``on`` (today): 32 → ``"30-34"``."""
    on = on or timezone.localdate()
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    start = max(age, 0) // AGE_BAND_WIDTH * AGE_BAND_WIDTH
    return f"{start}-{start + AGE_BAND_WIDTH - 1}"


def _one_line(text: str, limit: int) -> str:
    return " ".join((text or "").split())[:limit] if text else ""


def _screened(errors: dict, name: str, text: str) -> None:
    found = identifying_data(text)
    if found:
        errors[name] = screening_message(found)


def _require_staff(acting_user) -> Tenant:
    tenant = selectors.current_tenant()
    if tenant is None or acting_user is None or not permissions.can_publish(acting_user):
        raise PermissionDenied("Solo il personale di uno sportello pubblica nella rete delle "
                               "reti.")
    return tenant


def _user_name(user) -> str:
    name = (user.get_full_name() if hasattr(user, "get_full_name") else "") or user.email
    return name[:NAME_MAX_LENGTH]


def _check_code(errors: dict, name: str, code: str, pattern=_CODE) -> str:
    code = (code or "").strip()
    if code and not pattern.match(code):
        errors[name] = "Codice non valido."
    return code


def _source_id(errors: dict, value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**63:
        errors["source_id"] = "Identificativo non valido."
        return 0
    return value


def _vacancy_values(data: VacancyEntryData) -> dict:
    errors: dict[str, str] = {}
    values = {
        "source_id": _source_id(errors, data.source_id),
        "title": _one_line(data.title, TITLE_MAX_LENGTH + 1),
        "profession_codes": [_check_code(errors, "profession_code", data.profession_code,
                                         _CP2011)],
        "profession_labels": [_one_line(data.profession_label, LABEL_MAX_LENGTH)],
        "employer_name": _one_line(data.employer_name, NAME_MAX_LENGTH),
        "comune_code": _check_code(errors, "comune_code", (data.comune_code or "").upper(),
                                   _BELFIORE),
        "comune_name": _one_line(data.comune_name, LABEL_MAX_LENGTH),
        "province": _check_code(errors, "province", (data.province or "").upper(), _PROVINCE),
        "contract_type": _check_code(errors, "contract_type", data.contract_type),
        "contract_label": _one_line(data.contract_label, LABEL_MAX_LENGTH),
        "working_mode": _check_code(errors, "working_mode", data.working_mode),
        "working_mode_label": _one_line(data.working_mode_label, LABEL_MAX_LENGTH),
        "education_level": _check_code(errors, "education_level", data.education_level),
        "education_label": _one_line(data.education_label, LABEL_MAX_LENGTH),
        "positions": data.positions,
        "summary": (data.summary or "").strip(),
        "publish_until": data.publish_until,
    }
    if not values["title"]:
        errors["title"] = "Indicare il titolo dell'offerta."
    elif len(values["title"]) > TITLE_MAX_LENGTH:
        errors["title"] = f"Il titolo è lungo al massimo {TITLE_MAX_LENGTH} caratteri."
    if not data.profession_code:
        errors["profession_code"] = "Indicare la professione (CP2011)."
    if values["positions"] is not None and not 0 < values["positions"] <= 9999:
        errors["positions"] = "Numero di posti non valido."
    if len(values["summary"]) > SUMMARY_MAX_LENGTH:
        errors["summary"] = f"La descrizione è lunga al massimo {SUMMARY_MAX_LENGTH} caratteri."
    if values["publish_until"] and values["publish_until"] < timezone.localdate():
        errors["publish_until"] = "La data di fine pubblicazione è già passata."
    for name in ("title", "summary"):
        if name not in errors:
            _screened(errors, name, values[name])
    if errors:
        raise _error(errors)
    return values


def _error(errors: dict) -> ExchangeError:
    identifying = [name for name, message in errors.items() if message.startswith("Il testo")]
    cls = IdentifyingText if identifying and len(identifying) == len(errors) else ExchangeError
    return cls.from_errors(errors)


def _profile_values(data: ProfileEntryData) -> dict:
    errors: dict[str, str] = {}
    band = (data.age_band or "").strip()
    match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", band)
    if not match or int(match[1]) % AGE_BAND_WIDTH \
            or int(match[2]) != int(match[1]) + AGE_BAND_WIDTH - 1 \
            or not (MIN_AGE <= int(match[2]) and int(match[1]) <= MAX_AGE):
        errors["age_band"] = "Fascia d'età non valida (cinque anni, per esempio 30-34)."
    codes = [code.strip() for code in data.profession_codes if code and code.strip()]
    if len(codes) > MAX_PROFESSIONS:
        errors["profession_codes"] = f"Al massimo {MAX_PROFESSIONS} professioni."
    for code in codes:
        _check_code(errors, "profession_codes", code, _CP2011)
    languages = []
    for skill in data.languages[:MAX_SKILLS]:
        language = _check_code(errors, "languages", skill.language)
        level = _check_code(errors, "languages", skill.level)
        if language:
            languages.append({"lingua": language, "livello": level,
                              "nome": _one_line(skill.label, LABEL_MAX_LENGTH)})
    licences = [_check_code(errors, "licences", code) for code in data.licences]
    digital = [_one_line(text, SKILL_MAX_LENGTH) for text in data.digital_skills if text]
    if len(data.languages) > MAX_SKILLS or len(licences) > MAX_SKILLS \
            or len(digital) > MAX_SKILLS:
        errors["skills"] = f"Al massimo {MAX_SKILLS} voci per ciascuna competenza."
    values = {
        "source_id": _source_id(errors, data.source_id),
        "title": "",
        "age_band": band,
        "province": _check_code(errors, "province", (data.province or "").upper(), _PROVINCE),
        "education_level": _check_code(errors, "education_level", data.education_level),
        "education_label": _one_line(data.education_label, LABEL_MAX_LENGTH),
        "profession_codes": codes,
        "profession_labels": [_one_line(label, LABEL_MAX_LENGTH)
                              for label in data.profession_labels[:MAX_PROFESSIONS] if label],
        "languages": languages,
        "licences": [code for code in licences if code],
        "digital_skills": digital,
        "availability": _one_line(data.availability, AVAILABILITY_MAX_LENGTH),
        "contract_type": _check_code(errors, "contract_type", data.contract_type),
        "contract_label": _one_line(data.contract_label, LABEL_MAX_LENGTH),
        "presentation": (data.presentation or "").strip(),
    }
    if not values["province"] and "province" not in errors:
        errors["province"] = "Indicare la provincia."
    if len(values["presentation"]) > PRESENTATION_MAX_LENGTH:
        errors["presentation"] = (f"La presentazione è lunga al massimo "
                                  f"{PRESENTATION_MAX_LENGTH} caratteri.")
    else:
        _screened(errors, "presentation", values["presentation"])
    _screened(errors, "digital_skills", " · ".join(digital))
    _screened(errors, "availability", values["availability"])
    if errors:
        raise _error(errors)
    labels = values["profession_labels"]
    values["title"] = (labels[0] if labels else "Profilo di candidato")[:TITLE_MAX_LENGTH]
    if values["age_band"]:
        values["title"] = f"{values['title']}, {values['age_band']} anni"[:TITLE_MAX_LENGTH]
    return values


def _search_text(values: dict) -> str:
    texts = [values.get(name, "") for name in (
        "title", "employer_name", "comune_name", "province", "education_label",
        "contract_label", "working_mode_label", "availability", "summary", "presentation")]
    texts += values.get("profession_labels", []) + values.get("digital_skills", [])
    texts += [language.get("nome", "") for language in values.get("languages", [])]
    return entry_search_text(texts=texts, profession_codes=values.get("profession_codes", []))


def _publish(*, kind: str, values: dict, acting_user) -> ExchangeEntry:
    tenant = _require_staff(acting_user)
    values = {**values, "search_text": _search_text(values)}
    source_id = values.pop("source_id")
    entry = (ExchangeEntry.objects.select_for_update()
             .filter(tenant=tenant, kind=kind, source_id=source_id).first())
    if entry is None:
        try:
            with transaction.atomic():
                entry = ExchangeEntry.objects.create(tenant=tenant, kind=kind,
                                                     source_id=source_id,
                                                     published_at=timezone.now(), **values)
        except IntegrityError:  # published meanwhile by another request: update it
            entry = ExchangeEntry.objects.select_for_update().get(
                tenant=tenant, kind=kind, source_id=source_id)
        else:
            audit.record(action=ENTRY_PUBLISHED, actor=acting_user, target=entry,
                         details={"kind": kind, "source_id": source_id})
            return entry
    for name, value in values.items():
        setattr(entry, name, value)
    entry.save()
    audit.record(action=ENTRY_UPDATED, actor=acting_user, target=entry,
                 details={"kind": kind, "source_id": source_id})
    return entry


@transaction.atomic
def publish_vacancy(*, data: VacancyEntryData, acting_user) -> ExchangeEntry:
    """Publish a vacancy of the current counter (or update its entry)."""
    return _publish(kind=EntryKind.VACANCY, values=_vacancy_values(data),
                    acting_user=acting_user)


@transaction.atomic
def publish_profile(*, data: ProfileEntryData, acting_user) -> ExchangeEntry:
    """Publish a candidate's anonymous profile (or update it)."""
    return _publish(kind=EntryKind.PROFILE, values=_profile_values(data),
                    acting_user=acting_user)


def check_vacancy(data: VacancyEntryData) -> None:
    """Raise the errors ``publish_vacancy`` would, without writing."""
    _vacancy_values(data)


def check_profile(data: ProfileEntryData) -> None:
    _profile_values(data)


@transaction.atomic
def withdraw_entry(*, entry: ExchangeEntry, acting_user) -> None:
    """The publishing counter withdraws its entry: gone from every list at once."""
    tenant = _require_staff(acting_user)
    if entry.tenant_id != tenant.pk:
        raise NotFound("Annuncio non trovato.")
    deleted, _ = ExchangeEntry.objects.filter(pk=entry.pk, tenant=tenant).delete()
    if deleted:
        audit.record(action=ENTRY_WITHDRAWN, actor=acting_user,
                     details={"kind": entry.kind, "source_id": entry.source_id,
                              "entry_id": entry.pk})


@transaction.atomic
def remove_source(*, kind: str, source_id: int, reason: str, acting_user=None) -> bool:
    """The current counter's entry for a source row goes (the vacancy closed,
    the person withdrew consent), inside the caller's transaction; True when
    there was one."""
    tenant = selectors.current_tenant()
    if tenant is None:
        return False
    entry = ExchangeEntry.objects.filter(tenant=tenant, kind=kind, source_id=source_id).first()
    if entry is None:
        return False
    ExchangeEntry.objects.filter(pk=entry.pk).delete()
    audit.record(action=ENTRY_REMOVED, actor=acting_user, actor_label="" if acting_user
                 else "sistema", details={"kind": kind, "source_id": source_id,
                                          "entry_id": entry.pk, "reason": reason})
    return True


def _clean_message(text: str, *, field_name: str, required: bool) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    errors: dict[str, str] = {}
    if required and not text:
        errors[field_name] = "Scrivere il messaggio."
    elif len(text) > MESSAGE_MAX_LENGTH:
        errors[field_name] = f"Il messaggio è lungo al massimo {MESSAGE_MAX_LENGTH} caratteri."
    else:
        _screened(errors, field_name, text)
    if errors:
        raise _error(errors)
    return text


def _event(item: ContactRequest, *, to_status: str, tenant: Tenant, acting_user,
           from_status: str = "") -> None:
    ContactRequestEvent.objects.create(request=item, from_status=from_status,
                                       to_status=to_status, tenant=tenant,
                                       user_name=_user_name(acting_user))


@transaction.atomic
def request_contact(*, entry: ExchangeEntry, message: str, acting_user) -> ContactRequest:
    """Another counter's staff ask the publishing counter for contact."""
    tenant = _require_staff(acting_user)
    if entry.tenant_id == tenant.pk:
        raise ExchangeError("L'annuncio è del suo sportello: non serve chiedere il contatto.",
                            field="message")
    text = _clean_message(message, field_name="message", required=True)
    item = ContactRequest.objects.create(
        entry=entry, entry_kind=entry.kind, entry_title=entry.title, to_tenant_id=entry.tenant_id,
        from_tenant=tenant, from_user_id=acting_user.pk, from_user_name=_user_name(acting_user),
        message=text)
    _event(item, to_status=ContactRequest.Status.SENT, tenant=tenant, acting_user=acting_user)
    audit.record(action=CONTACT_REQUESTED, actor=acting_user, target=item,
                 details={"entry_id": entry.pk, "to_tenant": entry.tenant_id})
    return item


def _close(*, item: ContactRequest, to_status: str, answer: str, acting_user,
           action: str) -> ContactRequest:
    tenant = _require_staff(acting_user)
    item = ContactRequest.objects.select_for_update().filter(pk=item.pk,
                                                             to_tenant=tenant).first()
    if item is None:
        raise NotFound("Richiesta non trovata.")
    if to_status not in ContactRequest.TRANSITIONS.get(item.status, set()):
        raise IllegalTransition(f"La richiesta è già {item.get_status_display().lower()}.")
    text = _clean_message(answer, field_name="answer",
                          required=to_status == ContactRequest.Status.ANSWERED)
    previous = item.status
    item.status, item.answer = to_status, text
    item.answered_by_name, item.answered_at = _user_name(acting_user), timezone.now()
    item.save(update_fields=["status", "answer", "answered_by_name", "answered_at"])
    _event(item, from_status=previous, to_status=to_status, tenant=tenant,
           acting_user=acting_user)
    audit.record(action=action, actor=acting_user, target=item,
                 details={"from_tenant": item.from_tenant_id})
    return item


@transaction.atomic
def answer_contact(*, contact_request: ContactRequest, answer: str,
                   acting_user) -> ContactRequest:
    """The publishing counter answers (the identity, if shared, travels off-platform)."""
    return _close(item=contact_request, to_status=ContactRequest.Status.ANSWERED, answer=answer,
                  acting_user=acting_user, action=CONTACT_ANSWERED)


@transaction.atomic
def decline_contact(*, contact_request: ContactRequest, answer: str = "",
                    acting_user) -> ContactRequest:
    return _close(item=contact_request, to_status=ContactRequest.Status.DECLINED, answer=answer,
                  acting_user=acting_user, action=CONTACT_DECLINED)
