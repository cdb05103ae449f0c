"""The consultations list as CSV (semicolons, UTF-8 with BOM, as the people
export) or XLSX."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

COLUMNS = ["Data e ora", "Cognome", "Nome", "Codice fiscale", "Operatore", "Modalità",
           "Durata (minuti)", "Argomenti", "Servizi erogati", "Prossimi passi"]


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    """Text that a spreadsheet would run as a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


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
    stamp = timezone.localdate().isoformat()
    if file_format == "csv":
        writer = csv.writer(_Echo(), delimiter=";")

        def lines():
            yield "\ufeff"
            yield writer.writerow(COLUMNS)
            for row in rows(consultations):
                yield writer.writerow([_cell(value) for value in row])

        result = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Consulenze")
        sheet.append(COLUMNS)
        for row in rows(consultations):
            sheet.append([_cell(value) for value in row])
        buffer = io.BytesIO()
        book.save(buffer)
        result = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    result["Content-Disposition"] = f'attachment; filename="consulenze-{stamp}.{file_format}"'
    return result
