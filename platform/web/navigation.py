"""The navigation menu, by role.

An entry is ``(label, url name, predicate)``; a group is ``(label, [entries])``,
shown as a dropdown holding the entries the user may open (a group left with
none is not shown). Groups keep an administrator's menu on one line at 1366 px.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from assessments import permissions as assessment_permissions
from desks import permissions as desk_permissions
from integrations.outbox import permissions as outbox_permissions
from jobs import permissions as jobs_permissions


def _anyone(user) -> bool:
    return True


TENANT_MENU = [
    (_("Home"), "web:home", permissions.is_tenant_staff),
    (_("Persone"), "people:list", permissions.is_tenant_staff),
    (_("Consulenze"), "casework:consultation_list", permissions.is_tenant_staff),
    (_("Cruscotto"), "casework:dashboard", permissions.can_view_dashboard),
    (_("Agenda"), "desks:agenda", desk_permissions.can_use_agenda),
    (_("Sportello Lavoro"), [
        (_("Sportello Lavoro"), "jobs:home", jobs_permissions.can_use_jobs),
        (_("Aziende"), "jobs:employers", jobs_permissions.can_use_jobs),
        (_("Offerte di lavoro"), "jobs:vacancies", jobs_permissions.can_use_jobs),
        (_("Richieste delle aziende"), "jobs:needs", jobs_permissions.can_use_jobs),
        (_("Bacheche e «Mi interessa»"), "jobs:board_items", jobs_permissions.can_use_jobs),
        (_("Rete delle reti"), "exchange:search", jobs_permissions.can_use_jobs),
        (_("Richieste di contatto"), "exchange:requests", jobs_permissions.can_use_jobs),
        (_("Conferimenti a Cliclavoro"), "outbox:messages", outbox_permissions.can_view),
        # other modules
        (_("Autorizzazione"), "jobs:authorisation", jobs_permissions.can_manage_authorisation),
    ]),
    (_("Strumenti di valutazione"), "assessments:instruments",
     assessment_permissions.can_manage_instruments),
    (_("Sportello"), [
        (_("Servizi"), "desks:services", desk_permissions.can_manage_counter),
        (_("Orari"), "desks:hours", desk_permissions.can_manage_counter),
        (_("Chiusure"), "desks:closures", desk_permissions.can_manage_counter),
        (_("Contatti"), "desks:contacts", desk_permissions.can_manage_counter),
        (_("Modelli di messaggio"), "desks:templates", desk_permissions.can_manage_counter),
        (_("Pagina pubblica"), "desks:public_page", desk_permissions.can_manage_counter),
    ]),
    (_("Amministrazione"), [
        (_("Personale"), "web:staff", permissions.can_manage_users),
        (_("Registro attività"), "web:audit", permissions.can_manage_users),
        (_("Stato del sistema"), "health:status", permissions.can_manage_users),
    ]),
]
NATIONAL_MENU = [
    (_("Home"), "web:home", permissions.can_supervise),
    (_("Enti"), "web:tenants", permissions.can_supervise),
    (_("Finanziatori"), "catalog:lenders", permissions.can_supervise),
    (_("Conferimenti nazionali"), "integrations_national:conferrals",
     permissions.can_supervise),
    (_("Amministrazione"), [
        (_("Utenti"), "web:staff", permissions.can_administer_platform),
        (_("Registro attività"), "web:audit", permissions.can_administer_platform),
        (_("Stato del sistema"), "health:status", permissions.can_administer_platform),
    ]),
]


def _links(entries, user) -> list[dict]:
    links = []
    for label, name, allowed in entries:
        if not allowed(user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        links.append({"label": label, "url": url, "active": False})
    return links


def _mark_active(items: list[dict], path: str) -> None:
    """The one link whose address is the longest prefix of the page's is active
    (so "Orari" under servizi/orari/, not "Servizi" too), and its group."""
    links = [link for item in items for link in item.get("children", [item])]
    matching = [link for link in links
                if path == link["url"] or (link["url"] != "/" and path.startswith(link["url"]))]
    if not matching:
        return
    best = max(matching, key=lambda link: len(link["url"]))
    best["active"] = True
    for item in items:
        if best in item.get("children", ()):
            item["active"] = True


def menu_for(request) -> list[dict]:
    """Items of the menu: ``{"label", "url", "active"}`` or, for a group,
    ``{"label", "children": [...], "active", "key"}``."""
    user = request.user
    if not user.is_authenticated:
        return []
    entries = NATIONAL_MENU if getattr(request, "tenant", None) is None else TENANT_MENU
    items = []
    for number, entry in enumerate(entries):
        if isinstance(entry[1], list):
            children = _links(entry[1], user)
            if children:
                items.append({"label": entry[0], "children": children, "active": False,
                              "key": f"menu-gruppo-{number}"})
        else:
            items.extend(_links([entry], user))
    _mark_active(items, request.path)
    return items
