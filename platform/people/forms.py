"""Forms of the people pages. They only shape what was typed: every rule lives
in people.services, whose errors come back to the field they name."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import AccessibleErrorsMixin
from codes import selectors as codes
from core import fields as boundary
from people import codice_fiscale as cf
from people.models import (
    ADDRESS_MAX_LENGTH,
    CAP_LENGTH,
    CODICE_FISCALE_LENGTH,
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTICE_TITLE_MAX_LENGTH,
    NOTICE_VERSION_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    PLACE_CODE_LENGTH,
    PLACE_NAME_MAX_LENGTH,
    REFERRED_BY_MAX_LENGTH,
    ConsentPurpose,
    ConsentRecord,
    Contact,
    EducationLevel,
    EmploymentStatus,
    Sex,
    Vulnerability,
)
from people.selectors import SEARCH_TEXT_MAX_LENGTH, SORT_CHOICES, PersonFilters
from people.services import PersonData

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _text(label, *, max_length: int, required=False, help_text="", **attrs):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text,
                           widget=forms.TextInput(attrs={"class": "form-control", **attrs}))


def _date(label, *, required=False, help_text=""):
    return boundary.DateField(label=label, required=required, help_text=help_text,
                           input_formats=[DATE_FORMAT, "%d/%m/%Y"],
                           widget=forms.DateInput(format=DATE_FORMAT,
                                                  attrs={"type": "date", "class": "form-control"}))


class CodiceFiscaleField(forms.CharField):
    """A codice fiscale as people type it, "rss mra 80a01 h501u" too: blanks
    removed and upper case before any check (the 16-character limit included),
    and room in the box to type the spaces."""

    TYPED_LENGTH = 32

    def to_python(self, value):
        return cf.normalize(super().to_python(value))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "maxlength" in attrs:
            attrs["maxlength"] = str(self.TYPED_LENGTH)
        return attrs


NOT_GIVEN = _("— non indicato —")


def _choice(label, choices, *, blank=NOT_GIVEN, required=False):
    return forms.ChoiceField(label=label, required=required,
                             choices=[("", blank), *choices] if blank is not None else choices)


def _textarea(label, *, required=False, rows=3):
    return forms.CharField(label=label, required=required,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": rows}))


class ItalianMessagesMixin(AccessibleErrorsMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages.update({
                "required": _("Campo obbligatorio."),
                "invalid_choice": _("Scelta non valida."),
                "max_length": _("Testo troppo lungo (al massimo %(limit_value)d caratteri)."),
            })
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.error_messages["invalid"] = _("Data non valida.")


class PersonForm(ItalianMessagesMixin, forms.Form):
    """Registration and edit. The codice fiscale comes first: the birth data it
    carries are filled in when left blank and checked when typed."""

    codice_fiscale = CodiceFiscaleField(
        label=_("Codice fiscale"), required=False, max_length=CODICE_FISCALE_LENGTH,
        help_text=_("Se indicato, data, sesso e luogo di nascita vengono ricavati dal codice "
                    "e confrontati con quelli digitati."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off",
                                      "autocapitalize": "characters", "spellcheck": "false"}))
    last_name = _text(_("Cognome"), required=True, max_length=NAME_MAX_LENGTH)
    first_name = _text(_("Nome"), required=True, max_length=NAME_MAX_LENGTH)
    sex = _choice(_("Sesso"), Sex.choices)
    birth_date = _date(_("Data di nascita"))
    birth_place_name = _text(
        _("Luogo di nascita (comune o Stato estero)"), max_length=PLACE_NAME_MAX_LENGTH,
        autocomplete="off",
        help_text=_("Digitare le prime lettere e scegliere dall'elenco: comuni validi alla data "
                    "di nascita e Stati esteri."))
    birth_place_code = _text(_("Codice del luogo di nascita (Belfiore)"),
                             max_length=PLACE_CODE_LENGTH,
                             autocomplete="off", autocapitalize="characters")
    citizenship_code = forms.ChoiceField(label=_("Cittadinanza"), required=False)
    residence_address = _text(_("Indirizzo di residenza"), max_length=ADDRESS_MAX_LENGTH)
    residence_comune = _text(_("Comune di residenza"), max_length=PLACE_NAME_MAX_LENGTH)
    residence_cap = _text(_("CAP di residenza"), max_length=CAP_LENGTH, inputmode="numeric")
    domicile_address = _text(_("Indirizzo di domicilio (se diverso)"),
                             max_length=ADDRESS_MAX_LENGTH)
    domicile_comune = _text(_("Comune di domicilio"), max_length=PLACE_NAME_MAX_LENGTH)
    domicile_cap = _text(_("CAP di domicilio"), max_length=CAP_LENGTH, inputmode="numeric")
    phone = _text(_("Telefono"), max_length=PHONE_MAX_LENGTH, inputmode="tel",
                  autocomplete="off")
    email = _text(_("E-mail"), max_length=EMAIL_MAX_LENGTH, inputmode="email",
                  autocomplete="off")
    education_level = _choice(_("Titolo di studio"), EducationLevel.choices)
    employment_status = _choice(_("Condizione occupazionale"), EmploymentStatus.choices)
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Condizioni di vulnerabilità"), required=False, choices=Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple)

    IDENTITY = ("codice_fiscale", "last_name", "first_name", "sex", "birth_date",
                "birth_place_name", "birth_place_code", "citizenship_code")
    ADDRESS = ("residence_address", "residence_comune", "residence_cap", "domicile_address",
               "domicile_comune", "domicile_cap", "phone", "email")
    PROFILE = ("education_level", "employment_status")

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        # As the operator types: what the codice fiscale says, and places by name.
        self.fields["codice_fiscale"].widget.attrs.update({
            "hx-get": reverse("people:cf_check"), "hx-trigger": "input changed delay:300ms",
            "hx-target": "#cf-esito", "hx-sync": "this:replace",
            **({"hx-vals": json.dumps({"persona": person.pk})} if person is not None else {}),
        })
        self.fields["birth_place_name"].widget.attrs.update({
            "hx-get": reverse("people:birth_places"), "hx-trigger": "input changed delay:250ms",
            "hx-target": "#luoghi-suggeriti", "hx-include": "#id_birth_date",
            "hx-sync": "this:replace", "aria-controls": "luoghi-suggeriti",
        })
        self.fields["citizenship_code"].choices = [
            (c.code, c.name.title()) for c in codes.citizenships()]
        self.fields["citizenship_code"].initial = "000"

    @classmethod
    def initial_for(cls, person) -> dict:
        data = PersonData.from_person(person)
        return {**data.__dict__, "birth_place_name": person.birth_place_name}

    def section(self, names):
        return [self[name] for name in names]

    def identity_fields(self):
        return self.section(self.IDENTITY)

    def address_fields(self):
        return self.section(self.ADDRESS)

    def profile_fields(self):
        return self.section(self.PROFILE)

    def person_data(self) -> PersonData:
        values = {name: self.cleaned_data.get(name) for name in PersonData.__dataclass_fields__}
        for name, value in values.items():
            if value is None and name != "birth_date":
                values[name] = ""
        values["citizenship_code"] = values["citizenship_code"] or "000"
        values["vulnerabilities"] = list(self.cleaned_data.get("vulnerabilities") or [])
        values["email"] = values["email"].strip()
        values["phone"] = values["phone"].strip()
        return PersonData(**values)


class ConsentForm(ItalianMessagesMixin, forms.Form):
    purpose = forms.ChoiceField(label=_("Finalità"), choices=ConsentPurpose.choices)
    given = forms.TypedChoiceField(label=_("Consenso"), coerce=lambda v: v == "1",
                                   choices=[("1", _("Dato")), ("0", _("Revocato"))])
    method = _choice(_("Modalità di raccolta"), ConsentRecord.Method.choices,
                     blank=_("— scegliere —"), required=True)


class ContactForm(ItalianMessagesMixin, forms.Form):
    occurred_at = boundary.DateTimeField(
        label=_("Data e ora"), input_formats=[DATETIME_FORMAT, "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(format=DATETIME_FORMAT,
                                   attrs={"type": "datetime-local", "class": "form-control"}))
    channel = _choice(_("Canale di accesso"), Contact.Channel.choices, blank=_("— scegliere —"),
                      required=True)
    referred_by = _text(_("Ente o persona che invia (se inviata)"),
                        max_length=REFERRED_BY_MAX_LENGTH,
                        help_text=_("Es. servizio sociale territoriale, associazione, scuola."))
    reason = _textarea(_("Motivo dell'accesso"), required=True)
    information_given = _textarea(_("Prime informazioni fornite"), rows=4)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"occurred_at": timezone.localtime().replace(
            second=0, microsecond=0)})
        super().__init__(*args, **kwargs)


class NoticeForm(ItalianMessagesMixin, forms.Form):
    version = _text(_("Versione"), required=True, max_length=NOTICE_VERSION_MAX_LENGTH,
                    help_text=_("Es. 2.0: i consensi già raccolti restano legati alla versione "
                                "che la persona ha letto."))
    title = _text(_("Titolo"), required=True, max_length=NOTICE_TITLE_MAX_LENGTH)
    text = _textarea(_("Testo dell'informativa"), required=True, rows=10)
    valid_from = _date(_("In vigore dal"), required=True)
    make_current = forms.BooleanField(
        label=_("Metti in vigore questa versione"), required=False, initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"valid_from": date.today(), "make_current": True})
        super().__init__(*args, **kwargs)


class PersonFilterForm(forms.Form):
    """The people list's search and filters (GET)."""

    q = forms.CharField(label=_("Cerca per nome, codice fiscale, telefono o e-mail"),
                        required=False, max_length=SEARCH_TEXT_MAX_LENGTH)
    stato = _choice(_("Condizione occupazionale"), EmploymentStatus.choices, blank=_("Tutte"))
    vulnerabilita = _choice(_("Vulnerabilità"), Vulnerability.choices, blank=_("Tutte"))
    dal = _date(_("Registrate dal"))
    al = _date(_("Registrate fino al"))
    ordine = _choice(_("Ordina per"), SORT_CHOICES, blank=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("dal", "al"):
            self.fields[name].error_messages["invalid"] = _("Data non valida.")
        for name in ("stato", "vulnerabilita", "ordine"):
            self.fields[name].error_messages["invalid_choice"] = _("Scelta non valida.")

    def filters(self) -> PersonFilters:
        """The valid part of what was asked (an invalid filter is shown and ignored)."""
        if not self.is_bound:
            return PersonFilters()
        self.is_valid()
        data = self.cleaned_data
        return PersonFilters(text=(data.get("q") or "").strip(),
                             employment_status=data.get("stato") or "",
                             vulnerability=data.get("vulnerabilita") or "",
                             created_from=data.get("dal"), created_to=data.get("al"),
                             sort=data.get("ordine") or "")

    def query_string(self, *, without: tuple[str, ...] = ("pagina",)) -> str:
        """The filters as a query string, for the export links and the pages."""
        if not self.is_bound:
            return ""
        return urlencode([(k, v) for k, v in self.data.items() if k not in without and v])
