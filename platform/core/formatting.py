"""How amounts are written for people to read, in Italian: one formatter for
every page, message, timeline and export."""

from __future__ import annotations

from decimal import Decimal


def euro(amount: Decimal | int | float | str) -> str:
    """``"20.000,00 €"``: thousands with a dot, two decimals after a comma."""
    whole, cents = f"{Decimal(str(amount)):,.2f}".split(".")
    return f"{whole.replace(',', '.')},{cents} €"
