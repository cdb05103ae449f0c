"""Codice fiscale of a natural person: validation, decoding, cross-checks.

Layout (DM 23/12/1976): 3 letters from the surname, 3 from the name, 2 digits
for the year, a letter for the month, 2 digits for the day (+40 for women),
the Belfiore code of the birthplace (a comune, or Z + 3 digits for a foreign
state), a check letter. Omocodia: when two people would share a code, digits
are replaced, from the right, by letters (0=L 1=M 2=N 3=P 4=Q 5=R 6=S 7=T
8=U 9=V); the check letter is computed on the code as issued. The year has
two digits: a birth is read in the latest century that does not put it in the
future, and a typed birth date agrees with the code in either century.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

MONTHS = "ABCDEHLMPRST"
OMOCODIA = "LMNPQRSTUV"
OMOCODIA_POSITIONS = (6, 7, 9, 10, 12, 13, 14)
_ODD = {
    **dict(zip("0123456789", (1, 0, 5, 7, 9, 13, 15, 17, 19, 21), strict=True)),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
               (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10,
                22, 25, 24, 23), strict=True)),
}
_EVEN = {**{str(d): d for d in range(10)},
         **{chr(ord("A") + i): i for i in range(26)}}
_PATTERN = re.compile(
    r"^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$"
)
VOWELS = "AEIOU"


class CodiceFiscaleError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Decoded:
    code: str
    birth_date: date
    sex: str  # "M" or "F"
    place_code: str
    is_omocode: bool

    @property
    def born_abroad(self) -> bool:
        return self.place_code.startswith("Z")


# Spaces, and what a copy from a PDF or a web page brings along invisibly
# (no-break and zero-width spaces, soft hyphens, a byte-order mark).
_INVISIBLE = re.compile(r"[\s\u00ad\u200b-\u200d\u2060\ufeff]+")


def normalize(value: str) -> str:
    """The code as typed or pasted, in its 16 characters: ``"rss mra 80a01 h501u"``
    → ``"RSSMRA80A01H501U"`` (full-width letters folded to ASCII)."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", value or "")).upper()


def is_well_formed(value: str) -> bool:
    """Sixteen characters in the codice fiscale's layout (check letter not verified)."""
    return bool(_PATTERN.match(normalize(value)))


def check_letter(first15: str) -> str:
    total = sum((_ODD if i % 2 == 0 else _EVEN)[char] for i, char in enumerate(first15))
    return chr(ord("A") + total % 26)


def _base_code(code: str) -> str:
    """The code with omocodia letters turned back into digits."""
    chars = list(code)
    for position in OMOCODIA_POSITIONS:
        if chars[position] in OMOCODIA:
            chars[position] = str(OMOCODIA.index(chars[position]))
    return "".join(chars)


_DIGIT_POSITIONS = frozenset(OMOCODIA_POSITIONS)


def _lookalikes_swapped(code: str) -> str:
    """The code with O and 0, I and 1 put where each belongs (digits in the date
    and place, letters elsewhere): the commonest typing mistake."""
    return "".join(
        {"O": "0", "I": "1"}.get(char, char) if position in _DIGIT_POSITIONS
        else {"0": "O", "1": "I"}.get(char, char)
        for position, char in enumerate(code))


def _birth_date(year: int, month: int, day: int, *, today: date) -> date:
    """The code has two digits for the year: the latest century that does not
    put the birth in the future (an 80-year-old born in 1946 is "46")."""
    for century in (2000, 1900):
        try:
            birth = date(century + year, month, day)
        except ValueError:
            continue  # 29 February of 1900, for "00": 2000 is tried first
        if birth <= today:
            return birth
    raise CodiceFiscaleError("cf_data", "La data di nascita nel codice fiscale non esiste.")


def decode(value: str, *, today: date | None = None) -> Decoded:
    code = normalize(value)
    if len(code) == 11 and code.isdigit():
        # Given to foreigners awaiting theirs (asylum seekers, among others).
        raise CodiceFiscaleError(
            "cf_provvisorio", "Questo è un codice fiscale provvisorio (11 cifre), che la "
            "piattaforma non registra ancora: lasciare vuoto il campo e indicare sesso, data "
            "e luogo di nascita.")
    if len(code) != 16:
        raise CodiceFiscaleError("cf_lunghezza", "Il codice fiscale deve avere 16 caratteri.")
    if not _PATTERN.match(code):
        message = "Il codice fiscale non ha il formato corretto."
        if _PATTERN.match(_lookalikes_swapped(code)):
            message = ("Il codice fiscale non ha il formato corretto: controllare di non aver "
                       "scambiato la lettera O con lo zero o la lettera I con l'uno.")
        raise CodiceFiscaleError("cf_formato", message)
    if check_letter(code[:15]) != code[15]:
        raise CodiceFiscaleError(
            "cf_controllo", "Il carattere di controllo del codice fiscale non è corretto: "
            "verificare di averlo digitato bene.")
    base = _base_code(code)
    month = MONTHS.index(base[8]) + 1
    day = int(base[9:11])
    sex = "F" if day > 40 else "M"
    day = day - 40 if day > 40 else day
    birth = _birth_date(int(base[6:8]), month, day, today=today or date.today())
    return Decoded(code=code, birth_date=birth, sex=sex, place_code=base[11:15],
                   is_omocode=base != code)


# Letters that Unicode does not decompose into a Latin letter and a mark; the
# Agenzia delle Entrate transliterates them (Łukasz is LSZ, not KSZ).
_TRANSLITERATION = str.maketrans({
    "ß": "SS", "ẞ": "SS", "Æ": "AE", "æ": "AE", "Œ": "OE", "œ": "OE", "Ø": "O", "ø": "O",
    "Ł": "L", "ł": "L", "Đ": "D", "đ": "D", "Ð": "D", "ð": "D", "Þ": "TH", "þ": "TH",
    "ı": "I", "Ħ": "H", "ħ": "H",
})


def _letters(text: str) -> str:
    """The Latin letters of a name, upper case, accents and apostrophes dropped:
    "D'Angelo" and "D’Angelo" are DANGELO, "Nicolò" NICOLO."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_TRANSLITERATION))
    plain = decomposed.encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z]", "", plain.upper())


def surname_code(surname: str) -> str:
    letters = _letters(surname)
    consonants = [c for c in letters if c not in VOWELS]
    vowels = [c for c in letters if c in VOWELS]
    return ("".join(consonants + vowels) + "XXX")[:3]


def name_code(name: str) -> str:
    letters = _letters(name)
    consonants = [c for c in letters if c not in VOWELS]
    vowels = [c for c in letters if c in VOWELS]
    if len(consonants) >= 4:
        consonants = [consonants[0], consonants[2], consonants[3]]
    return ("".join(consonants + vowels) + "XXX")[:3]


def _same_birth_date(typed: date, decoded: date) -> bool:
    """The code carries the year's last two digits only: a citizen born in 1926
    has the same code as one born in 2026."""
    return (typed.day, typed.month, typed.year % 100) == (
        decoded.day, decoded.month, decoded.year % 100)


def _in_century_of(typed: date, decoded: date) -> date:
    """The code's date in the century the operator typed, to show next to it."""
    try:
        return decoded.replace(year=typed.year - typed.year % 100 + decoded.year % 100)
    except ValueError:  # 29 February of 1900
        return decoded


def mismatches(decoded: Decoded, *, last_name: str = "", first_name: str = "",
               birth_date: date | None = None, sex: str = "",
               place_code: str = "") -> dict[str, str]:
    """What was typed that disagrees with the code, by form field, in Italian."""
    problems: dict[str, str] = {}
    if last_name and surname_code(last_name) != decoded.code[0:3]:
        problems["last_name"] = "Il cognome non corrisponde al codice fiscale."
    if first_name and name_code(first_name) != decoded.code[3:6]:
        problems["first_name"] = "Il nome non corrisponde al codice fiscale."
    if birth_date and not _same_birth_date(birth_date, decoded.birth_date):
        problems["birth_date"] = (
            f"La data di nascita non corrisponde al codice fiscale "
            f"({_in_century_of(birth_date, decoded.birth_date):%d/%m/%Y}).")
    if sex and sex != decoded.sex:
        problems["sex"] = "Il sesso non corrisponde al codice fiscale."
    if place_code and place_code.upper() != decoded.place_code:
        problems["birth_place_code"] = "Il luogo di nascita non corrisponde al codice fiscale."
    return problems
