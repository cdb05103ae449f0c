from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from accounts.identity import normalize_login
from accounts.models import Role, User
from accounts.selectors import roles_for_current_schema


class AccessibleErrorsMixin:
    """Marks a field with an error for assistive technology: ``aria-invalid``,
    ``is-invalid`` and ``aria-describedby`` pointing at the message, which the
    field template renders with the id ``<field id>-errore``."""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{self[name].auto_id}-errore"
            if "is-invalid" not in attrs.get("class", ""):
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()


class AccountEmailField(forms.EmailField):
    """An e-mail address that names an account (login, password reset, a new
    user): normalised (accounts.identity) before it is validated, so every
    spelling of one address is one account."""

    def to_python(self, value):
        return normalize_login(super().to_python(value))


class LoginForm(AuthenticationForm):
    username = AccountEmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={
        "autofocus": True, "autocomplete": "username", "class": "form-control"}))
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={
        "autocomplete": "current-password", "class": "form-control"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages.update({
            "required": _("Indichi l'e-mail."), "invalid": _("Indirizzo e-mail non valido.")})
        self.fields["password"].error_messages["required"] = _("Indichi la password.")

    error_messages = {
        "invalid_login": _("E-mail o password non corretti. Dopo alcuni tentativi falliti "
                           "l'accesso viene bloccato temporaneamente."),
        "inactive": _("Questo utente è disattivato."),
    }


class InvitationAwarePasswordResetForm(PasswordResetForm):
    """Also reaches invited users who have not chosen a password yet (their
    password is unusable until they do), so an expired invitation can be
    renewed from "Password dimenticata?". Deactivated users get nothing.
    The address is matched as login matches it (accounts.identity); the
    message goes to the address on record, never to the one typed."""

    email = AccountEmailField(label=_("E-mail"), max_length=254, widget=forms.EmailInput(
        attrs={"autocomplete": "email", "class": "form-control"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages.update({
            "required": _("Indichi l'e-mail."), "invalid": _("Indirizzo e-mail non valido.")})

    def get_users(self, email):
        return User.objects.filter(email__iexact=normalize_login(email), is_active=True)


def _role_choices() -> list[tuple[str, str]]:
    """The roles a user of the current schema may hold (tenant or national)."""
    allowed = roles_for_current_schema()
    return [(role.value, role.label) for role in Role if role.value in allowed]


class StaffCreateForm(AccessibleErrorsMixin, forms.Form):
    email = AccountEmailField(label=_("E-mail"), max_length=254, widget=forms.EmailInput(
        attrs={"class": "form-control", "autocomplete": "off"}))
    first_name = forms.CharField(label=_("Nome"), max_length=150, widget=forms.TextInput(attrs={
        "class": "form-control"}))
    last_name = forms.CharField(label=_("Cognome"), max_length=150, widget=forms.TextInput(attrs={
        "class": "form-control"}))
    role = forms.ChoiceField(label=_("Ruolo"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Scegliere un ruolo"))] + _role_choices()
        for field in self.fields.values():
            field.error_messages["required"] = _("Campo obbligatorio.")
        self.fields["email"].error_messages["invalid"] = _("Indirizzo e-mail non valido.")
        self.fields["role"].error_messages["invalid_choice"] = _(
            "Ruolo non ammesso per questo utente.")


class RoleChangeForm(AccessibleErrorsMixin, forms.Form):
    role = forms.ChoiceField(label=_("Ruolo"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices()
        self.fields["role"].error_messages.update({
            "required": _("Scegliere un ruolo."),
            "invalid_choice": _("Ruolo non ammesso per questo utente."),
        })
