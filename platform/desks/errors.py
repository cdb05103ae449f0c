from core.errors import Conflict, ServiceError, ValidationFailed


class DeskError(ValidationFailed):
    code = "dati_non_validi"


class IllegalTransition(Conflict):
    code = "transizione_non_ammessa"


class SlotTaken(Conflict):
    code = "orario_occupato"


class TooManyBookings(ServiceError):
    code = "troppe_prenotazioni"
    status = 429


class OutsideOpeningHours(ValidationFailed):
    code = "fuori_orario"
