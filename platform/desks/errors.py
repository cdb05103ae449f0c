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


class CounterClosed(ValidationFailed):
    code = "sportello_chiuso"


class LinkNotValid(ServiceError):
    """The same answer for a tampered, expired or foreign link: nothing leaks."""

    code = "link_non_valido"
    status = 404

    def __init__(self, message: str = "Il link non è valido o è scaduto. Se ha prenotato, "
                                      "usi il link dell'ultima e-mail di conferma ricevuta.",
                 **kwargs):
        super().__init__(message, **kwargs)


class OutsideOpeningHours(ValidationFailed):
    code = "fuori_orario"
