from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.forms import RoleChangeForm, StaffCreateForm
from accounts.models import NATIONAL_ROLES, TENANT_ROLES, Role
from audit import exports as audit_exports
from audit import selectors as audit_selectors
from audit import services as audit_services
from audit.forms import AuditFilterForm
from core.errors import ServiceError
from tenants import selectors as tenant_selectors
from tenants import services as tenant_services
from tenants.models import Region, Tenant
from ui.decorators import role_required
from ui.forms import apply_service_error
from ui.shortcuts import found_or_404
from web import worklist
from web.forms import TenantProvisionForm


def _tenant_url(tenant) -> str | None:
    domain = tenant_selectors.primary_domain(tenant)
    if domain is None:
        return None
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    return f"{settings.SITE_SCHEME}://{domain}{port}/"


def _counter_page_url(tenant) -> str | None:
    """The counter's public page, on its own domain."""
    home = _tenant_url(tenant)
    return f"{home}sportello/" if home else None


@require_GET
def national_landing(request):
    """The national site's landing page: the active counters, by region, each
    linked to its public page; filtered by region and by a word of the name
    or the province."""
    tenants = list(tenant_selectors.active_tenants().order_by("region", "name"))
    region = request.GET.get("regione") or ""
    if region not in Region.values:
        region = ""
    if region:
        tenants = [t for t in tenants if t.region == region]
    text = " ".join((request.GET.get("q") or "").replace("\x00", "").split())[:100]
    if text:
        needle = text.casefold()
        tenants = [t for t in tenants if needle in t.name.casefold()
                   or needle == t.province.casefold()
                   or needle in t.get_region_display().casefold()]
    counters = [{"tenant": t, "url": _counter_page_url(t)} for t in tenants]
    return render(request, "web/national_landing.html", {
        "counters": counters, "regions": Region.choices, "selected_region": region, "q": text,
    })


@require_GET
def home(request):
    if request.tenant is None:
        if request.user.is_authenticated and permissions.can_supervise(request.user):
            return render(request, "web/national_home.html", tenant_selectors.tenant_counts())
        return national_landing(request)
    if not request.user.is_authenticated:
        return redirect("desks:public_page")  # citizens first; staff log in from there
    if not permissions.is_tenant_staff(request.user):
        return render(request, "web/403.html", status=403)
    return render(request, "web/counter_home.html", {
        "tenant": request.tenant,
        "networks": tenant_selectors.networks_of(tenant=request.tenant),
        "staff_count": account_selectors.staff_members().count(),
        **worklist.context(request),
    })


@role_required(permissions.can_manage_users)
@require_GET
def staff(request):
    role = request.GET.get("ruolo") or None
    search = request.GET.get("q") or None
    users = account_selectors.staff_list(role=role, search=search)
    page = Paginator(users, 50).get_page(request.GET.get("pagina"))
    roles = [(r.value, r.label) for r in Role if r.value in _roles_here(request)]
    return render(request, "web/staff.html", {"page": page, "roles": roles, "role": role or "",
                                              "q": search or ""})


def _staff_member_or_404(request, user_id: int):
    """A user of this schema (the only table the request can see), or 404."""
    return found_or_404(account_selectors.get_user_for, actor=request.user, user_id=user_id)


@role_required(permissions.can_manage_users)
@require_http_methods(["GET", "POST"])
def staff_create(request):
    form = StaffCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_services.create_user(
                **form.cleaned_data, acting_user=request.user, invite=True)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Utente %(email)s creato: riceverà un invito via e-mail "
                                        "per scegliere la password.") % {"email": user.email})
            return redirect("web:staff")
    return render(request, "web/staff_form.html", {"form": form})


def _staff_detail(request, member, *, role_form=None, deactivate_error=None,
                  invitation_error=None, status=200):
    return render(request, "web/staff_detail.html", {
        "member": member,
        "is_self": member.pk == request.user.pk,
        "invitation_pending": account_selectors.invitation_pending(member),
        "role_form": role_form or RoleChangeForm(initial={"role": member.role}),
        "deactivate_error": deactivate_error,
        "invitation_error": invitation_error,
        "events": audit_selectors.events_for_target(target=member)[:20],
    }, status=status)


@role_required(permissions.can_manage_users)
@require_GET
def staff_detail(request, user_id: int):
    return _staff_detail(request, _staff_member_or_404(request, user_id))


@role_required(permissions.can_manage_users)
@require_POST
def staff_role(request, user_id: int):
    member = _staff_member_or_404(request, user_id)
    form = RoleChangeForm(request.POST)
    if form.is_valid():
        try:
            account_services.change_role(user=member, role=form.cleaned_data["role"],
                                         acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Ruolo di %(user)s: %(role)s.") % {
                "user": member, "role": member.get_role_display()})
            return redirect("web:staff_detail", user_id=member.pk)
    return _staff_detail(request, member, role_form=form)


@role_required(permissions.can_manage_users)
@require_POST
def staff_deactivate(request, user_id: int):
    member = _staff_member_or_404(request, user_id)
    try:
        account_services.deactivate_user(user=member, acting_user=request.user)
    except ServiceError as exc:
        return _staff_detail(request, member, deactivate_error=exc.message)
    messages.success(request, _("Utente %(user)s disattivato: non può più accedere.") % {
        "user": member})
    return redirect("web:staff_detail", user_id=member.pk)


@role_required(permissions.can_manage_users)
@require_POST
def staff_reactivate(request, user_id: int):
    member = _staff_member_or_404(request, user_id)
    try:
        account_services.reactivate_user(user=member, acting_user=request.user)
    except ServiceError as exc:
        return _staff_detail(request, member, deactivate_error=exc.message, status=400)
    messages.success(request, _("Utente %(user)s riattivato: può di nuovo accedere.") % {
        "user": member})
    return redirect("web:staff_detail", user_id=member.pk)


@role_required(permissions.can_manage_users)
@require_POST
def staff_resend_invitation(request, user_id: int):
    member = _staff_member_or_404(request, user_id)
    try:
        account_services.resend_invitation(user=member, acting_user=request.user)
    except ServiceError as exc:
        return _staff_detail(request, member, invitation_error=exc.message, status=400)
    messages.success(request, _("Nuovo invito inviato a %(email)s: il collegamento del "
                                "precedente non vale più.") % {"email": member.email})
    return redirect("web:staff_detail", user_id=member.pk)


def _roles_here(request):
    return NATIONAL_ROLES if request.tenant is None else TENANT_ROLES


def _audit_filter_form(request) -> AuditFilterForm:
    return AuditFilterForm(request.GET or None, extra_actions=audit_selectors.recorded_actions())


def _audit_page(request, form: AuditFilterForm, *, status: int = 200):
    events = audit_selectors.audit_log(filters=form.filters())
    page = Paginator(events, 50).get_page(request.GET.get("pagina"))
    return render(request, "web/audit.html", {
        "form": form, "page": page, "query": form.query_string(),
    }, status=status)


@role_required(permissions.can_manage_users)
@require_GET
def audit_log(request):
    return _audit_page(request, _audit_filter_form(request))


@role_required(permissions.can_manage_users)
@require_GET
def audit_export(request, file_format: str):
    """The log with the page's filters, as CSV or XLSX; the export is itself audited.
    Invalid filters export nothing: the page shows them at their fields."""
    if file_format not in ("csv", "xlsx"):
        raise Http404(_("Formato non disponibile."))
    form = _audit_filter_form(request)
    if form.is_bound and not form.is_valid():
        return _audit_page(request, form, status=400)
    filters = form.filters()
    events = audit_selectors.audit_log(filters=filters)
    export = audit_services.record_export(acting_user=request.user, file_format=file_format,
                                          count=events.count(), filters=filters.as_details())
    return audit_exports.response(audit_selectors.audit_log(filters=filters, before=export),
                                  file_format)


@role_required(permissions.can_supervise)
@require_GET
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
        "can_change": permissions.can_administer_platform(request.user),
    })


@role_required(permissions.can_administer_platform)
@require_http_methods(["GET", "POST"])
def tenant_create(request):
    form = TenantProvisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tenant = tenant_services.provision_tenant(
                profile=tenant_services.TenantProfile(**form.profile_values()),
                admin_email=data["admin_email"], admin_first_name=data["admin_first_name"],
                admin_last_name=data["admin_last_name"], domain=data["domain"].strip() or None,
                acting_user=request.user,
            )
        except ServiceError as exc:
            apply_service_error(form, exc, aliases=form.SERVICE_FIELDS)
        else:
            messages.success(request, _("Ente «%(name)s» attivato. L'amministratore %(email)s "
                                        "riceverà un invito via e-mail.") % {
                "name": tenant.name, "email": data["admin_email"]})
            return redirect("web:tenants")
    return render(request, "web/tenant_form.html", {"form": form})


# The transitions the national site offers; archiving stays a command.
_STATUS_ACTIONS = {
    "sospendi": (Tenant.Status.SUSPENDED, gettext_lazy("sospeso")),
    "riattiva": (Tenant.Status.ACTIVE, gettext_lazy("riattivato")),
}


@role_required(permissions.can_administer_platform)
@require_POST
def tenant_status(request, slug: str):
    tenant = tenant_selectors.tenant_by_slug(slug)
    if tenant is None:
        raise Http404(_("Ente non trovato."))
    action = _STATUS_ACTIONS.get(request.POST.get("azione", ""))
    if action is None:
        messages.error(request, _("Operazione non riconosciuta."))
        return redirect("web:tenants")
    status, done = action
    try:
        tenant_services.change_status(tenant=tenant, status=status, acting_user=request.user,
                                      reason=request.POST.get("motivo", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Ente «%(name)s» %(done)s.") % {"name": tenant.name,
                                                                    "done": done})
    return redirect("web:tenants")


def csrf_failure(request, reason=""):
    """A form sent without a valid security token (expired page, another site)."""
    message = _("Il modulo è scaduto o non proviene da questo sito: ricaricare la pagina "
                "e riprovare.")
    if request.path.startswith("/api/"):
        return JsonResponse({"errore": {"codice": "csrf_non_valido", "messaggio": message}},
                            status=403)
    return render(request, "web/403.html", {"message": message}, status=403)
