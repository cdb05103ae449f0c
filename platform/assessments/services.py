"""Writes on assessments: scoring a person with an instrument (and what
crossing the threshold triggers), and the tenant administrator's edits of
the instruments, each edit a new version."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from assessments import permissions
from assessments.data import InstrumentData
from assessments.errors import AssessmentError, InstrumentError
from assessments.models import (
    NOTES_MAX_CHARS,
    UNVERIFIED_NOTE,
    Assessment,
    Instrument,
    Item,
    Option,
    TriggerAction,
)
from assessments.scheduling import first_free_slot
from audit import services as audit
from core.errors import PermissionDenied
from desks import services as desks
from desks.models import Appointment
from people.models import ConsentPurpose, Person
from people.services import require_consent

ASSESSMENT_RECORDED = "assessment.recorded"
ANSWERS_READ = "assessment.answers_read"
INSTRUMENT_CREATED = "instrument.created"
INSTRUMENT_VERSION_CREATED = "instrument.version_created"
INSTRUMENT_STATUS_CHANGED = "instrument.status_changed"

MAX_WEIGHT = 1000
MAX_OFFSET_DAYS = 90


# --- Scoring ----------------------------------------------------------------

def _chosen_options(instrument: Instrument, answers: dict) -> dict[int, Option]:
    """Every item answered with one of its own options, or an error at each
    item's field (``item_<id>``)."""
    items = list(instrument.items.prefetch_related("options"))
    given: dict[int, object] = {}
    errors: dict[str, list[str]] = {}
    for key, value in (answers or {}).items():
        try:
            given[int(key)] = value
        except (TypeError, ValueError):
            errors.setdefault("answers", ["Risposta a una domanda inesistente."])
    chosen: dict[int, Option] = {}
    for item in items:
        name = f"item_{item.pk}"
        value = given.pop(item.pk, None)
        if value in (None, ""):
            errors[name] = ["Rispondere a questa domanda."]
            continue
        try:
            option_id = int(value)
        except (TypeError, ValueError):
            option_id = None
        option = next((o for o in item.options.all() if o.pk == option_id), None)
        if option is None:
            errors[name] = ["Risposta non valida per questa domanda."]
            continue
        chosen[item.pk] = option
    if given:
        errors.setdefault("answers", ["Risposte a domande che non fanno parte dello strumento."])
    if errors:
        first = next(iter(errors))
        raise AssessmentError(errors[first][0], field=first, fields=errors)
    return chosen


def _book_second_interview(*, assessment: Assessment, acting_user) -> Appointment | None:
    # Lock the operator's row first: the free slot found stays free until commit.
    operator = get_user_model().objects.select_for_update().get(pk=acting_user.pk)
    starts_at = first_free_slot(operator=operator, person=assessment.person,
                                after=assessment.performed_at,
                                offset_days=assessment.instrument.trigger_offset_days)
    if starts_at is None:
        return None
    return desks.schedule_appointment(
        person=assessment.person, starts_at=starts_at,
        kind=Appointment.Kind.SECOND_INTERVIEW, operator=operator, acting_user=operator,
        notes=f"Fissato dopo la valutazione «{assessment.instrument.name}».")


def build_assessment(*, person: Person, instrument: Instrument, chosen: Mapping[int, Option],
                     acting_user, performed_at: datetime | None = None,
                     notes: str = "") -> Assessment:
    """The row ``score_assessment`` inserts once every item has its option
    (``chosen``: item id to option), unsaved: the total is the sum of the
    options' weights, at or above the threshold it triggers. The one builder of
    assessment rows."""
    total = sum(option.weight for option in chosen.values())
    return Assessment(
        person=person, instrument=instrument, operator=acting_user,
        performed_at=performed_at or timezone.now(), total_score=total,
        triggered=total >= instrument.threshold,
        answers={str(item_id): option.pk for item_id, option in chosen.items()},
        notes=(notes or "").strip() or None,
    )


@transaction.atomic
def score_assessment(*, person: Person, instrument: Instrument, answers: dict[int, int],
                     acting_user, notes: str = "",
                     performed_at: datetime | None = None) -> Assessment:
    """Score ``person`` with ``instrument``: the total is the sum of the chosen
    options' weights; a total at or above the threshold triggers the
    instrument's action (a second interview in the operator's calendar)."""
    if not permissions.can_record_assessments(acting_user):
        raise PermissionDenied("Il suo ruolo non consente di registrare valutazioni.")
    if not instrument.is_active:
        raise AssessmentError("Questa versione dello strumento non è più in uso: usare quella "
                              "corrente.", field="instrument")
    require_consent(person=person, purpose=ConsentPurpose.SERVICE)
    if len(notes or "") > NOTES_MAX_CHARS:
        raise AssessmentError(f"Al massimo {NOTES_MAX_CHARS} caratteri.", field="notes")
    chosen = _chosen_options(instrument, answers)
    assessment = build_assessment(person=person, instrument=instrument, chosen=chosen,
                                  acting_user=acting_user, performed_at=performed_at,
                                  notes=notes)
    assessment.save(force_insert=True)
    total = assessment.total_score
    if assessment.triggered and instrument.trigger_action == TriggerAction.SECOND_INTERVIEW:
        assessment.follow_up = _book_second_interview(
            assessment=assessment, acting_user=acting_user)
        if assessment.follow_up is not None:
            assessment.save(update_fields=["follow_up"])
    audit.record(action=ASSESSMENT_RECORDED, actor=acting_user, target=assessment,
                 details={
                     "person": person.pk, "instrument": instrument.code,
                     "version": instrument.version, "score": total,
                     "triggered": assessment.triggered,
                     "follow_up": assessment.follow_up_id})
    return assessment


def record_answers_read(*, assessment: Assessment, acting_user) -> None:
    """Leave a trace of who read the answers (special categories of data): the
    view calls it after ``selectors.get_assessment_for(..., with_answers=True)``."""
    if not permissions.can_read_special_categories(acting_user):
        raise PermissionDenied("Il suo ruolo non consente di leggere le risposte.")
    audit.record(action=ANSWERS_READ, actor=acting_user, target=assessment,
                 details={"person": assessment.person_id})


# --- Instruments ------------------------------------------------------------

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{1,59}$")


def _validate_instrument(data: InstrumentData) -> None:
    """Errors named ``name``, ``threshold``, ``items``, ``item_<i>_text``,
    ``item_<i>_options``, ``item_<i>_option_<j>_label`` (0-based positions)."""
    errors: dict[str, list[str]] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not (data.name or "").strip():
        fail("name", "Indicare il nome dello strumento.")
    if data.trigger_action not in TriggerAction.values:
        fail("trigger_action", "Azione non valida.")
    if not isinstance(data.trigger_offset_days, int) or not (
            0 <= data.trigger_offset_days <= MAX_OFFSET_DAYS):
        fail("trigger_offset_days", f"Indicare un numero di giorni tra 0 e {MAX_OFFSET_DAYS}.")
    if not data.items:
        fail("items", "Lo strumento deve avere almeno una domanda.")
    highest = 0
    for i, item in enumerate(data.items):
        if not (item.text or "").strip():
            fail(f"item_{i}_text", "Indicare il testo della domanda.")
        if len(item.options) < 2:
            fail(f"item_{i}_options", "Ogni domanda deve avere almeno due risposte.")
        for j, option in enumerate(item.options):
            if not (option.label or "").strip():
                fail(f"item_{i}_option_{j}_label", "Indicare il testo della risposta.")
            if not isinstance(option.weight, int) or abs(option.weight) > MAX_WEIGHT:
                fail(f"item_{i}_option_{j}_weight",
                     f"Il peso è un numero intero tra -{MAX_WEIGHT} e {MAX_WEIGHT}.")
        weights = [o.weight for o in item.options if isinstance(o.weight, int)]
        highest += max(weights, default=0)
    if not isinstance(data.threshold, int):
        fail("threshold", "La soglia è un numero intero.")
    elif data.items and not errors and data.threshold > highest:
        fail("threshold", f"La soglia supera il punteggio massimo ottenibile ({highest}).")
    if errors:
        first = next(iter(errors))
        raise InstrumentError(errors[first][0], field=first, fields=errors)


def build_instrument(*, code: str, version: int, data: InstrumentData,
                     created_by) -> Instrument:
    """Write one version with its items and options: no checks, no audit (the
    services below and the seed data call it)."""
    instrument = Instrument.objects.create(
        code=code, version=version, name=data.name.strip(),
        description=(data.description or "").strip(), threshold=data.threshold,
        trigger_action=data.trigger_action, trigger_offset_days=data.trigger_offset_days,
        is_active=True, is_unverified=data.is_unverified,
        unverified_note=((data.unverified_note or "").strip() or UNVERIFIED_NOTE)
        if data.is_unverified else "",
        created_by=created_by,
    )
    for i, item_data in enumerate(data.items, start=1):
        item = Item.objects.create(instrument=instrument, order=i, text=item_data.text.strip(),
                                   help=(item_data.help or "").strip())
        Option.objects.bulk_create([
            Option(item=item, order=j, label=o.label.strip(), weight=o.weight)
            for j, o in enumerate(item_data.options, start=1)])
    return instrument


def _require_manager(acting_user) -> None:
    if not permissions.can_manage_instruments(acting_user):
        raise PermissionDenied("Solo l'amministratore dell'ente gestisce gli strumenti di "
                               "valutazione.")


@transaction.atomic
def create_instrument(*, code: str, data: InstrumentData, acting_user) -> Instrument:
    _require_manager(acting_user)
    code = (code or "").strip().lower()
    if not CODE_PATTERN.match(code):
        raise InstrumentError("Il codice è fatto di lettere minuscole, cifre, trattini "
                              "(da 2 a 60 caratteri).", field="code")
    _validate_instrument(data)
    if Instrument.objects.filter(code=code).exists():
        raise InstrumentError("Esiste già uno strumento con questo codice.", field="code")
    instrument = build_instrument(code=code, version=1, data=data, created_by=acting_user)
    audit.record(action=INSTRUMENT_CREATED, actor=acting_user, target=instrument,
                 details={"code": code, "version": 1})
    return instrument


@transaction.atomic
def create_instrument_version(*, instrument: Instrument, data: InstrumentData,
                              acting_user) -> Instrument:
    """The edited instrument as a new version, which replaces the one in use.
    Past assessments keep the version they were scored with."""
    _require_manager(acting_user)
    _validate_instrument(data)
    versions = Instrument.objects.select_for_update().filter(code=instrument.code)
    latest = versions.aggregate(latest=Max("version"))["latest"] or 0
    versions.filter(is_active=True).update(is_active=False)
    new = build_instrument(code=instrument.code, version=latest + 1, data=data,
                           created_by=acting_user)
    audit.record(action=INSTRUMENT_VERSION_CREATED, actor=acting_user, target=new,
                 details={
                     "code": new.code, "version": new.version, "from_version": instrument.version,
                     "threshold": new.threshold})
    return new


@transaction.atomic
def set_instrument_active(*, instrument: Instrument, is_active: bool, acting_user) -> Instrument:
    """Put a version in use (the other versions of the code go out of use) or
    take it out of use."""
    _require_manager(acting_user)
    versions = Instrument.objects.select_for_update().filter(code=instrument.code)
    list(versions)
    if is_active:
        versions.exclude(pk=instrument.pk).filter(is_active=True).update(is_active=False)
    Instrument.objects.filter(pk=instrument.pk).update(is_active=is_active)
    instrument.is_active = is_active
    audit.record(action=INSTRUMENT_STATUS_CHANGED, actor=acting_user, target=instrument,
                 details={"code": instrument.code, "version": instrument.version,
                          "is_active": is_active})
    return instrument
