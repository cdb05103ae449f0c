"""The typed inputs of the assessments services (an instrument, its items
and options): forms, the seed and the selectors build them, the services
take them."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessments.models import TriggerAction


@dataclass
class OptionData:
    label: str
    weight: int


@dataclass
class ItemData:
    text: str
    help: str = ""
    options: list[OptionData] = field(default_factory=list)


@dataclass
class InstrumentData:
    name: str
    threshold: int
    items: list[ItemData]
    description: str = ""
    trigger_action: str = TriggerAction.NONE
    trigger_offset_days: int = 1
    is_unverified: bool = False
    unverified_note: str = ""
