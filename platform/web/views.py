from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts import permissions
from accounts import selectors as account_selectors
from accounts.models import Role
from audit import selectors as audit_selectors
from audit.actions import LABELS as AUDIT_LABELS
from tenants import selectors as tenant_selectors
from tenants.models import Region, Tenant
from web.decorators import role_required


def _tenant_url(tenant) -> str | None:
    domain = tenant_selectors.primary_domain(tenant)
    if domain is None:
        return None
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    return f"{settings.SITE_SCHEME}://{domain}{port}/"


@require_GET
def national_landing(request):
    """The national site's landing page: the active counters, by region."""
    tenants = list(tenant_selectors.active_tenants().order_by("region", "name"))
    region = request.GET.get("regione") or ""
    if region:
        tenants = [t for t in tenants if t.region == region]
    counters = [{"tenant": t, "url": _tenant_url(t)} for t in tenants]
    return render(request, "web/national_landing.html", {
        "counters": counters, "regions": Region.choices, "selected_region": region,
    })


@require_GET
def home(request):
    if request.tenant is None:
        if request.user.is_authenticated and permissions.can_supervise(request.user):
            return render(request, "web/national_home.html", {
                "tenant_count": Tenant.objects.count(),
                "active_count": Tenant.objects.filter(status=Tenant.Status.ACTIVE).count(),
                "suspended_count": Tenant.objects.filter(status=Tenant.Status.SUSPENDED).count(),
            })
        return national_landing(request)
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if not permissions.is_tenant_staff(request.user):
        return render(request, "web/403.html", status=403)
    return render(request, "web/counter_home.html", {
        "tenant": request.tenant,
        "networks": tenant_selectors.networks_of(tenant=request.tenant),
        "staff_count": account_selectors.staff_list().filter(is_active=True).count(),
    })


@role_required(permissions.can_manage_users)
def staff(request):
    role = request.GET.get("ruolo") or None
    search = request.GET.get("q") or None
    users = account_selectors.staff_list(role=role, search=search)
    page = Paginator(users, 50).get_page(request.GET.get("pagina"))
    roles = [(r.value, r.label) for r in Role if r.value in _roles_here(request)]
    return render(request, "web/staff.html", {"page": page, "roles": roles, "role": role or "",
                                              "q": search or ""})


def _roles_here(request):
    from accounts.models import NATIONAL_ROLES, TENANT_ROLES

    return NATIONAL_ROLES if request.tenant is None else TENANT_ROLES


@role_required(lambda u: permissions.can_manage_users(u))
def audit_log(request):
    action = request.GET.get("azione") or None
    events = audit_selectors.recent_events(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("pagina"))
    return render(request, "web/audit.html", {
        "page": page, "labels": AUDIT_LABELS, "action": action or "",
        "actions": sorted(AUDIT_LABELS.items(), key=lambda kv: str(kv[1])),
    })


@role_required(permissions.can_supervise)
def tenants(request):
    items = tenant_selectors.tenants_for_supervisor(
        status=request.GET.get("stato") or None, region=request.GET.get("regione") or None,
        kind=request.GET.get("tipo") or None, search=request.GET.get("q") or None,
    )
    page = Paginator(items, 50).get_page(request.GET.get("pagina"))
    for tenant in page.object_list:
        tenant.url = _tenant_url(tenant)
    return render(request, "web/tenants.html", {
        "page": page, "regions": Region.choices, "statuses": Tenant.Status.choices,
        "kinds": Tenant.Kind.choices, "params": request.GET,
    })
