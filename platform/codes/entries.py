"""Loads the job desk's code tables (``CodeEntry``) from the CSVs in data/,
as the data migration does: one bulk insert per table, existing rows kept
(``ignore_conflicts``), so it can run again after a table grows."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date

from codes import tables
from codes.loader import DATA
from codes.models import LABEL_MAX
from codes.text import entry_search_text, sort_key

# Comuni come from ISTAT's current list, which has no dates: valid "since ever".
COMUNI_SINCE = date(1861, 3, 17)

ATECO_LEVELS = {"sezione": 1, "divisione": 2, "gruppo": 3, "classe": 4, "categoria": 5,
                "sottocategoria": 6}


def _csv(filename: str) -> Iterator[dict[str, str]]:
    with (DATA / filename).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {key: (value or "").strip() for key, value in row.items()}


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _row(table: str, row: dict[str, str], *, label: str | None = None, level: int | None = None,
         parent: str = "", extra: dict | None = None, code: str | None = None,
         since: date | None = None) -> dict:
    code = code if code is not None else row["codice"]
    label = (label if label is not None else row["descrizione"])[:LABEL_MAX]
    return {
        "table": table, "code": code, "label": label, "level": level, "parent_code": parent,
        "valid_from": since or _date(row["data_inizio"]),
        "valid_to": _date(row.get("data_fine", "")),
        "extra": extra or {}, "search_text": entry_search_text(label, extra),
        "sort_key": sort_key(code),
    }


def _professions(rows):
    for row in rows:
        yield _row(tables.PROFESSIONS, row, level=int(row["livello"]), parent=row["codice_padre"],
                   extra={"livello_nome": row["livello_nome"]})


def _ateco(table):
    def build(rows):
        for row in rows:
            yield _row(table, row, level=ATECO_LEVELS[row["livello"]], parent=row["codice_padre"],
                       extra={"livello_nome": row["livello"]})
    return build


def _education(rows):
    rows = list(rows)
    codes = {row["codice"] for row in rows}
    for row in rows:
        level = int(row["tipo_livello"])
        parent = ""
        if level > 2:
            parent = row[f"codice_liv{level - 1}"]
        elif level == 2:
            parent = row["codice"][:2] + "000000"
        yield _row(tables.EDUCATION, row, level=level, parent=parent if parent in codes else "",
                   extra={"livello": row["cod_livello_studio"],
                          "cliclavoro": row["codice_cliclavoro"]})


def _ccnl(rows):
    for row in rows:
        # DES_CCNL is cut with " ..." in the source; the full text when it fits.
        full = row["testo"]
        label = full if full and len(full) <= LABEL_MAX else row["descrizione"]
        yield _row(tables.CCNL, row, label=label,
                   extra={"settore": row["settore"], "testo": row["testo"]})


def _language_levels(rows):
    for row in rows:
        yield _row(tables.LANGUAGE_LEVELS, row, extra={"descrittore_qcer": row["descrittore_qcer"]})


def _comuni(rows):
    for row in rows:
        yield _row(tables.COMUNI, row, code=row["codice_belfiore"], label=row["denominazione"],
                   since=COMUNI_SINCE,
                   extra={"provincia": row["sigla_provincia"], "regione": row["codice_regione"],
                          "istat": row["codice_istat"], "uts": row["codice_uts"],
                          "nome_italiano": row["denominazione_it"],
                          "capoluogo": row["flag_capoluogo"] == "1"})


def _provinces(rows):
    for row in rows:
        yield _row(tables.PROVINCES, row, parent=row["codice_regione"],
                   extra={"sigla": row["sigla"], "regione": row["codice_regione"]})


def _regions(rows):
    for row in rows:
        yield _row(tables.REGIONS, row,
                   extra={"ripartizione": row["cod_ripartizione_territoriale"]})


def _plain(table):
    def build(rows):
        for row in rows:
            yield _row(table, row)
    return build


BUILDERS = {
    tables.PROFESSIONS: _professions,
    tables.ATECO_2007: _ateco(tables.ATECO_2007),
    tables.ATECO_2022: _ateco(tables.ATECO_2022),
    tables.ATECO_2025: _ateco(tables.ATECO_2025),
    tables.EDUCATION: _education,
    tables.CCNL: _ccnl,
    tables.LANGUAGE_LEVELS: _language_levels,
    tables.COMUNI: _comuni,
    tables.PROVINCES: _provinces,
    tables.REGIONS: _regions,
}


def table_rows(table: str) -> list[dict]:
    """The rows of ``table`` as field values, read from its CSV."""
    build = BUILDERS.get(table) or _plain(table)
    return list(build(_csv(tables.TABLES[table][1])))


def load_entries(apps, schema_editor=None) -> None:
    entry = apps.get_model("codes", "CodeEntry")
    for table in tables.ALL:
        entry.objects.bulk_create([entry(**values) for values in table_rows(table)],
                                  ignore_conflicts=True, batch_size=2000)
