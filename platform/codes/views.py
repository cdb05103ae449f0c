"""The code picker's endpoint, on every counter's site and on the national
one: ``/codici/<tabella>/?q=`` answers an htmx request with the options of a
picker (a ``<datalist>``) and a plain request with a page where anyone looks a
code up. Code tables are public reference data: no login needed."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from codes import selectors, tables
from codes.text import MAX_QUERY

PICKER_OPTIONS = 20
PAGE_RESULTS = 50


def _level(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) == 1 and text != "0" else None


@require_GET
def options(request, table: str):
    if not tables.is_table(table):
        raise Http404("Tabella di codifica sconosciuta.")
    # The picker sends its input under the field's own name ("campo").
    field = request.GET.get("campo", "")
    text = (request.GET.get("q") or (request.GET.get(field, "") if field else ""))[:MAX_QUERY]
    level = _level(request.GET.get("livello", ""))
    picking = bool(getattr(request, "htmx", False))
    # A picker offers codes valid today (what a new record may take); the
    # lookup page shows ended ones too, marked.
    entries = selectors.search_codes(
        table=table, text=text, level=level, on=timezone.localdate() if picking else None,
        limit=PICKER_OPTIONS if picking else PAGE_RESULTS) if (text.strip() or picking) else []
    context = {"table": table, "table_name": tables.table_name(table), "entries": entries,
               "q": text, "level": level, "today": timezone.localdate(),
               "list_id": request.GET.get("lista", "")[:80] or f"codici-{table}"}
    if picking:
        return render(request, "codes/_options.html", context)
    return render(request, "codes/lookup.html", context)
