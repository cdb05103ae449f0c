"""The job desk's errors: stable codes, Italian messages at the field."""

from core.errors import Conflict, PermissionDenied, ServiceError, ValidationFailed

__all__ = ["AuthorisationExpired", "AuthorisationMissing", "DuplicateEmployer",
           "IllegalTransition", "JobsError", "JobsPermissionDenied", "PublicationWindowInvalid",
           "TooManyInterests", "TooManyNeeds"]


class JobsError(ValidationFailed):
    code = "dati_non_validi"


class JobsPermissionDenied(PermissionDenied):
    code = "permesso_negato"


class DuplicateEmployer(Conflict):
    code = "azienda_gia_registrata"


class IllegalTransition(Conflict):
    """A transition the table does not allow (a closed vacancy published,
    a converted need refused...)."""

    code = "transizione_non_ammessa"


class PublicationWindowInvalid(ValidationFailed):
    code = "finestra_pubblicazione_non_valida"


class TooManyNeeds(ServiceError):
    code = "troppe_richieste"
    status = 429


class AuthorisationMissing(Conflict):
    code = "autorizzazione_mancante"


class AuthorisationExpired(Conflict):
    code = "autorizzazione_scaduta"


class TooManyInterests(ServiceError):
    """Too many "Mi interessa" in the last hour (the limits of public booking)."""

    code = "troppe_richieste"
    status = 429
