"""A real Celery worker process runs each task in the schema it was queued in.

The worker is a separate process on the session's test database and broker,
so what it must see is committed (see committed.py) and removed afterwards."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import tenant_context

from accounts import services as accounts_services
from accounts.models import Role, User
from audit.models import AuditEvent
from config.celery import app as celery_app
from config.embedded import ROOT
from health.models import WorkerCheck
from health.services import request_worker_check
from tenants.models import Tenant
from tests.integration.committed import committed, database_url, rows_added_are_removed

pytestmark = [pytest.mark.worker, pytest.mark.django_db]

WAIT_SECONDS = 60


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("posta-worker")


@pytest.fixture(scope="module")
def node_journal(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("nodo") / "ricevuti.jsonl"


@pytest.fixture(scope="module")
def worker(django_db_setup, mailbox, node_journal, tmp_path_factory):
    """A Celery worker process on this session's test database and broker."""
    url = database_url()
    assert connection.settings_dict["NAME"].startswith("test_"), "solo sul database di prova"
    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        celery_app.control.purge()  # this session's own folder: leftovers of aborted runs
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    env = {
        **os.environ,
        "RETE_ENV": "test",
        "DATABASE_URL": url,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "platform")]),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mailbox),
        "CONN_MAX_AGE": "0",
        "RETE_SITE_PORT": "",  # links in e-mails name the domain alone
        # The outbox's deliveries go to a node of the tests' own, which keeps a journal.
        "RETE_OUTBOX_ROUTES": "tests.integrations.outbox_support.register_journal_node",
        "RETE_TEST_NODE_JOURNAL": str(node_journal),
    }
    celery = Path(sys.executable).with_name("celery")
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(celery), "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO",
             "-Q", "celery,national",
             "--without-heartbeat", "--without-gossip", "--without-mingle",
             "--hostname", f"test-{os.getpid()}@%h"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        yield log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def tenants():
    """Tenants alfa and beta; what the test commits in them is removed afterwards."""
    found = {t.slug: t for t in Tenant.objects.filter(slug__in=("alfa", "beta"))}
    with rows_added_are_removed(found["alfa"], WorkerCheck, User, AuditEvent), \
            rows_added_are_removed(found["beta"], WorkerCheck, User, AuditEvent):
        yield found


def _request_worker_check(tenant: Tenant) -> int:
    with tenant_context(tenant):
        return request_worker_check(acting_user=None).pk


def _invite(tenant: Tenant, email: str) -> None:
    with tenant_context(tenant):
        accounts_services.create_user(email=email, role=Role.OPERATOR, first_name="Ilaria",
                                      last_name="Neri", invite=True)


def _eventually(probe, *, worker_log: Path):
    """The first truthy answer of ``probe`` within WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if answer := probe():
            return answer
        time.sleep(0.2)
    tail = worker_log.read_text(errors="replace")[-3000:]
    pytest.fail(f"Il worker non ha risposto entro {WAIT_SECONDS} s. Log del worker:\n{tail}")


def _answered(tenant: Tenant, check_id: int) -> WorkerCheck | None:
    with tenant_context(tenant):
        return WorkerCheck.objects.filter(pk=check_id, completed_at__isnull=False).first()


def test_given_worker_checks_in_two_tenants_when_the_worker_runs_them_then_each_runs_in_its_schema(
        worker, tenants):
    alfa, beta = tenants["alfa"], tenants["beta"]
    check_in_alfa = committed(_request_worker_check, alfa)
    check_in_beta = committed(_request_worker_check, beta)

    answered_in_alfa = _eventually(lambda: _answered(alfa, check_in_alfa), worker_log=worker)
    answered_in_beta = _eventually(lambda: _answered(beta, check_in_beta), worker_log=worker)

    assert answered_in_alfa.worker_schema == "t_alfa"
    assert answered_in_beta.worker_schema == "t_beta"
    assert answered_in_alfa.worker_host and answered_in_beta.worker_host


def test_given_a_user_invited_in_a_tenant_when_the_worker_runs_then_the_invitation_is_mailed(
        worker, tenants, mailbox):
    committed(_invite, tenants["alfa"], "invitata@alfa.example.it")

    def invitation():
        for message in mailbox.glob("*.log"):
            text = message.read_text()
            if "To: invitata@alfa.example.it" in text:
                return text
        return None

    mail = _eventually(invitation, worker_log=worker)

    assert "Subject: Invito a Rete Sportelli - Comune di Alfa" in mail
    assert "Gentile Ilaria" in mail
    assert "http://alfa.localhost/accesso/reimposta/" in mail


def _publish_conferred_vacancy(tenant: Tenant) -> tuple[int, str]:
    from integrations.outbox.models import OutboxMessage
    from tests.factories import make_employer_here, make_vacancy_here

    tenant.offers_job_desk = True  # this connection's counter offers the job desk
    with tenant_context(tenant):
        vacancy = make_vacancy_here(employer=make_employer_here(), hours_per_week=40)
        message = OutboxMessage.objects.get(kind="vacancy", subject_id=vacancy.pk)
        return message.pk, message.code


def test_given_a_vacancy_published_when_the_worker_consumes_the_national_queue_then_sent(
        worker, tenants, node_journal):
    from integrations.national.models import ConferralSummary
    from integrations.outbox.models import OutboxMessage
    from jobs.models import Employer, Vacancy
    from tests.integrations.outbox_support import routes

    alfa = tenants["alfa"]
    with rows_added_are_removed(alfa, OutboxMessage, Vacancy, Employer), \
            rows_added_are_removed(None, ConferralSummary), routes():
        message_id, code = committed(_publish_conferred_vacancy, alfa)

        def sent():
            with tenant_context(alfa):
                return OutboxMessage.objects.filter(pk=message_id, state="sent").first()

        delivered = _eventually(sent, worker_log=worker)

    received = [json.loads(line) for line in node_journal.read_text().splitlines()]
    assert [(r["code"], r["schema"]) for r in received if r["code"] == code] == [(code, "t_alfa")]
    assert delivered.attempts == 1 and delivered.sent_at is not None
