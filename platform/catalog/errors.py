from core.errors import Conflict, ValidationFailed


class CatalogError(ValidationFailed):
    code = "catalogo_non_valido"


class LenderConflict(Conflict):
    code = "finanziatore_duplicato"
