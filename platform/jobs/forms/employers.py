from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from codes import tables
from jobs.forms._base import (
    SEARCH_MAX_CHARS,
    FilterForm,
    ItalianForm,
    choice,
    code,
    date_field,
    text,
)
from jobs.models import (
    ADDRESS_MAX_CHARS,
    CAP_LENGTH,
    CODE_MAX_CHARS,
    COMUNE_CODE_LENGTH,
    CONVENTION_REFERENCE_MAX_CHARS,
    CONVENTION_SUBJECT_MAX_CHARS,
    EMAIL_MAX_CHARS,
    EMPLOYER_NAME_MAX_CHARS,
    PERSON_NAME_MAX_CHARS,
    PHONE_MAX_CHARS,
    ROLE_MAX_CHARS,
    WEBSITE_MAX_CHARS,
    Convention,
    EmployerConsent,
    EmployerConsentPurpose,
    EmployerSite,
)
from jobs.selectors.employers import EmployerFilters
from jobs.services.employers import ContactData, ConventionData, EmployerData, SiteData

# Two spellings of a partita IVA: with "IT" in front, with spaces.
TAX_CODE_INPUT_MAX = 20


class EmployerFilterForm(FilterForm):
    q = forms.CharField(label=_("Cerca per ragione sociale, partita IVA o codice fiscale"),
                        required=False, max_length=SEARCH_MAX_CHARS)
    ateco = forms.CharField(label=_("Codice ATECO (inizio)"), required=False,
                            max_length=CODE_MAX_CHARS)
    comune = forms.CharField(label=_("Comune (codice catastale)"), required=False,
                             max_length=COMUNE_CODE_LENGTH)
    attiva = choice(_("Stato"), [("si", _("Attive")), ("no", _("Non attive"))], blank=_("Tutte"))

    def filters(self) -> EmployerFilters:
        data = self.valid()
        active = {"si": True, "no": False}.get(data.get("attiva") or "")
        return EmployerFilters(text=data.get("q") or "", ateco=data.get("ateco") or "",
                               comune=data.get("comune") or "", active=active)


class EmployerForm(ItalianForm):
    name = text(_("Ragione sociale"), EMPLOYER_NAME_MAX_CHARS, required=True)
    partita_iva = text(_("Partita IVA"), TAX_CODE_INPUT_MAX,
                       help_text=_("11 cifre; anche con «IT» davanti."))
    codice_fiscale = text(_("Codice fiscale"), TAX_CODE_INPUT_MAX,
                          help_text=_("11 cifre per le società, 16 caratteri per le ditte "
                                      "individuali."))
    ateco_code = code(_("Attività (codice ATECO 2025)"), tables.ATECO_2025,
                      help_text=_("Per esempio 56.11.11; cercare anche per parole."))
    size_code = code(_("Ampiezza (addetti)"), tables.COMPANY_SIZES)
    address = text(_("Indirizzo della sede legale"), ADDRESS_MAX_CHARS)
    comune_code = code(_("Comune"), tables.COMUNI,
                       help_text=_("Codice catastale (A944 per Bologna) o nome."))
    cap = text(_("CAP"), CAP_LENGTH)
    phone = text(_("Telefono"), PHONE_MAX_CHARS)
    email = text(_("E-mail"), EMAIL_MAX_CHARS)
    pec = text(_("PEC"), EMAIL_MAX_CHARS)
    website = text(_("Sito web"), WEBSITE_MAX_CHARS)
    notes = text(_("Note"), 2000, rows=3)

    def employer_data(self) -> EmployerData:
        return EmployerData(**{name: self.cleaned_data.get(name) or "" for name in self.fields})




class SiteForm(ItalianForm):
    kind = choice(_("Tipo di sede"), EmployerSite.Kind.choices, blank=None, required=True)
    name = text(_("Denominazione"), EMPLOYER_NAME_MAX_CHARS)
    address = text(_("Indirizzo"), ADDRESS_MAX_CHARS, required=True)
    comune_code = code(_("Comune"), tables.COMUNI, required=True)
    cap = text(_("CAP"), CAP_LENGTH)
    phone = text(_("Telefono"), PHONE_MAX_CHARS)
    email = text(_("E-mail"), EMAIL_MAX_CHARS)

    def site_data(self) -> SiteData:
        return SiteData(**{name: self.cleaned_data.get(name) or "" for name in self.fields})


class ContactForm(ItalianForm):
    first_name = text(_("Nome"), PERSON_NAME_MAX_CHARS, required=True)
    last_name = text(_("Cognome"), PERSON_NAME_MAX_CHARS, required=True)
    role = text(_("Ruolo"), ROLE_MAX_CHARS)
    phone = text(_("Telefono"), PHONE_MAX_CHARS)
    email = text(_("E-mail"), EMAIL_MAX_CHARS)
    is_primary = forms.BooleanField(label=_("Referente principale"), required=False)

    def contact_data(self) -> ContactData:
        data = self.cleaned_data
        return ContactData(first_name=data["first_name"], last_name=data["last_name"],
                           role=data.get("role") or "", phone=data.get("phone") or "",
                           email=data.get("email") or "", is_primary=data.get("is_primary"))


class ConsentForm(ItalianForm):
    purpose = choice(_("Finalità"), EmployerConsentPurpose.choices, blank=None, required=True)
    given = choice(_("Consenso"), [("si", _("Dato")), ("no", _("Revocato o negato"))],
                   blank=None, required=True)
    given_on = date_field(_("Data"), required=True)
    method = choice(_("Modalità"), EmployerConsent.Method.choices, blank=None, required=True)


class ConventionForm(ItalianForm):
    kind = choice(_("Tipo"), Convention.Kind.choices, blank=None, required=True)
    subject = text(_("Oggetto"), CONVENTION_SUBJECT_MAX_CHARS, required=True)
    reference = text(_("Numero o protocollo"), CONVENTION_REFERENCE_MAX_CHARS)
    signed_on = date_field(_("Firmata il"))
    starts_on = date_field(_("In vigore dal"), required=True)
    ends_on = date_field(_("In vigore fino al"), help_text=_("Vuoto: senza scadenza."))
    notes = text(_("Note"), 2000, rows=3)

    def convention_data(self) -> ConventionData:
        data = self.cleaned_data
        return ConventionData(subject=data["subject"], starts_on=data.get("starts_on"),
                              ends_on=data.get("ends_on"), kind=data["kind"],
                              reference=data.get("reference") or "",
                              signed_on=data.get("signed_on"), notes=data.get("notes") or "")
