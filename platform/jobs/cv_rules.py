"""What the CV and matching code share below services and selectors: who
may work with candidates, and which code table holds each kind of licence."""

from __future__ import annotations

from accounts import permissions as accounts_permissions
from codes import tables
from core.errors import PermissionDenied
from jobs.models import LicenceKind

PROFESSION_LEVEL = 6  # the ministry's sixth CP2011 level, as Cliclavoro wants it
LICENCE_TABLES = {LicenceKind.DRIVING: tables.DRIVING_LICENCES,
                  LicenceKind.LICENCE: tables.LICENCES, LicenceKind.ALBO: tables.ALBI}


def can_work_with_candidates(user) -> bool:
    return user is not None and accounts_permissions.is_tenant_staff(user)


def require_staff(acting_user) -> None:
    if not can_work_with_candidates(acting_user):
        raise PermissionDenied("Il suo ruolo non consente di usare lo Sportello Lavoro.")
