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
printed, never asserted.

The outbox (``bench_drain``, ``bench_faults``; ``--drain``, ``--messages``,
``--tenants``, ``--workers``; 0 skips a section): the drain rate of real
Celery workers to the simulator beside the node's raw capacity, and a fault
run with a worker restart counting lost and duplicated messages; see the
comment above ``bench_drain``.

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


# --- The outbox's drain to the simulator (issue 9, item 10, second part) -----------------
#
# Drain: ``--drain`` vacancies across ``--tenants`` counters are published (the
# business change writes the outbox row in its transaction; the workers are stopped,
# so the tasks wait in the broker), then ``--workers`` real Celery worker processes
# drain them to the simulator (a process of its own, ModI signatures both ways).
# The rate is counted from the first attempt to the last ``sent`` (and, beside it,
# from the first enqueue). The ceiling, in the same run and against the same node:
# the same payloads as prebuilt signed requests posted over HTTP by as many threads
# as workers, no Django, measured before and after the drain (the machine is shared:
# the mean is the ceiling). Target: drain >= 80% of the ceiling. Printed beside it:
# the broker, the per-message split of the workers' time (claim, send, record: each
# delivery task returns its own, read from the workers' logs) and the CPU per message
# of the workers and of the node. BENCH_PROFILE=1 runs each worker under cProfile
# (worker-N.prof in the log folder).
#
# Faults: ``--messages`` vacancies across ``--tenants`` counters, the node failing
# 10% of the requests (5% HTTP 500, 5% reply lost after the effect) with a latency
# on every answer, and one worker killed with SIGKILL midway and started again; the
# sweep runs as beat would. Printed: lost (rows never sent, codes the node never
# saw) and duplicated (codes with more than one effect in the node's journal).
# Target 0 and 0.

DRAIN_TARGET = 0.8
DRAIN_OUTBOX = {  # the workers' and this process's outbox (settings.RETE_OUTBOX)
    "RETE_OUTBOX_BACKOFF_BASE": "0.5", "RETE_OUTBOX_BACKOFF_CAP": "4",
    "RETE_OUTBOX_MAX_ATTEMPTS": "100", "RETE_OUTBOX_LEASE_SECONDS": "15",
    "RETE_OUTBOX_SWEEP_SECONDS": "5", "RETE_OUTBOX_REQUEUE_AFTER": "60",
    "RETE_CLICLAVORO_TIMEOUT": "10",
}
FAULTS = {"error_rate": 0.05, "lose_reply_after_effect": 0.05, "latency_ms": 20}
SWEEP_EVERY = 5.0
FAULT_RUN_LIMIT = 1800.0  # seconds


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Node:
    """The simulator as a process of its own, driven over HTTP."""

    def __init__(self, folder: Path):
        import subprocess

        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self.port = folder, _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.journal = folder / "ricevuti.jsonl"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT.parent),
                                                            str(ROOT.parent / "platform")])}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "integrations.simulator", "--port", str(self.port),
             "--journal", str(self.journal), "--keys", str(folder / "chiavi"),
             "--users", "rete:simulatore"], cwd=ROOT.parent, env=env,
            stdout=(folder / "simulatore.log").open("w"), stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.call("/_simulatore/ricevuti")
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("il simulatore non risponde")

    def call(self, path: str, data: dict | None = None) -> dict:
        import json
        import urllib.request

        request = urllib.request.Request(
            self.url + path, data=None if data is None else json.dumps(data).encode(),
            method="GET" if data is None else "POST", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def effects_per_code(self) -> dict[str, int]:
        """Effects per code, from the journal (every effect the node ever recorded)."""
        import json
        from collections import Counter

        counted = Counter()
        if self.journal.exists():
            for line in self.journal.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    entry = json.loads(line)
                    if entry.get("type") == "effect":
                        counted[entry["code"]] += 1
        return counted

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class Workers:
    def __init__(self, env: dict, folder: Path):
        self.env, self.folder, self.processes = env, folder, []

    def start_one(self):
        import subprocess

        celery = Path(sys.executable).with_name("celery")
        number = len(self.processes)
        prefix = [str(celery)]
        if os.environ.get("BENCH_PROFILE"):
            prefix = [sys.executable, "-m", "cProfile", "-o",
                      str(self.folder / f"worker-{number}.prof"), "-m", "celery"]
        process = subprocess.Popen(
            [*prefix, "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO",
             "-Q", "celery,national", "--without-heartbeat", "--without-gossip",
             "--without-mingle", "--hostname", f"bench-{number}-{time.time_ns()}@%h"],
            cwd=ROOT.parent, env=self.env, stdin=subprocess.DEVNULL, start_new_session=True,
            stdout=(self.folder / f"worker-{number}.log").open("w"), stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def wait_ready(self, limit: float = 60.0) -> None:
        """Until every worker logged «ready» (its start-up is not the drain's)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            logs = [self.folder / f"worker-{n}.log" for n in range(len(self.processes))]
            if all(log.exists() and " ready." in log.read_text(errors="replace")
                   for log in logs):
                return
            time.sleep(0.02)

    def kill(self, process) -> None:
        import signal

        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        self.processes.remove(process)

    def stop(self) -> None:
        for process in list(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except Exception:  # noqa: BLE001 - a stuck worker is killed
                self.kill(process)
        self.processes = []


def _database_url(settings_dict: dict) -> str:
    from urllib.parse import quote, urlencode

    user = quote(settings_dict["USER"] or "", safe="")
    password = f":{quote(settings_dict['PASSWORD'], safe='')}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or ""
    if host.startswith("/"):
        query = urlencode({"host": host, "port": settings_dict["PORT"] or "5432"})
        return f"postgresql://{user}{password}@/{quote(settings_dict['NAME'], safe='')}?{query}"
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgresql://{user}{password}@{host}{port}/{quote(settings_dict['NAME'], safe='')}"


def _counters(count: int, *, prefix: str) -> list:
    """``count`` counters with the job desk, their authorisation and an employer."""
    from django_tenants.utils import tenant_context

    from accounts.models import Role, User
    from jobs.services.authorisation import AuthorisationData, record_authorisation
    from jobs.services.employers import EmployerData, create_employer
    from tenants.models import Tenant

    counters = []
    for number in range(count):
        tenant = base.provision(f"{prefix}-{number:02d}", f"Comune dei flussi n. {number}")
        Tenant.objects.filter(pk=tenant.pk).update(offers_job_desk=True)
        tenant.offers_job_desk = True
        with tenant_context(tenant):
            admin = User.objects.get(role=Role.TENANT_ADMIN)
            start = date.today() - timedelta(days=365)
            record_authorisation(data=AuthorisationData(
                albo_number=f"ALBO{number:04d}", issued_on=start, valid_from=start,
                valid_until=None), acting_user=admin)
            employer = create_employer(data=EmployerData(
                name="Trattoria dell'Angolo s.r.l.", partita_iva=EMPLOYER_PARTITA_IVA,
                comune_code="A944", ateco_code="56.10.11", email="info@trattoria.example.it"),
                acting_user=admin)
        counters.append((tenant, admin, employer))
    return counters


def _drafts(counter, count: int) -> list:
    """``count`` draft vacancies of the counter: one through the service, copies of it."""
    from django_tenants.utils import tenant_context

    from jobs.models import Vacancy
    from jobs.services.vacancies import VacancyData, create_vacancy

    tenant, admin, employer = counter
    with tenant_context(tenant):
        today = date.today()
        model = create_vacancy(data=VacancyData(
            employer=employer, profession_code="5.2.2.1.0.1", title="Cuoco capopartita",
            comune_code="A944", description="Turni serali.", visibility="sportello",
            publish_from=today, publish_until=today + timedelta(days=30),
            contract_type_code="A01", hours_per_week=40), acting_user=admin)
        copies = []
        for number in range(count - 1):
            copy = Vacancy.objects.get(pk=model.pk)
            copy.pk = None
            copy.title = f"Cuoco capopartita n. {number + 2}"
            copies.append(copy)
        Vacancy.objects.bulk_create(copies, batch_size=1000)
        return list(Vacancy.objects.filter(employer=employer, status="bozza")
                    .order_by("pk").values_list("pk", flat=True))


def _publish_all(counters, drafts) -> int:
    """Publish every draft, the counters interleaved: each publication writes its
    outbox row (and queues its task) in its own transaction."""
    from django_tenants.utils import tenant_context

    from jobs.models import Vacancy
    from jobs.services.vacancies import publish_vacancy

    published = 0
    for position in range(max(len(ids) for ids in drafts)):
        for (tenant, admin, _), ids in zip(counters, drafts, strict=True):
            if position < len(ids):
                with tenant_context(tenant):
                    publish_vacancy(vacancy=Vacancy.objects.get(pk=ids[position]),
                                    acting_user=admin)
                published += 1
    return published


def _outbox_totals(counters) -> dict:
    from django.db.models import Count, Max, Min
    from django_tenants.utils import tenant_context

    from integrations.outbox.models import OutboxAttempt, OutboxMessage

    states, codes, first_enqueue, first_attempt, last_sent = {}, {}, [], [], []
    for tenant, _, _ in counters:
        with tenant_context(tenant):
            for row in OutboxMessage.objects.values("state").annotate(n=Count("id")):
                states[row["state"]] = states.get(row["state"], 0) + row["n"]
            codes.update(dict(OutboxMessage.objects.values_list("code", "state")))
            bounds = OutboxMessage.objects.aggregate(first=Min("created_at"), last=Max("sent_at"))
            began = OutboxAttempt.objects.aggregate(first=Min("started_at"))["first"]
            first_enqueue.append(bounds["first"])
            last_sent.append(bounds["last"])
            first_attempt.append(began)
    pick = [value for value in first_attempt if value]
    return {"states": states, "codes": codes,
            "first_enqueue": min(v for v in first_enqueue if v) if any(first_enqueue) else None,
            "first_attempt": min(pick) if pick else None,
            "last_sent": max(v for v in last_sent if v) if any(last_sent) else None}


def _wait_all_sent(counters, total: int, *, limit: float, sweep: bool, on_progress=None):
    from django_tenants.utils import tenant_context

    from integrations.outbox.models import OutboxMessage
    from integrations.outbox.tasks import sweep_outbox

    def sent_so_far() -> int:  # one light query per counter: the bench must not weigh
        count = 0
        for tenant, _, _ in counters:
            with tenant_context(tenant):
                count += OutboxMessage.objects.filter(state="sent").count()
        return count

    deadline, next_sweep = time.monotonic() + limit, time.monotonic() + SWEEP_EVERY
    while time.monotonic() < deadline:
        sent = sent_so_far()
        if on_progress:
            on_progress(sent)
        if sent >= total:
            return _outbox_totals(counters)
        if sweep and time.monotonic() >= next_sweep:
            sweep_outbox()
            next_sweep = time.monotonic() + SWEEP_EVERY
        time.sleep(0.5)
    return _outbox_totals(counters)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process (Linux /proc), 0 elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _raw_capacity(node: Node, payloads: list[bytes], *, destination, concurrency: int) -> float:
    """Messages/s the node takes from prebuilt signed requests (no Django, no database)."""
    import uuid
    from concurrent.futures import ThreadPoolExecutor

    import requests

    from integrations.cliclavoro import client

    requests_built = [client.build_request(kind="vacancy", payload=payload,
                                           destination=destination,
                                           message_id=f"urn:uuid:{uuid.uuid4()}")
                      for payload in payloads]
    node.call("/_simulatore/azzera", {})
    chunks = [requests_built[i::concurrency] for i in range(concurrency)]

    def post_all(chunk):
        session, accepted = requests.Session(), 0
        for body, headers in chunk:
            response = session.post(destination.url, data=body, headers=headers, timeout=30)
            accepted += response.status_code == 200 and b"Esito" in response.content
        return accepted

    started, node_cpu = time.perf_counter(), _cpu_seconds(node.process.pid)
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        accepted = sum(pool.map(post_all, chunks))
    elapsed = time.perf_counter() - started
    node.raw_cpu = _cpu_seconds(node.process.pid) - node_cpu
    effects = node.call("/_simulatore/ricevuti")["counts"]["effects"]
    if effects != len(payloads):
        say(f"  attenzione: il nodo ha acquisito {effects} richieste dirette su {len(payloads)} "
            f"({accepted} risposte 200)")
    return len(payloads) / elapsed


def bench_drain(args, *, folder: Path, worker_env: dict) -> dict:
    from django_tenants.utils import tenant_context

    from integrations.outbox.models import OutboxMessage
    from integrations.transports import destination

    node = Node(folder / "nodo-scarico")
    workers = Workers({**worker_env, **_node_env(node, worker_env)}, folder)
    _point_settings_at(node, worker_env)
    try:
        per_tenant = max(1, args.drain // args.tenants)
        counters = _counters(args.tenants, prefix="scarico")
        drafts = [_drafts(counter, per_tenant) for counter in counters]
        total = sum(len(ids) for ids in drafts)
        began = time.perf_counter()
        _publish_all(counters, drafts)
        say(f"drain: {total:,} vacancies published across {args.tenants} counters in "
            f"{time.perf_counter() - began:.0f} s (workers stopped: the tasks wait)")
        # The ceiling measured before the drain too (the machine is shared: its
        # load moves between the two), on the same documents, the node reset after.
        queued = []
        for tenant, _, _ in counters:
            with tenant_context(tenant):
                queued += [bytes(xml) for xml in OutboxMessage.objects.values_list("xml",
                                                                                   flat=True)]
        capacity_before = _raw_capacity(node, queued, destination=destination("cliclavoro"),
                                        concurrency=args.workers)
        raw_cpu_before = node.raw_cpu
        node.call("/_simulatore/azzera", {})
        for _ in range(args.workers):
            workers.start_one()
        workers.wait_ready()
        node_cpu = _cpu_seconds(node.process.pid)
        worker_cpu = sum(_cpu_seconds(process.pid) for process in workers.processes)
        totals = _wait_all_sent(counters, total, limit=FAULT_RUN_LIMIT, sweep=True)
        node_cpu = _cpu_seconds(node.process.pid) - node_cpu
        worker_cpu = sum(_cpu_seconds(process.pid) for process in workers.processes) - worker_cpu
        workers.stop()
        sent = totals["states"].get("sent", 0)
        span = (totals["last_sent"] - totals["first_attempt"]).total_seconds()
        drain_rate = sent / span if span > 0 else 0.0
        payloads = []
        for tenant, _, _ in counters:
            with tenant_context(tenant):
                payloads += [bytes(xml) for xml in OutboxMessage.objects.filter(state="sent")
                             .values_list("xml", flat=True)]
        capacity = _raw_capacity(node, payloads, destination=destination("cliclavoro"),
                                 concurrency=args.workers)
        node.raw_cpu = (node.raw_cpu + raw_cpu_before) / 2
        return {"messages": total, "sent": sent, "rate": drain_rate,
                "capacity": (capacity + capacity_before) / 2,
                "capacities": (capacity_before, capacity),
                "span": span, "workers": args.workers, "tasks": _task_times(folder),
                "worker_cpu": worker_cpu, "node_cpu": node_cpu, "node_raw_cpu": node.raw_cpu,
                "end_to_end": sent / (totals["last_sent"] - totals["first_enqueue"])
                .total_seconds()}
    finally:
        workers.stop()
        node.stop()


def _task_times(folder: Path) -> dict:
    """The delivery tasks' own account, from the workers' logs: each returns its
    outcomes and the milliseconds it spent claiming, sending and recording."""
    import ast
    import re

    line = re.compile(r"deliver_message\[[^\]]+\] succeeded in ([0-9.]+)s: (\{.*\})\s*$")
    found = {"tasks": 0, "task_s": 0.0, "claim_ms": 0.0, "send_ms": 0.0, "record_ms": 0.0,
             "idle_tasks": 0}
    for log in folder.glob("worker-*.log"):
        for text in log.read_text(errors="replace").splitlines():
            match = line.search(text)
            if not match:
                continue
            done = ast.literal_eval(match.group(2))
            found["tasks"] += 1
            found["task_s"] += float(match.group(1))
            for key in ("claim_ms", "send_ms", "record_ms"):
                found[key] += done.get(key, 0.0)
            if not any(done.get(key) for key in ("sent", "retrying", "dead")):
                found["idle_tasks"] += 1
    return found


def broker_label() -> str:
    """The broker the workers use, without its credentials."""
    from urllib.parse import urlsplit

    from django.conf import settings

    url = urlsplit(settings.CELERY_BROKER_URL)
    if url.scheme == "filesystem":
        return "filesystem (kombu, embedded; polling every " + str(
            settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("polling_interval", 1.0)) + " s)"
    return f"{url.scheme}://{url.hostname or ''}{f':{url.port}' if url.port else ''}{url.path}"


def bench_faults(args, *, folder: Path, worker_env: dict) -> dict:
    node = Node(folder / "nodo-guasti")
    workers = Workers({**worker_env, **_node_env(node, worker_env)}, folder)
    _point_settings_at(node, worker_env)
    try:
        per_tenant = max(1, args.messages // args.tenants)
        counters = _counters(args.tenants, prefix="guasti")
        drafts = [_drafts(counter, per_tenant) for counter in counters]
        total = sum(len(ids) for ids in drafts)
        node.call("/_simulatore/guasti", {**FAULTS, "seed": args.seed})
        for _ in range(args.workers):
            workers.start_one()
        began = time.perf_counter()
        _publish_all(counters, drafts)
        killed = {}

        def restart_midway(sent: int) -> None:
            if not killed and sent >= total // 2 and workers.processes:
                workers.kill(workers.processes[0])
                killed["at"] = sent
                workers.start_one()

        totals = _wait_all_sent(counters, total, limit=FAULT_RUN_LIMIT, sweep=True,
                                on_progress=restart_midway)
        elapsed = time.perf_counter() - began
        effects = node.effects_per_code()
        codes = totals["codes"]
        counts = node.call("/_simulatore/ricevuti")["counts"]
        return {"messages": total, "elapsed": elapsed, "killed_at": killed.get("at"),
                "never_sent": sum(1 for state in codes.values() if state != "sent"),
                "never_seen": sum(1 for code in codes if code not in effects),
                "duplicated": sum(1 for n in effects.values() if n > 1),
                "requests": counts["requests"], "rejected": counts["rejected"],
                "already": counts["duplicates"]}
    finally:
        workers.stop()
        node.stop()


def _node_env(node: Node, worker_env: dict) -> dict:
    return {"RETE_CLICLAVORO_URL": f"{node.url}/cliclavoro", "RETE_CLICLAVORO_PROFILE": "modi",
            "RETE_CLICLAVORO_USERNAME": "rete", "RETE_CLICLAVORO_PASSWORD": "simulatore",
            "RETE_CLICLAVORO_SENDER": "RETESPORTELLI", "RETE_CLICLAVORO_RECEIVER": "CLICLAVORO",
            "RETE_CLICLAVORO_PEER_CERT_FILE": str(node.folder / "chiavi" / "cert.pem")}


def _point_settings_at(node: Node, worker_env: dict) -> None:
    """This process's destination toward ``node`` (the raw posts, the sweep's routes)."""
    from django.conf import settings

    entry = dict(settings.RETE_INTEGRATIONS["cliclavoro"])
    entry.update(url=f"{node.url}/cliclavoro", profile="modi", username="rete",
                 password="simulatore", sender="RETESPORTELLI", receiver="CLICLAVORO",
                 key_file=worker_env["RETE_MODI_KEY_FILE"],
                 cert_file=worker_env["RETE_MODI_CERT_FILE"],
                 peer_cert_file=str(node.folder / "chiavi" / "cert.pem"))
    settings.RETE_INTEGRATIONS = {**settings.RETE_INTEGRATIONS, "cliclavoro": entry}


def outbox_environment(folder: Path) -> dict:
    """The workers' environment: this bench's database and broker, our key pair."""
    from django.conf import settings

    from config.celery import app
    from integrations.transports import keys

    app.control.purge()  # this bench's own broker folder: leftovers of aborted runs
    with app.connection_for_write() as broker:  # and the deliveries' own queue (purge()
        for queue in ("national",):  # knows only the default one): earlier runs' tasks
            try:
                broker.default_channel.queue_purge(queue)
            except Exception:  # noqa: BLE001 - a queue never declared has nothing to purge
                pass
    key_path, cert_path = keys.ensure_pair(folder / "nostra", common_name="Rete Sportelli (bench)")
    return {**os.environ, "RETE_ENV": os.environ.get("RETE_ENV", "test"),
            "DATABASE_URL": _database_url(settings.DATABASES["default"]),
            "PYTHONPATH": os.pathsep.join([str(ROOT.parent), str(ROOT.parent / "platform")]),
            "RETE_MODI_KEY_FILE": str(key_path),  # CONN_MAX_AGE as in production
            "RETE_MODI_CERT_FILE": str(cert_path), **DRAIN_OUTBOX}


def report_drain(row: dict) -> None:
    ratio = row["rate"] / row["capacity"] if row["capacity"] else 0.0
    say(f"outbox drain: {row['sent']:,}/{row['messages']:,} sent, {row['rate']:.1f} msg/s "
        f"(first attempt to last sent; {row['end_to_end']:.1f} msg/s from the first enqueue)")
    say(f"node raw capacity (prebuilt signed requests, same concurrency): "
        f"{row['capacity']:.1f} msg/s (mean of {row['capacities'][0]:.1f} before the drain and "
        f"{row['capacities'][1]:.1f} after); ratio {ratio:.0%} (target >= {DRAIN_TARGET:.0%})")
    tasks, sent = row["tasks"], max(row["sent"], 1)
    worker_ms = row["span"] * row["workers"] * 1000 / sent
    claim, send, record = (tasks[key] / sent for key in ("claim_ms", "send_ms", "record_ms"))
    say(f"per message, worker time ({row['workers']} x {row['span']:.1f} s / {sent:,} sent = "
        f"{worker_ms:.1f} ms): claim {claim:.1f} ms, send {send:.1f} ms (build, sign, HTTP, "
        f"reply check), record {record:.1f} ms, the rest {worker_ms - claim - send - record:.1f}"
        f" ms (broker, Celery, tenant switch, idle); {tasks['tasks']:,} tasks, "
        f"{tasks['idle_tasks']:,} found nothing to send")
    say(f"CPU per message: workers {row['worker_cpu'] * 1000 / sent:.1f} ms (from «ready»), "
        f"node {row['node_cpu'] * 1000 / sent:.1f} ms while draining, "
        f"{row['node_raw_cpu'] * 1000 / sent:.1f} ms in the raw run; "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")


def report_faults(row: dict) -> None:
    say(f"faults: {row['messages']:,} messages, {FAULTS}, one worker SIGKILLed at "
        f"{row['killed_at']} sent; {row['elapsed']:.0f} s; node: {row['requests']:,} "
        f"requests, rejected {row['rejected']}, {row['already']} «già acquisita»")
    say(f"lost: {row['never_sent']} rows never sent, {row['never_seen']} codes the node never "
        f"saw; duplicated: {row['duplicated']} codes with more than one effect (target 0, 0)")


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
        if args.drain or args.messages:
            import tempfile

            folder = Path(tempfile.mkdtemp(prefix="bench-feeds-"))
            worker_env = outbox_environment(folder)
            say(f"Obiettivi: scarico della coda >= {DRAIN_TARGET:.0%} della capacità del nodo; "
                f"con guasti e un riavvio, persi 0 e duplicati 0 (log in {folder})")
            say(f"broker: {broker_label()}; {args.workers} worker processes, --pool solo "
                f"(one task at a time each), raw client with {args.workers} threads")
            if args.drain:
                report_drain(bench_drain(args, folder=folder, worker_env=worker_env))
            if args.messages:
                report_faults(bench_faults(args, folder=folder, worker_env=worker_env))
    finally:
        base.drop_database(settings_dict, BENCH_DATABASE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payloads", type=int, default=2_000,
                        help="documents per kind (0: skip the payload section)")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes, best kept")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--drain", type=int, default=2_000,
                        help="messages drained to the simulator (0: skip the drain)")
    parser.add_argument("--messages", type=int, default=10_000,
                        help="messages of the fault run (0: skip it)")
    parser.add_argument("--tenants", type=int, default=20, help="counters they come from")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    args = parser.parse_args()
    os.environ.update({key: value for key, value in DRAIN_OUTBOX.items()
                       if key not in os.environ})

    from config.runtime import embedded_database

    started = time.perf_counter()
    with embedded_database(fsync=False):
        run(args)
    say(f"bench finished in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
