"""Writes on casework: consultations and their documents, pathways and their
transitions. One function per operation, one transaction each, audited."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts import permissions
from audit import services as audit
from casework import documents as document_rules
from casework import pathways as machine
from casework.errors import (
    CaseworkError,
    DocumentRejected,
    PathwayAlreadyOpen,
    TransitionNotAllowed,
)
from casework.models import (
    DOCUMENT_DESCRIPTION_MAX_LENGTH,
    MAX_DURATION_MINUTES,
    MAX_TOPIC_LENGTH,
    MAX_TOPICS,
    Consultation,
    ConsultationDocument,
    ConsultationMode,
    Pathway,
    PathwayEvent,
    PathwayKind,
    Stage,
)
from catalog import selectors as catalog
from catalog.errors import CatalogError
from catalog.models import BeneficiaryType, Lender
from catalog.services import check_amount
from core import fields as boundary
from core.errors import PermissionDenied
from core.formatting import euro
from desks.models import Service
from people.models import ConsentPurpose, Person
from people.services import require_consent

CONSULTATION_RECORDED = "consultation.recorded"
DOCUMENT_ADDED = "consultation.document_added"
DOCUMENT_READ = "consultation.document_read"
PATHWAY_OPENED = "pathway.opened"
PATHWAY_ADVANCED = "pathway.advanced"

CLOCK_TOLERANCE = timedelta(minutes=5)
# Closing needs no consent: a person who withdrew it can still be let go.
_STAGES_WITHOUT_CONSENT = {Stage.WITHDRAWN, Stage.CLOSED}


def _require_staff(acting_user) -> None:
    if acting_user is None or not permissions.is_tenant_staff(acting_user):
        raise PermissionDenied("Operazione riservata al personale dello sportello.")


def _day(value: date | None, *, field: str, label: str) -> date:
    """A date the edge parsed (forms, serializers): present, and in the safe range."""
    if value is None or value == "":
        raise CaseworkError(f"Indicare {label}.", field=field)
    if isinstance(value, datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if not isinstance(value, date):
        raise CaseworkError(boundary.DATE_INVALID, field=field)
    if not boundary.date_in_range(value):
        raise CaseworkError(boundary.DATE_OUT_OF_RANGE, field=field)
    return value


# --- Consultations ---------------------------------------------------------

def _clean_topics(topics: Iterable[str]) -> list[str]:
    """The topics with their spaces tidied, each once (case aside), in order."""
    seen: dict[str, str] = {}
    for topic in topics or ():
        text = " ".join(topic.split())
        if text:
            seen.setdefault(text.lower(), text)
    return list(seen.values())


def _check_services(services: Iterable[Service]) -> list[Service]:
    chosen = list(services or ())
    if any(not isinstance(item, Service) or not item.is_active for item in chosen):
        raise CaseworkError("Scegliere i servizi tra quelli attivi dello sportello.",
                            field="services")
    return chosen


def _store(*, consultation: Consultation, upload, doc_type: str, acting_user,
           description: str = "") -> ConsultationDocument:
    name = (f"{connection.schema_name}/consulenze/{consultation.pk}/"
            f"{uuid.uuid4().hex}.{doc_type}")
    upload.seek(0)
    stored = default_storage.save(name, upload)
    original = (getattr(upload, "name", "") or f"documento.{doc_type}").rsplit("/", 1)[-1]
    try:
        return ConsultationDocument.objects.create(
            consultation=consultation, file=stored, original_name=original[:200],
            doc_type=doc_type, size=upload.size, uploaded_by=acting_user,
            description=(description or "").strip()[:DOCUMENT_DESCRIPTION_MAX_LENGTH])
    except Exception:
        default_storage.delete(stored)
        raise


def build_consultation(*, person: Person, operator, occurred_at: datetime, minutes: int,
                       mode: str, topics: list[str], notes: str, next_steps: str,
                       acting_user) -> Consultation:
    """The row ``record_consultation`` inserts once its values are checked, unsaved:
    the one builder of consultation rows."""
    return Consultation(
        person=person, operator=operator, occurred_at=occurred_at, duration_minutes=minutes,
        mode=mode, topics=topics, notes=(notes or "").strip(),
        next_steps=(next_steps or "").strip(), created_by=acting_user)


@transaction.atomic
def record_consultation(*, person: Person, acting_user, occurred_at: datetime | None,
                        duration_minutes: int, mode: str, topics: Iterable[str] = (),
                        services: Iterable[Service] = (),
                        notes: str = "", next_steps: str = "", operator=None,
                        documents: Iterable = ()) -> Consultation:
    """A consultation given to ``person``; needs their consent to service delivery.
    ``documents`` are uploaded files, checked like ``add_document`` does."""
    _require_staff(acting_user)
    require_consent(person=person, purpose=ConsentPurpose.SERVICE)
    errors: dict[str, str] = {}
    now = timezone.now()
    if occurred_at is None:
        errors["occurred_at"] = "Indicare data e ora della consulenza."
    elif occurred_at > now + CLOCK_TOLERANCE:
        errors["occurred_at"] = "La consulenza non può essere nel futuro."
    minutes = duration_minutes
    if not isinstance(minutes, int) or isinstance(minutes, bool):
        errors["duration_minutes"] = "Indicare la durata in minuti."
    elif not 1 <= minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = (f"La durata va da 1 a {MAX_DURATION_MINUTES} "
                                      "minuti.")
    if mode not in ConsultationMode.values:
        errors["mode"] = "Indicare la modalità (presenza, telefono o video)."
    operator = operator or acting_user
    if not permissions.is_tenant_staff(operator):
        errors["operator"] = "L'operatore deve essere un membro attivo del personale."
    topics = _clean_topics(topics)
    if any(len(topic) > MAX_TOPIC_LENGTH for topic in topics):
        errors["topics"] = f"Ogni argomento può avere al massimo {MAX_TOPIC_LENGTH} caratteri."
    elif len(topics) > MAX_TOPICS:
        errors["topics"] = f"Al massimo {MAX_TOPICS} argomenti."
    try:
        chosen = _check_services(services)
    except CaseworkError as exc:
        errors["services"] = exc.message
    uploads = [upload for upload in documents or () if upload]
    checked = []
    for upload in uploads:
        try:
            checked.append((upload, document_rules.check(upload)))
        except DocumentRejected as exc:
            errors.setdefault("documents", f"{getattr(upload, 'name', '')}: {exc.message}")
    if errors:
        raise CaseworkError.from_errors(errors)
    consultation = build_consultation(
        person=person, operator=operator, occurred_at=occurred_at, minutes=minutes, mode=mode,
        topics=topics, notes=notes, next_steps=next_steps, acting_user=acting_user)
    consultation.save(force_insert=True)
    consultation.services.set(chosen)
    stored = []
    try:
        for upload, doc_type in checked:
            stored.append(_store(consultation=consultation, upload=upload, doc_type=doc_type,
                                 acting_user=acting_user))
    except Exception:
        for document in stored:
            default_storage.delete(document.file.name)
        raise
    audit.record(**consultation_audit(consultation, services=chosen, documents=len(stored)))
    return consultation


def consultation_audit(consultation: Consultation, *, services: Iterable[Service],
                       documents: int) -> dict:
    """The audit record of a consultation (for ``audit.record``, or
    ``audit.build_event`` when inserting many at once)."""
    return dict(action=CONSULTATION_RECORDED, actor=consultation.created_by,
                target=consultation.person,
                details={"consultation": consultation.pk, "mode": consultation.mode,
                         "minutes": consultation.duration_minutes,
                         "services": sorted(s.code for s in services), "documents": documents})


@transaction.atomic
def add_document(*, consultation: Consultation, upload, acting_user,
                 description: str = "") -> ConsultationDocument:
    """Attach a file: PDF, JPG, PNG, ODT or DOCX by its content, within the size limit."""
    _require_staff(acting_user)
    doc_type = document_rules.check(upload)
    document = _store(consultation=consultation, upload=upload, doc_type=doc_type,
                      acting_user=acting_user, description=description)
    audit.record(action=DOCUMENT_ADDED, actor=acting_user, target=consultation.person,
                 details={"consultation": consultation.pk, "document": document.pk,
                          "type": doc_type, "size": document.size})
    return document


def record_document_read(*, document: ConsultationDocument, acting_user) -> None:
    """Leave a trace of who downloaded a consultation's document."""
    _require_staff(acting_user)
    audit.record(action=DOCUMENT_READ, actor=acting_user, target=document.consultation.person,
                 details={"consultation": document.consultation_id, "document": document.pk})


# --- Pathways --------------------------------------------------------------

def _event_time(occurred_at: datetime | None, *, not_before: datetime | None) -> datetime:
    now = timezone.now()
    when = occurred_at or now
    if when > now + CLOCK_TOLERANCE:
        raise CaseworkError("Il passaggio non può essere registrato nel futuro.",
                            field="occurred_at")
    if not_before is not None and when < not_before:
        raise CaseworkError("Il passaggio non può precedere l'ultimo registrato "
                            f"({timezone.localtime(not_before):%d/%m/%Y %H:%M}).",
                            field="occurred_at")
    return when


def build_pathway(*, person: Person, kind: str, opened_at: datetime, acting_user,
                  beneficiary_type: str = BeneficiaryType.ORDINARY) -> Pathway:
    """The row ``open_pathway`` inserts, at the kind's first stage, unsaved: the
    one builder of pathway rows."""
    return Pathway(person=person, kind=kind, stage=machine.INITIAL_STAGE[kind],
                   opened_at=opened_at, opened_by=acting_user,
                   beneficiary_type=beneficiary_type)


def build_pathway_event(*, pathway: Pathway, from_stage: str, to_stage: str,
                        occurred_at: datetime, acting_user, data: dict) -> PathwayEvent:
    """The event row of one transition (``from_stage`` empty for the opening),
    unsaved: the one builder of these rows (the demo data insert many at once)."""
    return PathwayEvent(pathway=pathway, from_stage=from_stage, to_stage=to_stage,
                        occurred_at=occurred_at, actor=acting_user,
                        actor_label=str(acting_user), data=data)


@transaction.atomic
def open_pathway(*, person: Person, kind: str, acting_user, occurred_at: datetime | None = None,
                 beneficiary_type: str = BeneficiaryType.ORDINARY, note: str = "") -> Pathway:
    """Open a pathway at its first stage. One open pathway per person and kind."""
    _require_staff(acting_user)
    if kind not in PathwayKind.values:
        raise CaseworkError("Tipo di percorso non valido.", field="kind")
    if beneficiary_type not in BeneficiaryType.values:
        raise CaseworkError("Tipo di beneficiario non valido.", field="beneficiary_type")
    require_consent(person=person, purpose=ConsentPurpose.SERVICE)
    when = _event_time(occurred_at, not_before=None)
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one opening at a time
    if Pathway.objects.filter(person=person, kind=kind, closed_at__isnull=True).exists():
        raise PathwayAlreadyOpen(
            f"La persona ha già un percorso {PathwayKind(kind).label.lower()} aperto.",
            field="kind")
    try:
        with transaction.atomic():
            pathway = build_pathway(person=person, kind=kind, opened_at=when,
                                    acting_user=acting_user, beneficiary_type=beneficiary_type)
            pathway.save(force_insert=True)
    except IntegrityError as exc:
        raise PathwayAlreadyOpen("La persona ha già un percorso di questo tipo aperto.",
                                 field="kind") from exc
    data = {"note": note.strip()} if (note or "").strip() else {}
    build_pathway_event(pathway=pathway, from_stage="", to_stage=pathway.stage, occurred_at=when,
                        acting_user=acting_user, data=data).save(force_insert=True)
    audit.record(**pathway_opened_audit(pathway, acting_user=acting_user))
    return pathway


def pathway_opened_audit(pathway: Pathway, *, acting_user) -> dict:
    return dict(action=PATHWAY_OPENED, actor=acting_user, target=pathway.person,
                details={"pathway": pathway.pk, "kind": pathway.kind})


def pathway_advanced_audit(pathway: Pathway, *, from_stage: str, to_stage: str,
                           acting_user) -> dict:
    return dict(action=PATHWAY_ADVANCED, actor=acting_user, target=pathway.person,
                details={"pathway": pathway.pk, "from": from_stage, "to": to_stage})


def _lender(lender: Lender | None, *, field: str = "lender") -> Lender:
    if not isinstance(lender, Lender) or not lender.is_active:
        raise CaseworkError("Scegliere un finanziatore attivo dell'elenco nazionale.",
                            field=field)
    return lender


def _amount(amount: Decimal, *, field: str) -> Decimal:
    try:
        return check_amount(amount, field_name=field)
    except CatalogError as exc:
        raise CaseworkError(exc.message, field=field) from exc


def _auxiliary(services: Iterable[str] | None) -> list[str]:
    if isinstance(services, str):
        raise CaseworkError("Servizio ausiliario non valido.", field="auxiliary_services")
    chosen = sorted(set(services or ()))
    if set(chosen) - set(machine.AuxiliaryService.values):
        raise CaseworkError("Servizio ausiliario non valido.", field="auxiliary_services")
    return chosen


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def _stage_data(pathway: Pathway, from_stage: str, to_stage: str, data: dict,
                when: datetime) -> tuple[dict, dict]:
    """Check the typed values ``to_stage`` asks for (casework.pathways.STAGES).
    Returns the event's data and the pathway's fields to update."""
    allowed = {f.name for f in machine.fields_for(to_stage)}
    for name in data:
        if name not in allowed:
            raise CaseworkError(
                f"Dato non previsto per la fase «{machine.label(to_stage)}»: {name}.", field=name)
    values: dict = {"note": _words(data.get("note"))[:machine.NOTE_MAX_LENGTH]}

    if to_stage == Stage.SENT_TO_LENDER:
        values["lender"] = _lender(data.get("lender"))
        if data.get("requested_amount") is not None:
            values["requested_amount"] = _amount(data["requested_amount"],
                                                 field="requested_amount")
    elif to_stage == Stage.REFUSED:
        reason = _words(data.get("reason"))
        if not reason:
            raise CaseworkError("Indicare il motivo del rifiuto.", field="reason")
        values["reason"] = reason[:machine.NOTE_MAX_LENGTH]
    elif to_stage == Stage.WITHDRAWN:
        values["reason"] = _words(data.get("reason"))[:machine.NOTE_MAX_LENGTH]
    elif to_stage == Stage.DISBURSED:
        values.update(_disbursement(pathway, data, when))
    elif to_stage == Stage.TUTORING:
        services = _auxiliary(data.get("auxiliary_services"))
        if from_stage == Stage.TUTORING and not services:
            raise CaseworkError("Indicare i servizi ausiliari erogati.",
                                field="auxiliary_services")
        values["auxiliary_services"] = services
    elif to_stage == Stage.REPAYING:
        services = _auxiliary(data.get("auxiliary_services"))
        delivered = set(services)
        for event in pathway.events.filter(to_stage=Stage.TUTORING).only("data"):
            delivered.update(event.data.get("auxiliary_services") or [])
        if len(delivered) < machine.MIN_AUXILIARY_KINDS:
            raise CaseworkError(
                "Durante il tutoraggio vanno erogati almeno due tipi di servizi ausiliari "
                f"obbligatori: finora ne risulta{'' if len(delivered) == 1 else 'no'} "
                f"{len(delivered)}.", field="auxiliary_services")
        values["auxiliary_services"] = services
    elif to_stage == Stage.REFERRAL:
        kind = data.get("recipient_kind")
        if kind not in machine.RecipientKind.values:
            raise CaseworkError("Indicare se l'invio è a un datore di lavoro o a un servizio.",
                                field="recipient_kind")
        recipient = _words(data.get("recipient"))
        if not recipient:
            raise CaseworkError("Indicare il datore di lavoro o il servizio.", field="recipient")
        values.update(recipient_kind=kind, recipient=recipient[:machine.RECIPIENT_MAX_LENGTH])
    elif to_stage == Stage.PLACED:
        contract = data.get("contract_type")
        if contract not in machine.ContractType.values:
            raise CaseworkError("Indicare il tipo di contratto.", field="contract_type")
        values.update(contract_type=contract,
                      placed_on=_day(data.get("placed_on"), field="placed_on",
                                     label="la data di assunzione"))
    return machine.stage_record(to_stage, values)


def _collect(errors: dict[str, list[str]], check, *args, **kwargs):
    """Run one check; its refusal is noted in ``errors`` (and None returned)."""
    try:
        return check(*args, **kwargs)
    except CaseworkError as exc:
        for name, messages in (exc.fields or {None: [exc.message]}).items():
            errors.setdefault(name, []).extend(messages)
        return None


def _disbursement(pathway: Pathway, data: dict, when: datetime) -> dict:
    """Amount, date and lender of the loan; the amount within the limit in force
    on the disbursement date for the beneficiary type. Every wrong field is
    reported at once."""
    errors: dict[str, list[str]] = {}
    amount = None
    if data.get("amount") is None:
        errors["amount"] = ["Indicare l'importo erogato."]
    else:
        amount = _collect(errors, _amount, data["amount"], field="amount")
    disbursed_on = _collect(errors, _day, data.get("disbursed_on"), field="disbursed_on",
                            label="la data di erogazione")
    if disbursed_on is not None and disbursed_on > timezone.localdate(when):
        errors["disbursed_on"] = ["La data di erogazione non può essere successiva alla data "
                                  "del passaggio."]
        disbursed_on = None
    elif disbursed_on is not None and disbursed_on < timezone.localdate(pathway.opened_at):
        errors["disbursed_on"] = ["La data di erogazione precede l'apertura del percorso."]
        disbursed_on = None
    given = data.get("lender")
    lender = _collect(errors, _lender, given if given is not None else pathway.lender)
    beneficiary_type = data.get("beneficiary_type") or pathway.beneficiary_type
    if beneficiary_type not in BeneficiaryType.values:
        errors["beneficiary_type"] = ["Tipo di beneficiario non valido."]
    if errors:
        raise CaseworkError.from_errors(errors)
    limit = catalog.limit_for(beneficiary_type=beneficiary_type, on=disbursed_on)
    if limit is None:
        raise CaseworkError(
            "Nessun limite del microcredito in vigore alla data di erogazione per questo tipo "
            "di beneficiario: il supervisore nazionale deve indicarlo.", field="amount")
    if amount > limit.max_amount:
        raise CaseworkError(
            f"L'importo supera il limite di {euro(limit.max_amount)} in vigore il "
            f"{disbursed_on:%d/%m/%Y} per: {BeneficiaryType(beneficiary_type).label}.",
            field="amount", code="importo_oltre_il_limite")
    return {"amount": amount, "disbursed_on": disbursed_on, "lender": lender,
            "beneficiary_type": beneficiary_type, "limit": limit.max_amount}


def _step_time_and_data(pathway: Pathway, from_stage: str, to_stage: str, data: dict,
                        occurred_at: datetime | None) -> tuple[datetime, dict, dict]:
    """The time of the step and its data, checked together: a wrong time and
    wrong data are reported at once."""
    last = pathway.events.order_by("-occurred_at", "-id").values_list("occurred_at",
                                                                      flat=True).first()
    try:
        when = _event_time(occurred_at, not_before=last)
    except CaseworkError as time_error:
        errors = dict(time_error.fields)
        _collect(errors, _stage_data, pathway, from_stage, to_stage, data, timezone.now())
        if errors:
            raise CaseworkError.from_errors(errors) from time_error
        raise
    clean, updates = _stage_data(pathway, from_stage, to_stage, data, when)
    return when, clean, updates


def pathway_step_errors(*, pathway: Pathway, to_stage: str, occurred_at: datetime | None = None,
                        **data) -> dict[str, list[str]]:
    """Every reason why ``advance_pathway`` would refuse these data for this
    step, without writing anything (field name -> messages). The step's form
    asks it when some of its own fields are wrong, to show all errors at once."""
    errors: dict[str, list[str]] = {}
    _collect(errors, _step_time_and_data, pathway, pathway.stage, to_stage, data, occurred_at)
    return errors


def _check_step(pathway: Pathway, to_stage: str) -> None:
    if not machine.is_allowed(pathway.kind, pathway.stage, to_stage):
        raise TransitionNotAllowed(
            f"Passaggio non ammesso: dalla fase «{machine.label(pathway.stage)}» alla fase "
            f"«{machine.label(to_stage)}».", field="to_stage")
    if to_stage not in _STAGES_WITHOUT_CONSENT:
        require_consent(person=pathway.person, purpose=ConsentPurpose.SERVICE)


def check_step(*, pathway: Pathway, to_stage: str, acting_user) -> None:
    """Refuse, as ``advance_pathway`` would before looking at the data, a step
    ``acting_user`` may not take: the table does not allow it, or the person's
    consent is missing. Writes nothing: the API asks it before reporting the
    data it could not read."""
    _require_staff(acting_user)
    _check_step(pathway, to_stage)


@transaction.atomic
def advance_pathway(*, pathway: Pathway, to_stage: str, acting_user,
                    occurred_at: datetime | None = None, **data) -> PathwayEvent:
    """Move ``pathway`` to ``to_stage`` if the table allows it, with the data the
    stage asks for; writes the event. Refused transitions write nothing."""
    _require_staff(acting_user)
    locked = Pathway.objects.select_for_update().get(pk=pathway.pk)
    from_stage = locked.stage
    _check_step(locked, to_stage)
    when, clean, updates = _step_time_and_data(locked, from_stage, to_stage, data, occurred_at)
    event = build_pathway_event(pathway=locked, from_stage=from_stage, to_stage=to_stage,
                                occurred_at=when, acting_user=acting_user, data=clean)
    event.save(force_insert=True)
    for name, value in updates.items():
        setattr(locked, name, value)
    locked.stage = to_stage
    if machine.is_terminal(locked.kind, to_stage):
        locked.closed_at = when
    locked.save()
    audit.record(**pathway_advanced_audit(locked, from_stage=from_stage, to_stage=to_stage,
                                          acting_user=acting_user))
    pathway.refresh_from_db()
    return event


CONSULTATIONS_EXPORTED = "consultation.exported"


def record_consultation_export(*, acting_user, file_format: str, count: int,
                               filters: dict) -> None:
    """Leave a trace of who took the counter's consultations out, and which."""
    _require_staff(acting_user)
    audit.record(action=CONSULTATIONS_EXPORTED, actor=acting_user,
                 details={"format": file_format, "count": count,
                          "filters": {key: str(value) for key, value in filters.items()
                                      if value not in (None, "")}})


# --- Stored files ------------------------------------------------------------

def remove_orphan_files(*, older_than: timedelta = timedelta(hours=1)) -> int:
    """Delete this schema's stored document files that no document row cites.

    A file is written before its row commits; when the transaction rolls back
    the file stays behind. Files younger than ``older_than`` may belong to an
    upload still in flight and are left alone. Safe to run twice.
    """
    root = f"{connection.schema_name}/consulenze"
    if not default_storage.exists(root):
        return 0
    cited = set(ConsultationDocument.objects.values_list("file", flat=True))
    cutoff = timezone.now() - older_than
    removed = 0
    consultation_dirs, _files = default_storage.listdir(root)
    for folder in consultation_dirs:
        _subdirs, files = default_storage.listdir(f"{root}/{folder}")
        for filename in files:
            name = f"{root}/{folder}/{filename}"
            if name in cited or default_storage.get_modified_time(name) > cutoff:
                continue
            default_storage.delete(name)
            removed += 1
    return removed
