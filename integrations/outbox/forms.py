from django import forms

from integrations.outbox.models import CODE_LENGTH
from integrations.outbox.registry import registry
from integrations.outbox.selectors import MessageFilters
from integrations.outbox.states import State


class MessageFilterForm(forms.Form):
    codice = forms.CharField(label="Codice comunicazione", required=False,
                             max_length=CODE_LENGTH, strip=True)
    stato = forms.ChoiceField(label="Stato", required=False)
    tipo = forms.ChoiceField(label="Tipo", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stato"].choices = [("", "Tutti")] + list(State.choices)
        self.fields["tipo"].choices = [("", "Tutti")] + registry.kinds()

    def filters(self) -> MessageFilters:
        if not self.is_bound or not self.is_valid():
            return MessageFilters()
        data = self.cleaned_data
        return MessageFilters(state=data.get("stato") or "", kind=data.get("tipo") or "",
                              code=(data.get("codice") or "").replace("\x00", ""))
