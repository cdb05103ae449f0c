"""Who may do what with assessments, by role (accounts.permissions style).

The answers are special-category data (art. 9 GDPR: health, social and
family condition). Only the roles that work the person's case need them:
the operator who interviews the person and the coordinator who supervises
the casework. The tenant administrator runs the counter (staff, services,
instruments) and does no casework: the administrator sees that an
assessment was made, its score and its outcome (needed to run the desk and
to check the instrument's threshold), never the answers. Minimisation (art.
5(1)(c)) rather than convenience.
"""

from accounts.models import Role

CASEWORK_ROLES = (Role.OPERATOR, Role.COORDINATOR)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_view_assessments(user) -> bool:
    """See that an assessment exists, with its score and outcome."""
    return _active(user) and user.role in (Role.OPERATOR, Role.COORDINATOR, Role.TENANT_ADMIN)


def can_record_assessments(user) -> bool:
    return _active(user) and user.role in CASEWORK_ROLES


def can_read_special_categories(user) -> bool:
    """Read the answers (and the reserved notes) of an assessment."""
    return _active(user) and user.role in CASEWORK_ROLES


def can_manage_instruments(user) -> bool:
    return _active(user) and user.role == Role.TENANT_ADMIN
