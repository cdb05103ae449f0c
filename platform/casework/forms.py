"""Forms of the casework pages. They only shape what was typed: the rules live
in casework.services, whose errors come back to the field they name."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import AccessibleErrorsMixin
from casework import pathways as machine
from casework import selectors
from casework.models import (
    DOCUMENT_DESCRIPTION_MAX_LENGTH,
    MAX_DURATION_MINUTES,
    ConsultationMode,
    PathwayKind,
)
from catalog import selectors as catalog
from catalog.models import BeneficiaryType
from core import fields as boundary
from desks.models import Service

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class ItalianMessagesMixin(AccessibleErrorsMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages.update({
                "required": _("Campo obbligatorio."),
                "invalid_choice": _("Scelta non valida."),
                "invalid": _("Valore non valido."),
                "invalid_list": _("Scelta non valida."),
                "max_length": _("Testo troppo lungo (al massimo %(limit_value)d caratteri)."),
            })
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.error_messages["invalid"] = _("Data non valida.")


def _datetime_field(label, *, required=True, help_text=""):
    return boundary.DateTimeField(
        label=label, required=required, help_text=help_text,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(format=DATETIME_FORMAT,
                                   attrs={"type": "datetime-local", "class": "form-control"}))


def _date_field(label, *, required=False):
    return boundary.DateField(label=label, required=required,
                           input_formats=[DATE_FORMAT, "%d/%m/%Y"],
                           widget=forms.DateInput(format=DATE_FORMAT,
                                                  attrs={"type": "date", "class": "form-control"}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={
            "class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png,.odt,.docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ServiceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ConsultationForm(ItalianMessagesMixin, forms.Form):
    occurred_at = _datetime_field(_("Data e ora"))
    duration_minutes = forms.IntegerField(
        label=_("Durata (minuti)"), min_value=1, max_value=MAX_DURATION_MINUTES,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}))
    mode = forms.ChoiceField(label=_("Modalità"), choices=ConsultationMode.choices,
                             widget=forms.RadioSelect)
    topics = forms.CharField(
        label=_("Argomenti"), required=False, max_length=1000,
        help_text=_("Separati da virgola, es. <em>business plan, Resto al Sud</em>."),
        widget=forms.TextInput(attrs={"class": "form-control"}))
    services = ServiceChoiceField(label=_("Servizi erogati"), required=False,
                                  queryset=Service.objects.none(),
                                  widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label=_("Note"), required=False,
                            widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}))
    next_steps = forms.CharField(label=_("Prossimi passi"), required=False,
                                 widget=forms.Textarea(attrs={"class": "form-control",
                                                              "rows": 3}))
    documents = MultipleFileField(
        label=_("Documenti allegati"), required=False,
        help_text=_("PDF, JPG, PNG, ODT o DOCX, al massimo 10 MB ciascuno."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = selectors.counter_services(active_only=True)
        self.fields["services"].error_messages["invalid_choice"] = _(
            "Scegliere i servizi tra quelli attivi dello sportello.")
        if not self.is_bound:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial.setdefault("occurred_at", now)
            self.initial.setdefault("duration_minutes", 30)
            self.initial.setdefault("mode", ConsultationMode.IN_PERSON)

    def clean_topics(self) -> list[str]:
        """The topics typed comma-separated, as the list the service takes."""
        return [topic for topic in self.cleaned_data["topics"].split(",") if topic.strip()]


class DocumentForm(ItalianMessagesMixin, forms.Form):
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={
        "class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png,.odt,.docx"}),
        help_text=_("PDF, JPG, PNG, ODT o DOCX, al massimo 10 MB."))
    description = forms.CharField(label=_("Descrizione"), required=False,
                                  max_length=DOCUMENT_DESCRIPTION_MAX_LENGTH,
                                  widget=forms.TextInput(attrs={"class": "form-control"}))


class ConsultationFilterForm(forms.Form):
    operatore = forms.TypedChoiceField(label=_("Operatore"), required=False, coerce=int,
                                       empty_value=None)
    dal = _date_field(_("Dal"))
    al = _date_field(_("Al"))
    modalita = forms.ChoiceField(label=_("Modalità"), required=False,
                                 choices=[("", _("Tutte")), *ConsultationMode.choices])
    servizio = forms.TypedChoiceField(label=_("Servizio"), required=False, coerce=int,
                                      empty_value=None)

    def __init__(self, *args, operators=(), services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operatore"].choices = [("", _("Tutti"))] + [
            (user.pk, str(user)) for user in operators]
        self.fields["servizio"].choices = [("", _("Tutti"))] + [
            (service.pk, service.name) for service in services]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"operator_id": data.get("operatore"), "date_from": data.get("dal"),
                "date_to": data.get("al"), "mode": data.get("modalita") or None,
                "service_id": data.get("servizio")}


class PeriodForm(forms.Form):
    dal = _date_field(_("Dal"))
    al = _date_field(_("Al"))

    def period(self) -> tuple[date, date]:
        today = timezone.localdate()
        default_from = (today.replace(day=1) - timedelta(days=335)).replace(day=1)
        data = self.cleaned_data if self.is_valid() else {}
        date_to = data.get("al") or today
        date_from = data.get("dal") or default_from
        if date_from > date_to:
            date_from, date_to = date_to, date_from
        return date_from, date_to


class OpenPathwayForm(ItalianMessagesMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Tipo di percorso"), choices=PathwayKind.choices)
    beneficiary_type = forms.ChoiceField(
        label=_("Tipo di beneficiario (microcredito)"), choices=BeneficiaryType.choices,
        initial=BeneficiaryType.ORDINARY, required=False)
    note = forms.CharField(label=_("Nota"), required=False, max_length=machine.NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))


class LenderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.get_kind_display()} ({obj.regions_display})"


def transition_form_class(stage: str) -> type[forms.Form]:
    """The form of one transition, built from what the stage asks for
    (casework.pathways.STAGES): each field parses what was typed into the value
    the service takes (a Lender, a Decimal, a date)."""
    fields: dict[str, forms.Field] = {}
    for spec in machine.fields_for(stage):
        required = spec.required
        if spec.kind == "lender":
            field = LenderChoiceField(label=spec.label, required=required,
                                      queryset=catalog.lenders(active=True),
                                      empty_label=_("— scegliere —"))
        elif spec.kind == "amount":
            field = boundary.AmountField(label=spec.label, required=required, max_length=20,
                                         widget=forms.TextInput(attrs={
                                             "class": "form-control", "inputmode": "decimal"}))
        elif spec.kind == "date":
            field = _date_field(spec.label, required=required)
        elif spec.kind == "choice":
            field = forms.ChoiceField(label=spec.label, required=required,
                                      choices=[("", _("— scegliere —")), *spec.choices])
        elif spec.kind == "beneficiary":
            field = forms.ChoiceField(label=spec.label, required=False,
                                      choices=BeneficiaryType.choices)
        elif spec.kind == "multichoice":
            field = forms.MultipleChoiceField(label=spec.label, required=required,
                                              choices=spec.choices,
                                              widget=forms.CheckboxSelectMultiple)
        else:
            field = forms.CharField(label=spec.label, required=required,
                                    max_length=machine.NOTE_MAX_LENGTH,
                                    widget=forms.Textarea(attrs={"class": "form-control",
                                                                 "rows": 2}))
        fields[spec.name] = field
    fields["occurred_at"] = _datetime_field(
        _("Data del passaggio"), required=False,
        help_text=_("Lasciare vuoto per registrarlo adesso."))
    return type(f"TransitionForm_{stage}", (ItalianMessagesMixin, forms.Form), fields)


def transition_data(form: forms.Form) -> dict:
    """What the service receives: only the stage's data that were given."""
    data = {}
    for name, value in form.cleaned_data.items():
        if name == "occurred_at" or value in (None, "", [], ()):
            continue
        data[name] = value
    return data
