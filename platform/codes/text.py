"""Normalised text for searching the code tables: lower case, no accents,
letters and digits only, words separated by one space.

The ministry's tables write an accent as an apostrophe ("PERCHE'"), people
type "perché" or "perche": all three become ``perche``. A searched word is
also cut to a rough Italian stem ("cuoco", "cuochi", "cuoca" → ``cuoc``) and
matched as the prefix of a word of the entry."""

from __future__ import annotations

import re
import unicodedata

MAX_QUERY = 200  # characters of a search kept; the API refuses longer ones
MAX_WORDS = 8

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_VOWELS = "aeiou"


def normalise(text: str) -> str:
    """``"Perché l'Aquila"`` → ``"perche l aquila"``."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", bare.lower().replace("ß", "ss")).strip()


def indexed(*parts: str) -> str:
    """The stored search column: every word once, between spaces, so that
    ``" " + prefix`` finds a word starting with ``prefix``."""
    words: list[str] = []
    for part in parts:
        for word in normalise(part).split():
            if word not in words:
                words.append(word)
    return " " + " ".join(words) + " "


# Names in ``CodeEntry.extra`` that a search finds too (a comune's Italian
# name and province, a CCNL's sector, a province's sigla).
SEARCHED_EXTRA = ("nome_italiano", "provincia", "settore", "sigla")


def entry_search_text(label: str, extra: dict | None) -> str:
    extra = extra or {}
    return indexed(label, *(str(extra[key]) for key in SEARCHED_EXTRA if extra.get(key)))


def stem(word: str) -> str:
    """A rough stem: final vowels dropped from words of five letters or more
    (keeping four), and the "h" of "-chi"/"-ghi" plurals ("cuochi" → "cuoc")."""
    if len(word) < 5 or word.isdigit():
        return word
    cut = word.rstrip(_VOWELS)
    if len(cut) < 4:
        cut = word[:4]
    if cut.endswith(("ch", "gh")) and len(cut) > 4:
        cut = cut[:-1]
    return cut


def query_words(text: str) -> list[str]:
    """The word prefixes a search for ``text`` must all match."""
    words = normalise((text or "")[:MAX_QUERY]).split()
    unique: list[str] = []
    for word in words:
        stemmed = stem(word)
        if stemmed not in unique:
            unique.append(stemmed)
    return unique[:MAX_WORDS]


_NOT_CODE = re.compile(r"[^0-9A-Z._-]+")


def code_query(text: str) -> str:
    """What a search for a code compares with codes: upper case, only the
    characters codes are written with ("5.2.2.1 " → "5.2.2.1", "a944" →
    "A944"); "" when nothing of a code is left."""
    return _NOT_CODE.sub("", (text or "")[:MAX_QUERY].upper())


def sort_key(code: str) -> str:
    """Codes in their natural order: numbers padded ("5.2.2.1.0.9" before
    "5.2.2.1.0.10")."""
    return re.sub(r"\d+", lambda match: match.group(0).zfill(4), code.upper())[:64]
