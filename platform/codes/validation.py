"""The one check of a code a record stores: known in its table, at the level
asked, and valid on the day (today) for a new value. A record being edited
keeps the code it already holds (``keep``) even when that code has ended."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from codes import selectors, tables
from codes.models import CodeEntry
from core.errors import ValidationFailed

UNKNOWN = "codice_non_valido"
EXPIRED = "codice_scaduto"


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def check_code(table: str, code: str, *, level: int | None = None, keep: str | None = None,
               on: date | None = None, field: str | None = None) -> CodeEntry:
    """The entry of ``table`` for ``code``, or ``ValidationFailed`` with code
    ``codice_non_valido`` (unknown, wrong level, not yet valid) or
    ``codice_scaduto`` (ended before ``on``, default today), the Italian
    message at ``field``. ``keep``: the value the record already holds,
    accepted as it is even if it has ended since."""
    name = tables.table_name(table)
    entry = selectors.code_entry(table=table, code=code)
    shown = (code or "").strip()[:40] if isinstance(code, str) else ""
    if entry is None:
        raise ValidationFailed(f"Il codice «{shown}» non è nella tabella {name}.",
                               code=UNKNOWN, field=field)
    if keep is not None and selectors.clean_code(keep) == entry.code:
        return entry
    if level is not None and entry.level != level:
        raise ValidationFailed(
            f"Il codice {entry.code} è del livello {entry.level or '—'}: indicare un codice del "
            f"{level}° livello della tabella {name}.", code=UNKNOWN, field=field)
    day = on or timezone.localdate()
    if entry.valid_to is not None and entry.valid_to < day:
        raise ValidationFailed(
            f"Il codice {entry.code} ({entry.label}) della tabella {name} non è più valido: "
            f"è scaduto il {_day(entry.valid_to)}.", code=EXPIRED, field=field)
    if entry.valid_from > day:
        raise ValidationFailed(
            f"Il codice {entry.code} ({entry.label}) della tabella {name} sarà valido dal "
            f"{_day(entry.valid_from)}.", code=UNKNOWN, field=field)
    return entry
