"""What the layers below the views may know about who is asking.

Services and selectors never see an HTTP request. The one middleware
``core.middleware.RequestContextMiddleware`` reads the request's metadata
(the client's address behind the trusted proxies, the user agent, a request
id) into a context variable for the time of the request; a command or a
scheduled task names itself with :func:`acting_as`. The audit record reads
both from here.
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestMeta:
    client_ip: str | None = None
    user_agent: str = ""
    request_id: str = ""


_NO_REQUEST = RequestMeta()
_meta: contextvars.ContextVar[RequestMeta] = contextvars.ContextVar(
    "request_meta", default=_NO_REQUEST)
_actor_label: contextvars.ContextVar[str] = contextvars.ContextVar("actor_label", default="")


def request_meta() -> RequestMeta:
    """The current request's metadata; empty outside a request."""
    return _meta.get()


@contextlib.contextmanager
def using_request_meta(meta: RequestMeta):
    token = _meta.set(meta)
    try:
        yield meta
    finally:
        _meta.reset(token)


@contextlib.contextmanager
def acting_as(label: str):
    """Name who acts when there is no user: a command, a scheduled task."""
    token = _actor_label.set(label)
    try:
        yield
    finally:
        _actor_label.reset(token)


def actor_label() -> str:
    return _actor_label.get()
