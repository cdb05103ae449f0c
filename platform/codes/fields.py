"""Form and serializer fields holding a code of a code table: they refuse an
unknown code, a code of another level, and a code no longer valid for a new
value; a form editing a record passes ``keep=<stored code>`` so the record
keeps a code that has ended since. The cleaned value is the code string."""

from __future__ import annotations

from datetime import date

from django import forms
from rest_framework import serializers

from codes import tables
from codes.models import CODE_MAX
from codes.validation import check_code
from core.errors import ValidationFailed


class CodeField(forms.CharField):
    def __init__(self, *, table: str, level: int | None = None, keep: str | None = None,
                 on: date | None = None, **kwargs):
        if not tables.is_table(table):
            raise ValueError(f"tabella sconosciuta: {table}")
        self.table, self.level, self.keep, self.on = table, level, keep, on
        kwargs.setdefault("max_length", CODE_MAX)
        if "widget" not in kwargs:
            from codes.widgets import CodePicker

            kwargs["widget"] = CodePicker(table=table, level=level)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip().upper() if value else value

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        try:
            check_code(self.table, value, level=self.level, keep=self.keep, on=self.on)
        except ValidationFailed as error:
            raise forms.ValidationError(error.message, code=error.code) from None


class ApiCodeField(serializers.CharField):
    def __init__(self, *, table: str, level: int | None = None, keep: str | None = None,
                 on: date | None = None, **kwargs):
        if not tables.is_table(table):
            raise ValueError(f"tabella sconosciuta: {table}")
        self.table, self.level, self.keep, self.on = table, level, keep, on
        kwargs.setdefault("max_length", CODE_MAX)
        kwargs.setdefault("help_text", f"Codice della tabella {tables.table_name(table)} "
                                       f"(GET /api/v1/codici/{table}/).")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data).strip().upper()
        if not value:
            return value
        keep = self.keep
        instance = getattr(self.parent, "instance", None) if self.parent is not None else None
        if keep is None and instance is not None and isinstance(self.source, str) \
                and "." not in self.source:
            stored = getattr(instance, self.source, None)
            keep = stored if isinstance(stored, str) else None
        try:
            check_code(self.table, value, level=self.level, keep=keep, on=self.on)
        except ValidationFailed as error:
            raise serializers.ValidationError(error.message, code=error.code) from None
        return value
