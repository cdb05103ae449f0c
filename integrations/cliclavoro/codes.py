"""The 25-character communication code (codice comunicazione) of Cliclavoro.

Layout (DOMAIN.md, "National exchange"), all digits, so it fits both the
``Stringa25`` of Candidatura/Vacancy and the ``[0-9]{25}`` of Messaggio:

    RR 000 YY 2 M K TTTTTT SSSSSSSSS
    │  │   │  │ │ │ └ 15-digit sequence: the tenant's number (6) + its serial (9)
    │  │   │  │ │ └ kind: 1 send (invio / aggiornamento), 2 close (chiusura)
    │  │   │  │ └ module: 1 vacancy, 2 candidatura, 3 messaggio
    │  │   │  └ channel: 2 (sent by an intermediary's system)
    │  │   └ year, two digits
    │  └ fixed "000"
    └ region: the ministry's two-digit code (code table "regioni")

The 15-digit sequence is the tenant's number zero-padded to 6 followed by
the tenant's own serial zero-padded to 9: each tenant keeps its own
sequence and the codes are still unique nationally. Updates and closures
get a new code and chain the previous one (``codice...precedente``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import IntEnum

__all__ = [
    "CHANNEL", "CODE_LENGTH", "MAX_SERIAL", "MAX_TENANT_NUMBER", "MINISTRY_REGIONS",
    "REGION_CODES", "Kind", "Module", "ParsedCode", "code_for_tenant", "communication_code",
    "parse_code", "region_code",
]

CODE_LENGTH = 25
CHANNEL = "2"
FIXED = "000"
TENANT_DIGITS = 6
SERIAL_DIGITS = 9
MAX_TENANT_NUMBER = 10**TENANT_DIGITS - 1
MAX_SERIAL = 10**SERIAL_DIGITS - 1
MIN_YEAR, MAX_YEAR = 2000, 2099


class Module(IntEnum):
    VACANCY = 1
    CANDIDATURA = 2
    # Our choice: DOMAIN.md names only 1 (vacancy) and 2 (candidatura); a
    # Messaggio needs a code of the same layout ([0-9]{25}), so it takes 3.
    MESSAGGIO = 3


class Kind(IntEnum):
    SEND = 1
    CLOSE = 2


# The ministry's region codes (code table "regioni", codes.tables.REGIONS),
# by our tenants.models.Region value. Trentino-Alto Adige is 04: the table's
# ML_01/ML_02 (autonomous provinces) are not two digits and cannot be used.
REGION_CODES: dict[str, str] = {
    "PIE": "01", "VDA": "02", "LOM": "03", "TAA": "04", "VEN": "05", "FVG": "06",
    "LIG": "07", "EMR": "08", "TOS": "09", "UMB": "10", "MAR": "11", "LAZ": "12",
    "ABR": "13", "MOL": "14", "CAM": "15", "PUG": "16", "BAS": "17", "CAL": "18",
    "SIC": "19", "SAR": "20",
}
MINISTRY_REGIONS = frozenset(REGION_CODES.values())

_CODE = re.compile(r"[0-9]{2}000[0-9]{2}2[123][12][0-9]{15}", re.ASCII)


def region_code(region: str) -> str:
    """The ministry's two-digit code for ``region``: one of our Region values
    ("EMR" → "08"), or already a ministry code ("08")."""
    if isinstance(region, str):
        value = region.strip().upper()
        if value in REGION_CODES:
            return REGION_CODES[value]
        if value in MINISTRY_REGIONS:
            return value
    raise ValueError(f"Regione «{str(region)[:10]}» sconosciuta: indicare la regione dell'ente "
                     f"(per esempio EMR) o il suo codice ministeriale a due cifre.")


def _whole(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} deve essere un numero intero.")
    if not low <= value <= high:
        raise ValueError(f"{name} deve essere compreso fra {low} e {high}: ricevuto {value}.")
    return value


def communication_code(*, region: str, year: int, module: Module, kind: Kind,
                       tenant_number: int, serial: int) -> str:
    """The 25-character code; ValueError (Italian message) for any part out of
    range: year 2000-2099, tenant number 1-999999, serial 0-999999999."""
    region_digits = region_code(region)
    year = _whole(year, "L'anno", MIN_YEAR, MAX_YEAR)
    try:
        module = Module(module)
    except ValueError:
        raise ValueError(f"Modulo {module!r} sconosciuto (1 offerta, 2 candidatura, "
                         f"3 messaggio).") from None
    try:
        kind = Kind(kind)
    except ValueError:
        raise ValueError(f"Tipo di comunicazione {kind!r} sconosciuto (1 invio, "
                         f"2 chiusura).") from None
    tenant_number = _whole(tenant_number, "Il numero dell'ente", 1, MAX_TENANT_NUMBER)
    serial = _whole(serial, "Il progressivo", 0, MAX_SERIAL)
    return (f"{region_digits}{FIXED}{year % 100:02d}{CHANNEL}{int(module)}{int(kind)}"
            f"{tenant_number:0{TENANT_DIGITS}d}{serial:0{SERIAL_DIGITS}d}")


def code_for_tenant(tenant, *, module: Module, kind: Kind, serial: int,
                    year: int | None = None) -> str:
    """``communication_code`` for ``tenant`` (a tenants.models.Tenant): its
    region, its primary key as the tenant number, the year (default: this
    year in Rome)."""
    if year is None:
        from datetime import datetime
        from zoneinfo import ZoneInfo

        year = datetime.now(ZoneInfo("Europe/Rome")).year
    return communication_code(region=tenant.region, year=year, module=module, kind=kind,
                              tenant_number=tenant.pk, serial=serial)


@dataclass(frozen=True)
class ParsedCode:
    code: str
    region: str  # the ministry's two digits
    year: int  # four digits
    channel: str
    module: Module
    kind: Kind
    tenant_number: int
    serial: int

    @property
    def sequence(self) -> str:
        """The 15 digits after the kind."""
        return self.code[10:]


_MODULES = {str(int(module)): module for module in Module}
_KINDS = {str(int(kind)): kind for kind in Kind}


def parse_code(code: str) -> ParsedCode:
    """The parts of a communication code; ValueError (Italian) if malformed."""
    if isinstance(code, str) and len(code) == CODE_LENGTH:
        parsed = _parsed(code)
        if parsed is not None:
            return parsed
    return _refuse(code)


@functools.lru_cache(maxsize=4096)
def _parsed(code: str) -> ParsedCode | None:
    if not _CODE.fullmatch(code) or code[0:2] not in MINISTRY_REGIONS or code[10:16] == "0" * 6:
        return None
    return ParsedCode(code=code, region=code[0:2], year=2000 + int(code[5:7]), channel=code[7],
                      module=_MODULES[code[8]], kind=_KINDS[code[9]],
                      tenant_number=int(code[10:16]), serial=int(code[16:]))


def _refuse(code: object):
    """The Italian reason a code cannot be parsed."""
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        shown = code[:40] if isinstance(code, str) else type(code).__name__
        raise ValueError(f"Codice comunicazione «{shown}» non valido: servono 25 cifre "
                         f"(regione, 000, anno, canale 2, modulo, tipo, progressivo).")
    region = code[0:2]
    if region not in MINISTRY_REGIONS:
        raise ValueError(f"Codice comunicazione «{code}»: la regione {region} non esiste.")
    raise ValueError(f"Codice comunicazione «{code}»: manca il numero dell'ente.")
