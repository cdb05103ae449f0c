"""The activity log as CSV or XLSX (ui.exports), with the page's filters."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.utils import timezone

from ui.exports import spreadsheet_response

COLUMNS = ["Data e ora", "Chi", "Azione", "Codice azione", "Oggetto", "Tipo di oggetto",
           "ID oggetto", "Indirizzo IP", "Client", "Dettagli"]


def rows(events):
    for event in events.iterator(chunk_size=2000):
        yield [
            timezone.localtime(event.occurred_at).replace(tzinfo=None, microsecond=0),
            event.actor_label, event.action_label, event.action, event.target_label,
            event.target_type, event.target_id, event.ip_address or "", event.user_agent,
            json.dumps(event.details, ensure_ascii=False, sort_keys=True) if event.details else "",
        ]


def response(events, file_format: str) -> HttpResponse:
    return spreadsheet_response(
        columns=COLUMNS, rows=rows(events), file_format=file_format,
        filename=f"registro-attivita-{timezone.localdate().isoformat()}",
        sheet_title="Registro attività")
