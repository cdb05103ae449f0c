"""Free text that would identify a person: codici fiscali (omocodic ones and
lower case included, spaced or dotted), e-mail addresses and Italian phone
numbers (mobile and landline, with or without +39, spaced or dotted). The
rete delle reti is read by anyone: such text is refused, never published.

``identifying_data(text)`` names what it found (empty when the text is clean);
``screening_message(found)`` is the Italian message shown at the field."""

from __future__ import annotations

import re
import unicodedata

# Between two characters of a code a writer may put a space, a dot, a hyphen
# or a slash ("RSS MRA 85T10 A562S", "r.s.s.m.r.a...").
_SEP = r"[\s./\-_]?"
_DIGIT = "[0-9LMNPQRSTUV]"  # a digit or its omocodia letter
_MONTH = "[ABCDEHLMPRST]"
_CF_PARTS = ["[A-Z]"] * 6 + [_DIGIT] * 2 + [_MONTH] + [_DIGIT] * 2 + ["[A-Z]"] + [_DIGIT] * 3 + [
    "[A-Z]"]
_CODICE_FISCALE = re.compile(r"(?<![A-Z0-9])" + _SEP.join(_CF_PARTS) + r"(?![A-Z0-9])",
                             re.IGNORECASE)
_EMAIL = re.compile(
    r"[A-Z0-9._%+\-]+\s*(?:@|\(at\)|\[at\]|\{at\}|\s(?:at|chiocciola)\s)\s*"
    r"[A-Z0-9\-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\s(?:dot|punto)\s)\s*[A-Z0-9\-]+)+",
    re.IGNORECASE)
# A run of digits with separators, optionally behind +39 / 0039.
_DIGIT_RUN = re.compile(r"(?<![\d+])(?:\+\s?|00)?\d(?:[\s./\-()]{0,2}\d){5,14}(?!\d)")
_DATE = re.compile(r"\d{1,2}\s?[./\-]\s?\d{1,2}\s?[./\-]\s?\d{2,4}")
_YEARS = re.compile(r"(19|20)\d\d\s?[\-/]\s?(19|20)\d\d")

CODICE_FISCALE = "codice_fiscale"
EMAIL = "email"
PHONE = "telefono"

_LABELS = {CODICE_FISCALE: "un codice fiscale", EMAIL: "un indirizzo e-mail",
           PHONE: "un numero di telefono"}


def _plain(text: str) -> str:
    """Full-width and other compatibility forms folded (``３３３`` → ``333``)."""
    return unicodedata.normalize("NFKC", text or "")


def _is_phone(run: str) -> bool:
    if _DATE.fullmatch(run.strip()) or _YEARS.fullmatch(run.strip()):
        return False
    digits = re.sub(r"\D", "", run)
    international = run.lstrip().startswith(("+", "00"))
    if international:
        digits = digits[2:] if run.lstrip().startswith("+") else digits[2:]
        if not digits.startswith("39"):
            return len(digits) >= 8  # a foreign number is a phone number too
        digits = digits[2:]
    if digits.startswith("3"):  # mobile: 3xx and 6-7 more digits
        return 9 <= len(digits) <= 11
    if digits.startswith("0"):  # landline: 0 + area code + number
        return 6 <= len(digits) <= 11
    return False


def identifying_data(text: str) -> list[str]:
    """What in ``text`` would identify a person, among ``codice_fiscale``,
    ``email`` and ``telefono``, in that order; empty when none."""
    text = _plain(text)
    found = []
    if _CODICE_FISCALE.search(text):
        found.append(CODICE_FISCALE)
    if _EMAIL.search(text):
        found.append(EMAIL)
    if any(_is_phone(match.group(0)) for match in _DIGIT_RUN.finditer(text)):
        found.append(PHONE)
    return found


def screening_message(found: list[str]) -> str:
    what = [_LABELS[kind] for kind in found]
    listed = what[0] if len(what) == 1 else ", ".join(what[:-1]) + " e " + what[-1]
    return (f"Il testo contiene {listed}: nella rete delle reti non si pubblicano dati che "
            f"permettono di identificare o contattare direttamente la persona. Lo tolga: "
            f"chi è interessato chiede il contatto allo sportello.")
