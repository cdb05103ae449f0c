from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import AccessibleErrorsMixin
from catalog.models import MAX_LOAN_YEARS, BeneficiaryType, LenderKind
from catalog.services import LenderData
from core import fields as boundary
from tenants.models import Region


class _Italian(AccessibleErrorsMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages.update({"required": _("Campo obbligatorio."),
                                         "invalid_choice": _("Scelta non valida."),
                                         "invalid": _("Valore non valido.")})
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = _("Data non valida.")


def _text(label, *, required=False, max_length=200, help_text="", **attrs):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text,
                           widget=forms.TextInput(attrs={"class": "form-control", **attrs}))


def _date(label, *, required=False):
    return boundary.DateField(label=label, required=required,
                              input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                              widget=forms.DateInput(
                                  format="%Y-%m-%d",
                                  attrs={"type": "date", "class": "form-control"}))


class LenderForm(_Italian, forms.Form):
    name = _text(_("Denominazione"), required=True)
    kind = forms.ChoiceField(label=_("Tipo"), choices=LenderKind.choices)
    codice_fiscale = _text(_("Codice fiscale"), max_length=16, inputmode="numeric")
    abi_code = _text(_("Codice ABI"), max_length=5, inputmode="numeric",
                     help_text=_("Obbligatorio per le banche."))
    regions = forms.MultipleChoiceField(
        label=_("Regioni servite"), required=False, choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nessuna regione selezionata: opera su tutto il territorio nazionale."))
    website = _text(_("Sito web"), max_length=200, placeholder="https://")
    agreement_date = _date(_("Convenzione con l'ENM dal"))
    notes = forms.CharField(label=_("Note"), required=False,
                            widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))

    def lender_data(self) -> LenderData:
        return LenderData(**self.cleaned_data)

    @classmethod
    def initial_for(cls, lender) -> dict:
        return {name: getattr(lender, name) for name in cls.base_fields}


class LimitForm(_Italian, forms.Form):
    beneficiary_type = forms.ChoiceField(label=_("Tipo di beneficiario"),
                                         choices=BeneficiaryType.choices)
    valid_from = _date(_("In vigore dal"), required=True)
    max_amount = boundary.AmountField(
        label=_("Importo massimo (€)"), required=True, max_length=20,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}))
    max_years = forms.IntegerField(label=_("Durata massima (anni)"), required=False,
                                   min_value=1, max_value=MAX_LOAN_YEARS,
                                   widget=forms.NumberInput(attrs={"class": "form-control"}))
    source = _text(_("Fonte normativa"), max_length=300)
