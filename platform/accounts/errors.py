from core.errors import ValidationFailed


class UserError(ValidationFailed):
    code = "utente_non_valido"
