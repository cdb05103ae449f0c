"""Application errors: values with a stable code and an Italian message.

Services raise them; the API renders them as one JSON shape (api.errors) and
the UI shows them next to the field named by ``field``.
"""

from __future__ import annotations


class ServiceError(Exception):
    code = "errore"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None,
                 fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field
        self.fields = fields or ({field: [message]} if field else {})

    @classmethod
    def from_errors(cls, errors) -> ServiceError:
        """One error for every field at once, from ``{field: message}`` (or a
        list of messages): its message and ``field`` are the first one's.
        ``if errors: raise DeskError.from_errors(errors)``."""
        fields = {name: [messages] if isinstance(messages, str) else list(messages)
                  for name, messages in errors.items()}
        first = next(iter(fields))
        return cls(fields[first][0], field=first, fields=fields)


class ValidationFailed(ServiceError):
    code = "dati_non_validi"


class NotFound(ServiceError):
    """Missing and forbidden look the same to the caller."""

    code = "non_trovato"
    status = 404

    def __init__(self, message: str = "Risorsa non trovata.", **kwargs):
        super().__init__(message, **kwargs)


class Conflict(ServiceError):
    code = "conflitto"
    status = 409


class PermissionDenied(ServiceError):
    code = "permesso_negato"
    status = 403


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    """The API's one error shape: ``{"errore": {"codice", "messaggio", "campi"}}``."""
    body = {"codice": code, "messaggio": message}
    if fields:
        body["campi"] = fields
    return {"errore": body}


class BadInput(Exception):
    """Input refused at the boundary, before any view (a NUL byte, a body too
    deep): the UI answers a 400 page, the API the error shape with ``fields``."""

    code = "dati_non_validi"
    status = 400

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None,
                 code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code
        if status:
            self.status = status
