"""The code picker: a text input holding the code, which htmx turns into a
search. Typing a code or words asks ``/codici/<tabella>/?q=`` for options
(a list of buttons under the input); choosing one writes its code in the
input. Without JavaScript it is a plain text input where the code is typed."""

from __future__ import annotations

from django import forms
from django.urls import NoReverseMatch, reverse

from codes import tables


class CodePicker(forms.TextInput):
    template_name = "codes/picker.html"

    def __init__(self, *, table: str, level: int | None = None, attrs=None):
        self.table, self.level = table, level
        super().__init__({"class": "form-control", **(attrs or {})})

    def options_url(self) -> str:
        try:
            url = reverse("codes:options", args=[self.table])
        except NoReverseMatch:
            return ""
        return f"{url}?livello={self.level}" if self.level is not None else url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or f"id_{name}"
        widget["attrs"].setdefault("id", widget_id)
        widget["attrs"].setdefault("autocomplete", "off")
        widget["attrs"].setdefault("spellcheck", "false")
        hint_id = f"{widget_id}-suggerimento"
        described = widget["attrs"].get("aria-describedby", "")
        widget["attrs"]["aria-describedby"] = f"{hint_id} {described}".strip()
        widget["picker"] = {
            "table": self.table, "table_name": tables.table_name(self.table),
            "url": self.options_url(), "list_id": f"{widget_id}-opzioni",
            "hint_id": hint_id, "status_id": f"{widget_id}-opzioni-stato",
        }
        return context
