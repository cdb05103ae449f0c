"""The job desk's journey in Chromium, on the counter's own domain: an employer
sends a staffing need from the counter's public page; the operator turns it
into a vacancy for the rete delle reti (the counter's authorisation is in
force) and publishes it; the vacancy is on the public board and in the public
exchange; two candidates with CVs are recommended with reasons the operator
reads; one is hired, the vacancy closes as «coperta» and leaves the public
board and the rete delle reti."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from accounts.models import Role, User
from audit.models import AuditEvent
from casework.models import Pathway, PathwayEvent
from exchange.models import ExchangeEntry
from jobs.models import (
    Application,
    ApplicationEvent,
    Candidate,
    Employer,
    IntermediationAuthorisation,
    StaffingNeed,
    Vacancy,
)
from people.models import ConsentRecord, Person
from tenants.models import Tenant
from tests.factories import PASSWORD, PIVA_BETA, make_authorisation, make_candidate
from tests.integration.committed import committed, rows_added_are_removed

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

HOST = "alfa.localhost"
OPERATOR = "operatore-lavoro@alfa.example.it"
COMPANY = "Osteria del Portico s.r.l."
TITLE = "Aiuto cuoco per l'osteria"
COOK = "5.2.2.1.0.1"


def _prepare(tenant: Tenant) -> None:
    with tenant_context(tenant):
        operator = User.objects.create_user(email=OPERATOR, password=PASSWORD,
                                            role=Role.OPERATOR, first_name="Marta",
                                            last_name="Serra")
        make_authorisation()
        make_candidate(operator=operator, first_name="Niccolò", last_name="D'Angelo",
                       desired=[COOK], licences=[("patente", "02")])
        make_candidate(operator=operator, first_name="Giulia", last_name="Bassi",
                       experiences=["5.2.2.1.0.3"], comune="F205")


@pytest.fixture(scope="module")
def desk(django_db_setup, django_db_blocker):
    """Alfa's operator, authorisation and two CVs, committed for the server's
    threads; what the journey adds is removed after the module."""
    with django_db_blocker.unblock():
        alfa = Tenant.objects.get(slug="alfa")
        with rows_added_are_removed(None, ExchangeEntry), rows_added_are_removed(
                alfa, AuditEvent, ApplicationEvent, Application, Vacancy, StaffingNeed,
                Employer, PathwayEvent, Pathway, Candidate, ConsentRecord, Person,
                IntermediationAuthorisation, Session, AccessAttempt, AccessLog,
                AccessFailureLog, User):
            committed(_prepare, alfa)
            yield


def test_a_need_becomes_a_vacancy_matched_filled_and_gone_from_the_public_pages(
        page, site, desk, tmp_path):
    today = date.today()
    # The employer, on the counter's public page, sends a staffing need.
    page.goto(site.url(HOST, "/lavoro/richiesta-personale/"))
    page.get_by_label("Ragione sociale").fill(COMPANY)
    page.get_by_label("Partita IVA o codice fiscale").fill(PIVA_BETA)
    page.get_by_label("Persona da contattare").fill("Carla Monti")
    page.get_by_label("E-mail").fill("carla@osteria.example.it")
    page.get_by_label("Figura professionale ricercata").fill("Aiuto cuoco")
    page.locator("label[for=id_privacy]").click()  # the styled checkbox: its label
    page.get_by_test_id("invia-richiesta").click()
    expect(page.get_by_test_id("richiesta-inviata")).to_be_visible()

    # The operator signs in and finds the need.
    page.goto(site.url(HOST, "/"))
    page.get_by_role("link", name="Area riservata al personale dello sportello").click()
    page.get_by_label("E-mail").fill(OPERATOR)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_test_id("utente-corrente")).to_contain_text("Operatore")
    page.goto(site.url(HOST, "/lavoro/richieste/"))
    page.get_by_role("link", name="Aiuto cuoco").first.click()
    page.get_by_test_id("trasforma-in-offerta").click()
    page.get_by_role("button", name="Registrala dai dati della richiesta").click()

    # It becomes a vacancy for the rete delle reti, then published.
    page.get_by_label("Titolo dell'offerta").fill(TITLE)
    page.get_by_label("Professione (CP2011, sesto livello)").fill(COOK)
    page.get_by_label("Comune del posto di lavoro").fill("A944")
    page.get_by_label("Posti").fill("1")
    page.get_by_label("Patenti e abilitazioni").fill("patente 02")
    page.get_by_label("Tipo di contratto", exact=True).fill("A01")
    page.get_by_label("Pubblicata dal").fill(today.isoformat())
    page.get_by_label("Pubblicata fino al").fill((today + timedelta(days=30)).isoformat())
    page.get_by_label("Visibilità").select_option("rete_delle_reti")
    page.get_by_test_id("salva-offerta").click()
    expect(page.get_by_test_id("titolo-offerta")).to_have_text(TITLE)
    page.get_by_test_id("pubblica-offerta").click()
    expect(page.get_by_test_id("storia-offerta")).to_contain_text("Pubblicata")
    vacancy_url = page.url

    # Anyone sees it on the counter's board and in the rete delle reti.
    page.goto(site.url(HOST, "/lavoro/bacheca/offerte/"))
    expect(page.get_by_text(TITLE)).to_be_visible()
    page.goto(site.url(settings.BASE_DOMAIN, "/rete-delle-reti/?q=cuoco"))
    expect(page.get_by_text(TITLE)).to_be_visible()

    # The two candidates are recommended with reasons the operator can check.
    page.goto(vacancy_url)
    page.get_by_test_id("candidati-consigliati").click()
    first = page.locator("li").filter(has_text="Niccolò D'Angelo").first
    second = page.locator("li").filter(has_text="Giulia Bassi").first
    expect(first).to_contain_text(f"Professione richiesta {COOK}")
    expect(first).to_contain_text("stessa professione (6° livello)")
    expect(first).to_contain_text("Distanza: stesso comune")
    expect(first).to_contain_text("Patente B: posseduta")
    expect(second).to_contain_text("stessa unità professionale (5° livello)")
    expect(second).to_contain_text("Patente B: non posseduta")
    page.screenshot(path=str(tmp_path / "candidati-consigliati.png"), full_page=True)

    # One is put in the rosa, sent to the employer and hired.
    first.get_by_role("button", name="Aggiungi alla rosa").click()
    applications = page.get_by_test_id("candidature")
    expect(applications).to_contain_text("Nella rosa dei candidati")
    applications.get_by_role("button", name="Inviata all'azienda").click()
    expect(applications).to_contain_text("Inviata all'azienda")
    applications.get_by_label("Tipo di contratto").fill("A01")
    applications.get_by_label("Data di inizio").fill(today.strftime("%d/%m/%Y"))
    applications.get_by_role("button", name="Assunto", exact=True).click()
    expect(applications.get_by_test_id("stato").first).to_have_text("Assunto")

    # The vacancy is closed as filled and gone from the public pages.
    page.goto(vacancy_url)
    expect(page.get_by_test_id("storia-offerta")).to_contain_text("(coperta)")
    page.goto(site.url(HOST, "/lavoro/bacheca/offerte/"))
    expect(page.get_by_text(TITLE)).to_have_count(0)
    page.goto(site.url(settings.BASE_DOMAIN, "/rete-delle-reti/?q=cuoco"))
    expect(page.get_by_text(TITLE)).to_have_count(0)
