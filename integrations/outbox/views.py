"""The operator's screens: «Conferimenti a Cliclavoro» (list, filters, CSV),
a conferral's record page (state, XML sent, replies, attempts, problems,
«Rigenera e reinvia» / «Reinvia»), and the dead-letter list."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from lxml import etree

from core.errors import ServiceError
from integrations.outbox import permissions, selectors, services
from integrations.outbox.forms import MessageFilterForm
from integrations.outbox.registry import registry
from integrations.outbox.states import State
from ui import exports
from ui.decorators import role_required
from ui.shortcuts import found_or_404

PAGE_SIZE = 25
MAX_PAGE = 10_000
staff_required = role_required(permissions.can_view)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          remove_blank_text=True)


def _page(queryset, number):
    try:
        number = min(max(1, int(number or 1)), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    return Paginator(queryset, PAGE_SIZE).get_page(number)


def pretty(xml: bytes) -> str:
    """The XML indented for reading (escaped by the template), or as it is."""
    if not xml:
        return ""
    try:
        return etree.tostring(etree.fromstring(bytes(xml), _PARSER), pretty_print=True,
                              encoding="unicode")
    except (etree.XMLSyntaxError, ValueError):
        return bytes(xml).decode("utf-8", errors="replace")


def _list(request, *, dead_letter: bool):
    form = MessageFilterForm(request.GET or None)
    filters = form.filters()
    if dead_letter:
        from dataclasses import replace

        filters = replace(filters, state=State.DEAD)
    messages = selectors.messages_for(actor=request.user, filters=filters)
    query = {k: v for k, v in request.GET.items() if k != "pagina" and v}
    page = _page(messages, request.GET.get("pagina"))
    kinds = dict(registry.kinds())
    for message in page:
        message.kind_label = kinds.get(message.kind, message.kind)
    return render(request, "outbox/message_list.html", {
        "form": form, "page": page, "query_string": urlencode(query),
        "dead_letter": dead_letter})


@staff_required
@require_GET
def message_list(request):
    return _list(request, dead_letter=False)


@staff_required
@require_GET
def dead_letters(request):
    return _list(request, dead_letter=True)


EXPORT_COLUMNS = ["Codice comunicazione", "Codice precedente", "Tipo", "Chiusura", "Record",
                  "Stato", "Tentativi", "Creato il", "Inviato il", "Esito"]


@staff_required
@require_GET
def message_export(request):
    form = MessageFilterForm(request.GET or None)
    filters = form.filters()
    messages = selectors.messages_for(actor=request.user, filters=filters)
    services.record_export(acting_user=request.user, count=messages.count(),
                           filters={"stato": filters.state, "tipo": filters.kind,
                                    "codice": filters.code})
    kinds = dict(registry.kinds())
    rows = ([m.code, m.previous_code, kinds.get(m.kind, m.kind), "sì" if m.closing else "no",
             m.subject_label, m.state_label, m.attempts, m.created_at, m.sent_at or "",
             m.reply_description or m.last_error] for m in messages.iterator())
    return exports.spreadsheet_response(columns=EXPORT_COLUMNS, rows=rows, file_format="csv",
                                        filename="conferimenti", sheet_title="Conferimenti")


def _message_or_404(request, message_id: int):
    return found_or_404(selectors.get_message_for, actor=request.user, message_id=message_id)


@staff_required
@require_GET
def message_detail(request, message_id: int):
    message = _message_or_404(request, message_id)
    services.record_read(message=message, acting_user=request.user)
    route = registry.route(message.destination, message.kind)
    superseded = selectors.is_superseded(message)
    attempts = [{"attempt": a, "request": pretty(a.request_xml),
                 "response": pretty(a.response_xml)}
                for a in selectors.attempts_of(message)]
    return render(request, "outbox/message_detail.html", {
        "message": message, "xml": pretty(message.xml), "attempts": attempts,
        "events": selectors.events_of(message), "source_url": route.source_url(
            message.subject_id), "kind_label": dict(registry.kinds()).get(message.kind),
        "can_regenerate": message.state in (State.INVALID, State.DEAD) and not superseded,
        "can_resend": message.state == State.DEAD and not superseded,
        "superseded": superseded})


def _act(request, message_id: int, action, done: str):
    message = _message_or_404(request, message_id)
    try:
        message = action(message=message, acting_user=request.user)
    except ServiceError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, done if message.state == State.PENDING else
                      "Il record è ancora non valido: vedere i problemi qui sotto.")
    return redirect("outbox:message", message_id=message.pk)


@staff_required
@require_POST
def message_resend(request, message_id: int):
    return _act(request, message_id, services.resend, "Conferimento rimesso in coda di invio.")


@staff_required
@require_POST
def message_regenerate(request, message_id: int):
    return _act(request, message_id, services.regenerate,
                "Conferimento rigenerato dal record corretto e rimesso in coda di invio.")


