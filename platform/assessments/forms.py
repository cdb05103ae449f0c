"""Forms of the assessment pages: the questionnaire and the instrument editor.

Both only shape the input: the rules (every item answered, weights,
threshold reachable...) live in the services, whose errors come back at the
field they name (``ui.forms.apply_service_error``).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import AccessibleErrorsMixin
from assessments.data import InstrumentData, ItemData, OptionData
from assessments.models import NOTES_MAX_CHARS, Instrument, Item, Option, TriggerAction
from core import fields as boundary

MAX_ITEMS = 60
MAX_OPTIONS = 12


def _max_length(model, field_name: str) -> int:
    """The length the model's column allows: declared once, there."""
    return model._meta.get_field(field_name).max_length


class QuestionnaireForm(AccessibleErrorsMixin, forms.Form):
    """One radio group per item (``item_<id>``), in the instrument's order."""

    notes = forms.CharField(
        label=_("Note riservate (facoltative)"), required=False, max_length=NOTES_MAX_CHARS,
        help_text=_("Come le risposte, sono conservate cifrate e lette solo da operatori e "
                    "coordinatori."),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.item_fields = []
        for item in instrument.items.all():
            name = f"item_{item.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=item.text, help_text=item.help, required=False, coerce=int,
                empty_value=None,
                choices=[(o.pk, o.label) for o in item.options.all()],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
            self.fields[name].error_messages["invalid_choice"] = _(
                "Risposta non valida per questa domanda.")
            self.fields[name].weights = {o.pk: o.weight for o in item.options.all()}
            self.item_fields.append(name)
        self.order_fields([*self.item_fields, "notes"])

    def items(self):
        return [self[name] for name in self.item_fields]

    def answers(self) -> dict[int, int]:
        data = self.cleaned_data
        return {int(name.removeprefix("item_")): data[name]
                for name in self.item_fields if data.get(name) is not None}

    def provisional_total(self) -> tuple[int, int]:
        """(sum of the chosen weights, number of items answered) from raw data."""
        total = answered = 0
        for name in self.item_fields:
            try:
                option_id = int(self.data.get(name, ""))
            except ValueError:
                continue
            weight = self.fields[name].weights.get(option_id)
            if weight is not None:
                total += weight
                answered += 1
        return total, answered


def _int(value, default: int, *, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value)))
    except (TypeError, ValueError):
        return default


class InstrumentForm(AccessibleErrorsMixin, forms.Form):
    """The instrument with its items and options as rows of fields:
    ``item_<r>_text``, ``item_<r>_help``, ``item_<r>_option_<k>_label`` and
    ``..._weight``. Empty rows are ignored; "add" buttons grow the rows."""

    code = forms.CharField(
        label=_("Codice"), max_length=_max_length(Instrument, "code"), required=False,
        help_text=_("Lettere minuscole, cifre e trattini; non cambia tra le versioni."),
        widget=forms.TextInput(attrs={"class": "form-control"}))
    name = forms.CharField(label=_("Nome"), max_length=_max_length(Instrument, "name"),
                           widget=forms.TextInput(attrs={"class": "form-control"}))
    description = forms.CharField(label=_("Descrizione"), required=False,
                                  widget=forms.Textarea(attrs={"class": "form-control",
                                                               "rows": 3}))
    threshold = boundary.integer_field(
        Instrument, "threshold",
        label=_("Soglia"),
        help_text=_("Un punteggio uguale o superiore alla soglia attiva l'azione."),
        widget=forms.NumberInput(attrs={"class": "form-control"}))
    trigger_action = forms.ChoiceField(label=_("Azione al superamento della soglia"),
                                       choices=TriggerAction.choices)
    trigger_offset_days = boundary.integer_field(
        Instrument, "trigger_offset_days",
        label=_("Giorni di attesa prima del secondo colloquio"), required=False, min_value=0,
        widget=forms.NumberInput(attrs={"class": "form-control"}))
    is_unverified = forms.BooleanField(label=_("Contenuto non verificato"), required=False,
                                       widget=forms.CheckboxInput(
                                           attrs={"class": "form-check-input"}))
    unverified_note = forms.CharField(label=_("Nota sul contenuto"),
                                      max_length=_max_length(Instrument, "unverified_note"),
                                      required=False,
                                      widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args, instrument_data: InstrumentData | None = None,
                 with_code: bool = False, grow: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_code:
            del self.fields["code"]
        for name in ("name", "threshold"):
            self.fields[name].error_messages["required"] = _("Campo obbligatorio.")
        self.fields["threshold"].error_messages["invalid"] = _("Indicare un numero intero.")
        if self.is_bound:
            item_count = _int(self.data.get("item_count"), 1, low=1, high=MAX_ITEMS)
            option_counts = [_int(self.data.get(f"item_{r}_option_count"), 4, low=2,
                                  high=MAX_OPTIONS) for r in range(item_count)]
            if grow == "item" and item_count < MAX_ITEMS:
                item_count += 1
                option_counts.append(4)
            elif grow and grow.isdigit() and int(grow) < item_count:
                row = int(grow)
                option_counts[row] = min(option_counts[row] + 1, MAX_OPTIONS)
        else:
            items = instrument_data.items if instrument_data else []
            option_counts = [len(item.options) + 1 for item in items] + [4]
            item_count = len(option_counts)
            if instrument_data:
                self.initial.update({
                    "name": instrument_data.name, "description": instrument_data.description,
                    "threshold": instrument_data.threshold,
                    "trigger_action": instrument_data.trigger_action,
                    "trigger_offset_days": instrument_data.trigger_offset_days,
                    "is_unverified": instrument_data.is_unverified,
                    "unverified_note": instrument_data.unverified_note})
                for r, item in enumerate(items):
                    self.initial[f"item_{r}_text"] = item.text
                    self.initial[f"item_{r}_help"] = item.help
                    for k, option in enumerate(item.options):
                        self.initial[f"item_{r}_option_{k}_label"] = option.label
                        self.initial[f"item_{r}_option_{k}_weight"] = option.weight
            else:
                self.initial.setdefault("trigger_offset_days", 1)
        self.item_count = item_count
        self.option_counts = option_counts
        for r in range(item_count):
            self.fields[f"item_{r}_text"] = forms.CharField(
                label=_("Domanda %(n)s") % {"n": r + 1}, max_length=_max_length(Item, "text"),
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control"}))
            self.fields[f"item_{r}_help"] = forms.CharField(
                label=_("Indicazioni per l'operatore"), required=False,
                widget=forms.TextInput(attrs={"class": "form-control"}))
            for k in range(option_counts[r]):
                self.fields[f"item_{r}_option_{k}_label"] = forms.CharField(
                    label=_("Risposta %(n)s") % {"n": k + 1},
                    max_length=_max_length(Option, "label"), required=False,
                    widget=forms.TextInput(attrs={"class": "form-control"}))
                weight = boundary.integer_field(
                    Option, "weight",
                    label=_("Peso"), required=False,
                    widget=forms.NumberInput(attrs={"class": "form-control"}))
                weight.error_messages["invalid"] = _("Indicare un numero intero.")
                self.fields[f"item_{r}_option_{k}_weight"] = weight
        self.aliases: dict[str, str] = {"items": "item_0_text"}

    def rows(self):
        """For the template: each item row with its fields and option rows."""
        return [{
            "index": r, "text": self[f"item_{r}_text"], "help": self[f"item_{r}_help"],
            "option_count": self.option_counts[r],
            "options": [(self[f"item_{r}_option_{k}_label"], self[f"item_{r}_option_{k}_weight"])
                        for k in range(self.option_counts[r])],
        } for r in range(self.item_count)]

    def clean(self):
        data = super().clean()
        for r in range(self.item_count):
            for k in range(self.option_counts[r]):
                label = (data.get(f"item_{r}_option_{k}_label") or "").strip()
                weight_name = f"item_{r}_option_{k}_weight"
                if label and data.get(weight_name) is None and weight_name not in self.errors:
                    self.add_error(weight_name, _("Indicare il peso."))
        return data

    def to_data(self) -> InstrumentData:
        """The service's input; remembers which row each item and option came
        from, so the service's errors land on the right field."""
        data = self.cleaned_data
        items: list[ItemData] = []
        for r in range(self.item_count):
            text = (data.get(f"item_{r}_text") or "").strip()
            options = []
            for k in range(self.option_counts[r]):
                label = (data.get(f"item_{r}_option_{k}_label") or "").strip()
                weight = data.get(f"item_{r}_option_{k}_weight")
                if not label and weight is None:
                    continue
                j = len(options)
                self.aliases[f"item_{len(items)}_option_{j}_label"] = (
                    f"item_{r}_option_{k}_label")
                self.aliases[f"item_{len(items)}_option_{j}_weight"] = (
                    f"item_{r}_option_{k}_weight")
                options.append(OptionData(label=label, weight=weight))
            if not text and not options:
                continue
            i = len(items)
            self.aliases[f"item_{i}_text"] = f"item_{r}_text"
            self.aliases[f"item_{i}_options"] = f"item_{r}_text"
            items.append(ItemData(text=text, help=(data.get(f"item_{r}_help") or "").strip(),
                                  options=options))
        threshold = data["threshold"]
        offset = data.get("trigger_offset_days")
        return InstrumentData(
            name=data.get("name") or "", description=data.get("description") or "",
            threshold=threshold,
            trigger_action=data.get("trigger_action") or TriggerAction.NONE,
            trigger_offset_days=offset if offset is not None else 1,
            is_unverified=bool(data.get("is_unverified")),
            unverified_note=data.get("unverified_note") or "", items=items)
