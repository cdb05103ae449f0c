"""The one spelling of a login identifier (the e-mail address).

Login, the lockout counters, password reset and user creation all pass what
was typed through :func:`normalize_login`, so "Mario.Rossi@Comune.it ",
"mario.rossi@comune.it" and its fullwidth look-alike "ｍario.rossi@comune.it"
are one account with one failure counter.

The steps: Unicode NFKC (compatibility forms such as fullwidth letters and
the non-breaking space become their plain equivalents), surrounding blanks
removed, lower case. Lower rather than casefold, because stored addresses
have always been lowered and PostgreSQL compares ``iexact`` by upper/lower
case: casefold would turn "ß" into "ss" and miss a stored "ß". Blanks inside
the address are kept: an address with a blank inside is not valid, and the
login form refuses it before any password is checked.
"""

from __future__ import annotations

import unicodedata


def normalize_login(value: object) -> str:
    """``value`` as the account identifier it names ("" for nothing)."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip().lower()
