from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={
        "autofocus": True, "autocomplete": "username", "class": "form-control"}))
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={
        "autocomplete": "current-password", "class": "form-control"}))

    error_messages = {
        "invalid_login": _("E-mail o password non corretti. Dopo alcuni tentativi falliti "
                           "l'accesso viene bloccato temporaneamente."),
        "inactive": _("Questo utente è disattivato."),
    }
