"""Forms of the counter's pages. They check the shape of what was typed; the
rules live in desks.services and come back as errors at the field."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import AccessibleErrorsMixin
from accounts.models import User
from core import fields as boundary
from desks import selectors, services
from desks.models import (
    CLOSURE_REASON_MAX_CHARS,
    CONTACT_TEXT_MAX_CHARS,
    EMAIL_MAX_CHARS,
    NAME_MAX_CHARS,
    NOTE_MAX_CHARS,
    PHONE_MAX_CHARS,
    REASON_MAX_CHARS,
    SUBJECT_MAX_CHARS,
    TEMPLATE_NAME_MAX_CHARS,
    Appointment,
    MessageTemplate,
    OpeningHours,
    Service,
)


class ItalianForm(AccessibleErrorsMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("Campo obbligatorio.")
            field.error_messages.setdefault("invalid_choice", _("Scelta non valida."))
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif not isinstance(widget, (forms.Select, forms.RadioSelect, forms.HiddenInput)):
                widget.attrs.setdefault("class", "form-control")


def _textarea(rows=3, **attrs):
    return forms.Textarea(attrs={"rows": rows, **attrs})


class ServiceForm(ItalianForm):
    name = forms.CharField(label=_("Nome del servizio"), max_length=NAME_MAX_CHARS)
    area = forms.ChoiceField(label=_("Area"), choices=Service.Area.choices)
    description = forms.CharField(label=_("Descrizione"), required=False, widget=_textarea())
    order = boundary.integer_field(Service, "order", label=_("Ordine nell'elenco"), min_value=0,
                                   initial=0,
                               error_messages={"invalid": _("Indicare un numero intero."),
                                               "min_value": _("Indicare un numero non negativo.")})
    internal = forms.BooleanField(
        label=_("Servizio interno: non mostrarlo ai cittadini"), required=False,
        help_text=_("Per esempio il tutoraggio di chi ha già ottenuto un finanziamento: non "
                    "compare sulla pagina pubblica né nella prenotazione online."))

    def service_values(self) -> dict:
        """The cleaned data as desks.services names them."""
        data = dict(self.cleaned_data)
        data["is_public"] = not data.pop("internal", False)
        return data


class OpeningHoursForm(ItalianForm):
    weekday = forms.TypedChoiceField(label=_("Giorno"), choices=OpeningHours.Weekday.choices,
                                     coerce=int)
    opens_at = forms.TimeField(label=_("Apertura"), widget=forms.TimeInput(
        attrs={"type": "time"}, format="%H:%M"), error_messages={"invalid": _("Ora non valida.")})
    closes_at = forms.TimeField(label=_("Chiusura"), widget=forms.TimeInput(
        attrs={"type": "time"}, format="%H:%M"), error_messages={"invalid": _("Ora non valida.")})
    slot_minutes = boundary.integer_field(OpeningHours, "slot_minutes",
                                          label=_("Durata degli appuntamenti (minuti)"), initial=30,
                                      error_messages={"invalid": _("Indicare un numero intero.")})


class MessageTemplateForm(ItalianForm):
    name = forms.CharField(label=_("Nome del modello"), max_length=TEMPLATE_NAME_MAX_CHARS)
    subject = forms.CharField(label=_("Oggetto"), max_length=SUBJECT_MAX_CHARS)
    body = forms.CharField(label=_("Testo"), widget=_textarea(rows=10))
    is_active = forms.BooleanField(label=_("Attivo (gli operatori possono usarlo)"),
                                   required=False, initial=True)


def staff_choices():
    return selectors.staff_members()


class OperatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class AppointmentForm(ItalianForm):
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    operator = OperatorChoiceField(label=_("Operatore"), queryset=User.objects.none(),
                                   required=False, empty_label=_("Nessun operatore"))
    date = boundary.DateField(label=_("Data"), widget=forms.DateInput(attrs={"type": "date"},
                                                                    format="%Y-%m-%d"),
                           error_messages={"invalid": _("Data non valida.")})
    time = forms.TimeField(label=_("Ora"), widget=forms.TimeInput(attrs={"type": "time"},
                                                                  format="%H:%M"),
                           error_messages={"invalid": _("Ora non valida.")})
    minutes = forms.IntegerField(label=_("Durata (minuti)"), initial=30,
                                 error_messages={"invalid": _("Indicare un numero intero.")})
    kind = forms.ChoiceField(label=_("Tipo"), choices=Appointment.Kind.choices,
                             initial=Appointment.Kind.CONSULTATION)
    service = forms.ModelChoiceField(label=_("Servizio"), queryset=Service.objects.none(),
                                     required=False, empty_label=_("Nessuno"))
    notes = forms.CharField(label=_("Note"), required=False, widget=_textarea(rows=2))

    # Errors of the service name the moment "starts_at".
    SERVICE_FIELDS = {"starts_at": "time"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = staff_choices()
        self.fields["service"].queryset = selectors.services(active_only=True)

    def starts_at(self):
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["date"], data["time"]))


class AppointmentUpdateForm(ItalianForm):
    operator = OperatorChoiceField(label=_("Operatore"), queryset=User.objects.none(),
                                   required=False, empty_label=_("Non cambiare"))
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)

    SERVICE_FIELDS = {"starts_at": "operator"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = staff_choices()


class StatusForm(ItalianForm):
    status = forms.ChoiceField(label=_("Nuovo stato"), choices=[
        (Appointment.Status.DONE, _("Svolto")),
        (Appointment.Status.NO_SHOW, _("Persona assente")),
        (Appointment.Status.CANCELLED, _("Annullato"))])
    note = forms.CharField(label=_("Nota"), required=False, max_length=NOTE_MAX_CHARS)


class BookingForm(ItalianForm):
    """The citizen's booking: no account, the essentials only."""

    slot = forms.CharField(label=_("Orario"), widget=forms.HiddenInput)
    service = forms.ModelChoiceField(label=_("Servizio di interesse (facoltativo)"),
                                     queryset=Service.objects.none(), required=False,
                                     empty_label=_("Non so / altro"))
    name = forms.CharField(label=_("Nome e cognome"), max_length=NAME_MAX_CHARS,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.CharField(label=_("E-mail"), max_length=EMAIL_MAX_CHARS, widget=forms.EmailInput(
        attrs={"autocomplete": "email"}), help_text=_("Riceverà qui la conferma."))
    phone = forms.CharField(label=_("Telefono"), max_length=PHONE_MAX_CHARS, widget=forms.TextInput(
        attrs={"autocomplete": "tel", "inputmode": "tel"}))
    reason = forms.CharField(label=_("Motivo dell'appuntamento"), max_length=REASON_MAX_CHARS,
                             widget=_textarea(rows=3))
    privacy = forms.BooleanField(label=_("Dichiaro di aver letto l'informativa sul "
                                         "trattamento dei dati personali"), required=False)

    # The time slots are drawn by the page: the error summary points at their message.
    error_anchors = {"slot": "id_slot-errore"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = selectors.public_services()
        self.fields["slot"].error_messages["required"] = _("Scelga un orario tra quelli liberi.")

    def clean(self):
        """The booking service's checks of the details (privacy box included), run
        even when another field is wrong: every error shows in one round."""
        cleaned = super().clean()
        errors = services.booking_input_errors(
            name=cleaned.get("name", ""), email=cleaned.get("email", ""),
            phone=cleaned.get("phone", ""), reason=cleaned.get("reason", ""),
            service=cleaned.get("service"), privacy_acknowledged=bool(cleaned.get("privacy")))
        for name, message in errors.items():
            if name in self.fields and not self.has_error(name):
                self.add_error(name, message)
        return cleaned


class MessageForm(ItalianForm):
    recipient = forms.CharField(label=_("Destinatario"), required=False, disabled=True)
    template = forms.ModelChoiceField(label=_("Modello"), queryset=MessageTemplate.objects.none(),
                                      empty_label=_("Scegliere un modello"))
    documenti = forms.CharField(label=_("Documenti richiesti"), required=False,
                                widget=_textarea(rows=3),
                                help_text=_("Usato dai modelli che citano {{ documenti }}."))
    testo = forms.CharField(label=_("Testo libero"), required=False, widget=_textarea(rows=5),
                            help_text=_("Usato dai modelli che citano {{ testo }}."))

    SERVICE_FIELDS = {"email": "recipient"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = selectors.message_templates(active_only=True)


class CounterContactForm(ItalianForm):
    address = forms.CharField(label=_("Indirizzo"), max_length=CONTACT_TEXT_MAX_CHARS,
                              required=False,
                              help_text=_("Via, numero civico, CAP e città, come i cittadini "
                                          "devono leggerlo."))
    phone = forms.CharField(label=_("Telefono"), max_length=PHONE_MAX_CHARS, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel"}))
    email = forms.CharField(label=_("E-mail"), max_length=EMAIL_MAX_CHARS, required=False,
                            widget=forms.EmailInput())
    hours_note = forms.CharField(label=_("Nota sugli orari"), max_length=CONTACT_TEXT_MAX_CHARS,
                                 required=False,
                                 help_text=_("Facoltativa, per esempio «Si riceve su "
                                             "appuntamento»."))


class ClosureForm(ItalianForm):
    starts_on = boundary.DateField(label=_("Dal"), widget=forms.DateInput(
        attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Data non valida.")})
    ends_on = boundary.DateField(label=_("Al (compreso)"), required=False, widget=forms.DateInput(
        attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Data non valida.")},
        help_text=_("Lasciare vuoto per un solo giorno."))
    reason = forms.CharField(label=_("Motivo"), max_length=CLOSURE_REASON_MAX_CHARS,
                             help_text=_("I cittadini lo leggono sulla pagina pubblica, per "
                                         "esempio «Chiusura per inventario»."))


class RescheduleForm(ItalianForm):
    """Another time for a booked appointment: one of the free slots offered
    (``slot``) or a date and a time typed by the operator."""

    slot = forms.CharField(required=False, widget=forms.HiddenInput)
    date = boundary.DateField(label=_("Nuova data"), required=False,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": _("Data non valida.")})
    time = forms.TimeField(label=_("Nuova ora"), required=False,
                           widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                           error_messages={"invalid": _("Ora non valida.")})
    note = forms.CharField(label=_("Motivo (facoltativo, resta nella storia)"), required=False,
                           max_length=NOTE_MAX_CHARS)

    SERVICE_FIELDS = {"starts_at": "time", "status": "time", "minutes": "time"}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("slot"):
            if selectors.parse_slot_key(data["slot"]) is None:
                self.add_error("time", _("Orario non valido: sceglierne uno tra quelli liberi."))
            return data
        if data.get("date") is None:
            self.add_error("date", _("Indicare la nuova data."))
        elif abs((data["date"] - timezone.localdate()).days) > 3660:
            self.add_error("date", _("Indicare una data vicina a oggi."))
        if data.get("time") is None:
            self.add_error("time", _("Indicare la nuova ora."))
        return data

    def starts_at(self):
        data = self.cleaned_data
        if data.get("slot"):
            return selectors.parse_slot_key(data["slot"])
        return timezone.make_aware(datetime.combine(data["date"], data["time"]))
