"""The pathways' state machines, as data: the stages of each kind, the table of
allowed transitions, and what each stage asks for. casework.services applies
them (advance_pathway); replay() rebuilds a stage from the event history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.models import PathwayKind, Stage
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


@dataclass(frozen=True)
class StageField:
    """A datum a transition asks for: the form and the API build themselves on it."""

    name: str
    label: str
    kind: str  # "lender", "amount", "date", "text", "choice", "multichoice", "beneficiary"
    required: bool = False
    choices: tuple = ()


_NOTE = StageField("note", _("Nota"), "text")
STAGE_FIELDS: dict[str, tuple[StageField, ...]] = {
    S.SENT_TO_LENDER: (
        StageField("lender", _("Finanziatore (elenco nazionale)"), "lender", required=True),
        StageField("requested_amount", _("Importo richiesto (€)"), "amount"),
    ),
    S.REFUSED: (StageField("reason", _("Motivo del rifiuto"), "text", required=True),),
    S.WITHDRAWN: (StageField("reason", _("Motivo del ritiro"), "text"),),
    S.DISBURSED: (
        StageField("amount", _("Importo erogato (€)"), "amount", required=True),
        StageField("disbursed_on", _("Data di erogazione"), "date", required=True),
        StageField("lender", _("Finanziatore"), "lender", required=True),
        StageField("beneficiary_type", _("Tipo di beneficiario"), "beneficiary"),
    ),
    S.TUTORING: (StageField("auxiliary_services", _("Servizi ausiliari erogati"), "multichoice",
                            choices=tuple(AuxiliaryService.choices)),),
    S.REPAYING: (StageField("auxiliary_services", _("Servizi ausiliari erogati"), "multichoice",
                            choices=tuple(AuxiliaryService.choices)),),
    S.REFERRAL: (
        StageField("recipient_kind", _("Inviato a"), "choice", required=True,
                   choices=tuple(RecipientKind.choices)),
        StageField("recipient", _("Datore di lavoro o servizio"), "text", required=True),
    ),
    S.PLACED: (
        StageField("contract_type", _("Tipo di contratto"), "choice", required=True,
                   choices=tuple(ContractType.choices)),
        StageField("placed_on", _("Data di assunzione o di avvio"), "date", required=True),
    ),
}


def fields_for(stage: str) -> tuple[StageField, ...]:
    return (*STAGE_FIELDS.get(stage, ()), _NOTE)


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


_DATA_LABELS = {
    "lender_name": _("Finanziatore"),
    "requested_amount": _("Importo richiesto"),
    "amount": _("Importo erogato"),
    "disbursed_on": _("Data di erogazione"),
    "beneficiary_type": _("Tipo di beneficiario"),
    "limit": _("Limite in vigore"),
    "reason": _("Motivo"),
    "auxiliary_services": _("Servizi ausiliari"),
    "recipient_kind": _("Inviato a"),
    "recipient": _("Destinatario"),
    "contract_type": _("Contratto"),
    "placed_on": _("Data di assunzione"),
    "note": _("Nota"),
}


def describe(data: dict) -> list[tuple[str, str]]:
    """An event's data as an operator reads them: (label, value) pairs."""
    from datetime import date as _date

    from catalog.models import BeneficiaryType

    items = []
    for key, label_text in _DATA_LABELS.items():
        value = (data or {}).get(key)
        if value in (None, "", []):
            continue
        if key in ("requested_amount", "amount", "limit"):
            value = euro(value)
        elif key in ("disbursed_on", "placed_on"):
            value = _date.fromisoformat(value).strftime("%d/%m/%Y")
        elif key == "auxiliary_services":
            value = ", ".join(str(AuxiliaryService(v).label) for v in value
                              if v in AuxiliaryService.values)
        elif key == "beneficiary_type":
            value = BeneficiaryType(value).label if value in BeneficiaryType.values else value
        elif key == "recipient_kind":
            value = RecipientKind(value).label if value in RecipientKind.values else value
        elif key == "contract_type":
            value = ContractType(value).label if value in ContractType.values else value
        items.append((str(label_text), str(value)))
    return items
