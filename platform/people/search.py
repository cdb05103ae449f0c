"""Normalised search text and prefix queries for people search."""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"[a-z0-9]+")
# Letters Unicode does not decompose into a Latin letter and a mark.
_TRANSLITERATION = str.maketrans({
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
    "ı": "i", "ħ": "h", "Ħ": "h",
})
# What separates the words a search is made of; anything else that is not a
# letter or a digit (apostrophes straight or typographic, hyphens, dots) joins
# the parts of one word: "D'Angelo", "D’Angelo" and "dangelo" are one word.
_WORDS = re.compile(r"[\s,;]+")


def _fold(text: str) -> str:
    """Lower case, accents and ligatures folded to ASCII, other characters kept."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_TRANSLITERATION))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def normalize(text: str) -> str:
    """``"Nicolò D’Angelo"`` → ``"nicolo d angelo"``: every character that is not
    a letter or a digit separates tokens (a typographic apostrophe as a straight one)."""
    return " ".join(_TOKEN.findall(_fold(text)))


def _joined_forms(text: str) -> list[str]:
    """What an operator may type as one word for a name of several parts: each
    word without its apostrophes or hyphens ("Dell'Acqua" → "dellacqua") and
    the whole name without its spaces ("De Luca" → "deluca")."""
    parts_of_words = [normalize(word).split() for word in _WORDS.split(text or "")]
    forms = ["".join(parts) for parts in parts_of_words if len(parts) > 1]
    tokens = normalize(text).split()
    if len(tokens) > 1:
        forms.append("".join(tokens))
    return forms


def person_search_text(*, first_name: str, last_name: str, codice_fiscale: str | None,
                       phone_digits: str, email: str) -> str:
    """The tokens a person is found by: names as typed and as joined (see
    ``_joined_forms``), codice fiscale, phone digits, the e-mail's local part."""
    # Only the e-mail's local part: its domain ("gmail", "com") would make
    # every short prefix match most of the registry. Whole addresses are
    # found through the lower(email) index instead.
    local_part = email.split("@")[0] if email else ""
    parts = [first_name, last_name, codice_fiscale or "", phone_digits, local_part,
             *_joined_forms(first_name), *_joined_forms(last_name), *_joined_forms(local_part)]
    tokens = normalize(" ".join(parts)).split()
    return " ".join(dict.fromkeys(tokens))  # once each, in order


def _query_term(word: str) -> str | None:
    """One typed word as a prefix term: its parts joined ("d'ang" → "dang:*"),
    since the search text holds the joined forms of names."""
    tokens = normalize(word).split()
    if len(tokens) > 1:
        return "".join(tokens)
    if tokens and (len(tokens[0]) >= 2 or tokens[0].isdigit()):
        return tokens[0]
    return None


def prefix_query(text: str) -> str | None:
    """``"Rossi ma"`` → ``"rossi:* & ma:*"``, ``"D’Angelo"`` → ``"dangelo:*"``;
    None when nothing searchable remains."""
    terms = [term for term in map(_query_term, _WORDS.split(text or "")) if term]
    if not terms:
        return None
    return " & ".join(f"{term}:*" for term in terms[:6])


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
