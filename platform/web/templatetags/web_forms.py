"""Form rendering shared by every page: each field's widget carries
``aria-invalid`` and ``aria-describedby`` pointing at its help and its error
(``<field id>-errore``), and the error summary lists every error at once."""

from __future__ import annotations

from django import template

register = template.Library()


def error_id(field) -> str:
    return f"{field.auto_id}-errore"


def help_id(field) -> str:
    return f"{field.auto_id}-aiuto"


@register.filter
def errore_id(field) -> str:
    """The id of the element holding a field's errors."""
    return error_id(field)


@register.filter
def aiuto_id(field) -> str:
    """The id of the element holding a field's help text."""
    return help_id(field)


@register.simple_tag
def field_widget(field, **extra):
    """The field's widget, described for assistive technology."""
    attrs = dict(extra)
    described_by = []
    if field.help_text:
        described_by.append(help_id(field))
    if field.errors:
        described_by.append(error_id(field))
        attrs["aria-invalid"] = "true"
        css = field.field.widget.attrs.get("class", "")
        if "is-invalid" not in css.split():
            attrs["class"] = f"{css} is-invalid".strip()
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.simple_tag
def form_error_entries(form) -> list[dict]:
    """Every error of a form, in the order of its fields: ``{"label", "message",
    "anchor"}``; the form's own errors (and hidden fields') have no anchor, unless
    the form names one in ``error_anchors`` (a field its page renders by hand)."""
    anchors = getattr(form, "error_anchors", {})
    entries = [{"label": "", "message": message, "anchor": ""}
               for message in form.non_field_errors()]
    for field in form:
        for message in field.errors:
            if field.name in anchors:
                entries.append({"label": field.label, "message": message,
                                "anchor": anchors[field.name]})
            elif field.is_hidden:
                entries.append({"label": "", "message": message, "anchor": ""})
            else:
                entries.append({"label": field.label, "message": message,
                                "anchor": field.id_for_label or field.auto_id})
    return entries
