#!/usr/bin/env python
"""The job desk's matching at scale: candidates ranked for one vacancy.

Run by ``make bench`` (``CANDIDATES=100000`` by default). Two tenants are
provisioned in the same run, one with ``--small`` candidates (1,000), the
other with ``--candidates`` (100,000): people and their service consent,
and CVs (desired professions, experiences, education, languages, licences)
built by the jobs.services.candidates row builders and copied in with COPY
(bench/casework.py's Copier). Professions are drawn from the CP2011 sixth
level, a few hundred of them common; comuni from the ISTAT table. Then
the CVs' summary columns the ranking reads (jobs.matching_sql.refresh_summaries,
what the CV services keep after each change), VACUUM ANALYZE and, for
random published vacancies, the ranking as the vacancy's page asks it
(jobs.selectors.matching.candidates_for_vacancy: the
first 20, with the reasons); it prints median and p95 and the queries per
ranking for both sizes in one table, and the EXPLAIN of one ranking at the
large size. Target: p95 <= 100 ms at 100,000 candidates, the same query
count at both sizes. If bench/exchange.py defines ``run_exchange_search``, it
is run at the end and its rows join the table.

It works in a database of its own (``bench_matching``), on the embedded
PostgreSQL (``.local/pg-bench-matching``, fsync off) unless ``DATABASE_URL``
names a server.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent
os.environ.setdefault("RETE_PG_DIR", "pg-bench-matching")
os.environ.setdefault("RETE_BROKER_FOLDER", "broker-bench-matching")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


base = _load("bench_casework_base", ROOT / "casework.py")  # paths, env, Copier, provision
say, ms, p95 = base.say, base.ms, base.p95
BENCH_DATABASE = "bench_matching"
LANGUAGES = ["001", "002", "004", "005"]  # inglese, tedesco, francese, spagnolo
LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"]


def build(tenant, size: int, seed: int, catalogue: dict) -> dict:
    """People, consents and CVs for ``size`` candidates in ``tenant``."""
    from django_tenants.utils import tenant_context

    from accounts import services as accounts
    from accounts.models import Role
    from jobs.models import (
        Candidate,
        CandidateEducation,
        CandidateExperience,
        CandidateLanguage,
        CandidateLicence,
        DesiredProfession,
    )
    from people.models import ConsentRecord, Person, PrivacyNotice
    from people.search import person_search_text

    rng = random.Random(seed)
    copier = base.Copier(tenant.schema_name)
    now = datetime.now(UTC).replace(microsecond=0)
    with tenant_context(tenant):
        operator = accounts.create_user(email=f"operatore@{tenant.slug}.example.it",
                                        role=Role.OPERATOR, first_name="Anna",
                                        last_name="Operatrice", password=base.PASSWORD)
        notice = PrivacyNotice.objects.get(is_current=True).pk
        people, consents, candidates = [], [], []
        desired, experiences, education, languages, licences = [], [], [], [], []
        person_ids = copier.ids(Person, size)
        candidate_ids = copier.ids(Candidate, size)
        common = catalogue["common"]
        for person_id, candidate_id in zip(person_ids, candidate_ids, strict=True):
            sex = rng.choice("MF")
            first = rng.choice(base.MALE_NAMES if sex == "M" else base.FEMALE_NAMES)
            last = rng.choice(base.SURNAMES)
            people.append({
                "id": person_id, "first_name": first, "last_name": last, "sex": sex,
                "birth_date": date(1960, 1, 1) + timedelta(days=rng.randrange(16000)),
                "birth_place_code": "A944", "birth_place_name": "Bologna",
                "citizenship_code": "100", "created_by_id": operator.pk,
                "search_text": person_search_text(first_name=first, last_name=last,
                                                  codice_fiscale="", phone_digits="",
                                                  email=""),
                "created_at": now, "updated_at": now})
            consents.append({"person_id": person_id, "purpose": "erogazione", "given": True,
                             "notice_id": notice, "method": "cartaceo", "recorded_at": now,
                             "recorded_by_id": operator.pk})
            row = base.row_of(Candidate(
                person_id=person_id, is_searching=rng.random() < 0.9,
                available_from=(None if rng.random() < 0.7
                                else date.today() + timedelta(days=rng.randrange(120))),
                comune_code=rng.choice(catalogue["comuni"]), mother_tongues=["003"],
                created_by_id=operator.pk), id=candidate_id, created_at=now, updated_at=now)
            candidates.append(row)
            pool = common if rng.random() < 0.8 else catalogue["professions"]
            for code in set(rng.sample(pool, rng.randint(1, 2))):
                desired.append({"candidate_id": candidate_id, "profession_code": code,
                                "description": "", "experienced": False})
            for _ in range(rng.randint(0, 3)):
                start = date(2000, 1, 1) + timedelta(days=rng.randrange(8000))
                experiences.append({
                    "candidate_id": candidate_id, "profession_code": rng.choice(pool),
                    "employer_name": rng.choice(base.SURNAMES) + " srl",
                    "employer_place": "", "contract_type_code": rng.choice(catalogue["contracts"]),
                    "started_on": start,
                    "ended_on": start + timedelta(days=rng.randrange(60, 2000)),
                    "tasks": ""})
            education.append({"candidate_id": candidate_id,
                              "education_code": rng.choice(catalogue["titles"]),
                              "year": rng.randint(1980, 2024), "institute": "", "description": "",
                              "grade": ""})
            for code in rng.sample(LANGUAGES, rng.randint(0, 2)):
                level = rng.choice(LEVELS)
                languages.append({"candidate_id": candidate_id, "language_code": code,
                                  "listening": level, "reading": level,
                                  "spoken_interaction": level, "spoken_production": level,
                                  "writing": level, "certificate": ""})
            if rng.random() < 0.6:
                licences.append({"candidate_id": candidate_id, "kind": "patente", "code": "02"})
        copier.copy(Person, people)
        for row, row_id in zip(consents, copier.ids(ConsentRecord, len(consents)), strict=True):
            row["id"] = row_id
        copier.copy(ConsentRecord, consents)
        copier.copy(Candidate, candidates)
        for model, rows in ((DesiredProfession, desired), (CandidateExperience, experiences),
                            (CandidateEducation, education), (CandidateLanguage, languages),
                            (CandidateLicence, licences)):
            for row, row_id in zip(rows, copier.ids(model, len(rows)), strict=True):
                row["id"] = row_id
            copier.copy(model, rows)
        copier.reset_sequences()
        # The CVs' summary columns, as jobs.services.candidates keeps them.
        from jobs import matching_sql

        matching_sql.refresh_summaries()
        vacancies = make_vacancies(rng, operator, catalogue, count=30)
    return {"operator": operator, "vacancies": vacancies,
            "counts": {"candidati": size, "professioni desiderate": len(desired),
                       "esperienze": len(experiences), "lingue": len(languages)}}


def make_vacancies(rng, operator, catalogue, count: int) -> list[int]:
    """Published vacancies through jobs.services.vacancies (common professions)."""
    from jobs.services import employers, vacancies

    employer = employers.create_employer(data=employers.EmployerData(
        name="Azienda del bench srl", partita_iva="01234560124", comune_code="A944"),
        acting_user=operator)
    today = date.today()
    ids = []
    for index in range(count):
        vacancy = vacancies.create_vacancy(data=vacancies.VacancyData(
            employer=employer, profession_code=rng.choice(catalogue["common"]),
            title=f"Offerta {index + 1}", comune_code=rng.choice(catalogue["comuni"]),
            education_code=rng.choice(catalogue["titles"]), positions=1,
            publish_from=today, publish_until=today + timedelta(days=30),
            languages=(("001", rng.choice(LEVELS)),), licences=(("patente", "02"),)),
            acting_user=operator)
        vacancies.publish_vacancy(vacancy=vacancy, acting_user=operator)
        ids.append(vacancy.pk)
    return ids


def load_catalogue(seed: int) -> dict:
    from codes.models import CodeEntry

    rng = random.Random(seed)
    professions = sorted(CodeEntry.objects.filter(table="cp2011", level=6, valid_to__isnull=True)
                         .values_list("code", flat=True))
    comuni = sorted(CodeEntry.objects.filter(table="comuni", extra__regione="08")
                    .values_list("code", flat=True))[:200]
    comuni += ["F205", "H501", "L219"]
    titles = ["20000000", "30000000", "40000000", "71000000", "72000000", "74000000"]
    assert professions and comuni, "code tables not loaded"
    return {"professions": professions, "common": rng.sample(professions, 300),
            "comuni": comuni, "titles": titles,
            "contracts": ["A00", "A01", "A02", "A03"]}


def measure(tenant, vacancies: list[int], operator, runs: int) -> tuple[list[float], list[int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tenants.utils import tenant_context

    from jobs.models import Vacancy
    from jobs.selectors import matching

    timings, queries = [], []
    with tenant_context(tenant):
        objects = {v.pk: v for v in Vacancy.objects.filter(pk__in=vacancies)}
        for index in range(runs + 5):
            vacancy = objects[vacancies[index % len(vacancies)]]
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                ranking = matching.candidates_for_vacancy(actor=operator, vacancy=vacancy)
                elapsed = time.perf_counter() - started
            assert ranking.matches is not None
            if index >= 5:  # warm-up
                timings.append(elapsed)
                queries.append(len(captured))
    return timings, queries


def explain(tenant, vacancy_id: int) -> str:
    from django.db import connection
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from jobs import matching_sql
    from jobs.models import Vacancy

    with tenant_context(tenant):
        vacancy = Vacancy.objects.get(pk=vacancy_id)
        original = matching_sql._run
        plans = []

        def capture(sql, params):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
            return []

        matching_sql._run = capture
        try:
            matching_sql.candidates_for_vacancy(vacancy_id=vacancy.pk,
                                                profession_code=vacancy.profession_code,
                                                today=timezone.localdate())
        finally:
            matching_sql._run = original
    return plans[0]


def exchange_rows(args) -> list[tuple[str, str, list[float], list[int]]]:
    path = ROOT / "exchange.py"
    if not path.exists():
        return []
    module = _load("bench_exchange", path)
    if not hasattr(module, "run_exchange_search"):
        return []
    return module.run_exchange_search(small=args.small, large=args.candidates)


def run(args) -> None:
    import logging

    import django
    from django.conf import settings

    logging.getLogger("kombu").setLevel(logging.ERROR)
    settings_dict = settings.DATABASES["default"]
    base.create_database(settings_dict, BENCH_DATABASE)
    settings_dict["NAME"] = BENCH_DATABASE
    django.setup()
    try:
        from django.core.management import call_command

        from tenants import schemas

        started = time.perf_counter()
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        schemas.ensure_template()
        catalogue = load_catalogue(args.seed)
        say(f"Rete Sportelli, matching bench: {args.small:,} and {args.candidates:,} "
            f"candidates, PostgreSQL {base.server_version()} (fsync off); set up in "
            f"{time.perf_counter() - started:.0f} s")
        rows = []
        plan = ""
        for index, (part, size) in enumerate((("piccolo", args.small),
                                               ("grande", args.candidates))):
            tenant = base.provision(f"bench-match-{part}", f"Comune di prova {part}")
            began = time.perf_counter()
            built = build(tenant, size, args.seed + index, catalogue)
            base.analyze(tenant.schema_name)
            counts = ", ".join(f"{n:,} {label}" for label, n in built["counts"].items())
            say(f"{tenant.schema_name}: {counts}; built, copied and analysed in "
                f"{time.perf_counter() - began:.0f} s")
            timings, queries = measure(tenant, built["vacancies"], built["operator"], args.runs)
            rows.append(("Candidati consigliati per un'offerta (primi 20, con motivi)",
                         f"{size:,} candidati", timings, queries))
            if size == args.candidates:
                plan = explain(tenant, built["vacancies"][0])
        rows += exchange_rows(args)
        say("")
        say(f"{'misura':62} {'dimensione':>18} {'mediana':>10} {'p95':>10} {'query':>6}")
        for label, size_label, timings, queries in rows:
            say(f"{label[:62]:62} {size_label:>18} {ms(statistics.median(timings)):>10} "
                f"{ms(p95(timings)):>10} {max(queries):>6}")
        say("")
        say("EXPLAIN ANALYZE of one ranking at the large size:")
        say(plan)
        say("Seq scans in the plan: "
            + (", ".join(line.strip() for line in plan.splitlines() if "Seq Scan" in line)
               or "none"))
    finally:
        base.drop_database(settings_dict, BENCH_DATABASE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=100, help="rankings per size")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    from config.runtime import embedded_database

    started = time.perf_counter()
    with embedded_database(fsync=False):
        run(args)
    say(f"bench finished in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
