"""The job desk's errors: stable codes, Italian messages at the field."""

from core.errors import Conflict, PermissionDenied, ServiceError, ValidationFailed

__all__ = ["ApplicationExists", "ApplicationInvalid", "AuthorisationExpired",
           "AuthorisationMissing", "CvExists", "CvInvalid", "CvPartDuplicate",
           "DuplicateEmployer", "IllegalTransition", "JobsError", "JobsPermissionDenied",
           "PublicationWindowInvalid", "TooManyInterests", "TooManyNeeds"]


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


# CVs and matching (jobs.services.candidates, jobs.services.matching); a
# transition of an application outside its table is an IllegalTransition.
class CvInvalid(ValidationFailed):
    code = "curriculum_non_valido"


class CvExists(Conflict):
    """The person's CV was opened already (or at the same moment by someone else)."""

    code = "curriculum_esistente"


class CvPartDuplicate(Conflict):
    code = "voce_gia_presente"


class ApplicationInvalid(ValidationFailed):
    code = "candidatura_non_valida"


class ApplicationExists(Conflict):
    code = "candidatura_esistente"
