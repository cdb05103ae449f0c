"""The whole journey in Chromium, on a counter's own domain: an operator
registers a citizen from the codice fiscale, records the consent, scores 11 on
the screening and sees the second interview booked, records a consultation,
takes the microcredit pathway stage by stage to the disbursement, and the
coordinator sees the loan counted in the dashboard's funnel."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from accounts.models import Role, User
from assessments.models import Assessment
from assessments.seed import ITEMS
from audit.models import AuditEvent
from casework.models import Consultation, Pathway, PathwayEvent
from desks.models import Appointment, AppointmentEvent
from people import codice_fiscale as cf
from people.models import ConsentRecord, Contact, Person
from tenants.models import Tenant
from tests.factories import PASSWORD
from tests.integration.committed import committed, rows_added_are_removed

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

OPERATOR = "operatrice-percorso@alfa.example.it"
COORDINATOR = "coordinatore-percorso@alfa.example.it"
HOST = "alfa.localhost"
# Lucia Verdi, born in Bologna on 12 March 1985: her codice fiscale.
_BASE = (cf.surname_code("Verdi") + cf.name_code("Lucia") + "85" + cf.MONTHS[2] + "52" + "A944")
CODICE_FISCALE = _BASE + cf.check_letter(_BASE)
SCORE_11 = [3, 3, 3, 2, 0, 0, 0, 0]  # one answer per screening item, in order
LENDER = "Microcredito Solidale Esempio S.p.A."


def _create_staff(tenant: Tenant) -> None:
    with tenant_context(tenant):
        User.objects.create_user(email=OPERATOR, password=PASSWORD, role=Role.OPERATOR,
                                 first_name="Marta", last_name="Ferri")
        User.objects.create_user(email=COORDINATOR, password=PASSWORD, role=Role.COORDINATOR,
                                 first_name="Piero", last_name="Galli")


@pytest.fixture(scope="module")
def staff(django_db_setup, django_db_blocker):
    """An operator and a coordinator of alfa, committed for the server's threads;
    everything the journey adds to alfa is removed after the module."""
    with django_db_blocker.unblock():
        alfa = Tenant.objects.get(slug="alfa")
        with rows_added_are_removed(alfa, Assessment, AppointmentEvent, Appointment,
                                    PathwayEvent, Pathway, Consultation, ConsentRecord, Contact,
                                    Person, Session, AccessAttempt, AccessLog, AccessFailureLog,
                                    User, AuditEvent):
            committed(_create_staff, alfa)
            yield


def _log_in(page: Page, email: str) -> None:
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()


def _funnel(page: Page, stage: str) -> int:
    row = page.get_by_test_id("tabella-imbuto").locator(f"tr[data-fase='{stage}']")
    return int(row.locator("td").first.inner_text())


def _advance(page: Page, stage: str, label: str, **fill) -> None:
    """Open the form of the next stage, fill it, confirm: the stage is shown."""
    form = page.get_by_test_id(f"passa-a-{stage}")
    form.locator("summary").click()
    if "lender" in fill:
        select = form.locator("select[name$='-lender']")
        value = select.locator("option", has_text=fill.pop("lender")).get_attribute("value")
        select.select_option(value)
    for field_label, value in fill.items():
        form.get_by_label(field_label).fill(value)
    form.get_by_role("button", name=f"Conferma il passaggio a «{label}»").click()
    expect(page.get_by_role("alert").filter(
        has_text=f"Percorso passato alla fase «{label}».")).to_be_visible()
    expect(page.get_by_test_id("fase-corrente")).to_have_text(label)


def test_given_an_operator_when_following_a_citizen_to_the_loan_then_the_coordinator_sees_it(
        page, site, staff, tmp_path):
    # The coordinator, in a browser of her own, notes the funnel before the journey.
    coordinator = page.context.browser.new_context(locale="it-IT")
    coordinator.set_default_timeout(10_000)
    dashboard = coordinator.new_page()
    dashboard.goto(site.url(HOST, "/cruscotto/"))
    _log_in(dashboard, COORDINATOR)
    expect(dashboard.get_by_role("heading", name="Cruscotto dello sportello")).to_be_visible()
    opened_before = _funnel(dashboard, "primo_contatto")
    disbursed_before = _funnel(dashboard, "erogato")

    # The operator logs in and registers the citizen from her codice fiscale.
    page.goto(site.url(HOST, "/persone/nuova/"))
    _log_in(page, OPERATOR)
    expect(page.get_by_role("heading", name="Registra una persona")).to_be_visible()
    page.get_by_label("Codice fiscale").fill(CODICE_FISCALE.lower())
    expect(page.get_by_test_id("esito-codice-fiscale")).to_contain_text(
        "nata il 12/03/1985 a Bologna (A944)")
    page.get_by_label("Cognome").fill("Verdi")
    page.locator("#id_first_name").fill("Lucia")
    page.get_by_label("Telefono").fill("+39 333 765 4321")
    page.get_by_label("E-mail").fill("lucia.verdi@example.org")
    page.get_by_test_id("salva-persona").click()
    expect(page.get_by_role("alert").filter(has_text="Persona registrata: Lucia Verdi.")) \
        .to_be_visible()
    expect(page.get_by_test_id("nome-persona")).to_have_text("Lucia Verdi")
    expect(page.get_by_test_id("cf-persona")).to_have_text(CODICE_FISCALE)
    expect(page.get_by_test_id("dati-persona")).to_contain_text("12/03/1985, Bologna (A944)")
    person_url = page.url

    # The consent to service delivery, collected on paper.
    consent = page.get_by_test_id("consenso-erogazione")
    consent.get_by_label("Modalità di raccolta (Erogazione dei servizi dello sportello)") \
        .select_option(label="Modulo cartaceo firmato")
    consent.get_by_role("button", name="Registra il consenso").click()
    expect(page.get_by_role("alert").filter(
        has_text="Consenso dato registrato: Erogazione dei servizi dello sportello.")) \
        .to_be_visible()
    expect(page.get_by_test_id("consenso-erogazione")).to_contain_text("Dato")

    # The screening, answered for a total of 11: the second interview is booked.
    page.get_by_role("link", name="Compila una valutazione").click()
    expect(page.get_by_test_id("persona")).to_have_text("Lucia Verdi")
    for (_, _, options), weight in zip(ITEMS, SCORE_11, strict=True):
        answer = next(text for text, points in options if points == weight)
        page.locator("label", has_text=re.compile(rf"^{re.escape(answer)}$")).click()
    expect(page.get_by_test_id("totale-provvisorio")).to_contain_text("Punteggio provvisorio: 11")
    page.get_by_role("button", name="Calcola e salva la valutazione").click()
    expect(page.get_by_test_id("esito")).to_contain_text("Soglia raggiunta: punteggio 11")
    booked = page.get_by_test_id("secondo-colloquio")
    expect(booked).to_contain_text(re.compile(
        r"Secondo colloquio fissato per \S+ \d\d/\d\d/\d{4} alle \d\d:\d\d con Marta Ferri"))
    day, month, year, time_of_day = re.search(
        r"(\d\d)/(\d\d)/(\d{4}) alle (\d\d:\d\d)", booked.inner_text()).groups()
    page.screenshot(path=str(tmp_path / "esito-screening.png"), full_page=True)

    # ... and it is in the agenda of that day, with her name.
    page.goto(site.url(HOST, f"/agenda/?data={year}-{month}-{day}&vista=giorno"))
    slot = page.get_by_test_id(f"agenda-{year}-{month}-{day}").get_by_test_id(
        "appuntamento").filter(has_text="Verdi Lucia")
    expect(slot).to_contain_text("Secondo colloquio")
    expect(slot).to_contain_text(time_of_day)
    expect(slot.get_by_test_id("stato-appuntamento")).to_have_text("Prenotato")

    # A consultation about the business plan.
    page.goto(person_url)
    expect(page.get_by_test_id("cronologia")).to_contain_text("Appuntamento: Secondo colloquio")
    page.get_by_role("link", name="Registra una consulenza").click()
    page.get_by_label("Argomenti").fill("microcredito, business plan")
    page.locator("label", has_text="Supporto alla redazione del business plan").click()
    expect(page.get_by_label("Supporto alla redazione del business plan")).to_be_checked()
    page.get_by_label("Note").fill("Idea: laboratorio di sartoria. Spiegati i requisiti.")
    page.get_by_role("button", name="Registra la consulenza").click()
    expect(page.get_by_role("alert").filter(has_text="Consulenza registrata.")).to_be_visible()
    expect(page.get_by_test_id("dati-consulenza")).to_contain_text(
        "Supporto alla redazione del business plan")

    # The microcredit pathway, from the first contact to the disbursement.
    page.get_by_role("link", name="Percorsi della persona").click()
    page.get_by_label("Tipo di percorso").select_option(label="Microcredito e autoimpiego")
    page.get_by_role("button", name="Apri il percorso").click()
    expect(page.get_by_role("alert").filter(has_text="percorso aperto (Primo contatto)")) \
        .to_be_visible()
    expect(page.get_by_test_id("fase-corrente")).to_have_text("Primo contatto")
    for stage, label in (("informazione", "Informazione"), ("orientamento", "Orientamento"),
                         ("idea_impresa", "Idea d'impresa"), ("business_plan", "Business plan")):
        _advance(page, stage, label)
    _advance(page, "invio_finanziatore", "Invio al finanziatore", lender=LENDER,
             **{"Importo richiesto (€)": "15.000,00"})
    _advance(page, "istruttoria", "Istruttoria del finanziatore")
    _advance(page, "approvato", "Approvato")
    today = timezone.localdate()
    _advance(page, "erogato", "Erogato", lender=LENDER,
             **{"Importo erogato (€)": "14.500,00", "Data di erogazione": today.isoformat()})
    expect(page.get_by_test_id("percorso-microcredito")).to_contain_text(
        f"finanziatore: {LENDER} · erogati 14.500,00 € il {today:%d/%m/%Y}")
    expect(page.get_by_test_id("storia-percorso")).to_contain_text("Approvato → Erogato")
    page.screenshot(path=str(tmp_path / "percorso-erogato.png"), full_page=True)

    # The coordinator reloads the dashboard: one more pathway, one more loan.
    dashboard.reload()
    expect(dashboard.get_by_test_id("tabella-imbuto").locator("tr[data-fase='erogato'] td")
           .first).to_have_text(str(disbursed_before + 1))
    assert _funnel(dashboard, "primo_contatto") == opened_before + 1
    dashboard.screenshot(path=str(tmp_path / "cruscotto.png"), full_page=True)
    coordinator.close()
