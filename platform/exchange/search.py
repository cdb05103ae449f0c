"""The normalised search text of an entry and the query a search box becomes.

Words are folded to lower-case ASCII; a CP2011 profession code is stored as
one token per level (``5.2.2.1.0.1`` → ``p5 p52 p522 p5221 p52210 p522101``),
so "5.2.2.1" finds every cook and the words "cuoco" find them by label."""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"[a-z0-9]+")
_CODE = re.compile(r"^\d(?:\.\d+)*\.?$")
MAX_TERMS = 6


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def code_tokens(code: str) -> list[str]:
    parts = [part for part in (code or "").split(".") if part]
    return ["p" + "".join(parts[:depth]) for depth in range(1, len(parts) + 1)]


def entry_search_text(*, texts: list[str], profession_codes: list[str]) -> str:
    tokens = [token for text in texts for token in words(text)]
    tokens += [token for code in profession_codes for token in code_tokens(code)]
    return " ".join(dict.fromkeys(tokens))


def query_terms(text: str) -> str | None:
    """``"cuoco bolo"`` → ``"cuoco:* & bolo:*"``, ``"5.2.2.1"`` → ``"p5221"``;
    None when nothing searchable remains."""
    terms = []
    for word in (text or "").split():
        if _CODE.match(word):
            terms.append(code_tokens(word.rstrip("."))[-1])
            continue
        for token in words(word):
            if len(token) >= 2 or token.isdigit():
                terms.append(f"{token}:*")
    if not terms:
        return None
    return " & ".join(dict.fromkeys(terms[:MAX_TERMS]))
