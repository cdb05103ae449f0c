"""Normalised search text and prefix queries for people search."""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"[a-z0-9]+")


def normalize(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return " ".join(_TOKEN.findall(plain.lower()))


def person_search_text(*, first_name: str, last_name: str, codice_fiscale: str | None,
                       phone_digits: str, email: str) -> str:
    # Only the e-mail's local part: its domain ("gmail", "com") would make
    # every short prefix match most of the registry. Whole addresses are
    # found through the lower(email) index instead.
    parts = [first_name, last_name, codice_fiscale or "", phone_digits,
             email.split("@")[0] if email else ""]
    return normalize(" ".join(parts))


def prefix_query(text: str) -> str | None:
    """``"Rossi ma"`` → ``"rossi:* & ma:*"``; None when nothing searchable remains."""
    tokens = normalize(text).split()
    tokens = [t for t in tokens if len(t) >= 2 or t.isdigit()]
    if not tokens:
        return None
    return " & ".join(f"{token}:*" for token in tokens[:6])


def digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def phone_digits(text: str) -> str:
    """Digits of an Italian phone number without the +39 / 0039 prefix, so
    "+39 333 1234567" and "333 1234567" are found by the same search."""
    number = digits(text)
    if (text or "").strip().startswith("+39") and number.startswith("39"):
        return number[2:]
    if number.startswith("0039"):
        return number[4:]
    return number
