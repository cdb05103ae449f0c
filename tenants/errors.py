from core.errors import Conflict, ValidationFailed


class ProvisioningError(ValidationFailed):
    code = "provisioning_non_valido"


class TenantConflict(Conflict):
    code = "ente_esistente"
