"""The pathways' state machines, as data: the stages of each kind, the table of
allowed transitions, and what each stage asks for. casework.services applies
them (advance_pathway); replay() rebuilds a stage from the event history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.models import PathwayKind, Stage
from catalog.models import BeneficiaryType
from core.formatting import euro

S = Stage
MICROCREDIT = PathwayKind.MICROCREDIT
JOB = PathwayKind.JOB

INITIAL_STAGE = {MICROCREDIT: S.FIRST_CONTACT, JOB: S.ORIENTATION}

# Withdrawal is possible from every stage before the money moves: once the
# loan is disbursed the pathway goes on to tutoring and repayment.
_WITHDRAWABLE = (S.FIRST_CONTACT, S.INFORMATION, S.ORIENTATION, S.BUSINESS_IDEA,
                 S.BUSINESS_PLAN, S.SENT_TO_LENDER, S.LENDER_ASSESSMENT, S.APPROVED)

TRANSITIONS: dict[str, dict[str, tuple[str, ...]]] = {
    MICROCREDIT: {
        S.FIRST_CONTACT: (S.INFORMATION,),
        S.INFORMATION: (S.ORIENTATION,),
        S.ORIENTATION: (S.BUSINESS_IDEA,),
        S.BUSINESS_IDEA: (S.BUSINESS_PLAN,),
        S.BUSINESS_PLAN: (S.SENT_TO_LENDER,),
        S.SENT_TO_LENDER: (S.LENDER_ASSESSMENT,),
        S.LENDER_ASSESSMENT: (S.APPROVED, S.REFUSED),
        S.APPROVED: (S.DISBURSED,),
        S.DISBURSED: (S.TUTORING,),
        # tutoraggio → tutoraggio records the auxiliary services delivered meanwhile
        S.TUTORING: (S.TUTORING, S.REPAYING),
        S.REPAYING: (S.CLOSED,),
        S.REFUSED: (S.CLOSED,),
        S.WITHDRAWN: (S.CLOSED,),
        S.CLOSED: (),
    },
    JOB: {
        S.ORIENTATION: (S.CV, S.CLOSED),
        S.CV: (S.ACTIVE_SEARCH, S.CLOSED),
        S.ACTIVE_SEARCH: (S.REFERRAL, S.CLOSED),
        # a referral that led nowhere goes back to the active search
        S.REFERRAL: (S.PLACED, S.ACTIVE_SEARCH, S.CLOSED),
        S.PLACED: (),
        S.CLOSED: (),
    },
}
for _stage in _WITHDRAWABLE:
    TRANSITIONS[MICROCREDIT][_stage] = (*TRANSITIONS[MICROCREDIT][_stage], S.WITHDRAWN)

# The microcredit funnel of the coordinator's dashboard: the main line, then
# the side outcomes.
FUNNEL = (S.FIRST_CONTACT, S.INFORMATION, S.ORIENTATION, S.BUSINESS_IDEA, S.BUSINESS_PLAN,
          S.SENT_TO_LENDER, S.LENDER_ASSESSMENT, S.APPROVED, S.DISBURSED, S.TUTORING,
          S.REPAYING, S.CLOSED)
FUNNEL_SIDE = (S.REFUSED, S.WITHDRAWN)


class AuxiliaryService(models.TextChoices):
    """The mandatory auxiliary services of a microcredit loan: at least two kinds
    during the tutoring."""

    STRATEGY = "strategia", _("Supporto alla definizione della strategia di sviluppo")
    MANAGEMENT = "gestione", _("Formazione sulle tecniche di amministrazione dell'impresa")
    MARKETING = "marketing", _("Supporto al marketing e alle strategie di vendita")
    LEGAL_TAX = "legale_fiscale", _("Supporto per problemi legali, fiscali e amministrativi")


MIN_AUXILIARY_KINDS = 2


class ContractType(models.TextChoices):
    PERMANENT = "indeterminato", _("Tempo indeterminato")
    FIXED_TERM = "determinato", _("Tempo determinato")
    APPRENTICESHIP = "apprendistato", _("Apprendistato")
    AGENCY = "somministrazione", _("Somministrazione")
    INTERNSHIP = "tirocinio", _("Tirocinio extracurricolare")
    SELF_EMPLOYED = "autonomo", _("Lavoro autonomo o d'impresa")
    OCCASIONAL = "occasionale", _("Lavoro occasionale")
    OTHER = "altro", _("Altro")


class RecipientKind(models.TextChoices):
    EMPLOYER = "datore", _("Datore di lavoro")
    SERVICE = "servizio", _("Servizio (CPI, agenzia, formazione...)")


NOTE_MAX_LENGTH = 2000  # a note or a reason
RECIPIENT_MAX_LENGTH = 200  # the employer or service a person is referred to


@dataclass(frozen=True)
class Datum:
    """One datum a pathway event may carry: typed by the operator (a stage's
    field) or derived by the service (the lender's name, the limit in force).
    ``api_name`` is its name in the API (in ``dati``, both ways); ``shown`` how
    the history and the timeline label it (empty: not shown); ``kind`` how the
    edges parse it and the history writes it."""

    api_name: str
    shown: str
    kind: str  # "lender", "amount", "date", "text", "choice", "multichoice", "beneficiary"
    brief: str | None = None  # its name in the timeline's one line ("": the value alone)


# In the order the history lists them.
DATA: dict[str, Datum] = {
    "lender_name": Datum("finanziatore_nome", _("Finanziatore"), "text", "finanziatore"),
    "requested_amount": Datum("importo_richiesto", _("Importo richiesto"), "amount"),
    "amount": Datum("importo", _("Importo erogato"), "amount", "importo"),
    "disbursed_on": Datum("data_erogazione", _("Data di erogazione"), "date"),
    "beneficiary_type": Datum("tipo_beneficiario", _("Tipo di beneficiario"), "beneficiary"),
    "limit": Datum("limite", _("Limite in vigore"), "amount"),
    "reason": Datum("motivo", _("Motivo"), "text", "motivo"),
    "auxiliary_services": Datum("servizi_ausiliari", _("Servizi ausiliari"), "multichoice"),
    "recipient_kind": Datum("tipo_destinatario", _("Inviato a"), "choice"),
    "recipient": Datum("destinatario", _("Destinatario"), "text", "inviato a"),
    "contract_type": Datum("tipo_contratto", _("Contratto"), "choice", "contratto"),
    "placed_on": Datum("data_assunzione", _("Data di assunzione"), "date"),
    "note": Datum("nota", _("Nota"), "text", ""),
    "lender": Datum("finanziatore", "", "lender"),
}
DERIVED = ("lender_name", "limit")  # written by the service, never typed


@dataclass(frozen=True)
class StageField:
    """A datum a transition asks for: the service, the form and the API read it."""

    name: str  # the service's argument, a key of DATA
    label: str  # the form's label
    required: bool = False  # for the form; the service states its own message
    choices: tuple = ()
    hint: str = ""  # after the API name in the API's help: " (id)", " (elenco)"

    @property
    def kind(self) -> str:
        return DATA[self.name].kind

    @property
    def api_name(self) -> str:
        return DATA[self.name].api_name


@dataclass(frozen=True)
class StageSpec:
    """What one stage asks for, and its line in the API's help."""

    fields: tuple[StageField, ...]


_AUXILIARY = StageField("auxiliary_services", _("Servizi ausiliari erogati"),
                        choices=tuple(AuxiliaryService.choices), hint=" (elenco)")
_NOTE = StageField("note", _("Nota"))
# The stages that ask for data, in the order of the API's help; every stage
# also takes a note.
STAGES: dict[str, StageSpec] = {
    S.SENT_TO_LENDER: StageSpec((
        StageField("lender", _("Finanziatore (elenco nazionale)"), required=True, hint=" (id)"),
        StageField("requested_amount", _("Importo richiesto (€)")),
    )),
    S.DISBURSED: StageSpec((
        StageField("amount", _("Importo erogato (€)"), required=True),
        StageField("disbursed_on", _("Data di erogazione"), required=True),
        StageField("lender", _("Finanziatore"), required=True),
        StageField("beneficiary_type", _("Tipo di beneficiario")),
    )),
    S.REFUSED: StageSpec((StageField("reason", _("Motivo del rifiuto"), required=True),)),
    S.WITHDRAWN: StageSpec((StageField("reason", _("Motivo del ritiro")),)),
    S.TUTORING: StageSpec((_AUXILIARY,)),
    S.REPAYING: StageSpec((_AUXILIARY,)),
    S.REFERRAL: StageSpec((
        StageField("recipient_kind", _("Inviato a"), required=True,
                   choices=tuple(RecipientKind.choices)),
        StageField("recipient", _("Datore di lavoro o servizio"), required=True),
    )),
    S.PLACED: StageSpec((
        StageField("contract_type", _("Tipo di contratto"), required=True,
                   choices=tuple(ContractType.choices)),
        StageField("placed_on", _("Data di assunzione o di avvio"), required=True),
    )),
}


def api_help() -> str:
    """The API's help for a transition's ``dati``, from STAGES: stages asking
    for the same data share a line."""
    lines: dict[tuple[StageField, ...], list[str]] = {}
    for stage, spec in STAGES.items():
        lines.setdefault(spec.fields, []).append(str(stage))
    parts = [f"{' e '.join(stages)}: " + ", ".join(f"{f.api_name}{f.hint}" for f in fields)
             for fields, stages in lines.items()]
    return (f"I dati che la fase richiede: {'; '.join(parts)}; "
            f"sempre: {_NOTE.api_name}.")


def fields_for(stage: str) -> tuple[StageField, ...]:
    spec = STAGES.get(stage)
    return (*(spec.fields if spec else ()), _NOTE)


def stage_record(to_stage: str, values: dict) -> tuple[dict, dict]:
    """The event's data and the pathway's new fields for the checked, typed
    values of a step into ``to_stage``: the one builder of ``PathwayEvent.data``
    (casework.services.advance_pathway and the demo data use it)."""
    data: dict = {}
    updates: dict = {}
    if values.get("note"):
        data["note"] = values["note"]
    if to_stage == S.SENT_TO_LENDER:
        lender = values["lender"]
        data.update(lender=lender.pk, lender_name=lender.name)
        updates["lender"] = lender
        if values.get("requested_amount") is not None:
            data["requested_amount"] = str(values["requested_amount"])
            updates["requested_amount"] = values["requested_amount"]
    elif to_stage in (S.REFUSED, S.WITHDRAWN):
        if values.get("reason"):
            data["reason"] = values["reason"]
    elif to_stage == S.DISBURSED:
        lender = values["lender"]
        data.update(amount=str(values["amount"]), disbursed_on=values["disbursed_on"].isoformat(),
                    lender=lender.pk, lender_name=lender.name,
                    beneficiary_type=values["beneficiary_type"], limit=str(values["limit"]))
        updates.update(disbursed_amount=values["amount"], disbursed_on=values["disbursed_on"],
                       lender=lender, beneficiary_type=values["beneficiary_type"])
    elif to_stage in (S.TUTORING, S.REPAYING):
        data["auxiliary_services"] = list(values.get("auxiliary_services") or [])
    elif to_stage == S.REFERRAL:
        data.update(recipient_kind=values["recipient_kind"], recipient=values["recipient"])
        updates["referred_to"] = values["recipient"]
    elif to_stage == S.PLACED:
        data.update(contract_type=values["contract_type"],
                    placed_on=values["placed_on"].isoformat())
        updates.update(contract_type=values["contract_type"], placed_on=values["placed_on"])
    return data, updates


def stages_of(kind: str) -> list[str]:
    return list(TRANSITIONS[kind])


def allowed_next(kind: str, stage: str) -> tuple[str, ...]:
    return TRANSITIONS.get(kind, {}).get(stage, ())


def is_allowed(kind: str, from_stage: str, to_stage: str) -> bool:
    return to_stage in allowed_next(kind, from_stage)


def is_terminal(kind: str, stage: str) -> bool:
    return not allowed_next(kind, stage)


def label(stage: str) -> str:
    return str(Stage(stage).label) if stage in Stage.values else stage


class ReplayError(ValueError):
    pass


def replay(kind: str, transitions: Iterable[tuple[str, str]]) -> str:
    """The stage reached by ``(from_stage, to_stage)`` pairs in order, each checked
    against the table: the first must open the pathway at its initial stage."""
    stage = ""
    for from_stage, to_stage in transitions:
        if from_stage != stage:
            raise ReplayError(f"history broken: at {stage!r}, event from {from_stage!r}")
        if stage == "":
            if to_stage != INITIAL_STAGE[kind]:
                raise ReplayError(f"a {kind} pathway cannot open at {to_stage!r}")
        elif not is_allowed(kind, stage, to_stage):
            raise ReplayError(f"{stage!r} → {to_stage!r} is not an allowed transition")
        stage = to_stage
    if not stage:
        raise ReplayError("no events")
    return stage


def describe(data: dict) -> list[tuple[str, str]]:
    """An event's data as an operator reads them: (label, value) pairs."""
    items = []
    for key, datum in DATA.items():
        value = (data or {}).get(key)
        if not datum.shown or value in (None, "", []):
            continue
        if datum.kind == "amount":
            value = euro(value)
        elif datum.kind == "date":
            value = date.fromisoformat(value).strftime("%d/%m/%Y")
        elif key == "auxiliary_services":
            value = ", ".join(str(AuxiliaryService(v).label) for v in value
                              if v in AuxiliaryService.values)
        elif key == "beneficiary_type":
            value = BeneficiaryType(value).label if value in BeneficiaryType.values else value
        elif key == "recipient_kind":
            value = RecipientKind(value).label if value in RecipientKind.values else value
        elif key == "contract_type":
            value = ContractType(value).label if value in ContractType.values else value
        items.append((str(datum.shown), str(value)))
    return items


def summary(data: dict) -> str:
    """An event's data in the person's timeline: one line, the main data only."""
    parts = []
    for key, datum in DATA.items():
        value = (data or {}).get(key)
        if datum.brief is None or not value:
            continue
        if datum.kind == "amount":
            value = euro(value)
        elif key == "contract_type":
            value = ContractType(value).label
        parts.append(f"{datum.brief}: {value}" if datum.brief else value)
    return "; ".join(str(part) for part in parts)
