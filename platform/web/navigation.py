"""The navigation menu, by role. Each entry: (label, url name, predicate)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from assessments import permissions as assessment_permissions
from desks import permissions as desk_permissions

TENANT_MENU = [
    (_("Home"), "web:home", permissions.is_tenant_staff),
    (_("Persone"), "people:list", permissions.is_tenant_staff),
    (_("Consulenze"), "casework:consultation_list", permissions.is_tenant_staff),
    (_("Cruscotto"), "casework:dashboard", permissions.can_view_dashboard),
    (_("Agenda"), "desks:agenda", desk_permissions.can_use_agenda),
    (_("Personale"), "web:staff", permissions.can_manage_users),
    (_("Servizi"), "desks:services", desk_permissions.can_manage_counter),
    (_("Strumenti di valutazione"), "assessments:instruments",
     assessment_permissions.can_manage_instruments),
    (_("Registro attività"), "web:audit", permissions.can_manage_users),
    (_("Stato del sistema"), "health:status", permissions.can_manage_users),
]
NATIONAL_MENU = [
    (_("Home"), "web:home", permissions.can_supervise),
    (_("Enti"), "web:tenants", permissions.can_supervise),
    (_("Finanziatori"), "catalog:lenders", permissions.can_supervise),
    (_("Utenti"), "web:staff", permissions.can_administer_platform),
    (_("Registro attività"), "web:audit", permissions.can_administer_platform),
    (_("Stato del sistema"), "health:status", permissions.can_administer_platform),
]


def menu_for(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    entries = NATIONAL_MENU if getattr(request, "tenant", None) is None else TENANT_MENU
    items = []
    for label, name, allowed in entries:
        if not allowed(user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": label, "url": url, "active": active})
    return items
