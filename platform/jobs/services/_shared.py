"""Helpers the job desk's services share: not part of the package's API."""

from __future__ import annotations

import re
import unicodedata

from stdnum.it import iva

from codes import tables
from codes.validation import check_code
from core.errors import ValidationFailed
from people import codice_fiscale as cf

PHONE = re.compile(r"^\+?[0-9 ./-]{6,25}$")
CAP = re.compile(r"^[0-9]{5}$")
COMUNE = re.compile(r"^[A-Z][0-9]{3}$")
_INVISIBLE = re.compile(r"[\s\u00ad\u200b-\u200d\u2060\ufeff]+")


def one_line(value: str) -> str:
    return " ".join((value or "").split())


def user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None


def assign(instance, values: dict) -> list[str]:
    """Set ``values`` on ``instance`` (unsaved); the names that change, sorted."""
    changed = sorted(k for k, v in values.items() if getattr(instance, k) != v)
    for key, value in values.items():
        setattr(instance, key, value)
    return changed


def normalize_tax_code(value: str) -> str:
    """As typed or pasted: ``" it 0123 4567 890 "`` → ``"01234567890"``."""
    code = _INVISIBLE.sub("", unicodedata.normalize("NFKC", value or "")).upper()
    if code.startswith("IT") and len(code) == 13 and code[2:].isdigit():
        code = code[2:]
    return code


def partita_iva_error(code: str) -> str | None:
    """What is wrong with an 11-digit partita IVA (or company codice fiscale)."""
    if len(code) != 11 or not code.isdigit():
        return "La partita IVA deve avere 11 cifre."
    if not iva.is_valid(code):
        return ("La partita IVA non è valida: la cifra di controllo non corrisponde. "
                "Verificare di averla digitata bene.")
    return None


def codice_fiscale_error(code: str) -> str | None:
    """What is wrong with an employer's codice fiscale: 11 digits for a
    company (the partita IVA's check digit), 16 characters for a sole trader."""
    if len(code) == 11 and code.isdigit():
        if not iva.is_valid(code):
            return ("Il codice fiscale numerico non è valido: la cifra di controllo non "
                    "corrisponde.")
        return None
    if len(code) != 16:
        return ("Il codice fiscale deve avere 11 cifre (società) o 16 caratteri "
                "(ditta individuale).")
    try:
        cf.decode(code)
    except cf.CodiceFiscaleError as exc:
        return exc.message
    return None


def code_error(table: str, code: str, *, label: str = "", level: int | None = None,
               keep: str | None = None) -> str | None:
    """Why ``code`` may not be stored for ``table`` (unknown, wrong level,
    expired for a new value; ``keep``: the value the record already holds),
    or None. ``label`` is kept for the callers' readability."""
    try:
        check_code(table, code, level=level, keep=keep)
    except ValidationFailed as exc:
        return exc.message
    return None


def comune_error(code: str, *, keep: str | None = None) -> str | None:
    """A comune by its codice Belfiore (codice catastale), e.g. A944."""
    if not COMUNE.match(code or ""):
        return "Indicare il comune con il suo codice catastale (per esempio A944)."
    return code_error(tables.COMUNI, code, keep=keep)
