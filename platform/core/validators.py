"""Validators of national codes shared by several packages."""

import re


def valid_body_codice_fiscale(value: str) -> bool:
    """Codice fiscale of a legal person or public body: 11 digits whose last
    is a Luhn-like check digit (the same algorithm as the partita IVA)."""
    if not re.fullmatch(r"\d{11}", value or ""):
        return False
    total = 0
    for index, char in enumerate(value[:10]):
        digit = int(char)
        if index % 2:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return (10 - total % 10) % 10 == int(value[10])
