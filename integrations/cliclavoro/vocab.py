"""Our code tables as Cliclavoro reads them: an in-memory copy of the tables
the payloads use (public schema, ``codes``), loaded once per table and
refreshed every ``REFRESH_SECONDS``, so building a payload makes no query per
code; and the mapping of our codes to the ministry's.

The checks here are the ones the XSD cannot make: a code that exists in its
table and is in force on the day, at the level asked (CP2011 sixth level), in
ASCII (the XSD's ``\\d`` accepts any Unicode digit)."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from datetime import date

from codes import tables

__all__ = [
    "AMBITO_NAZIONALE", "AMBITO_REGIONALE", "AMBITO_EUROPEO", "ATECO_TABLES",
    "CLOSE_REASONS", "REFRESH_SECONDS", "Entry", "ascii_digits", "belfiore_error",
    "citizenship_error", "code_error", "education_code", "entry", "forget", "size_code",
]

REFRESH_SECONDS = 300.0

# ambitodiffusione: 01 regionale, 02 nazionale, 03 europeo (STACK.md,
# code table ambito_diffusione), not a region code.
AMBITO_REGIONALE, AMBITO_NAZIONALE, AMBITO_EUROPEO = "01", "02", "03"

# motivochiusura (Stringa2) of a closed vacancy, by jobs CloseReason value.
# Only 03 (offerta ritirata) is known (DOMAIN.md); for the others the element
# is left out (it is optional) until the ministry's table is confirmed.
CLOSE_REASONS: dict[str, str] = {"ritirata": "03"}

# A vacancy's employer ATECO code may be of any edition the desk accepts
# (jobs.services.employers): 2025 first.
ATECO_TABLES = (tables.ATECO_2025, tables.ATECO_2022, tables.ATECO_2007)

_ASCII_CODE = re.compile(r"[A-Z0-9.,]+", re.ASCII)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BELFIORE = re.compile(r"[A-Z][0-9]{3}", re.ASCII)
_CITIZENSHIP = re.compile(r"[0-9]{3}", re.ASCII)


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    label: str
    level: int | None
    valid_from: date
    valid_to: date | None  # None: no end (for Belfiore and citizenship: the table's end)
    extra: dict

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


_lock = threading.Lock()
_cache: dict[str, tuple[float, dict]] = {}
BELFIORE = "_belfiore"
CITIZENSHIP = "_cittadinanze"


def _load(table: str) -> dict:
    from codes.models import BelfioreCode, Citizenship, CodeEntry

    if table == BELFIORE:
        found: dict[str, list[Entry]] = {}
        for code, name, start, end in BelfioreCode.objects.values_list(
                "code", "name", "valid_from", "valid_to").iterator(chunk_size=5000):
            found.setdefault(code, []).append(Entry(code, name, None, start, end, {}))
        return found
    if table == CITIZENSHIP:
        return {code: Entry(code, name, None, start, end, {}) for code, name, start, end in
                Citizenship.objects.values_list("code", "name", "valid_from", "valid_to")}
    # Labels as the payloads carry them: one line, no control characters.
    return {code: Entry(code, " ".join(_NOT_XML.sub("", label).split()), level, start, end,
                        extra)
            for code, label, level, start, end, extra in CodeEntry.objects.filter(
                table=table).values_list("code", "label", "level", "valid_from", "valid_to",
                                         "extra").iterator(chunk_size=5000)}


def _table(table: str) -> dict:
    now = time.monotonic()
    held = _cache.get(table)
    if held is None or now - held[0] > REFRESH_SECONDS:
        with _lock:
            held = _cache.get(table)
            if held is None or now - held[0] > REFRESH_SECONDS:
                held = _cache[table] = (now, _load(table))
    return held[1]


def forget() -> None:
    """Drop the copies (an administrator changed a table; tests)."""
    with _lock:
        _cache.clear()


def entry(table: str, code: str) -> Entry | None:
    return _table(table).get(code) if code else None


def ascii_digits(text: str) -> bool:
    return text.isascii()


def code_error(table: str, code: str, *, on: date, level: int | None = None) -> str | None:
    """None when ``code`` is in ``table``, in force on ``on`` (and at
    ``level``); else the Italian reason."""
    found = _table(table).get(code) if code else None
    if found is not None and level is None and found.in_force(on) and code.isascii():
        return None  # the common case, first
    name = tables.table_name(table)
    shown = (code or "")[:20]
    if not code:
        return f"Manca il codice della tabella {name}."
    if not code.isascii() or not _ASCII_CODE.fullmatch(code):
        return (f"Il codice «{shown}» contiene caratteri non ammessi (solo lettere e cifre "
                f"ASCII).")
    if found is None:
        return f"Il codice «{shown}» non è nella tabella {name}."
    if level is not None and found.level != level:
        return (f"Il codice {code} è del livello {found.level or '—'} della tabella {name}: "
                f"Cliclavoro vuole un codice del {level}° livello.")
    if not found.in_force(on):
        if found.valid_to is not None and found.valid_to < on:
            return (f"Il codice {code} ({found.label}) della tabella {name} non è più in "
                    f"vigore: è scaduto il {found.valid_to:%d/%m/%Y}.")
        return (f"Il codice {code} ({found.label}) della tabella {name} entra in vigore il "
                f"{found.valid_from:%d/%m/%Y}.")
    return None


def belfiore_error(code: str, *, on: date | None, what: str = "Il luogo") -> str | None:
    """None when ``code`` is a Belfiore code (comune or foreign state Zxxx)
    valid on ``on`` (a foreign state counts for any day before its end, as
    codes.models.BelfioreCode.valid_on)."""
    if not code:
        return f"{what}: manca il codice Belfiore."
    if not code.isascii() or not _BELFIORE.fullmatch(code):
        return f"{what}: «{code[:10]}» non è un codice Belfiore (una lettera e tre cifre)."
    rows = _table(BELFIORE).get(code)
    if not rows:
        return f"{what}: il codice Belfiore {code} non è nella tabella dei comuni e degli stati."
    if on is None:
        return None
    for row in rows:
        starts = date.min if code.startswith("Z") or row.valid_from <= date(2003, 1, 1) \
            else row.valid_from
        if starts <= on < (row.valid_to or date.max):
            return None
    return f"{what}: il codice Belfiore {code} non era in vigore il {on:%d/%m/%Y}."


def citizenship_error(code: str) -> str | None:
    if not code or not code.isascii() or not _CITIZENSHIP.fullmatch(code):
        return f"La cittadinanza «{(code or '')[:10]}» non è un codice di tre cifre."
    if entry(CITIZENSHIP, code) is None:
        return f"Il codice di cittadinanza {code} non è nella tabella delle cittadinanze."
    return None


def education_code(code: str) -> str:
    """The two-digit Cliclavoro code of one of our titoli di studio ("" when
    the title has none, as NESSUN TITOLO)."""
    found = entry(tables.EDUCATION, code)
    return (found.extra or {}).get("cliclavoro", "") if found is not None else ""


def size_code(code: str) -> str:
    """Our company size ("1".."5", the table's codes) as the XSD's two digits."""
    return code.zfill(2) if code and code.isascii() and code.isdigit() and len(code) <= 2 \
        else code
