"""Filters of the citizen pages: dates lower case mid-sentence."""

from django import template

from core import wording

register = template.Library()


@register.filter
def giorno(value, arg: str = ""):
    """``{{ d|giorno }}``: "martedì 8 dicembre 2026"; ``{{ d|giorno:"senza_anno" }}``."""
    if not value:
        return ""
    return wording.day_text(value, year=arg != "senza_anno")


@register.filter
def giorno_ora(value):
    """``{{ a.starts_at|giorno_ora }}``: "martedì 8 dicembre 2026 alle 10:30"."""
    return wording.when_text(value) if value else ""


@register.filter
def dict_get(mapping, key):
    """``{{ closed|dict_get:day }}``: a mapping's value in a template."""
    return (mapping or {}).get(key)
