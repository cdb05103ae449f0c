"""The operator's conferral journey in Chromium, end to end: the site served
in threads of this process (tests/browser.py), a REAL Celery worker process
consuming "celery,national" on the session's test database and broker, and
the REAL simulated national node over HTTP (ModI, our test key pair).

Alfa is made a counter with the job desk for the module (its authorisation in
force, an employer with ATECO and e-mail, a draft vacancy: committed, then
removed). The operator publishes the draft and sees it sent; finds its
conferral in «Conferimenti a Cliclavoro» with the XML sent and the node's
«OK»; the node holds exactly one effect under that code. Then the node loses
what it had (a reset, as after a restore) and the operator updates the
vacancy: the update is chained to a code the node does not know, the node
answers KO, and the operator finds it among the «Rifiutati» with the node's
Italian reason and «Reinvia» offered.

Nothing here touches the database from the test's own thread while the
browser runs (Playwright's loop forbids it): reads and writes go through
``committed`` (a thread and a connection of their own)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.db import connection
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from accounts.models import Role, User
from audit.models import AuditEvent
from config.celery import app as celery_app
from config.embedded import ROOT
from integrations.national.models import ConferralSummary
from integrations.outbox.models import OutboxMessage
from jobs.models import Employer, IntermediationAuthorisation, Vacancy
from tenants import routing
from tenants.models import Tenant
from tests.factories import PASSWORD, make_user
from tests.integration.committed import committed, database_url, rows_added_are_removed

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db]

HOST = "alfa.localhost"
OPERATOR = "operatrice-conferimenti@alfa.example.it"
COMPANY = "Trattoria dell'Angolo di Niccolò s.r.l."
TITLE = "Aiuto cuoco per l'osteria «Sant'Agata»"
WAIT_SECONDS = 40
# The worker's outbox, made quick (declared in settings.RETE_OUTBOX, read from its env).
WORKER_OUTBOX = {"RETE_OUTBOX_BACKOFF_BASE": "0.3", "RETE_OUTBOX_BACKOFF_CAP": "1.5",
                 "RETE_OUTBOX_MAX_ATTEMPTS": "20"}


@pytest.fixture(scope="module")
def worker(django_db_setup, simulator, modi_pair, tmp_path_factory):
    """A Celery worker process toward the session's simulator over ModI."""
    assert connection.settings_dict["NAME"].startswith("test_"), "solo sul database di prova"
    if django_settings.CELERY_BROKER_URL.startswith("filesystem"):
        celery_app.control.purge()  # this session's own folder: leftovers of aborted runs
    key_file, cert_file = modi_pair
    env = {**os.environ, "RETE_ENV": "test", "DATABASE_URL": database_url(),
           "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "platform")]),
           "CONN_MAX_AGE": "0", "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
           **simulator.environment("modi", key_file=key_file, cert_file=cert_file),
           **WORKER_OUTBOX}
    log = tmp_path_factory.mktemp("worker-browser") / "worker.log"
    celery = Path(sys.executable).with_name("celery")
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(celery), "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO",
             "-Q", "celery,national", "--without-heartbeat", "--without-gossip",
             "--without-mingle", "--hostname", f"browser-{os.getpid()}-{time.time_ns()}@%h"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        yield log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _job_desk(tenant_id: int, offers: bool) -> bool:
    """Set alfa's job desk flag; the value it had."""
    before = Tenant.objects.get(pk=tenant_id).offers_job_desk
    Tenant.objects.filter(pk=tenant_id).update(offers_job_desk=offers)
    routing.invalidate()  # the server's threads route through this process's table
    return before


def _prepare(tenant: Tenant) -> int:
    """The operator, the authorisation in force, an employer Cliclavoro accepts
    (ATECO, e-mail) and a draft vacancy: the vacancy's id."""
    from tests.factories import authorise_here, make_employer_here, make_vacancy_here

    tenant.offers_job_desk = True
    with tenant_context(tenant):
        operator = make_user(tenant, Role.OPERATOR, email=OPERATOR)
        authorise_here()
        employer = make_employer_here(COMPANY, ateco_code="56.10.11",
                                      email="info@trattoria-angolo.example.it")
        vacancy = make_vacancy_here(employer=employer, title=TITLE, publish=False,
                                    hours_per_week=40, operator=operator)
        assert not OutboxMessage.objects.filter(subject_id=vacancy.pk).exists()
        return vacancy.pk


@pytest.fixture
def desk(worker, node, cliclavoro_settings):
    """Alfa with the job desk and a draft vacancy, the node clean, the worker
    running; everything committed is removed afterwards."""
    from integrations.cliclavoro import vocab

    vocab.forget()
    alfa = committed(Tenant.objects.get, slug="alfa")
    tables = (AuditEvent, OutboxMessage, Session, AccessAttempt, AccessLog, AccessFailureLog,
              Vacancy, Employer, IntermediationAuthorisation, User)
    with rows_added_are_removed(alfa, *tables), rows_added_are_removed(None, ConferralSummary):
        before = committed(_job_desk, alfa.pk, True)
        try:
            yield {"tenant": alfa, "vacancy": committed(_prepare, alfa)}
        finally:
            committed(_job_desk, alfa.pk, before)
            vocab.forget()


def _log_in(page: Page, site) -> None:
    page.goto(site.url(HOST, "/"))
    page.get_by_role("link", name="Area riservata al personale dello sportello").click()
    page.get_by_label("E-mail").fill(OPERATOR)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_test_id("utente-corrente")).to_contain_text("Operatore")


def _reload_until(page: Page, locator, text: str, *, worker: Path, what: str) -> None:
    """Reload the page (as the operator would) until ``locator`` reads ``text``."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if locator.count() and locator.first.inner_text().strip() == text:
            return
        page.wait_for_timeout(250)
        page.reload()
    pytest.fail(f"{what}: non avvenuto entro {WAIT_SECONDS} s; la pagina dice "
                f"«{locator.first.inner_text() if locator.count() else '(niente)'}». "
                f"Log del worker:\n{worker.read_text(errors='replace')[-3000:]}")


def _open_from_the_menu(page: Page) -> None:
    page.locator("#nav-principale").get_by_role("button", name="Sportello Lavoro",
                                                 exact=True).click()
    page.locator("#nav-principale").get_by_role("link", name="Conferimenti a Cliclavoro").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conferimenti a Cliclavoro")


def _find_by_code(page: Page, code: str):
    page.get_by_label("Codice comunicazione").fill(code)
    page.get_by_role("button", name="Filtra").click()
    expect(page.get_by_test_id("totale-conferimenti")).to_have_text("1")
    return page.get_by_test_id("elenco-conferimenti").get_by_role("row").filter(has_text=code)


def test_given_a_draft_when_published_then_sent_ok_once_and_a_refused_update_in_rifiutati(
        desk, node, worker, site, page, tmp_path):
    alfa = desk["tenant"]

    # 1. The operator publishes the draft and, reloading, sees it sent.
    _log_in(page, site)
    vacancy_url = site.url(HOST, f"/lavoro/offerte/{desk['vacancy']}/")
    page.goto(vacancy_url)
    expect(page.get_by_test_id("titolo-offerta")).to_have_text(TITLE)
    expect(page.get_by_test_id("nota-conferimento")).to_contain_text(
        "Sarà conferita a Cliclavoro alla pubblicazione")
    expect(page.get_by_test_id("conferimento-cliclavoro")).to_contain_text("Non conferito")
    page.get_by_role("button", name="Pubblica").click()
    expect(page.get_by_test_id("stato-offerta")).to_contain_text("Pubblicata")
    badge = page.get_by_test_id("conferimento-cliclavoro").locator(".badge")
    _reload_until(page, badge, "Inviato", worker=worker, what="offerta inviata a Cliclavoro")
    expect(page.get_by_test_id("conferimento-cliclavoro")).to_have_text("Cliclavoro: Inviato")
    expect(page.get_by_test_id("nota-conferimento")).to_have_text(  # no longer «Sarà conferita»
        "Conferita a Cliclavoro anche se visibile solo allo sportello: un intermediario "
        "autorizzato conferisce a Cliclavoro tutte le sue offerte.")

    def first_conferral():
        with tenant_context(alfa):
            return OutboxMessage.objects.get(kind="vacancy", subject_id=desk["vacancy"]).code
    code = committed(first_conferral)

    # 2. «Conferimenti a Cliclavoro», from the menu: the row by its code, the XML, the «OK».
    _open_from_the_menu(page)
    row = _find_by_code(page, code)
    expect(row).to_contain_text("Inviato")
    expect(row).to_contain_text(TITLE)
    row.get_by_role("link", name=code).click()
    expect(page.get_by_test_id("codice-comunicazione")).to_have_text(code)
    expect(page.get_by_test_id("stato-conferimento")).to_have_text("Inviato")
    xml = page.get_by_test_id("xml-inviato")
    expect(xml).to_contain_text(code)
    expect(xml).to_contain_text(COMPANY)  # the apostrophe and the accent, as typed
    expect(xml).to_contain_text("56.10.11")
    expect(page.get_by_role("heading", name="XML inviato")).to_be_visible()
    expect(page.get_by_test_id("tipo-risposta")).to_have_text("OK")
    attempts = page.get_by_test_id("tentativo")
    expect(attempts).to_have_count(1)
    attempts.locator("summary", has_text="Risposta").click()
    expect(attempts.locator("details pre").last).to_contain_text(
        re.compile(r"Tipo_Risposta>OK</"))
    page.screenshot(path=str(tmp_path / "conferimento-inviato.png"), full_page=True)

    # 3. The node holds exactly one effect under that code.
    received = node.received()
    assert Counter(e["code"] for e in received["effects"]) == Counter({code: 1})
    assert received["effects"][0]["kind"] == "vacancy"

    # 4. The node loses what it had; the update chained to it is refused.
    node.reset()
    page.goto(vacancy_url)
    page.get_by_role("link", name="Modifica").click()
    page.get_by_label("Posti").fill("2")
    page.get_by_test_id("salva-offerta").click()
    expect(page.get_by_test_id("titolo-offerta")).to_have_text(TITLE)
    _reload_until(page, badge, "Rifiutato (lista degli scarti)", worker=worker,
                  what="aggiornamento rifiutato dal nodo")

    def update_conferral():
        with tenant_context(alfa):
            return OutboxMessage.objects.filter(kind="vacancy",
                                                subject_id=desk["vacancy"]).latest("id")
    update = committed(update_conferral)
    assert update.code != code and update.previous_code == code

    _open_from_the_menu(page)
    page.get_by_role("link", name="Rifiutati").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Conferimenti rifiutati (lista degli scarti)")
    row = _find_by_code(page, update.code)
    row.get_by_role("link", name=update.code).click()
    expect(page.get_by_test_id("stato-conferimento")).to_have_text(
        "Rifiutato (lista degli scarti)")
    expect(page.get_by_test_id("tipo-risposta")).to_have_text("KO")
    expect(page.get_by_test_id("esito")).to_contain_text(
        f"Codice comunicazione precedente sconosciuto: {code} (anomalia E005)")
    expect(page.get_by_test_id("reinvia")).to_have_text("Reinvia")
    page.screenshot(path=str(tmp_path / "conferimento-rifiutato.png"), full_page=True)
    page.get_by_test_id("reinvia").click()
    expect(page.get_by_text("Conferimento rimesso in coda di invio.")).to_be_visible()
    # Resent as it was, with nothing fixed at the node: refused again, and still no effect
    # (waited for, so that nothing is in flight when the rows are removed).
    _reload_until(page, page.get_by_test_id("stato-conferimento"),
                  "Rifiutato (lista degli scarti)", worker=worker, what="reinviato e rifiutato")
    expect(page.get_by_test_id("tentativo")).to_have_count(2)
    assert node.effects() == []
