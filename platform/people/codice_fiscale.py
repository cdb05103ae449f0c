"""Codice fiscale of a natural person: validation, decoding, encoding, cross-checks.

Layout (DM 23/12/1976): 3 letters from the surname, 3 from the name, 2 digits
for the year, a letter for the month, 2 digits for the day (+40 for women),
the Belfiore code of the birthplace (a comune, or Z + 3 digits for a foreign
state), a check letter. Omocodia: when two people would share a code, digits
are replaced, from the right, by letters (0=L 1=M 2=N 3=P 4=Q 5=R 6=S 7=T
8=U 9=V); the check letter is computed on the code as issued. The year has
two digits: a birth is read in the latest century that does not put it in the
future, and a typed birth date agrees with the code in either century.

The arithmetic is the libraries': python-stdnum checks the layout, the check
letter and the date, python-codicefiscale encodes names and birth dates. What
is ours stays here: the Italian messages at the field, the century read
against today, the birthplace left to our dated Belfiore table
(``codes.selectors.place_for_code``, not the library's own list, which moves
a birth a century back or accepts a comune not yet created), the omocodia
variants in the order the Agenzia delle Entrate issues them, and the
cross-checks against what the operator typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time

from codicefiscale import codicefiscale as _library
from stdnum import exceptions as _invalid
from stdnum.it import codicefiscale as _stdnum

MONTHS = "ABCDEHLMPRST"
OMOCODIA = "LMNPQRSTUV"
OMOCODIA_POSITIONS = (6, 7, 9, 10, 12, 13, 14)
_FROM_OMOCODIA = str.maketrans(OMOCODIA, "0123456789")


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


def _refusal(code: str) -> _invalid.ValidationError | None:
    """What python-stdnum finds wrong with a 16-character code (None: nothing)."""
    try:
        _stdnum.validate(code)
    except _invalid.ValidationError as exc:
        return exc
    return None


def _has_layout(code: str) -> bool:
    """16 characters in the layout; stdnum also drops "-" and ":", so a code
    holding them is shorter for it: not the layout either."""
    return len(code) == 16 and not isinstance(
        _refusal(code), _invalid.InvalidFormat | _invalid.InvalidLength)


def is_well_formed(value: str) -> bool:
    """Sixteen characters in the codice fiscale's layout (check letter not verified)."""
    return _has_layout(normalize(value))


def check_letter(first15: str) -> str:
    return _stdnum.calc_check_digit(first15)


def _base_code(code: str) -> str:
    """The code with omocodia letters turned back into digits."""
    chars = list(code)
    for position in OMOCODIA_POSITIONS:
        chars[position] = chars[position].translate(_FROM_OMOCODIA)
    return "".join(chars)


_DIGIT_POSITIONS = frozenset(OMOCODIA_POSITIONS)


def _lookalikes_swapped(code: str) -> str:
    """The code with O and 0, I and 1 put where each belongs (digits in the date
    and place, letters elsewhere): the commonest typing mistake."""
    return "".join(
        {"O": "0", "I": "1"}.get(char, char) if position in _DIGIT_POSITIONS
        else {"0": "O", "1": "I"}.get(char, char)
        for position, char in enumerate(code))


_NO_SUCH_DATE = CodiceFiscaleError("cf_data", "La data di nascita nel codice fiscale non esiste.")


def _birth_date(code: str, *, today: date) -> date:
    """The code has two digits for the year: the latest century that does not
    put the birth in the future (an 80-year-old born in 1946 is "46")."""
    try:
        birth = _stdnum.get_birth_date(code, minyear=today.year - 99)
    except _invalid.ValidationError as exc:
        raise _NO_SUCH_DATE from exc
    # stdnum reads the year within a hundred years of ``minyear``: later in
    # this very year than today is the previous century (29 February cannot
    # be: 2000 is in the past).
    return birth.replace(year=birth.year - 100) if birth > today else birth


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
    if not _has_layout(code):
        message = "Il codice fiscale non ha il formato corretto."
        if _has_layout(_lookalikes_swapped(code)):
            message = ("Il codice fiscale non ha il formato corretto: controllare di non aver "
                       "scambiato la lettera O con lo zero o la lettera I con l'uno.")
        raise CodiceFiscaleError("cf_formato", message)
    if isinstance(_refusal(code), _invalid.InvalidChecksum):
        raise CodiceFiscaleError(
            "cf_controllo", "Il carattere di controllo del codice fiscale non è corretto: "
            "verificare di averlo digitato bene.")
    base = _base_code(code)
    birth = _birth_date(code, today=today or date.today())
    # Not stdnum's get_gender: it reads the day without undoing omocodia
    # (int("LM") fails on RSSMRA80A41H5..-style variants).
    sex = "F" if int(base[9:11]) > 40 else "M"
    return Decoded(code=code, birth_date=birth, sex=sex, place_code=base[11:15],
                   is_omocode=base != code)


# Letters that Unicode does not decompose into a Latin letter and a mark; the
# Agenzia delle Entrate transliterates them (Łukasz is LSZ, not KSZ): before
# the library, so that its transliteration is never the one relied upon.
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
    return _library.encode_lastname(_letters(surname))


def name_code(name: str) -> str:
    return _library.encode_firstname(_letters(name))


def encode(*, last_name: str, first_name: str, sex: str, birth_date: date, place_code: str,
           taken: set[str] | frozenset[str] = frozenset()) -> str:
    """The code the Agenzia delle Entrate issues for these data; when it is
    ``taken``, the next omocodia variant (digits replaced from the right, one
    more each time) that is not."""
    base = (surname_code(last_name) + name_code(first_name)
            + _library.encode_birthdate(datetime.combine(birth_date, time()), sex)
            + place_code.upper())
    chars = list(base)
    code = base + check_letter(base)
    for position in reversed(OMOCODIA_POSITIONS):
        if code not in taken:
            break
        chars[position] = OMOCODIA[int(chars[position])]
        code = "".join(chars) + check_letter("".join(chars))
    return code


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
