from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core import fields as boundary
from jobs.forms._base import FilterForm, ItalianForm, choice, text
from jobs.models import (
    COMUNE_CODE_LENGTH,
    EMAIL_MAX_CHARS,
    EMPLOYER_NAME_MAX_CHARS,
    MAX_POSITIONS,
    NEED_TEXT_MAX_CHARS,
    NOTE_MAX_CHARS,
    PERSON_NAME_MAX_CHARS,
    PHONE_MAX_CHARS,
    NeedStatus,
    StaffingNeed,
)

TAX_CODE_INPUT_MAX = 20


class NeedFilterForm(FilterForm):
    stato = choice(_("Stato"), NeedStatus.choices, blank=_("Da esaminare e tutte le altre"))


class NeedForm(ItalianForm):
    """The employer's staffing need (public page), or the desk's typing of one."""

    company_name = text(_("Ragione sociale"), EMPLOYER_NAME_MAX_CHARS, required=True,
                        autocomplete="organization")
    tax_code = text(_("Partita IVA o codice fiscale"), TAX_CODE_INPUT_MAX, required=True)
    contact_name = text(_("Persona da contattare"), PERSON_NAME_MAX_CHARS, required=True,
                        autocomplete="name")
    email = text(_("E-mail"), EMAIL_MAX_CHARS, required=True, autocomplete="email",
                 help_text=_("Lo sportello risponderà a questo indirizzo."))
    phone = text(_("Telefono"), PHONE_MAX_CHARS, autocomplete="tel")
    profession_text = text(_("Figura professionale ricercata"), EMPLOYER_NAME_MAX_CHARS,
                           required=True, help_text=_("Per esempio: cuoco, magazziniere."))
    positions = boundary.integer_field(StaffingNeed, "positions", label=_("Posti"), initial=1,
                                       min_value=1, max_value=MAX_POSITIONS)
    comune_code = text(_("Comune del posto di lavoro (codice catastale, facoltativo)"),
                       COMUNE_CODE_LENGTH)
    description = text(_("Descrizione (mansioni, orario, requisiti)"), NEED_TEXT_MAX_CHARS,
                       rows=4)

    def values(self) -> dict:
        data = self.cleaned_data
        return {name: (data.get(name) if name == "positions" else data.get(name) or "")
                for name in ("company_name", "tax_code", "contact_name", "email", "phone",
                             "profession_text", "positions", "comune_code", "description")}


class PublicNeedForm(NeedForm):
    privacy = forms.BooleanField(label=_("Dichiaro di aver letto l'informativa sul trattamento "
                                         "dei dati personali"), required=False)


class RefuseForm(ItalianForm):
    note = text(_("Motivo"), NOTE_MAX_CHARS, rows=2, required=True)
