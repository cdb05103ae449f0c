#!/usr/bin/env python
"""National feeds: building and validating the Cliclavoro payloads.

Run by ``make bench`` (``--payloads 2000`` by default), or alone:
``RETE_ENV=test .venv/bin/python bench/feeds.py --payloads 2000``.

Payloads (``bench_payloads``): one tenant is provisioned with ``--payloads``
people (valid codici fiscali, omocodia on clashes, some born abroad), their
consent to the transmission to the national systems and their CVs
(desired professions, experiences, education, languages, licences), as many
published vacancies of an employer with its ATECO sector, and one
application per CV, generated fast (COPY, bench/casework.py's Copier) with
the values the services write. The objects are read once with their parts
prefetched (the reading is timed apart), then, per kind (Candidatura,
Vacancy, Messaggio):

- ours: ``integrations.cliclavoro.payloads.build_*`` from the domain objects
  (own checks against the code tables, the XML, lxml XSD validation, the
  data contract), every payload required valid;
- the ceiling, in the same run: the same documents (element for element,
  byte for byte: checked) built by a hand-written lxml builder from plain
  nested tuples, no ORM and no checks, serialised and validated by the same
  compiled XSD.

It prints both rates and their ratio (target: ours >= 50% of the ceiling),
in CPU time of this process (the machine may be shared), ours and the
ceiling interleaved by batches of 100, best of ``--rounds``. Timings are
printed, never asserted. The outbox's drain section (item 10,
second part) is to be added beside ``bench_payloads`` in ``main()``.

It works in a database of its own (``bench_feeds``), on the embedded
PostgreSQL (``.local/pg-bench-feeds``, fsync off) unless ``DATABASE_URL``
names a server.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import random
import sys
import time
import unicodedata
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent
os.environ.setdefault("RETE_PG_DIR", "pg-bench-feeds")
os.environ.setdefault("RETE_BROKER_FOLDER", "broker-bench-feeds")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


base = _load("bench_casework_base", ROOT / "casework.py")  # paths, env, Copier, provision
say = base.say
BENCH_DATABASE = "bench_feeds"
TARGET_RATIO = 0.5
BATCH = 100  # documents per timed batch (ours and the ceiling alternate)
LANGUAGES = ["001", "002", "004", "005"]
LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"]
TITLES = ["20000000", "30000000", "40000000", "71000000", "72000000", "74000000"]
CONTRACTS = ["A00", "A01", "A02", "A03"]
EMPLOYER_PARTITA_IVA = "01234560124"


# --- Data ------------------------------------------------------------------------------

def _catalogue(rng: random.Random) -> dict:
    from codes.models import CodeEntry

    professions = sorted(CodeEntry.objects.filter(table="cp2011", level=6, valid_to__isnull=True)
                         .values_list("code", flat=True))
    comuni = sorted(CodeEntry.objects.filter(table="comuni", extra__regione="08")
                    .values_list("code", flat=True))[:200]
    assert professions and comuni, "code tables not loaded"
    return {"professions": rng.sample(professions, 300), "comuni": comuni}


def generate(tenant, count: int, seed: int) -> dict:
    """People with consent, CVs, vacancies and applications, ``count`` each."""
    from django_tenants.utils import tenant_context

    from accounts import services as accounts
    from accounts.models import Role
    from jobs.models import (
        Application,
        Candidate,
        CandidateEducation,
        CandidateExperience,
        CandidateLanguage,
        CandidateLicence,
        DesiredProfession,
        Vacancy,
    )
    from jobs.services import employers
    from jobs.services.authorisation import AuthorisationData, record_authorisation
    from people.models import ConsentRecord, Person, PrivacyNotice
    from people.search import person_search_text

    rng = random.Random(seed)
    catalogue = _catalogue(rng)
    copier = base.Copier(tenant.schema_name)
    now = datetime.now(UTC).replace(microsecond=0)
    today = date.today()
    taken: set[str] = set()
    with tenant_context(tenant):
        operator = accounts.create_user(email=f"operatore@{tenant.slug}.example.it",
                                        role=Role.OPERATOR, first_name="Anna",
                                        last_name="Operatrice", password=base.PASSWORD)
        admin = accounts.create_user(email=f"titolare@{tenant.slug}.example.it",
                                     role=Role.TENANT_ADMIN, first_name="Carla",
                                     last_name="Amministratrice", password=base.PASSWORD)
        record_authorisation(data=AuthorisationData(
            albo_number="AG-0042", issued_on=today - timedelta(days=400),
            valid_from=today - timedelta(days=400)), acting_user=admin)
        employer = employers.create_employer(data=employers.EmployerData(
            name="Trattoria dell'Arcoveggio s.r.l.", partita_iva=EMPLOYER_PARTITA_IVA,
            ateco_code="56.10.11", comune_code="A944", address="Via dell'Arcoveggio 1",
            cap="40129", phone="051 1234567", email="lavoro@arcoveggio.example.it"),
            acting_user=operator)
        notice = PrivacyNotice.objects.get(is_current=True).pk
        foreign = list(base.FOREIGN.items())
        people, consents, candidates, vacancies, applications = [], [], [], [], []
        desired, experiences, education, languages, licences = [], [], [], [], []
        person_ids = copier.ids(Person, count)
        candidate_ids = copier.ids(Candidate, count)
        vacancy_ids = copier.ids(Vacancy, count)
        for person_id, candidate_id, vacancy_id in zip(person_ids, candidate_ids, vacancy_ids,
                                                       strict=True):
            sex = rng.choice("MF")
            first = rng.choice(base.MALE_NAMES if sex == "M" else base.FEMALE_NAMES)
            last = rng.choice(base.SURNAMES)
            born = date(1960, 1, 1) + timedelta(days=rng.randrange(16000))
            if rng.random() < 0.15:
                place, citizenship = rng.choice(foreign)
            else:
                place, citizenship = rng.choice(base.BIG_CITIES), "000"
            code = base.codice_fiscale(last, first, sex, born, place, taken)
            email = unicodedata.normalize("NFKD", f"{first}.{last}.{person_id}@example.it")
            email = email.encode("ascii", "ignore").decode().lower().replace(" ", "")
            email = email.replace("'", "")
            people.append({
                "id": person_id, "codice_fiscale": code, "first_name": first, "last_name": last,
                "sex": sex, "birth_date": born, "birth_place_code": place,
                "birth_place_name": place, "citizenship_code": citizenship, "email": email,
                "phone": "+39 333 0000000", "phone_digits": "393330000000",
                "created_by_id": operator.pk,
                "search_text": person_search_text(first_name=first, last_name=last,
                                                  codice_fiscale=code, phone_digits="",
                                                  email=email),
                "created_at": now, "updated_at": now})
            for purpose in ("erogazione", "trasmissione"):
                consents.append({"person_id": person_id, "purpose": purpose, "given": True,
                                 "notice_id": notice, "method": "cartaceo", "recorded_at": now,
                                 "recorded_by_id": operator.pk})
            candidates.append(base.row_of(Candidate(
                person_id=person_id, comune_code=rng.choice(catalogue["comuni"]),
                working_modes=rng.sample(["FT", "PT", "LT"], rng.randint(0, 2)),
                contract_types=rng.sample(CONTRACTS, rng.randint(0, 2)),
                willing_to_travel=rng.random() < 0.5, own_vehicle=rng.random() < 0.6,
                mother_tongues=["003"], created_by_id=operator.pk), id=candidate_id,
                created_at=now, updated_at=now))
            for code in set(rng.sample(catalogue["professions"], rng.randint(1, 2))):
                desired.append({"candidate_id": candidate_id, "profession_code": code,
                                "description": "Disponibile anche nei fine settimana.",
                                "experienced": rng.random() < 0.5})
            for _ in range(rng.randint(0, 3)):
                start = date(2000, 1, 1) + timedelta(days=rng.randrange(8000))
                experiences.append({
                    "candidate_id": candidate_id,
                    "profession_code": rng.choice(catalogue["professions"]),
                    "employer_name": rng.choice(base.EMPLOYERS), "employer_place": "Bologna",
                    "contract_type_code": rng.choice(CONTRACTS), "started_on": start,
                    "ended_on": start + timedelta(days=rng.randrange(60, 2000)),
                    "tasks": "Preparazione, servizio, riordino."})
            education.append({"candidate_id": candidate_id, "education_code": rng.choice(TITLES),
                              "year": rng.randint(1980, 2024), "institute": "",
                              "description": "", "grade": ""})
            for code in rng.sample(LANGUAGES, rng.randint(0, 2)):
                level = rng.choice(LEVELS)
                languages.append({"candidate_id": candidate_id, "language_code": code,
                                  "listening": level, "reading": level,
                                  "spoken_interaction": level, "spoken_production": level,
                                  "writing": level, "certificate": ""})
            if rng.random() < 0.6:
                licences.append({"candidate_id": candidate_id, "kind": "patente", "code": "02"})
            vacancies.append(base.row_of(Vacancy(
                employer_id=employer.pk, profession_code=rng.choice(catalogue["professions"]),
                title=f"Offerta {vacancy_id}: addetto alla cucina",
                description="Ristorazione tradizionale; turni serali e festivi.",
                education_code=rng.choice(TITLES), contract_type_code=rng.choice(CONTRACTS),
                comune_code=rng.choice(catalogue["comuni"]), positions=rng.randint(1, 5),
                hours_per_week=rng.choice([20, 30, 40]), publish_from=today,
                publish_until=today + timedelta(days=30), status="pubblicata",
                published_at=now, created_by_id=operator.pk), id=vacancy_id, created_at=now,
                updated_at=now))
            applications.append({"vacancy_id": vacancy_id, "candidate_id": candidate_id,
                                 "status": "proposta", "score": 50, "reasons": [],
                                 "created_at": now, "updated_at": now})
        copier.copy(Person, people)
        for model, rows in ((ConsentRecord, consents), (Candidate, candidates),
                            (DesiredProfession, desired), (CandidateExperience, experiences),
                            (CandidateEducation, education), (CandidateLanguage, languages),
                            (CandidateLicence, licences), (Vacancy, vacancies),
                            (Application, applications)):
            if model is not Candidate and model is not Vacancy:
                for row, row_id in zip(rows, copier.ids(model, len(rows)), strict=True):
                    row["id"] = row_id
            copier.copy(model, rows)
        copier.reset_sequences()
    return {"people": len(people), "experiences": len(experiences),
            "languages": len(languages), "vacancies": len(vacancies)}


# --- The ceiling: the same documents from plain tuples, no ORM, no checks ---------------

def as_plain(xml: bytes):
    """A document as nested (tag, text, children) tuples, namespace-qualified tags."""
    from lxml import etree

    def walk(element):
        return (element.tag, element.text if len(element) == 0 else None,
                tuple(walk(child) for child in element))

    return walk(etree.fromstring(xml))


def raw_build(plain, nsmap) -> bytes:
    """The hand-written lxml builder: SubElement per node, then bytes."""
    from lxml import etree

    tag, _text, children = plain
    root = etree.Element(tag, nsmap=nsmap)
    stack = [(root, children)]
    sub = etree.SubElement
    while stack:
        parent, nodes = stack.pop()
        for child_tag, text, grandchildren in nodes:
            node = sub(parent, child_tag)
            if text is not None:
                node.text = text
            if grandchildren:
                stack.append((node, grandchildren))
    return root


# --- The measure -------------------------------------------------------------------------

def _objects(kind: str):
    from jobs.models import Application, Candidate, Vacancy

    if kind == "candidatura":
        return list(Candidate.objects.select_related("person").prefetch_related(
            "person__consents", "experiences", "education", "training", "languages",
            "digital_skills", "licences", "desired_professions").order_by("pk"))
    if kind == "vacancy":
        return list(Vacancy.objects.select_related("employer", "site").prefetch_related(
            "employer__consents", "languages", "licences").order_by("pk"))
    return list(Application.objects.select_related(
        "vacancy__employer", "candidate__person").prefetch_related(
        "candidate__person__consents").order_by("pk"))


def bench_payloads(tenant, *, count: int, seed: int, rounds: int) -> list[dict]:
    """Per kind: ours and the ceiling, payloads per second, best of ``rounds``."""
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from integrations.cliclavoro import payloads, vocab
    from integrations.cliclavoro.codes import Kind, Module, communication_code
    from integrations.cliclavoro.validation import NAMESPACES, lxml_schema

    rows = []
    with tenant_context(tenant):
        intermediary = payloads.current_intermediary()
        now = timezone.now()
        vocab.forget()
        vocab.entry("cp2011", "1")  # the first reading of each table is not the rate
        modules = {"candidatura": Module.CANDIDATURA, "vacancy": Module.VACANCY,
                   "messaggio": Module.MESSAGGIO}

        def code(kind: str, serial: int) -> str:
            return communication_code(region=tenant.region, year=now.year,
                                      module=modules[kind], kind=Kind.SEND,
                                      tenant_number=tenant.pk, serial=serial)

        for kind in ("candidatura", "vacancy", "messaggio"):
            started = time.perf_counter()
            objects = _objects(kind)
            loading = time.perf_counter() - started
            # The codes are the outbox's (a sequence): made before the clock starts.
            codes = [code(kind, serial) for serial in range(1, len(objects) + 1)]
            cited = {obj.pk: (code("vacancy", obj.vacancy_id),
                              code("candidatura", obj.candidate_id))
                     for obj in objects} if kind == "messaggio" else {}
            build = {"candidatura": lambda obj, number: payloads.build_candidatura(
                         obj, code=number, previous_code=None, closing=False, now=now,
                         intermediary=intermediary),
                     "vacancy": lambda obj, number: payloads.build_vacancy(
                         obj, code=number, previous_code=None, closing=False, now=now,
                         intermediary=intermediary),
                     "messaggio": lambda obj, number, cited=cited: payloads.build_messaggio(
                         obj, code=number, previous_code=None, now=now,
                         vacancy_code=cited[obj.pk][0], candidatura_code=cited[obj.pk][1],
                         intermediary=intermediary)}[kind]
            built = [build(obj, number) for obj, number in zip(objects, codes, strict=True)]
            invalid = [item for item in built if item.problems]
            assert not invalid, (kind, invalid[0].problems[:3])
            plain = [as_plain(item.xml) for item in built]
            schema = lxml_schema(kind)
            nsmap = {None: NAMESPACES[kind]}
            # Same documents: the ceiling's bytes are ours.
            from lxml import etree

            for item, tree in zip(built, plain, strict=True):
                assert etree.tostring(raw_build(tree, nsmap), xml_declaration=True,
                                      encoding="UTF-8") == item.xml
            # CPU time of this process (the machine is shared: wall time would
            # count the others' work), the two interleaved batch by batch so
            # both see the same caches and the same neighbours; best round kept.
            clock = time.process_time
            ours_best = ceiling_best = float("inf")
            batches = [(start, start + BATCH) for start in range(0, len(objects), BATCH)]
            for _ in range(rounds):
                gc.collect()
                gc.disable()
                ours = ceiling = 0.0
                for start, end in batches:
                    began = clock()
                    for obj, number in zip(objects[start:end], codes[start:end], strict=True):
                        build(obj, number)
                    ours += clock() - began
                    began = clock()
                    for tree in plain[start:end]:
                        root = raw_build(tree, nsmap)
                        etree.tostring(root, xml_declaration=True, encoding="UTF-8")
                        assert schema.validate(root)
                    ceiling += clock() - began
                gc.enable()
                ours_best, ceiling_best = min(ours_best, ours), min(ceiling_best, ceiling)
            rows.append({"kind": kind, "count": len(objects), "loading": loading,
                         "ours": len(objects) / ours_best,
                         "ceiling": len(objects) / ceiling_best,
                         "bytes": sum(len(item.xml) for item in built) / len(built)})
    return rows


def report_payloads(rows: list[dict]) -> None:
    say("")
    say(f"{'tracciato':12} {'documenti':>9} {'byte medi':>9} {'lettura ORM':>12} "
        f"{'nostri/s':>10} {'tetto lxml/s':>12} {'rapporto':>9}")
    for row in rows:
        ratio = row["ours"] / row["ceiling"]
        say(f"{row['kind']:12} {row['count']:>9,} {row['bytes']:>9,.0f} "
            f"{row['loading'] * 1000:>10.0f} ms {row['ours']:>10,.0f} {row['ceiling']:>12,.0f} "
            f"{ratio:>8.0%}{'' if ratio >= TARGET_RATIO else '  < obiettivo'}")
    ours = sum(row["count"] for row in rows) / sum(row["count"] / row["ours"] for row in rows)
    ceiling = sum(row["count"] for row in rows) / sum(row["count"] / row["ceiling"]
                                                      for row in rows)
    say(f"{'insieme':12} {sum(row['count'] for row in rows):>9,} {'':>9} {'':>12} "
        f"{ours:>10,.0f} {ceiling:>12,.0f} {ours / ceiling:>8.0%}")
    say(f"Obiettivo: costruzione + validazione (nostri) >= {TARGET_RATIO:.0%} del tetto "
        f"(lxml puro sugli stessi documenti), nello stesso processo.")


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
        say(f"Rete Sportelli, feeds bench: {args.payloads:,} payloads per kind, PostgreSQL "
            f"{base.server_version()} (fsync off); set up in "
            f"{time.perf_counter() - started:.0f} s")
        if args.payloads:
            tenant = base.provision("bench-feeds", "Comune di prova dei flussi")
            began = time.perf_counter()
            counts = generate(tenant, args.payloads, args.seed)
            say(f"{tenant.schema_name}: " + ", ".join(f"{n:,} {label}"
                                                      for label, n in counts.items())
                + f"; generated in {time.perf_counter() - began:.0f} s")
            report_payloads(bench_payloads(tenant, count=args.payloads, seed=args.seed,
                                           rounds=args.rounds))
        # The outbox's drain to the simulator (issue 9, item 10) goes here.
    finally:
        base.drop_database(settings_dict, BENCH_DATABASE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payloads", type=int, default=2_000,
                        help="documents per kind (0: skip the payload section)")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes, best kept")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    from config.runtime import embedded_database

    started = time.perf_counter()
    with embedded_database(fsync=False):
        run(args)
    say(f"bench finished in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
