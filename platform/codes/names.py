"""Names of places as Italians write them, from the ministry's upper-case tables.

The tables write "FORLI'", "STATI UNITI D'AMERICA", "REGGIO NELL'EMILIA";
``str.title()`` makes them "Forli'", "Stati Uniti D'America", "Reggio
Nell'Emilia" (and Django's ``|title`` "Sant'agata"). The names read
"Forlì", "Stati Uniti d'America", "Reggio nell'Emilia", "Sant'Agata de' Goti",
and a state with two names "Russia / Federazione Russa".
"""

from __future__ import annotations

import re
import unicodedata

# Articles, prepositions and conjunctions written in lower case inside a name.
_PARTICLES = frozenset("""
    a ad al allo alla ai agli alle all con col da dal dallo dalla dai dagli dalle dall d de
    dei degli del della delle dello dell di e ed i il in la le lo l nel nello nella nei negli
    nelle nell li per sul sullo sulla sui sugli sulle sull sotto sopra su tra fra
""".split()) - {"sotto", "sopra"}  # "Castelnuovo di Sotto": nouns there
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
# A final vowel and an apostrophe is how the tables write an accent ("ALI'");
# in a word of one or two letters it is a truncation ("CA'", "DE'").
_ACCENTED = {"A": "à", "E": "è", "I": "ì", "O": "ò", "U": "ù"}
_EXCEPTIONS = {"ANDRE'": "André"}  # Antey-Saint-André, French
_PIECE = re.compile(r"([A-Za-zÀ-ÿ]+'?|[^A-Za-zÀ-ÿ]+)")


def _word(piece: str, *, first: bool) -> str:
    upper = piece.upper()
    if upper in _EXCEPTIONS:
        return _EXCEPTIONS[upper]
    letters = upper.rstrip("'")
    elided = upper.endswith("'")
    if elided and len(letters) >= 3 and letters[-1] in _ACCENTED:
        return letters[:-1].capitalize() + _ACCENTED[letters[-1]]
    if not first and letters.lower() in _PARTICLES:
        return letters.lower() + ("'" if elided else "")
    if len(letters) >= 2 and _ROMAN.match(letters) and letters.lower() not in _PARTICLES:
        return letters + ("'" if elided else "")
    return letters.capitalize() + ("'" if elided else "")


def place_name(name: str) -> str:
    """``"STATI UNITI D'AMERICA"`` → ``"Stati Uniti d'America"``, ``"FORLI'"`` → ``"Forlì"``."""
    # "RUSSIA=FEDERAZIONE RUSSA": two names of one state.
    pieces = _PIECE.findall((name or "").strip().replace("=", " / "))
    out = []
    first = True
    for piece in pieces:
        if piece[0].isalpha():
            out.append(_word(piece, first=first))
            # After a hyphen or a slash a new name starts ("Bosnia-Erzegovina",
            # "San Candido/Innichen"); after a space or a parenthesis it goes on.
            first = False
        else:
            out.append(piece)
            if piece.strip() in {"-", "/"}:
                first = True
    return "".join(out)


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})


def table_spelling(text: str) -> str:
    """What an operator types as the ministry's tables write it, to look it up:
    ``"Forlì"`` → ``"Forli'"``, ``"Sant’Agata"`` → ``"Sant'Agata"``."""
    out = []
    for char in (text or "").translate(_APOSTROPHES):
        base = unicodedata.normalize("NFKD", char)[0]
        if base != char and base.upper() in _ACCENTED:
            out.append(base + "'")
        else:
            out.append(char)
    return "".join(out)


# A licence class or a CEFR level keeps its capitals: B, C1E, B2.
_KEEP_CAPITALS = re.compile(r"^[A-Z]$|^[A-Z]*\d[A-Z\d]*$")
_ACRONYMS = {"UE", "CE", "CCNL", "ICT", "IT", "HACCP", "PC", "TV", "ISEE", "INPS", "INAIL", "SRL",
             "SPA", "ATECO", "CP", "PMI"}
_CLASS_NOUNS = {"PATENTE", "PATENTI", "CATEGORIA", "CLASSE", "LIVELLO"}


def label_sentence(label: str) -> str:
    """A code table's label written in capitals as an Italian sentence:
    "CUOCHI IN ALBERGHI E RISTORANTI" → "Cuochi in alberghi e ristoranti",
    "PATENTE B" → "Patente B" (classes, levels and acronyms keep their capitals).
    A label already in mixed case is left as it is."""
    label = (label or "").strip()
    if not label.isupper():
        return label
    pieces = label.split(" ")
    words = []
    for i, piece in enumerate(pieces):
        bare = piece.strip(".,;:()'\"")
        # A lone letter is a class ("PATENTE A") at the end or after its noun, else
        # an Italian word ("LAVORO A TEMPO", "ALBERGHI E RISTORANTI").
        letter = len(bare) == 1 and (i == len(pieces) - 1 or (i and pieces[i - 1] in _CLASS_NOUNS))
        if (letter or (len(bare) > 1 and _KEEP_CAPITALS.match(bare)) or bare in _ACRONYMS):
            words.append(piece)
        else:
            words.append(piece.lower())
    text = " ".join(words)
    return text[:1].upper() + text[1:]
