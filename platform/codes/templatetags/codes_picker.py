"""``{% code_picker table="cp2011" name="professione" value=... level=6 %}``: the
picker's input for a page that draws its form by hand (a form field uses
``codes.fields.CodeField``, whose widget it is). The label is the page's:
``<label for="id_<name>">``."""

from __future__ import annotations

from django import template

from codes import tables
from codes.widgets import CodePicker

register = template.Library()


@register.simple_tag
def code_picker(table: str, name: str, value: str = "", level: int | str | None = None,
                id: str = "", **attrs):  # noqa: A002 - the HTML attribute
    if not tables.is_table(table):
        raise template.TemplateSyntaxError(f"tabella sconosciuta: {table}")
    level = int(level) if isinstance(level, int) or str(level or "").isdigit() else None
    attrs = {key.replace("_", "-"): item for key, item in attrs.items()}
    attrs["id"] = id or f"id_{name}"
    return CodePicker(table=table, level=level).render(name, value or None, attrs=attrs)
