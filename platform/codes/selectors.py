from datetime import date

from codes.models import BelfioreCode, Citizenship
from codes.names import table_spelling


def place_for_code(*, code: str, on: date | None = None) -> BelfioreCode | None:
    """The comune or foreign state with Belfiore ``code`` (valid on ``on`` when given)."""
    rows = list(BelfioreCode.objects.filter(code=code.upper()).order_by("-valid_from"))
    if on is not None:
        return next((row for row in rows if row.valid_on(on)), None)
    return rows[0] if rows else None


def places_matching(*, text: str, on: date | None = None, limit: int = 20) -> list[BelfioreCode]:
    typed = table_spelling(text.strip())  # "Forlì" is FORLI' in the table
    rows = BelfioreCode.objects.filter(name__istartswith=typed).order_by("name")[:limit * 3]
    if on is not None:
        rows = [row for row in rows if row.valid_on(on)]
    return list(rows)[:limit]


def citizenship_for_code(code: str) -> Citizenship | None:
    return Citizenship.objects.filter(code=code).first()


def citizenships() -> list[Citizenship]:
    return list(Citizenship.objects.filter(valid_to__gt=date.today()).order_by("name"))
