from core.errors import Conflict, PermissionDenied, ValidationFailed


class PersonError(ValidationFailed):
    code = "persona_non_valida"


class DuplicatePerson(Conflict):
    """The codice fiscale is already registered: the existing record is attached."""

    code = "persona_gia_registrata"

    def __init__(self, message: str, *, person, **kwargs):
        super().__init__(message, field="codice_fiscale", **kwargs)
        self.person = person


class ConsentMissing(PermissionDenied):
    code = "consenso_mancante"
