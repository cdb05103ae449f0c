"""How citizen pages name the administration and write dates, in Italian.

"Sportello del Comune di Bologna", "della Camera di commercio di Roma",
"dell'Università di Palermo": the preposition "di" joined with the article
the name takes. Dates mid-sentence are lower case ("martedì 8 dicembre").
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format

# The first word of an administration's name and its gender. A name not
# starting with one of these (a bare place name, "Bologna") takes no article.
_MASCULINE = {
    "comune", "centro", "consorzio", "istituto", "ente", "ateneo", "politecnico",
    "municipio", "distretto", "servizio", "sportello", "ufficio", "ambito", "polo",
    "dipartimento", "circondario", "gruppo", "patronato",
}
_FEMININE = {
    "unione", "camera", "università", "universita", "provincia", "regione", "città", "citta",
    "agenzia", "azienda", "fondazione", "associazione", "scuola", "comunità", "comunita",
    "rete", "cooperativa", "società", "societa", "federazione", "zona",
}
# An article already at the start of the name, and "di" joined with it.
_ARTICLES = {"il": "del", "lo": "dello", "la": "della", "i": "dei", "gli": "degli",
             "le": "delle"}
_ELIDED = ("l'", "l’")
_VOWELS = "aeiouàèéìòùAEIOUÀÈÉÌÒÙhH"
# Masculine nouns taking "lo" (s + consonant, z, gn, ps, x, y): "dello".
_LO_STARTS = ("z", "gn", "ps", "x", "y", "pn")


def _takes_lo(word: str) -> bool:
    low = word.lower()
    return low.startswith(_LO_STARTS) or (
        len(low) > 1 and low[0] == "s" and low[1] not in "aeiouàèéìòù")


def of_administration(name: str, kind: str | None = None) -> str:
    """``"di"`` joined with the article ``name`` takes, then ``name``:
    ``"del Comune di Bologna"``, ``"dell'Università di Palermo"``,
    ``"di Bologna"``."""
    name = " ".join((name or "").split())
    if not name:
        return ""
    for elided in _ELIDED:
        if name.lower().startswith(elided):  # "L'Aquila": "dell'Aquila"
            return "dell'" + name[len(elided):]
    first, _, rest = name.partition(" ")
    if first.lower() in _ARTICLES and rest:  # "La Spezia": "della Spezia"
        return f"{_ARTICLES[first.lower()]} {rest}"
    word = first.lower().strip(",.;:")
    gender = ("m" if word in _MASCULINE else "f" if word in _FEMININE
              else _kind_gender(kind, first))
    if gender is None:
        return f"di {name}"
    if first[0] in _VOWELS:
        return f"dell'{name}"
    if gender == "f":
        return f"della {name}"
    return f"dello {name}" if _takes_lo(first) else f"del {name}"


_KIND_GENDER = {"comune": "m", "cpi": "m", "unione": "f", "cciaa": "f", "universita": "f"}


def _kind_gender(kind: str | None, word: str) -> str | None:
    """A first word the lists miss: a common noun (lower case) takes the
    gender of the kind of administration; a place name ("Bologna") none."""
    if word[:1].islower():
        return _KIND_GENDER.get(kind or "")
    return None


def counter_title(name: str, kind: str | None = None) -> str:
    """``"Sportello del Comune di Bologna"``."""
    of = of_administration(name, kind)
    return f"Sportello {of}" if of else "Sportello"


def day_text(value: date | datetime, *, year: bool = True, weekday: bool = True) -> str:
    """``"martedì 8 dicembre 2026"``: lower case, to stand mid-sentence."""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    fmt = ("l " if weekday else "") + "j F" + (" Y" if year else "")
    return date_format(value, fmt).lower()


def when_text(value: datetime) -> str:
    """``"martedì 8 dicembre 2026 alle 10:30"``."""
    local = timezone.localtime(value)
    return f"{day_text(local)} alle {local:%H:%M}"
