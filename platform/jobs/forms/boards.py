from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jobs.forms._base import FilterForm, ItalianForm, choice, date_field, text
from jobs.models import (
    BOARD_BODY_MAX_CHARS,
    BOARD_LINK_MAX_CHARS,
    BOARD_PLACE_MAX_CHARS,
    BOARD_SUMMARY_MAX_CHARS,
    BOARD_TITLE_MAX_CHARS,
    INTEREST_MESSAGE_MAX_CHARS,
    INTEREST_NAME_MAX_CHARS,
    BoardItem,
    BoardKind,
    BoardState,
    Interest,
)
from jobs.services.boards import BoardItemData


class BoardFilterForm(FilterForm):
    bacheca = choice(_("Bacheca"), BoardKind.choices, blank=_("Tutte"))
    stato = choice(_("Stato"), BoardState.choices, blank=_("Tutti"))


class BoardItemForm(ItalianForm):
    kind = forms.ChoiceField(label=_("Bacheca"), choices=BoardKind.choices)
    title = text(_("Titolo"), BOARD_TITLE_MAX_CHARS, required=True)
    summary = text(_("Sintesi"), BOARD_SUMMARY_MAX_CHARS,
                   help_text=_("Una o due righe: compaiono nell'elenco e nei feed."))
    body = text(_("Testo"), BOARD_BODY_MAX_CHARS, rows=6)
    link = text(_("Collegamento (https://...)"), BOARD_LINK_MAX_CHARS)
    place = text(_("Luogo"), BOARD_PLACE_MAX_CHARS)
    starts_on = date_field(_("Inizia il"))
    ends_on = date_field(_("Termina il"))
    published_from = date_field(_("In bacheca dal"), help_text=_("Vuoto: da subito."))
    published_until = date_field(_("In bacheca fino al"), help_text=_("Vuoto: senza scadenza."))

    @classmethod
    def initial_for(cls, item: BoardItem) -> dict:
        return {name: getattr(item, name) for name in cls.base_fields}

    def data_value(self) -> BoardItemData:
        data = self.cleaned_data
        return BoardItemData(**{name: data.get(name) if name.endswith(("_on", "_from", "_until"))
                                else data.get(name) or "" for name in self.base_fields})


class InterestForm(ItalianForm):
    name = text(_("Nome e cognome"), INTEREST_NAME_MAX_CHARS, required=True, autocomplete="name")
    email = text(_("E-mail"), Interest._meta.get_field("email").max_length, autocomplete="email")
    phone = text(_("Telefono"), Interest._meta.get_field("phone").max_length, autocomplete="tel",
                 help_text=_("Indichi almeno l'e-mail o il telefono."))
    message = text(_("Messaggio (facoltativo)"), INTEREST_MESSAGE_MAX_CHARS, rows=4)
    privacy = forms.BooleanField(label=_("Ho letto l'informativa sul trattamento dei dati"),
                                 required=False)
