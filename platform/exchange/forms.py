"""Forms of the rete delle reti: the search filters and the two messages."""

from __future__ import annotations

from django import forms

from exchange.models import MESSAGE_MAX_LENGTH, EntryKind

SEARCH_MAX_LENGTH = 100


class SearchForm(forms.Form):
    tipo = forms.ChoiceField(label="Tipo", required=False,
                             choices=[("", "Offerte e profili"), *EntryKind.choices])
    q = forms.CharField(label="Professione (parola o codice CP2011)", required=False,
                        max_length=SEARCH_MAX_LENGTH)
    provincia = forms.RegexField(label="Provincia (sigla)", required=False, regex=r"^[A-Za-z]{2}$",
                                 max_length=2,
                                 error_messages={"invalid": "Indicare la sigla di due lettere."})
    titolo = forms.CharField(label="Titolo di studio (livello)", required=False, max_length=20)
    contratto = forms.CharField(label="Tipo di contratto (codice)", required=False,
                                max_length=20)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"kind": data.get("tipo") or None, "text": data.get("q") or None,
                "province": data.get("provincia") or None,
                "education_level": data.get("titolo") or None,
                "contract_type": data.get("contratto") or None}


class ContactRequestForm(forms.Form):
    message = forms.CharField(
        label="Messaggio allo sportello che ha pubblicato", max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Non scriva dati personali: lo sportello le risponderà qui.")


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Risposta", max_length=MESSAGE_MAX_LENGTH, required=False,
                             widget=forms.Textarea(attrs={"rows": 4}))
    azione = forms.ChoiceField(choices=[("rispondi", "Rispondi"), ("rifiuta", "Rifiuta")],
                               widget=forms.HiddenInput, initial="rispondi")
