"""Helpers the counter's services share: not part of the package's API."""

from __future__ import annotations

import re

from django.utils.text import slugify

PHONE = re.compile(r"^\+?[0-9 ./-]{6,25}$")


def one_line(value: str) -> str:
    """Spaces and line breaks folded into single spaces, trimmed."""
    return " ".join(value.split())


def user_or_none(user):
    """The user to store on a row: nobody for an anonymous actor."""
    return user if getattr(user, "is_authenticated", False) else None


def assign(instance, values: dict) -> list[str]:
    """Set ``values`` on ``instance`` (not saved); the names of the fields
    that change, sorted."""
    changed = sorted(k for k, v in values.items() if getattr(instance, k) != v)
    for key, value in values.items():
        setattr(instance, key, value)
    return changed


def unique_code(model, base: str, exclude_pk=None) -> str:
    base = (slugify(base) or "voce")[:50]
    code, n = base, 1
    while model.objects.filter(code=code).exclude(pk=exclude_pk).exists():
        n += 1
        code = f"{base}-{n}"
    return code
