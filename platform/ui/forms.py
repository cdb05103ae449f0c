"""The bridge from service errors to forms."""

from __future__ import annotations

from django import forms

from core.errors import ServiceError


def apply_service_error(form: forms.Form, exc: ServiceError,
                        aliases: dict[str, str] | None = None) -> None:
    """Show a service's error next to the field it names (or above the form)."""
    aliases = aliases or {}
    errors = exc.fields or {None: [exc.message]}
    for name, messages in errors.items():
        target = aliases.get(name, name)
        if target not in form.fields:
            target = None
        for message in messages:
            form.add_error(target, message)
