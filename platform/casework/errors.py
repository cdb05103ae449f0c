from core.errors import Conflict, ValidationFailed


class CaseworkError(ValidationFailed):
    code = "dati_non_validi"


class TransitionNotAllowed(Conflict):
    code = "transizione_non_ammessa"


class PathwayAlreadyOpen(Conflict):
    code = "percorso_gia_aperto"


class DocumentRejected(ValidationFailed):
    code = "documento_non_ammesso"

    def __init__(self, message: str, **kwargs):
        kwargs.setdefault("field", "file")
        super().__init__(message, **kwargs)
