"""What the rest of the platform hangs on tenancy, without tenancy knowing it.

``tenants`` imports only ``core``: it knows nothing of users or of the
activity log. ``config`` wires both at start-up (``ConfigConfig.ready``):

- ``on_provisioned(listener)``: called in the new tenant's schema, inside the
  provisioning transaction, with the tenant and its first administrator
  (``FirstAdministrator``); the accounts package creates the user there.
- ``on_audited(listener)``: called with each tenancy event to record
  (``action``, ``actor``, ``target``, ``details``); the audit package writes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class FirstAdministrator:
    """Who administers a new tenant. Without ``password`` they are invited by
    e-mail to choose one."""

    email: str
    first_name: str = ""
    last_name: str = ""
    password: str | None = None


_provisioned: list[Callable[..., Any]] = []
_audited: list[Callable[..., Any]] = []


def _add(listeners: list, listener: Callable) -> Callable:
    if listener not in listeners:
        listeners.append(listener)
    return listener


def on_provisioned(listener: Callable[..., Any]) -> Callable[..., Any]:
    """Register ``listener(*, tenant, administrator)``."""
    return _add(_provisioned, listener)


def on_audited(listener: Callable[..., Any]) -> Callable[..., Any]:
    """Register ``listener(*, action, actor, target, details)``."""
    return _add(_audited, listener)


def provisioned(*, tenant, administrator: FirstAdministrator) -> None:
    if not _provisioned:
        raise ImproperlyConfigured(
            "Nessuno crea il primo amministratore: config non ha collegato tenants.hooks.")
    for listener in _provisioned:
        listener(tenant=tenant, administrator=administrator)


def audited(*, action: str, actor=None, target=None, details: dict | None = None) -> None:
    for listener in _audited:
        listener(action=action, actor=actor, target=target, details=details)
