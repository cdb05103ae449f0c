"""The input boundary for numbers and dates, shared by the UI's forms and the
API's serializers: one definition of what a valid date, amount or integer is.

- Dates lie between ``DATE_MIN`` and ``DATE_MAX``: far from the ends of the
  calendar, so widening a range by a day or a year never overflows (and the
  helpers below clamp anyway).
- Decimals fit their column (``max_digits``/``decimal_places``), are finite and
  are written without exponents.
- Integers fit their column: the bounds come from the database's range for the
  model field's type.

Forms use :class:`DateField`, :class:`DateTimeField`, :func:`integer_field`;
serializers :class:`ApiDateField`, :class:`ApiDateTimeField`,
:class:`ApiDecimalField`, :func:`api_integer_field`, :func:`api_id_field`;
views reading ``request.GET`` use :func:`parse_date`; code widening a range
uses :func:`shift_days`; amounts typed as text go through
:func:`is_plain_number` and :func:`check_decimal`.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.dateparse import parse_date as django_parse_date
from rest_framework import serializers

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)
DATE_OUT_OF_RANGE = "Indicare una data tra il 01/01/1900 e il 31/12/2199."
DATE_INVALID = "Data non valida."
NUMBER_INVALID = "Indicare un numero, senza esponenti (es. 1500,50)."

# Bounds of a database integer column no narrower field of ours exceeds.
BIGINT_RANGE = (-9223372036854775808, 9223372036854775807)
INTEGER_RANGE = (-2147483648, 2147483647)


# --- Dates -------------------------------------------------------------------

def date_in_range(value: date) -> bool:
    if isinstance(value, datetime):
        value = value.date()
    return DATE_MIN <= value <= DATE_MAX


def validate_date_range(value: date) -> None:
    if value is not None and not date_in_range(value):
        raise ValidationError(DATE_OUT_OF_RANGE, code="date_out_of_range")


def parse_date(value, default: date | None = None) -> date | None:
    """A date typed as ``YYYY-MM-DD`` or ``DD/MM/YYYY`` inside the safe range,
    else ``default`` (for filters read straight from ``request.GET``)."""
    if isinstance(value, date):
        return value if date_in_range(value) else default
    text = str(value or "").strip()
    parsed = None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            parsed = date.fromisoformat(text)
        elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
            day, month, year = (int(part) for part in match.groups())
            parsed = date(year, month, day)
    except ValueError:
        parsed = None
    if parsed is None or not date_in_range(parsed):
        return default
    return parsed


def shift_days(day: date, days: int) -> date:
    """``day`` moved by ``days``, clamped to the calendar instead of overflowing."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


class DateField(forms.DateField):
    """A form date inside the safe range, with the Italian errors."""

    default_validators = [validate_date_range]
    default_error_messages = {"invalid": DATE_INVALID}


class ApiDateField(serializers.DateField):
    """A serializer date inside the safe range."""

    default_error_messages = {"invalid": DATE_INVALID}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(validate_date_range)


# --- Decimals ----------------------------------------------------------------

_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def is_plain_number(text: str) -> bool:
    """Digits with at most one decimal point: no exponent, NaN or infinity."""
    return bool(_PLAIN_NUMBER.fullmatch(str(text).strip()))


def check_decimal(value: Decimal, *, max_digits: int, decimal_places: int) -> Decimal:
    """``value`` if it fits a ``DecimalField(max_digits, decimal_places)`` column,
    else ``ValueError`` with the Italian message."""
    if not value.is_finite():
        raise ValueError(NUMBER_INVALID)
    sign, digits, exponent = value.as_tuple()
    decimals = max(-exponent, 0)
    whole_digits = max(len(digits) + exponent, 0) if digits != (0,) else 0
    if decimals > decimal_places:
        raise ValueError(f"Al massimo {decimal_places} cifre decimali.")
    if whole_digits > max_digits - decimal_places:
        raise ValueError(f"Numero troppo grande: al massimo {max_digits - decimal_places} "
                         "cifre prima della virgola.")
    return value


AMOUNT_INVALID = "Importo non valido."
_GROUPED_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


def parse_amount(value) -> Decimal:
    """An amount in euro typed the Italian way ("25.000,50", "25.000 €") or the
    API's ("25000.50"), else ``ValueError`` with the Italian message. Whether the
    amount is allowed (positive, cents, its column) is the domain's to say."""
    if isinstance(value, Decimal):
        return value
    text = str(value or "").strip().replace("€", "").replace(" ", "")
    if "," in text or _GROUPED_THOUSANDS.fullmatch(text):
        text = text.replace(".", "").replace(",", ".")  # "25.000,50", "25.000"
    if not is_plain_number(text):  # no 1e30, NaN, Infinity
        raise ValueError(AMOUNT_INVALID)
    try:
        return Decimal(text)
    except ArithmeticError as exc:
        raise ValueError(AMOUNT_INVALID) from exc


class AmountField(forms.CharField):
    """A form amount in euro, typed as text: a ``Decimal`` (see parse_amount)."""

    def clean(self, value):
        text = super().clean(value)  # the text: required, max_length
        if text in self.empty_values:
            return None
        try:
            return parse_amount(text)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc


def read_date(value) -> date:
    """A date typed as ``YYYY-MM-DD`` (or ``YYYY-M-D``) or ``DD/MM/YYYY``, inside
    the safe range, else ``ValueError`` with the Italian message."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        parsed = value
    else:
        text = str(value or "").strip()
        try:
            parsed = django_parse_date(text)
            if parsed is None and "/" in text:
                day, month, year = (int(part) for part in text.split("/"))
                parsed = date(year, month, day)
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValueError(DATE_INVALID)
    if not date_in_range(parsed):
        raise ValueError(DATE_OUT_OF_RANGE)
    return parsed


class ApiDecimalField(serializers.DecimalField):
    """A serializer decimal refusing exponents, NaN and infinity."""

    default_error_messages = {"invalid": NUMBER_INVALID}

    def to_internal_value(self, data):
        if isinstance(data, float) and not math.isfinite(data):
            self.fail("invalid")
        if not isinstance(data, Decimal) and not _PLAIN_NUMBER.fullmatch(str(data).strip()):
            self.fail("invalid")
        return super().to_internal_value(data)


# --- Integers ----------------------------------------------------------------

def column_range(model, field_name: str) -> tuple[int, int]:
    """The values the database column of ``model.field_name`` can hold."""
    field = model._meta.get_field(field_name)
    low, high = connection.ops.integer_field_range(field.get_internal_type())
    return (BIGINT_RANGE[0] if low is None else low, BIGINT_RANGE[1] if high is None else high)


def _bounded(model, field_name, kwargs) -> dict:
    low, high = column_range(model, field_name)
    if kwargs.get("min_value") is not None:
        low = max(low, kwargs["min_value"])
    if kwargs.get("max_value") is not None:
        high = min(high, kwargs["max_value"])
    return {**kwargs, "min_value": low, "max_value": high}


def integer_field(model, field_name: str, **kwargs) -> forms.IntegerField:
    """A form integer bounded by the column (and by narrower ``min_value``/``max_value``)."""
    field = forms.IntegerField(**_bounded(model, field_name, kwargs))
    field.error_messages.update({
        "invalid": "Indicare un numero intero.",
        "min_value": "Il valore deve essere almeno %(limit_value)s.",
        "max_value": "Il valore non può superare %(limit_value)s.",
    })
    return field


def api_integer_field(model, field_name: str, **kwargs) -> serializers.IntegerField:
    """A serializer integer bounded by the column."""
    return serializers.IntegerField(**_bounded(model, field_name, kwargs))


def api_id_field(**kwargs) -> serializers.IntegerField:
    """A serializer field naming a row by its id: a positive bigint."""
    kwargs.setdefault("min_value", 1)
    kwargs.setdefault("max_value", BIGINT_RANGE[1])
    return serializers.IntegerField(**kwargs)


def validate_datetime_range(value: datetime) -> None:
    if value is not None and not date_in_range(value.date()):
        raise ValidationError(DATE_OUT_OF_RANGE, code="date_out_of_range")


class DateTimeField(forms.DateTimeField):
    """A form date and time inside the safe range (time zones never overflow)."""

    default_error_messages = {"invalid": DATE_INVALID}

    def to_python(self, value):
        # Check the naive value first: making 9999-12-31 23:30 aware overflows.
        if isinstance(value, str):
            for fmt in self.input_formats:
                try:
                    naive = datetime.strptime(value.strip(), fmt)
                except (ValueError, TypeError):
                    continue
                validate_datetime_range(naive)
                break
        value = super().to_python(value)
        validate_datetime_range(value)
        return value


class ApiDateTimeField(serializers.DateTimeField):
    """A serializer date and time inside the safe range."""

    default_error_messages = {"invalid": "Data e ora non valide."}

    def to_internal_value(self, value):
        if isinstance(value, str):
            from django.utils.dateparse import parse_datetime

            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
            if parsed is not None and not date_in_range(parsed.date()):
                raise serializers.ValidationError(DATE_OUT_OF_RANGE, code="date_out_of_range")
        return super().to_internal_value(value)
