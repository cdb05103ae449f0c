"""Who may do what at the job desk: the counter's staff (operator,
coordinator, administrator) work with employers, needs and vacancies; only
the administrator records the authorisation to intermediate."""

from accounts import permissions
from accounts.models import Role
from jobs.errors import JobsPermissionDenied


def can_use_jobs(user) -> bool:
    return user is not None and permissions.is_tenant_staff(user)


def can_manage_authorisation(user) -> bool:
    return can_use_jobs(user) and user.role == Role.TENANT_ADMIN


def check_can_use_jobs(user) -> None:
    if not can_use_jobs(user):
        raise JobsPermissionDenied("Il suo ruolo non consente di usare lo Sportello Lavoro.")


def check_can_manage_authorisation(user) -> None:
    if not can_manage_authorisation(user):
        raise JobsPermissionDenied("Solo l'amministratore dell'ente può registrare "
                                   "l'autorizzazione all'intermediazione.")
