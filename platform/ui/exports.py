"""CSV and XLSX downloads of a list, the same way for every package:
semicolon CSV in UTF-8 with BOM (spreadsheets open accented names right),
streamed; cells a spreadsheet would run as formulas are quoted."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.http import HttpResponse, StreamingHttpResponse

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE = re.compile(r"\+[0-9 ./-]+")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value) -> str:
    """Text as a spreadsheet shows it, never as a formula (CSV injection).
    A phone number written "+39 ..." stays as typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    if text.startswith(_FORMULA_START) and not _PHONE.fullmatch(text):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def spreadsheet_response(*, columns: Sequence[str], rows: Iterable[Sequence], file_format: str,
                         filename: str, sheet_title: str) -> HttpResponse:
    """``rows`` as ``filename``.csv or .xlsx; in XLSX numbers and dates keep their type."""
    if file_format == "csv":
        writer = csv.writer(_Echo(), delimiter=";")

        def lines():
            yield "\ufeff"
            yield writer.writerow(columns)
            for row in rows:
                yield writer.writerow([safe_text(value) for value in row])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(sheet_title)
        sheet.append(list(columns))
        for row in rows:
            sheet.append([safe_text(v) if isinstance(v, str) else v for v in row])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
