"""The outbox's errors: stable codes, Italian messages."""

from core.errors import Conflict, NotFound, PermissionDenied, ServiceError

__all__ = ["MessageNotFound", "OutboxError", "OutboxPermissionDenied", "TransitionRefused",
           "UnknownRoute"]


class OutboxError(ServiceError):
    code = "conferimento_non_valido"


class TransitionRefused(Conflict):
    """A change of state the transitions table does not allow."""

    code = "transizione_non_ammessa"


class MessageNotFound(NotFound):
    code = "conferimento_non_trovato"


class OutboxPermissionDenied(PermissionDenied):
    code = "permesso_negato"


class UnknownRoute(OutboxError):
    code = "destinazione_sconosciuta"
