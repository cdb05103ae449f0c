"""Forms of the national site."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import AccessibleErrorsMixin
from tenants import services as tenant_services
from tenants.models import Region, Tenant


def _text(label, *, required=False, max_length=200, help_text="", **attrs):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text,
                           widget=forms.TextInput(attrs={"class": "form-control", **attrs}))


class TenantProvisionForm(AccessibleErrorsMixin, forms.Form):
    """A new administration and its first administrator (who gets an invitation)."""

    name = _text(_("Denominazione ufficiale"), required=True)
    slug = _text(_("Identificativo"), required=True, max_length=40,
                 help_text=_("Lettere minuscole, cifre e trattini: diventa l'indirizzo "
                             "dello sportello (es. <code>comune-di-imola</code>)."))
    kind = forms.ChoiceField(label=_("Tipo di ente"), choices=Tenant.Kind.choices)
    region = forms.ChoiceField(label=_("Regione"), choices=Region.choices)
    province = _text(_("Sigla della provincia"), max_length=2)
    istat_code = _text(_("Codice ISTAT"), max_length=6, inputmode="numeric")
    codice_ipa = _text(_("Codice IPA"), max_length=20)
    codice_fiscale = _text(_("Codice fiscale dell'ente"), max_length=11, inputmode="numeric")
    offers_microcredit = forms.BooleanField(label=_("Sportello microcredito e autoimpiego"),
                                            required=False)
    offers_job_desk = forms.BooleanField(label=_("Sportello lavoro"), required=False)
    offers_fragility_channel = forms.BooleanField(label=_("Canale fragilità"), required=False)
    intermediation_authorised = forms.BooleanField(
        label=_("Autorizzato all'intermediazione (art. 6 D.Lgs. 276/2003)"), required=False)
    albo_number = _text(_("Numero di iscrizione all'Albo informatico"), max_length=40)
    admin_email = forms.EmailField(
        label=_("E-mail dell'amministratore dell'ente"), max_length=254,
        help_text=_("Riceverà un invito per scegliere la password."),
        widget=forms.EmailInput(attrs={"class": "form-control"}))
    admin_first_name = _text(_("Nome dell'amministratore"), max_length=150)
    admin_last_name = _text(_("Cognome dell'amministratore"), max_length=150)
    domain = _text(_("Dominio (facoltativo)"), max_length=253,
                   help_text=_("Se vuoto: identificativo seguito dal dominio della rete."))

    # Errors of the services name these fields differently.
    SERVICE_FIELDS = {"email": "admin_email"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("Campo obbligatorio.")
        self.fields["admin_email"].error_messages["invalid"] = _("Indirizzo e-mail non valido.")
        for name in ("kind", "region"):
            self.fields[name].error_messages["invalid_choice"] = _("Scelta non valida.")

    def clean(self):
        """The provisioning service's own checks (format, Albo, identifiers already
        taken), run on what was typed even when other fields are wrong: the
        administrator sees every error in one round, not one round each."""
        cleaned = super().clean()
        values = {name: cleaned.get(name, field.initial if field.initial is not None else "")
                  for name, field in self.fields.items()}
        for name in ("offers_microcredit", "offers_job_desk", "offers_fragility_channel",
                     "intermediation_authorised"):
            values[name] = bool(values[name])
        profile = tenant_services.TenantProfile(**self._profile_of(values))
        errors = tenant_services.provisioning_errors(
            profile=profile, domain=(values["domain"] or "").strip() or None)
        for name, messages in errors.items():
            target = self.SERVICE_FIELDS.get(name, name)
            if target in self.fields and target not in cleaned:
                continue  # already shown with the field's own error
            for message in messages:
                self.add_error(target if target in self.fields else None, message)
        return cleaned

    @staticmethod
    def _profile_of(values: dict) -> dict:
        data = dict(values)
        for key in ("admin_email", "admin_first_name", "admin_last_name", "domain"):
            data.pop(key)
        for key in ("slug", "codice_ipa", "codice_fiscale", "istat_code"):
            data[key] = (data[key] or "").strip()
        data["province"] = (data["province"] or "").strip().upper()
        return data

    def profile_values(self) -> dict:
        return self._profile_of(self.cleaned_data)
