from datetime import date

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils import timezone

from codes import tables
from codes.models import CODE_MAX, BelfioreCode, Citizenship, CodeEntry
from codes.names import table_spelling
from codes.text import code_query, query_words

MAX_RESULTS = 100


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


# --- The job desk's code tables (CodeEntry) ------------------------------------

def code_entry(*, table: str, code: str) -> CodeEntry | None:
    """The entry of ``table`` with ``code`` (valid or not), or ``None``."""
    code = clean_code(code)
    if not code or not tables.is_table(table):
        return None
    return CodeEntry.objects.filter(table=table, code=code).first()


def clean_code(code: object) -> str:
    """A code as stored: trimmed and upper case; "" for anything that cannot
    be one (too long, not text)."""
    if not isinstance(code, str):
        return ""
    code = code.strip().upper()
    return code if 0 < len(code) <= CODE_MAX and code_query(code) == code else ""


def search_codes(*, table: str, text: str, limit: int = 20, on: date | None = None,
                 level: int | None = None) -> list[CodeEntry]:
    """At most ``limit`` (≤ 100) entries of :func:`code_search`."""
    limit = max(1, min(int(limit), MAX_RESULTS))
    return list(code_search(table=table, text=text, on=on, level=level)[:limit])


def code_search(*, table: str, text: str, on: date | None = None,
                level: int | None = None) -> QuerySet[CodeEntry]:
    """Entries of ``table`` whose code starts with ``text`` ("5.2.2.1": the
    cook's category and its professions) or whose words start with every
    word typed, accents and case aside ("cuoco", "CUOCHI", "perche").

    With ``on``, only entries valid that day; without, every entry, those
    valid today first. Then the exact code, codes starting with the text,
    the most specific level, labels starting with the first word, the code
    order. An empty text lists the table in that order."""
    if not tables.is_table(table):
        return CodeEntry.objects.none()
    today = on or timezone.localdate()
    rows = CodeEntry.objects.filter(table=table)
    if level is not None:
        rows = rows.filter(level=level)
    if on is not None:
        rows = rows.filter(Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on)))
    code = code_query(text)[:CODE_MAX]
    words = query_words(text)
    if not code and not words and (text or "").strip():
        return CodeEntry.objects.none()
    matches = Q()
    if code or words:
        by_words = Q()
        for word in words:
            by_words &= Q(search_text__contains=f" {word}")
        matches = (Q(code__startswith=code) if code else Q(pk__in=[])) | (by_words if words
                                                                            else Q(pk__in=[]))
    valid_today = Q(valid_from__lte=today) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    rows = rows.filter(matches).annotate(
        _valid=Case(When(valid_today, then=Value(0)), default=Value(1)),
        _exact=Case(When(code=code, then=Value(0)), default=Value(1)) if code else Value(1),
        _prefix=Case(When(code__startswith=code, then=Value(0)), default=Value(1)) if code
        else Value(1),
        _starts=Case(When(search_text__startswith=f" {words[0]}", then=Value(0)),
                     default=Value(1)) if words else Value(1),
    ).order_by("_valid", "_exact", "_prefix", F("level").desc(nulls_last=True), "_starts",
               "sort_key")
    return rows


def entries_for(*, table: str, codes: list[str]) -> dict[str, CodeEntry]:
    """The entries of ``table`` for ``codes``, by code (for showing labels)."""
    wanted = {clean_code(code) for code in codes} - {""}
    if not wanted or not tables.is_table(table):
        return {}
    return {row.code: row for row in CodeEntry.objects.filter(table=table, code__in=wanted)}


def place_of(code: str) -> tuple[str, str, float | None, float | None] | None:
    """Where comune ``code`` (Belfiore) lies: (sigla of the province, code of
    the region, latitude, longitude), the coordinates ``None`` when unknown;
    ``None`` for an unknown comune. Distances are graded by it: same comune,
    same province, same region (see data/SOURCES.md)."""
    entry = code_entry(table=tables.COMUNI, code=code)
    if entry is None:
        return None
    extra = entry.extra or {}
    return (extra.get("provincia", ""), extra.get("regione", ""), extra.get("lat"),
            extra.get("lon"))
