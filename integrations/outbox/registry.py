"""How the outbox reaches payload builders and senders without importing a
domain package: a ``Route`` per (destination, kind), registered at start-up
by the modules named in ``settings.RETE_OUTBOX["routes"]`` (each a function
``register(registry)``; integrations.routes registers Cliclavoro's).

A route's callables:
- ``load(subject_id)`` -> the domain object (raises LookupError when gone);
- ``label(subject)`` -> what the operator reads in the lists;
- ``build(subject, *, code, previous_code, closing)`` -> an object with
  ``xml: bytes`` and ``problems`` (a sequence of objects or dicts with path,
  field, message, hint; empty: valid);
- ``allocate_code(*, tenant, serial, closing, today)`` -> the communication code;
- ``send(*, kind, payload, destination, message_id)`` -> DeliveryReply, or
  raises TransientDeliveryError (retry later);
- ``source_url(subject_id)`` -> the page of the source record, or "".
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from integrations.outbox.errors import UnknownRoute


@dataclass(frozen=True)
class DeliveryReply:
    """What the national node answered (an OK or a KO)."""

    outcome: str  # "OK" | "KO"
    description: str = ""
    anomaly_code: str = ""
    already_received: bool = False
    request_xml: bytes = b""
    response_xml: bytes = b""
    http_status: int | None = None
    elapsed_ms: float | None = None


class TransientDeliveryError(Exception):
    """No answer to rely on (timeout, refused, 5xx, 429, malformed reply): retry."""

    def __init__(self, message: str, *, code: str = "errore_temporaneo",
                 retry_after: float | None = None, request_xml: bytes = b"",
                 response_xml: bytes = b"", http_status: int | None = None,
                 elapsed_ms: float | None = None):
        super().__init__(message)
        self.message, self.code, self.retry_after = message, code, retry_after
        self.request_xml, self.response_xml = request_xml or b"", response_xml or b""
        self.http_status, self.elapsed_ms = http_status, elapsed_ms


@dataclass(frozen=True)
class Route:
    destination: str
    kind: str
    load: Callable[[int], Any]
    build: Callable[..., Any]
    allocate_code: Callable[..., str]
    send: Callable[..., DeliveryReply]
    label: Callable[[Any], str] = str
    source_url: Callable[[int], str] = lambda subject_id: ""
    verbose_kind: str = ""


class Registry:
    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], Route] = {}

    def register(self, route: Route) -> None:
        self._routes[(route.destination, route.kind)] = route

    def route(self, destination: str, kind: str) -> Route:
        try:
            return self._routes[(destination, kind)]
        except KeyError:
            raise UnknownRoute(f"Nessun conferimento «{kind}» è previsto verso "
                               f"«{destination}».") from None

    def kinds(self) -> list[tuple[str, str]]:
        """(kind, Italian name) of every registered route, once each."""
        seen: dict[str, str] = {}
        for (_destination, kind), route in self._routes.items():
            seen.setdefault(kind, route.verbose_kind or kind)
        return sorted(seen.items())

    @contextlib.contextmanager
    def replaced(self, *routes: Route):
        """These routes instead of the registered ones, inside the block
        (tests hand in their own builder or node this way)."""
        saved = dict(self._routes)
        try:
            for route in routes:
                self.register(route)
            yield self
        finally:
            self._routes = saved


registry = Registry()
