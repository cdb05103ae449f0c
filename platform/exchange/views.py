"""Pages of the rete delle reti. Anyone browses it, on the national site and
on every counter's; a counter's staff ask another counter for contact, see
the requests their counter received and sent, and withdraw its entries."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from exchange import permissions, selectors, services
from exchange.forms import AnswerForm, ContactRequestForm, SearchForm
from exchange.models import ContactRequest
from ui.decorators import role_required
from ui.forms import apply_service_error
from ui.shortcuts import found_or_404

staff_required = role_required(permissions.can_publish)


def _is_staff(request) -> bool:
    return request.tenant is not None and permissions.can_publish(request.user)


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    page = selectors.search_page(number=request.GET.get("pagina"), **form.filters())
    return render(request, "exchange/search.html", {
        "form": form, "page": page, "is_staff": _is_staff(request)},
        status=400 if form.errors else 200)


def _entry_page(request, entry, form, status=200):
    own = request.tenant is not None and entry.tenant_id == request.tenant.pk
    return render(request, "exchange/entry.html", {
        "entry": entry, "form": form, "own": own,
        "can_ask": _is_staff(request) and not own}, status=status)


@require_GET
def entry_detail(request, entry_id: int):
    entry = found_or_404(selectors.get_entry, entry_id=entry_id)
    return _entry_page(request, entry, ContactRequestForm())


@staff_required
@require_POST
def contact(request, entry_id: int):
    entry = found_or_404(selectors.get_entry, entry_id=entry_id)
    form = ContactRequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_contact(entry=entry, message=form.cleaned_data["message"],
                                     acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
            return _entry_page(request, entry, form, status=exc.status)
        messages.success(request, f"Richiesta inviata a {entry.tenant.name}: la risposta "
                                  f"arriverà tra le richieste di contatto.")
        return redirect("exchange:requests")
    return _entry_page(request, entry, form, status=400)


@staff_required
@require_GET
def own_entries(request):
    page = Paginator(selectors.own_entries(actor=request.user), 50).get_page(
        request.GET.get("pagina"))
    return render(request, "exchange/own_entries.html", {"page": page})


@staff_required
@require_POST
def withdraw(request, entry_id: int):
    entry = found_or_404(selectors.get_own_entry_for, actor=request.user, entry_id=entry_id)
    services.withdraw_entry(entry=entry, acting_user=request.user)
    messages.success(request, f"«{entry.title}» è stato ritirato dalla rete delle reti.")
    return redirect("exchange:own_entries")


@staff_required
@require_GET
def requests(request):
    status = request.GET.get("stato") or None
    return render(request, "exchange/requests.html", {
        "received": selectors.received_requests(actor=request.user, status=status)[:200],
        "sent": selectors.sent_requests(actor=request.user)[:200],
        "statuses": ContactRequest.Status.choices, "status": status})


@staff_required
@require_http_methods(["GET", "POST"])
def request_detail(request, request_id: int):
    item = found_or_404(selectors.get_request_for, actor=request.user, request_id=request_id)
    received = item.to_tenant_id == request.tenant.pk
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not received:
            return render(request, "web/403.html", status=403)
        if form.is_valid():
            action = (services.decline_contact if form.cleaned_data["azione"] == "rifiuta"
                      else services.answer_contact)
            try:
                action(contact_request=item, answer=form.cleaned_data["answer"],
                       acting_user=request.user)
            except ServiceError as exc:
                apply_service_error(form, exc)
                status = exc.status
            else:
                messages.success(request, "Risposta inviata allo sportello che l'ha chiesta.")
                return redirect("exchange:requests")
        else:
            status = 400
    return render(request, "exchange/request.html", {
        "item": item, "received": received, "form": form}, status=status)
