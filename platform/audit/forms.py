"""The filters of the activity log ("Registro attività")."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from audit.actions import labels

DATE_FORMAT = "%Y-%m-%d"
# The record starts with the platform; a date outside this range is a typing
# error, refused at its field (and never widened into an overflow).
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


@dataclass(frozen=True)
class AuditFilters:
    date_from: date | None = None
    date_to: date | None = None
    actor: str = ""
    action: str = ""
    target: str = ""

    def as_details(self) -> dict:
        """What the export's own audit event keeps of the filters."""
        return {key: value.isoformat() if isinstance(value, date) else value
                for key, value in asdict(self).items() if value}


def _date(label):
    return forms.DateField(label=label, required=False, input_formats=[DATE_FORMAT, "%d/%m/%Y"],
                           widget=forms.DateInput(format=DATE_FORMAT, attrs={
                               "type": "date", "class": "form-control",
                               "min": EARLIEST.isoformat(), "max": LATEST.isoformat()}))


def action_choices(extra_codes=()) -> list[tuple[str, str]]:
    """Every known action by its Italian label, plus codes found in the record
    that have none (shown as their code)."""
    choices = {code: str(label) for code, label in labels().items()}
    for code in extra_codes:
        choices.setdefault(code, code)
    return sorted(choices.items(), key=lambda item: item[1].lower())


class AuditFilterForm(forms.Form):
    dal = _date(_("Dal"))
    al = _date(_("Al"))
    chi = forms.CharField(label=_("Chi"), required=False, max_length=254,
                          help_text=_("E-mail o parte di essa"),
                          widget=forms.TextInput(attrs={"class": "form-control"}))
    azione = forms.ChoiceField(label=_("Azione"), required=False, choices=())
    oggetto = forms.CharField(label=_("Oggetto"), required=False, max_length=254,
                              help_text=_("Nome o identificativo"),
                              widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args, extra_actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["azione"].choices = [("", _("Tutte"))] + action_choices(extra_actions)
        for field in self.fields.values():
            field.error_messages.update({
                "invalid": _("Data non valida: la scriva come gg/mm/aaaa."),
                "invalid_choice": _("Scelta non valida."),
                "max_length": _("Testo troppo lungo (al massimo %(limit_value)d caratteri)."),
            })

    def _clean_date(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                _("Data fuori dall'intervallo ammesso (dal %(start)s al %(end)s)."),
                params={"start": EARLIEST.strftime("%d/%m/%Y"), "end": LATEST.strftime("%d/%m/%Y")},
                code="fuori_intervallo")
        return value

    def clean_dal(self):
        return self._clean_date("dal")

    def clean_al(self):
        return self._clean_date("al")

    def clean(self):
        data = super().clean()
        start, end = data.get("dal"), data.get("al")
        if start and end and start > end:
            self.add_error("al", _("La data finale precede quella iniziale."))
        return data

    def filters(self) -> AuditFilters:
        """The valid part of what was asked (an invalid filter is shown at its
        field and ignored)."""
        if not self.is_bound:
            return AuditFilters()
        self.is_valid()
        data = self.cleaned_data
        return AuditFilters(date_from=data.get("dal"), date_to=data.get("al"),
                            actor=data.get("chi") or "", action=data.get("azione") or "",
                            target=data.get("oggetto") or "")

    def query_string(self) -> str:
        """The filters as typed, for the export links."""
        if not self.is_bound:
            return ""
        return urlencode([(key, value) for key, value in self.data.items()
                          if key in self.fields and value])
