"""Placeholders of message models: ``{{ nome }}`` and friends.

Only the names listed here exist, and each is replaced by plain text: the
administrator's text is never run as a Django template.
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")

PLACEHOLDERS = {
    "nome": "Nome della persona",
    "cognome": "Cognome della persona",
    "nome_completo": "Nome e cognome della persona",
    "sportello": "Nome dello sportello (ente)",
    "dell_ente": "L'ente con la preposizione: «del Comune di…», «dell'Università di…»",
    "operatore": "Nome dell'operatore che scrive",
    "data_oggi": "Data di oggi",
    "data_appuntamento": "Data del prossimo appuntamento della persona",
    "ora_appuntamento": "Ora del prossimo appuntamento della persona",
    "documenti": "Documenti richiesti (scritti dall'operatore all'invio)",
    "testo": "Testo libero (scritto dall'operatore all'invio)",
}


def used_placeholders(*texts: str) -> list[str]:
    names: list[str] = []
    for text in texts:
        for name in PLACEHOLDER.findall(text or ""):
            if name not in names:
                names.append(name)
    return names


def unknown_placeholders(*texts: str) -> list[str]:
    return [name for name in used_placeholders(*texts) if name not in PLACEHOLDERS]


def render(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), "")), text or "")
