from core.errors import Conflict, ValidationFailed


class ExchangeError(ValidationFailed):
    code = "scambio_non_valido"


class IdentifyingText(ValidationFailed):
    """Free text that would identify a person (a codice fiscale, an e-mail
    address, a phone number): refused at its field."""

    code = "dati_identificativi"


class IllegalTransition(Conflict):
    code = "transizione_non_ammessa"
