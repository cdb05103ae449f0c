#!/usr/bin/env python
"""Search of the rete delle reti holding the entries of 1,000 tenants.

``run_exchange_search()`` fills the public exchange (bulk, in the public
schema: tenant rows only, no schemas) and measures the national search page's
reads (exchange.selectors.search_entries, then the page as the view builds
it: the count and 20 rows) for typical queries, first at 1,000 entries and
then at 100,000 in the same run: p50, p95 and queries per search. Target:
p95 <= 50 ms at 100,000 entries, the same query count at both sizes.

Run alone (``python bench/exchange.py``: its own database ``bench_exchange``
on the embedded PostgreSQL, created and dropped here) or called by
bench/matching.py inside its run. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform"), str(ROOT / "bench")]

BENCH_DATABASE = "bench_exchange"
PROFESSIONS = [
    ("5.2.2.1.0.1", "Cuoco"), ("5.2.2.1.0.2", "Cuoco di cucina tipica"),
    ("5.2.2.3.0.1", "Cameriere di sala"), ("5.2.2.4.0.1", "Barista"),
    ("5.1.2.2.0.1", "Commesso di vendita"), ("5.1.2.4.0.1", "Cassiere"),
    ("8.1.3.1.0.1", "Magazziniere"), ("8.1.4.1.0.1", "Addetto alle pulizie"),
    ("7.4.2.3.0.1", "Autista di camion"), ("7.4.2.1.0.1", "Autista di autobus"),
    ("6.1.2.1.0.1", "Muratore"), ("6.1.3.6.0.1", "Idraulico"), ("6.2.4.1.0.1", "Elettricista"),
    ("3.2.1.1.1.0", "Infermiere"), ("5.3.1.1.0.1", "Operatore socio sanitario"),
    ("4.1.1.1.0.1", "Impiegato amministrativo"), ("4.2.2.1.0.1", "Receptionist"),
    ("3.3.1.2.1.0", "Contabile"), ("2.1.1.4.1.0", "Analista programmatore"),
    ("3.1.2.1.0.1", "Tecnico informatico"), ("6.5.1.3.0.1", "Panettiere"),
    ("6.5.1.1.0.1", "Macellaio"), ("6.4.1.1.0.1", "Agricoltore"), ("7.2.1.1.0.1", "Saldatore"),
    ("7.1.2.1.0.1", "Operaio metalmeccanico"), ("5.4.4.3.0.1", "Baby sitter"),
    ("5.4.4.1.0.1", "Assistente familiare"), ("2.6.3.3.1.0", "Insegnante"),
    ("3.4.1.2.1.0", "Animatore turistico"), ("5.2.1.1.0.1", "Addetto all'accoglienza"),
]
PROVINCES = ["BO", "MO", "FE", "RA", "FC", "RN", "PR", "RE", "PC", "MI", "TO", "RM", "NA", "BA",
             "PA", "CT", "FI", "GE", "VE", "VR", "PD", "BS", "BG", "CA", "SS", "TA", "LE", "SA",
             "CS", "RC", "ME", "AN", "PG", "AQ", "PE", "TN", "BZ", "UD", "TS", "AO"]
EDUCATION = [("10", "Licenza elementare"), ("20", "Licenza media"),
             ("30", "Qualifica professionale"), ("40", "Diploma"), ("60", "Laurea triennale"),
             ("70", "Laurea magistrale")]
CONTRACTS = [("A.01.00", "Tempo indeterminato"), ("A.02.00", "Tempo determinato"),
             ("A.03.00", "Apprendistato"), ("A.07.00", "Somministrazione"),
             ("B.01.00", "Lavoro autonomo"), ("C.01.00", "Tirocinio")]
LANGUAGES = [("02", "Inglese"), ("03", "Francese"), ("04", "Tedesco"), ("05", "Spagnolo")]
QUERIES = [
    ("tutti, prima pagina", {}),
    ("solo profili", {"kind": "profilo"}),
    ("parola «cuoco»", {"text": "cuoco"}),
    ("codice «5.2.2.1»", {"text": "5.2.2.1"}),
    ("provincia BO", {"province": "BO"}),
    ("offerte, MI, tempo indet.", {"kind": "offerta", "province": "MI",
                                   "contract_type": "A.01.00"}),
    ("profili, diploma, «magazz»", {"kind": "profilo", "education_level": "40",
                                    "text": "magazz"}),
    ("«infermiere» in RM", {"text": "infermiere", "province": "RM"}),
]


def say(message: str = "") -> None:
    print(message, flush=True)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def make_tenants(count: int, *, prefix: str = "bx"):
    """Tenant rows only (no schema): the exchange references them, nothing more."""
    from tenants.models import Tenant

    existing = list(Tenant.objects.filter(slug__startswith=f"{prefix}-").order_by("pk"))
    rows = [Tenant(schema_name=f"{prefix}_{i:05d}", slug=f"{prefix}-{i:05d}",
                   kind=Tenant.Kind.COMUNE, name=f"Comune di prova {i:05d}",
                   region="EMR", province=PROVINCES[i % len(PROVINCES)])
            for i in range(len(existing), count)]
    Tenant.objects.bulk_create(rows, batch_size=1000)
    return list(Tenant.objects.filter(slug__startswith=f"{prefix}-").order_by("pk"))[:count]


def make_entries(tenants, start: int, stop: int, *, rng: random.Random, now: datetime) -> None:
    """Entries ``start``..``stop`` (their source ids), spread over the tenants."""
    from exchange.models import EntryKind, ExchangeEntry
    from exchange.services import _search_text

    batch = []
    for number in range(start, stop):
        code, label = rng.choice(PROFESSIONS)
        education, education_label = rng.choice(EDUCATION)
        contract, contract_label = rng.choice(CONTRACTS)
        province = rng.choice(PROVINCES)
        vacancy = rng.random() < 0.5
        values = {
            "title": (f"{label} ({province})" if vacancy
                      else label),
            "profession_codes": [code], "profession_labels": [label], "province": province,
            "education_level": education, "education_label": education_label,
            "contract_type": contract, "contract_label": contract_label,
        }
        if vacancy:
            values.update(kind=EntryKind.VACANCY, summary=f"Cercasi {label.lower()} per "
                          f"attività in provincia di {province}.", positions=rng.randint(1, 5),
                          publish_until=(now + timedelta(days=30)).date())
        else:
            band = rng.randrange(15, 65) // 5 * 5
            language, language_label = rng.choice(LANGUAGES)
            values.update(kind=EntryKind.PROFILE, age_band=f"{band}-{band + 4}",
                          title=f"{label}, {band}-{band + 4} anni",
                          languages=[{"lingua": language, "livello": "B1",
                                      "nome": language_label}],
                          licences=["B"], availability="Disponibilità immediata")
        values["search_text"] = _search_text(values)
        batch.append(ExchangeEntry(tenant=tenants[number % len(tenants)], source_id=number + 1,
                                   published_at=now - timedelta(minutes=number), **values))
        if len(batch) == 5000:
            ExchangeEntry.objects.bulk_create(batch)
            batch = []
    if batch:
        ExchangeEntry.objects.bulk_create(batch)


def measure(*, repeats: int) -> dict[str, tuple[list[float], list[int], int]]:
    """Per query: each search's seconds, its query counts, the entries found."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from exchange import selectors

    figures = {}
    for name, filters in QUERIES:
        times, queries, found = [], [], 0
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                page = selectors.search_page(number=1, **filters)
                rows = [(entry.title, entry.tenant.name) for entry in page]
                found = page.paginator.count
                times.append(time.perf_counter() - started)
            queries.append(len(captured))
            assert rows is not None
        figures[name] = (times, queries, found)
    return figures


def run_exchange_search(*, tenants: int = 1000, entries: int | None = None, small: int = 1000,
                        large: int = 100_000, repeats: int = 50, seed: int = 2026,
                        report=say) -> list[tuple[str, str, list[float], list[int]]]:
    """Fill the exchange to ``small`` then ``entries`` (or ``large``) entries
    of ``tenants`` tenants and measure the search at both sizes; prints one
    table and returns its rows as bench/matching.py joins them: (label, size,
    seconds of each search, queries of each search). Needs a migrated public
    schema (the caller's database); leaves its rows there."""
    entries = entries or large
    from django.db import connection

    from exchange.models import ExchangeEntry

    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    started = time.perf_counter()
    counters = make_tenants(tenants)
    ExchangeEntry.objects.filter(tenant__in=counters).delete()
    results = {}
    done = 0
    for size in (small, entries):
        make_entries(counters, done, size, rng=rng, now=now)
        done = size
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE exchange_exchangeentry")
            cursor.execute("ANALYZE tenants_tenant")
        measure(repeats=3)  # warm the caches
        results[size] = measure(repeats=repeats)
    report(f"Rete delle reti: search over {tenants:,} tenants' entries "
           f"(built in {time.perf_counter() - started:.0f} s, {repeats} searches each)")
    header = f"{'query':30} " + " ".join(
        f"{f'{size:,} p50':>11} {f'{size:,} p95':>11} {'q':>2} {'found':>7}" for size in results)
    report(header)
    rows = []
    for name, _filters in QUERIES:
        cells = []
        for size in results:
            times, queries, found = results[size][name]
            cells.append(f"{statistics.median(times) * 1000:9.1f}ms "
                         f"{_p95(times) * 1000:9.1f}ms {max(queries):>2} {found:>7,}")
            rows.append((f"Rete delle reti: {name}", f"{size:,} annunci", times, queries))
        report(f"{name:30} " + " ".join(cells))
    worst = max(_p95(values[0]) for values in results[entries].values()) * 1000
    same = all(max(results[small][name][1]) == max(results[entries][name][1])
               for name, _ in QUERIES)
    report(f"worst p95 at {entries:,}: {worst:.1f} ms (target <= 50 ms); same query count at "
           f"both sizes: {'yes' if same else 'NO'}")
    return rows


def explain() -> None:
    """EXPLAIN ANALYZE of each query's two statements (BENCH_EXPLAIN=1)."""
    from exchange import selectors

    for name, filters in QUERIES:
        items = selectors.search_entries(**filters)
        say(f"--- {name}")
        say(items[:20].explain(analyze=True))
        say(items.order_by().values("pk")[:1001].explain(analyze=True))  # the count's plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    os.environ.setdefault("RETE_ENV", "test")
    os.environ.setdefault("RETE_PG_DIR", "pg-bench-exchange")
    os.environ.setdefault("RETE_BROKER_FOLDER", "broker-bench-exchange")
    os.environ["RETE_TENANT_POOL_TARGET"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import logging

    import django
    from django.conf import settings
    from scratch_database import create_database, drop_database

    from config.runtime import embedded_database

    started = time.perf_counter()
    with embedded_database(fsync=False):
        logging.getLogger("kombu").setLevel(logging.ERROR)
        settings_dict = settings.DATABASES["default"]
        create_database(settings_dict, BENCH_DATABASE)
        settings_dict["NAME"] = BENCH_DATABASE
        django.setup()
        try:
            from django.core.management import call_command

            call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
            run_exchange_search(tenants=args.tenants, entries=args.entries, small=args.small,
                                repeats=args.repeats, seed=args.seed)
            if os.environ.get("BENCH_EXPLAIN"):
                explain()
        finally:
            drop_database(settings_dict, BENCH_DATABASE)
    say(f"bench finished in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
