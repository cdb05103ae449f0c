from core.errors import PermissionDenied, ValidationFailed


class AssessmentError(ValidationFailed):
    code = "valutazione_non_valida"


class InstrumentError(ValidationFailed):
    code = "strumento_non_valido"


class SpecialCategoryDenied(PermissionDenied):
    code = "dati_particolari_riservati"

    def __init__(self, message: str = ("Le risposte sono dati di categoria particolare: le "
                                       "leggono solo operatori e coordinatori."), **kwargs):
        super().__init__(message, **kwargs)
