"""The consultations list as CSV (semicolons, UTF-8 with BOM, as the people
export) or XLSX."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone

from ui.exports import spreadsheet_response

COLUMNS = ["Data e ora", "Cognome", "Nome", "Codice fiscale", "Operatore", "Modalità",
           "Durata (minuti)", "Argomenti", "Servizi erogati", "Prossimi passi"]


def rows(consultations):
    for c in consultations.iterator(chunk_size=500) if hasattr(consultations, "iterator") \
            else consultations:
        yield [
            timezone.localtime(c.occurred_at).strftime("%d/%m/%Y %H:%M"),
            c.person.last_name, c.person.first_name, c.person.codice_fiscale or "",
            str(c.operator or ""), c.get_mode_display(), c.duration_minutes,
            ", ".join(c.topics), ", ".join(s.name for s in c.services.all()), c.next_steps,
        ]


def response(consultations, file_format: str) -> HttpResponse:
    return spreadsheet_response(
        columns=COLUMNS, rows=rows(consultations), file_format=file_format,
        filename=f"consulenze-{timezone.localdate().isoformat()}", sheet_title="Consulenze")
