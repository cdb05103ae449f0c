"""``{{ amount|euro }}``: the amounts of every template, written by core.formatting."""

from django import template

from core.formatting import euro as _euro

register = template.Library()


@register.filter
def euro(amount) -> str:
    return "" if amount in (None, "") else _euro(amount)
