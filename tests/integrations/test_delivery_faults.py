"""Delivery under faults, end to end: a REAL Celery worker process consuming
"celery,national" on the session's test database and broker, the REAL
simulated national node over HTTP (ModI, the real builders and zeep client),
rows committed in the tenants alfa and beta through the domain services
(published vacancies, conferred CVs) and removed afterwards.

The outbox's timings are made short for the worker through its environment
(RETE_OUTBOX_*, settings.RETE_OUTBOX); the sweep is driven by the test,
calling the beat task ``sweep_outbox`` as beat would. Each test asserts what
the node observed (its effects per communication code, its counts) and what
the operator sees (the states, the exchange log, the dead-letter list)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from audit.models import AuditEvent
from config.celery import app as celery_app
from config.embedded import ROOT
from integrations.national.models import ConferralSummary
from integrations.outbox.models import OutboxAttempt, OutboxMessage
from integrations.outbox.states import State
from tenants.models import Tenant
from tests.integration.committed import committed, database_url, rows_added_are_removed

pytestmark = [pytest.mark.worker, pytest.mark.django_db]

WAIT_SECONDS = 40
SWEEP_EVERY = 0.5
# The worker's outbox, made quick (declared in settings.RETE_OUTBOX, read from its env).
WORKER_OUTBOX = {
    "RETE_OUTBOX_BACKOFF_BASE": "0.3",
    "RETE_OUTBOX_BACKOFF_CAP": "1.5",
    "RETE_OUTBOX_MAX_ATTEMPTS": "60",
    "RETE_OUTBOX_LEASE_SECONDS": "4",
    "RETE_OUTBOX_SWEEP_SECONDS": "2",
    "RETE_OUTBOX_REQUEUE_AFTER": "2",
}
IN_FLIGHT_LATENCY_MS = 2500  # under the lease: an answer would come in time


class Worker:
    """One Celery worker process (its own process group), restartable."""

    def __init__(self, env: dict[str, str], log: Path):
        self.env, self.log, self.process = env, log, None

    def start(self) -> Worker:
        celery = Path(sys.executable).with_name("celery")
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                [str(celery), "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO",
                 "-Q", "celery,national", "--without-heartbeat", "--without-gossip",
                 "--without-mingle", "--hostname", f"faults-{os.getpid()}-{time.time_ns()}@%h"],
                cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        return self

    def kill(self) -> None:
        """SIGKILL to the whole group: no cleanup, no acknowledgement, nothing."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


@pytest.fixture(scope="module")
def worker(django_db_setup, simulator, modi_pair, tmp_path_factory):
    """A worker pointed at the session's simulator over ModI (our test key pair)."""
    assert connection.settings_dict["NAME"].startswith("test_"), "solo sul database di prova"
    if django_settings.CELERY_BROKER_URL.startswith("filesystem"):
        celery_app.control.purge()  # this session's own folder: leftovers of aborted runs
    key_file, cert_file = modi_pair
    env = {
        **os.environ,
        "RETE_ENV": "test",
        "DATABASE_URL": database_url(),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "platform")]),
        "CONN_MAX_AGE": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        **simulator.environment("modi", key_file=key_file, cert_file=cert_file),
        **WORKER_OUTBOX,
    }
    process = Worker(env, tmp_path_factory.mktemp("worker-guasti") / "worker.log").start()
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def national(worker, node, cliclavoro_settings, settings):
    """The node clean, the worker running (restarted if a test killed it), the
    test process's sweep on the worker's timings, everything committed removed."""
    from integrations.cliclavoro import vocab
    from jobs.models import Candidate, Employer, IntermediationAuthorisation, Vacancy
    from people.models import ConsentRecord, Person

    if not worker.alive():
        worker.start()
    settings.RETE_OUTBOX = {**settings.RETE_OUTBOX, "requeue_after_seconds": 2.0,
                            "lease_seconds": 4.0, "sweep_seconds": 2.0}
    vocab.forget()
    found = {t.slug: t for t in Tenant.objects.filter(slug__in=("alfa", "beta"))}
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.sessions.models import Session

    tables = (OutboxMessage, Candidate, ConsentRecord, Person, Vacancy, Employer,
              IntermediationAuthorisation, User, AccessAttempt, AccessLog, AccessFailureLog,
              Session, AuditEvent)
    with rows_added_are_removed(found["alfa"], *tables), \
            rows_added_are_removed(found["beta"], *tables), \
            rows_added_are_removed(None, ConferralSummary):
        yield found
    vocab.forget()


# --- Committed through the domain services ------------------------------------------

def _publish(tenant: Tenant, count: int, *, first: int = 0) -> list[str]:
    """``count`` vacancies published in ``tenant`` (a counter with the job desk and
    its authorisation): the codes of their conferrals, each pending."""
    from tests.factories import authorise_here, make_employer_here, make_vacancy_here

    tenant.offers_job_desk = True  # this connection's counter offers the job desk
    with tenant_context(tenant):
        authorise_here()
        employer = make_employer_here("Trattoria dell'Angolo s.r.l.", ateco_code="56.10.11",
                                      email="info@trattoria.example.it")
        codes = []
        for number in range(first, first + count):
            vacancy = make_vacancy_here(employer=employer, title=f"Cuoco capopartita n. {number}",
                                        hours_per_week=40)
            message = OutboxMessage.objects.get(kind="vacancy", subject_id=vacancy.pk)
            assert message.state == State.PENDING, message.problems
            codes.append(message.code)
        return codes


def _confer_cv(tenant: Tenant, codice_fiscale: str, first_name: str, last_name: str) -> str:
    """A CV conferred with the person's consent: the code of its conferral."""
    from jobs.services.conferral import confer_candidate
    from tests.factories import make_conferrable_candidate, make_person, person_data, staff_here

    tenant.offers_job_desk = True
    with tenant_context(tenant):
        person = make_person(None, person_data(codice_fiscale=codice_fiscale,
                                               first_name=first_name, last_name=last_name,
                                               email="cv@example.it"))
        candidate = make_conferrable_candidate(person)
        message = confer_candidate(candidate=candidate, acting_user=staff_here())
        assert message.state == State.PENDING, message.problems
        return message.code


def _sweep() -> int:
    from integrations.outbox.tasks import sweep_outbox

    return committed(sweep_outbox)


def _rows(tenants, codes) -> dict[str, OutboxMessage]:
    def read():
        found = {}
        for tenant in tenants:
            with tenant_context(tenant):
                found.update({m.code: m for m in OutboxMessage.objects.filter(code__in=codes)})
        return found

    return committed(read)


def _until(probe, *, worker: Worker, what: str):
    """Drive the sweep (as beat would) until ``probe()`` is truthy."""
    deadline = time.monotonic() + WAIT_SECONDS
    next_sweep = 0.0
    while time.monotonic() < deadline:
        if answer := probe():
            return answer
        if time.monotonic() >= next_sweep:
            _sweep()
            next_sweep = time.monotonic() + SWEEP_EVERY
        time.sleep(0.1)
    pytest.fail(f"{what}: non avvenuto entro {WAIT_SECONDS} s. Log del worker:\n{worker.tail()}")


def _all_sent(tenants, codes):
    def probe():
        rows = _rows(tenants, codes)
        return rows if len(rows) == len(codes) and all(
            m.state == State.SENT for m in rows.values()) else None
    return probe


def _effects(node) -> Counter:
    return Counter(effect["code"] for effect in node.effects())


def _attempts(tenant: Tenant, code: str) -> list[OutboxAttempt]:
    def read():
        with tenant_context(tenant):
            return list(OutboxAttempt.objects.filter(message__code=code).order_by("number"))
    return committed(read)


# --- The faults ----------------------------------------------------------------------

def test_given_the_node_down_for_a_while_when_it_comes_back_then_all_delivered_none_twice(
        national, node, worker):
    alfa, beta = national["alfa"], national["beta"]
    node.set_faults(down=True)
    codes = committed(_publish, alfa, 3) + committed(_publish, beta, 2)
    codes.append(committed(_confer_cv, beta, "BNCGLI92L55A944L", "Giulia", "Bianchi"))

    _until(lambda: all(m.attempts >= 1 and m.state == State.RETRYING
                       for m in _rows((alfa, beta), codes).values())
           and len(_rows((alfa, beta), codes)) == len(codes),
           worker=worker, what="ogni conferimento tentato col nodo fuori servizio")
    refused_while_down = node.counts()["rejected"]["nodo_non_disponibile"]
    assert node.effects() == []
    node.set_faults(down=False)
    rows = _until(_all_sent((alfa, beta), codes), worker=worker, what="tutto inviato")

    assert _effects(node) == Counter({code: 1 for code in codes})
    assert node.counts()["duplicates"] == 0 and refused_while_down >= len(codes)
    assert {m.state_label for m in rows.values()} == {"Inviato"}
    assert all(m.attempts >= 2 for m in rows.values())


def test_given_a_reply_lost_after_the_effect_then_retried_already_received_and_one_effect(
        national, node, worker):
    alfa = national["alfa"]
    node.set_faults(lose_reply_after_effect=1.0)  # every first effect's reply is lost
    [code] = committed(_publish, alfa, 1)

    rows = _until(_all_sent((alfa,), [code]), worker=worker, what="inviato dopo la risposta persa")

    attempts = _attempts(alfa, code)
    assert _effects(node) == Counter({code: 1})
    assert rows[code].state_label == "Inviato" and rows[code].maybe_received
    assert [a.outcome for a in attempts] == ["errore_temporaneo", "gia_ricevuto"]
    assert attempts[0].error_code == "risposta_persa"
    assert "già acquisita" in rows[code].reply_description


def test_given_a_worker_killed_with_sigkill_mid_send_when_a_new_one_starts_then_delivered_once(
        national, node, worker):
    alfa = national["alfa"]
    node.set_faults(latency_ms=IN_FLIGHT_LATENCY_MS)  # the request stays in flight
    [code] = committed(_publish, alfa, 1)
    _until(lambda: node.counts()["requests"] >= 1 and _rows((alfa,), [code])[code].state
           == State.SENDING, worker=worker, what="richiesta in volo")

    worker.kill()
    node.set_faults(latency_ms=0)
    worker.start()
    rows = _until(_all_sent((alfa,), [code]), worker=worker, what="inviato dal nuovo worker")

    attempts = _attempts(alfa, code)
    assert _effects(node) == Counter({code: 1})
    assert attempts[0].outcome == "interrotto" and attempts[0].error_code == "lease_scaduto"
    assert attempts[-1].outcome in ("ok", "gia_ricevuto") and len(attempts) == 2
    assert rows[code].state_label == "Inviato"


def test_given_a_rate_limit_then_all_delivered_and_retry_after_honoured_after_each_429(
        national, node, worker):
    alfa, beta = national["alfa"], national["beta"]
    node.set_faults(rate_limit_per_second=2)
    codes = committed(_publish, alfa, 4) + committed(_publish, beta, 4)

    _until(_all_sent((alfa, beta), codes), worker=worker, what="tutto inviato sotto limite")

    assert _effects(node) == Counter({code: 1 for code in codes})
    assert node.counts()["rejected"].get("limite_richieste", 0) >= 1
    limited = 0
    for tenant, code in [(alfa, c) for c in codes[:4]] + [(beta, c) for c in codes[4:]]:
        attempts = _attempts(tenant, code)
        for before, after in zip(attempts, attempts[1:], strict=False):
            if before.error_code == "limite_richieste":
                limited += 1
                assert before.http_status == 429
                waited = (after.started_at - before.finished_at).total_seconds()
                assert waited >= 1.0, (code, waited)  # the node's Retry-After: 1
    assert limited >= 1


def _sent_without_the_node(tenant: Tenant) -> tuple[str, str]:
    """A vacancy whose first conferral is marked sent though the node never had it
    (as after a reset of the node), then updated: the update chains to it."""
    from django.db import transaction

    from integrations.outbox import services
    from jobs.services.vacancies import VacancyData, update_vacancy
    from tests.factories import (
        authorise_here,
        make_employer_here,
        make_vacancy_here,
        staff_here,
    )

    tenant.offers_job_desk = True
    with tenant_context(tenant):
        authorise_here()
        with transaction.atomic():  # its task finds it sent: nothing to do
            vacancy = make_vacancy_here(employer=make_employer_here(
                ateco_code="56.10.11", email="info@trattoria.example.it"), hours_per_week=40)
            first = OutboxMessage.objects.get(kind="vacancy", subject_id=vacancy.pk)
            services.lock_summary(first.destination)
            services.move(first, State.SENDING)
            services.move(first, State.SENT)
        update_vacancy(vacancy=vacancy, acting_user=staff_here(),
                       data=replace(VacancyData.from_vacancy(vacancy), positions=2))
        update = OutboxMessage.objects.filter(kind="vacancy", subject_id=vacancy.pk).latest("id")
        assert update.previous_code == first.code and update.state == State.PENDING
        return first.code, update.code


def _deliver_directly(tenant: Tenant, code: str) -> None:
    """The fix: the node gets the communication it never had."""
    import uuid

    from integrations.cliclavoro import client
    from integrations.transports import destination

    with tenant_context(tenant):
        message = OutboxMessage.objects.get(code=code)
        reply = client.send(kind=message.kind, payload=bytes(message.xml),
                            destination=destination("cliclavoro"),
                            message_id=f"urn:uuid:{uuid.uuid4()}")
        assert reply.outcome == "OK", reply


def _resend(tenant: Tenant, code: str) -> None:
    from integrations.outbox import services
    from tests.factories import staff_here

    with tenant_context(tenant):
        services.resend(message=OutboxMessage.objects.get(code=code), acting_user=staff_here())


def test_given_a_ko_then_in_the_dead_letter_list_in_italian_and_resent_after_the_fix(
        national, node, worker, tenant_client):
    alfa = national["alfa"]
    first, update = committed(_sent_without_the_node, alfa)
    _until(lambda: _rows((alfa,), [update])[update].state == State.DEAD, worker=worker,
           what="rifiutato dal nodo")
    dead = _rows((alfa,), [update])[update]

    def operator_pages():  # committed, like the worker's rows (a session of its own)
        Tenant.objects.filter(pk=alfa.pk).update(offers_job_desk=True)  # the screens need it
        try:
            operator = tenant_client(alfa, Role.OPERATOR)
            return (operator.get("/lavoro/conferimenti/scarti/").content.decode(),
                    operator.get(f"/lavoro/conferimenti/{dead.pk}/").content.decode())
        finally:
            Tenant.objects.filter(pk=alfa.pk).update(offers_job_desk=False)

    dead_list, record = committed(operator_pages)

    committed(_deliver_directly, alfa, first)
    committed(_resend, alfa, update)
    rows = _until(_all_sent((alfa,), [update]), worker=worker, what="reinviato e inviato")

    assert update in dead_list and "Rifiutato (lista degli scarti)" in dead_list
    assert dead.anomaly_code == "E005"
    assert "Codice comunicazione precedente sconosciuto" in dead.last_error
    assert "Codice comunicazione precedente sconosciuto" in record
    assert 'data-testid="reinvia"' in record
    assert _effects(node) == Counter({first: 1, update: 1})
    assert rows[update].state_label == "Inviato"
