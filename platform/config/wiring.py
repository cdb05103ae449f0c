"""What ``config`` connects at start-up: tenancy's hooks to the packages that
answer them (DESIGN.md: ``tenants/`` knows nothing of the domain; config wires
everything)."""

from accounts import services as account_services
from accounts.models import Role
from audit import services as audit
from tenants import hooks


def create_first_administrator(*, tenant, administrator: hooks.FirstAdministrator) -> None:
    """The new tenant's administrator, in its schema; invited by e-mail when
    no password was given."""
    account_services.create_user(
        email=administrator.email, role=Role.TENANT_ADMIN,
        first_name=administrator.first_name, last_name=administrator.last_name,
        password=administrator.password, acting_user=None,
        invite=administrator.password is None,
    )


def record_tenancy_event(*, action: str, actor, target, details) -> None:
    audit.record(action=action, actor=actor, target=target, details=details)


def connect() -> None:
    hooks.on_provisioned(create_first_administrator)
    hooks.on_audited(record_tenancy_event)
