from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jobs.forms._base import ItalianForm, choice, date_field, text
from jobs.models import ALBO_NUMBER_MAX_CHARS, DOCUMENT_REFERENCE_MAX_CHARS, AuthorisationKind
from jobs.services.authorisation import AuthorisationData


class AuthorisationForm(ItalianForm):
    kind = choice(_("Regime di autorizzazione"), AuthorisationKind.choices, blank=None,
                  required=True)
    albo_number = text(_("Numero di iscrizione all'Albo informatico"), ALBO_NUMBER_MAX_CHARS,
                       required=True)
    issued_on = date_field(_("Rilasciata il"), required=True)
    valid_from = date_field(_("Valida dal"), required=True)
    valid_until = date_field(_("Valida fino al"), help_text=_("Vuoto: a tempo indeterminato."))
    document_reference = text(_("Estremi del provvedimento"), DOCUMENT_REFERENCE_MAX_CHARS)
    notes = text(_("Note"), 2000, rows=2)

    def authorisation_data(self) -> AuthorisationData:
        data = self.cleaned_data
        return AuthorisationData(kind=data["kind"], albo_number=data["albo_number"],
                                 issued_on=data.get("issued_on"),
                                 valid_from=data.get("valid_from"),
                                 valid_until=data.get("valid_until"),
                                 document_reference=data.get("document_reference") or "",
                                 notes=data.get("notes") or "")
