from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import AccessibleErrorsMixin
from codes.widgets import CodePicker
from core import fields as boundary

DATE_FORMAT = "%Y-%m-%d"
SEARCH_MAX_CHARS = 100


class ItalianForm(AccessibleErrorsMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("Campo obbligatorio.")
            field.error_messages.setdefault("invalid_choice", _("Scelta non valida."))
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, (forms.RadioSelect, forms.HiddenInput)):
                widget.attrs.setdefault("class", "form-control")


class FilterForm(ItalianForm):
    """A list's filters (GET): an invalid filter is shown and ignored."""

    def valid(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}

    def query_string(self, *, without: tuple[str, ...] = ("pagina",)) -> str:
        if not self.is_bound:
            return ""
        return urlencode([(k, v) for k, v in self.data.items() if k not in without and v])


def date_field(label, *, required=False, help_text=""):
    return boundary.DateField(label=label, required=required, help_text=help_text,
                              input_formats=[DATE_FORMAT, "%d/%m/%Y"],
                              widget=forms.DateInput(format=DATE_FORMAT, attrs={"type": "date"}))


def text(label, max_length, *, required=False, help_text="", rows=None, **attrs):
    widget = forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs)
    return forms.CharField(label=label, max_length=max_length, required=required,
                           help_text=help_text, widget=widget)


def code(label, table: str, *, required=False, help_text="", level=None):
    """A code of the code tables, typed or picked (codes.widgets.CodePicker);
    the services check it (an expired code already stored is kept)."""
    from jobs.models import CODE_MAX_CHARS

    return forms.CharField(label=label, max_length=CODE_MAX_CHARS, required=required,
                           help_text=help_text, widget=CodePicker(table=table, level=level))


def choice(label, choices, *, blank="—", required=False):
    return forms.ChoiceField(label=label, required=required,
                             choices=[("", blank), *choices] if blank is not None else choices)
