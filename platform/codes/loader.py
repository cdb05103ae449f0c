import csv
from datetime import date
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


EARLIEST = date(1861, 3, 17)


def parse_date(text: str) -> date:
    """ISO dates, with the table's few dd/mm/yyyy ones; an implausible year
    (the source has "27/09/0193") means "since ever"."""
    text = text.strip()
    if "/" in text:
        day, month, year = (int(part) for part in text.split("/"))
        parsed = date(year, month, day)
    else:
        parsed = date.fromisoformat(text)
    return max(parsed, EARLIEST)


def _rows(filename: str):
    with (DATA / filename).open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for code, name, start, end in reader:
            yield code.strip(), name.strip(), parse_date(start), parse_date(end)


def load(apps, schema_editor=None) -> None:
    belfiore = apps.get_model("codes", "BelfioreCode")
    citizenship = apps.get_model("codes", "Citizenship")
    belfiore.objects.bulk_create(
        [belfiore(code=c, name=n, valid_from=s, valid_to=e) for c, n, s, e in _rows(
            "comuni_belfiore.csv")],
        ignore_conflicts=True, batch_size=2000,
    )
    citizenship.objects.bulk_create(
        [citizenship(code=c, name=n, valid_from=s, valid_to=e) for c, n, s, e in _rows(
            "cittadinanza.csv")],
        ignore_conflicts=True,
    )
