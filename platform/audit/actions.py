"""The Italian labels of every audited action, gathered from the packages.

Each installed package declares its action codes and their labels once, in
its own ``<package>/audit_actions.py`` (constants and a ``LABELS`` dict);
this module reads them through the app registry, so a new feature adds its
codes in its own package and never edits this one.
"""

from __future__ import annotations

import functools
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

MODULE = "audit_actions"


@functools.cache
def labels() -> dict[str, object]:
    """Action code -> Italian label (lazy), for every installed package."""
    gathered: dict[str, object] = {}
    for app in apps.get_app_configs():
        name = f"{app.name}.{MODULE}"
        if find_spec(name) is None:
            continue
        for code, label in import_module(name).LABELS.items():
            if code in gathered:
                raise ValueError(f"Codice di audit «{code}» dichiarato due volte ({name}).")
            gathered[code] = label
    return gathered


def label_of(code: str) -> str:
    return str(labels().get(code, code))
