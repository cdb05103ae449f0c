"""The national list of lenders and the microcredit limits: managed by the
supervisor on the national site, read-only for counter staff."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from catalog import selectors, services
from catalog.forms import LenderForm, LimitForm
from catalog.models import LenderKind
from core.errors import ServiceError
from tenants.models import Region
from ui.decorators import role_required
from ui.forms import apply_service_error
from ui.shortcuts import found_or_404

supervisor_required = role_required(permissions.can_supervise)


def _can_manage(request) -> bool:
    return request.tenant is None and permissions.can_supervise(request.user)


@role_required(selectors.can_read_catalog)
@require_GET
def lender_list(request):
    manage = _can_manage(request)
    state = request.GET.get("stato", "attivi")
    active = {"attivi": True, "disattivati": False, "tutti": None}.get(state, True)
    items = selectors.lenders(active=active if manage else True,
                              kind=request.GET.get("tipo") or None,
                              region=request.GET.get("regione") or None,
                              search=request.GET.get("q") or None)
    page = Paginator(items, 50).get_page(request.GET.get("pagina"))
    return render(request, "catalog/lenders.html", {
        "page": page, "can_manage": manage, "params": request.GET, "state": state,
        "kinds": LenderKind.choices, "regions": Region.choices,
    })


@supervisor_required
@require_http_methods(["GET", "POST"])
def lender_create(request):
    form = LenderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lender = services.create_lender(data=form.lender_data(), acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Finanziatore «{lender.name}» aggiunto all'elenco.")
            return redirect("catalog:lenders")
    return render(request, "catalog/lender_form.html", {"form": form, "lender": None})


@supervisor_required
@require_http_methods(["GET", "POST"])
def lender_edit(request, lender_id: int):
    lender = found_or_404(selectors.get_lender_for, actor=request.user, lender_id=lender_id)
    form = LenderForm(request.POST or None, initial=LenderForm.initial_for(lender))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_lender(lender=lender, data=form.lender_data(),
                                   acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Finanziatore «{lender.name}» aggiornato.")
            return redirect("catalog:lenders")
    return render(request, "catalog/lender_form.html", {"form": form, "lender": lender})


@supervisor_required
@require_POST
def lender_toggle(request, lender_id: int):
    lender = found_or_404(selectors.get_lender_for, actor=request.user, lender_id=lender_id)
    active = request.POST.get("azione") == "riattiva"
    try:
        services.set_lender_active(lender=lender, active=active, acting_user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Finanziatore «{lender.name}» "
                                  f"{'riattivato' if active else 'disattivato'}.")
    return redirect("catalog:lenders")


@supervisor_required
@require_GET
def limit_list(request):
    return render(request, "catalog/limits.html", {"limits": selectors.limits()})


@supervisor_required
@require_http_methods(["GET", "POST"])
def limit_form(request, limit_id: int | None = None):
    limit = found_or_404(selectors.get_limit_for, actor=request.user, limit_id=limit_id) \
        if limit_id is not None else None
    initial = {} if limit is None else {
        "beneficiary_type": limit.beneficiary_type, "valid_from": limit.valid_from,
        "max_amount": f"{limit.max_amount}", "max_years": limit.max_years,
        "source": limit.source}
    form = LimitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_limit(**form.cleaned_data, limit=limit, acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Limite del microcredito salvato.")
            return redirect("catalog:limits")
    return render(request, "catalog/limit_form.html", {"form": form, "limit": limit})
