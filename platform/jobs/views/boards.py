"""The staff's side of the boards: write, publish and withdraw board items
(htmx list), and the citizens' "Mi interessa" to call back."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from jobs.forms.boards import BoardFilterForm, BoardItemForm
from jobs.selectors import boards as selectors
from jobs.services import boards as services
from jobs.views._shared import page_of, staff_required
from ui.forms import apply_service_error
from ui.shortcuts import found_or_404


@staff_required
@require_GET
def item_list(request):
    filters = BoardFilterForm(request.GET or None)
    values = filters.valid()
    page = page_of(selectors.board_items_for(actor=request.user,
                                             kind=values.get("bacheca") or "",
                                             state=values.get("stato") or ""),
                   request.GET.get("pagina"))
    template = ("jobs/boards/_results.html" if request.htmx else "jobs/boards/list.html")
    return render(request, template, {"filters": filters, "page": page})


@staff_required
@require_http_methods(["GET", "POST"])
def item_form(request, item_id: int | None = None):
    item = (found_or_404(selectors.get_board_item_for, actor=request.user, item_id=item_id)
            if item_id else None)
    initial = BoardItemForm.initial_for(item) if item else {"kind": request.GET.get("bacheca")}
    form = BoardItemForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if item is None:
                    item = services.create_board_item(data=form.data_value(),
                                                      acting_user=request.user)
                else:
                    item = services.update_board_item(item=item, data=form.data_value(),
                                                      acting_user=request.user)
            except ServiceError as exc:
                apply_service_error(form, exc)
                status = exc.status
            else:
                messages.success(request, f"Annuncio «{item.title}» salvato.")
                return redirect("jobs:board_item", item_id=item.pk)
        else:
            status = 400
    return render(request, "jobs/boards/form.html", {"form": form, "item": item},
                  status=status)


@staff_required
@require_GET
def item_detail(request, item_id: int):
    item = found_or_404(selectors.get_board_item_for, actor=request.user, item_id=item_id)
    return render(request, "jobs/boards/detail.html", {
        "item": item, "events": selectors.board_item_events(item)})


@staff_required
@require_POST
def item_state(request, item_id: int):
    item = found_or_404(selectors.get_board_item_for, actor=request.user, item_id=item_id)
    action = (services.publish_board_item if request.POST.get("azione") == "pubblica"
              else services.withdraw_board_item)
    try:
        item = action(item=item, acting_user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Annuncio «{item.title}»: {item.get_state_display().lower()}.")
    return redirect("jobs:board_item", item_id=item.pk)


@staff_required
@require_GET
def interest_list(request):
    handled = {"da-gestire": False, "gestite": True}.get(request.GET.get("stato", "da-gestire"))
    page = page_of(selectors.interests_for(actor=request.user, handled=handled),
                   request.GET.get("pagina"))
    return render(request, "jobs/boards/interests.html", {
        "page": page, "state": request.GET.get("stato", "da-gestire")})


@staff_required
@require_POST
def interest_handled(request, interest_id: int):
    interest = found_or_404(selectors.get_interest_for, actor=request.user,
                            interest_id=interest_id)
    services.mark_interest_handled(interest=interest, acting_user=request.user)
    messages.success(request, f"Richiesta di {interest.name} segnata come gestita.")
    return redirect("jobs:interests")
