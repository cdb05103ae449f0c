"""The frame of the pages in a real browser: no Content-Security-Policy
violation (nor any other console error) on the main pages, the staff menu
behind a toggle button below 992 px, the administrator's menu on one line at
1366 px, the agenda's buttons inside a small screen, and the error summary
taking the focus."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from accounts.models import Role, User
from audit.models import AuditEvent
from tenants.models import Tenant
from tests.factories import PASSWORD
from tests.integration.committed import committed, rows_added_are_removed

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ADMIN_EMAIL = "amministratrice-layout@alfa.example.it"

STAFF_PAGES = ["/", "/persone/", "/persone/nuova/", "/agenda/", "/servizi/", "/servizi/orari/",
               "/personale/", "/registro-attivita/", "/dichiarazione-di-accessibilita/"]
ANONYMOUS_PAGES = [("alfa.localhost", "/accesso/"), ("alfa.localhost", "/prenota/"),
                   ("alfa.localhost", "/informativa-privacy/"), ("localhost", "/"),
                   ("localhost", "/note-legali/")]


def _create_admin(tenant: Tenant) -> None:
    with tenant_context(tenant):
        User.objects.create_user(email=ADMIN_EMAIL, password=PASSWORD, role=Role.TENANT_ADMIN,
                                 first_name="Marta", last_name="Ricci")


@pytest.fixture(scope="module")
def admin(django_db_setup, django_db_blocker) -> str:
    with django_db_blocker.unblock():
        alfa = Tenant.objects.get(slug="alfa")
        with rows_added_are_removed(alfa, User, AccessAttempt, AccessLog, AccessFailureLog,
                                    Session, AuditEvent):
            committed(_create_admin, alfa)
            yield ADMIN_EMAIL


def _console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(f"{page.url}: {message.text}")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _log_in(page, site, email: str) -> None:
    page.goto(site.url("alfa.localhost", "/accesso/"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_test_id("utente-corrente")).to_have_count(1)


def test_given_the_main_pages_when_opened_then_no_csp_violation_or_console_error(
        page, site, admin):
    errors = _console_errors(page)
    for host, path in ANONYMOUS_PAGES:
        page.goto(site.url(host, path))
        expect(page.locator("footer")).to_contain_text("Dichiarazione di accessibilità")

    _log_in(page, site, admin)
    for path in STAFF_PAGES:
        page.goto(site.url("alfa.localhost", path))
        expect(page.locator("footer")).to_contain_text("Note legali")
    # The live codice fiscale check (htmx) runs under the policy too.
    page.goto(site.url("alfa.localhost", "/persone/nuova/"))
    page.get_by_label("Codice fiscale").fill("RSSMRA80A01H501U")
    expect(page.get_by_test_id("esito-codice-fiscale")).to_be_visible()

    assert errors == []


def test_given_a_small_screen_when_opening_the_menu_then_the_toggle_button_shows_it(
        page, site, admin):
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, site, admin)
    menu_link = page.locator("#nav-principale").get_by_role("link", name="Persone", exact=True)
    expect(menu_link).to_be_hidden()

    page.get_by_test_id("apri-menu").click()

    expect(menu_link).to_be_visible()
    menu_link.click()
    expect(page).to_have_url(site.url("alfa.localhost", "/persone/"))


def test_given_a_small_screen_when_opening_the_agenda_then_nothing_runs_off_screen(
        page, site, admin):
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, site, admin)

    page.goto(site.url("alfa.localhost", "/agenda/"))

    expect(page.get_by_role("link", name="Oggi")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    boxes = [link.bounding_box() for link in page.locator('nav[aria-label="Periodo"] a').all()]
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= 390 for box in boxes)


def test_given_the_administrator_at_1366_px_when_reading_the_menu_then_it_fits_one_line(
        page, site, admin):
    page.set_viewport_size({"width": 1366, "height": 900})
    _log_in(page, site, admin)

    tops = page.locator("#nav-principale .navbar-nav > li").evaluate_all(
        "items => items.map(item => Math.round(item.getBoundingClientRect().top))")

    assert len(tops) >= 8
    assert len(set(tops)) == 1
    page.locator("#nav-principale").get_by_role("button", name="Sportello", exact=True).click()
    expect(page.get_by_role("link", name="Orari")).to_be_visible()


def test_given_a_form_sent_with_errors_when_the_page_returns_then_the_summary_has_the_focus(
        page, site, admin):
    _log_in(page, site, admin)
    page.goto(site.url("alfa.localhost", "/personale/nuovo/"))

    page.get_by_role("button", name="Crea e invia l'invito").click()

    summary = page.get_by_test_id("errori-modulo")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="E-mail: Campo obbligatorio.").click()
    expect(page.get_by_label("E-mail")).to_be_focused()


def test_given_a_wrong_code_sent_when_corrected_then_the_live_check_clears_the_old_error(
        page, site, admin):
    _log_in(page, site, admin)
    page.goto(site.url("alfa.localhost", "/persone/nuova/"))
    code = page.get_by_label("Codice fiscale")
    code.fill("RSSMRA80A01H501X")
    page.locator("#id_last_name").fill("Rossi")
    page.locator("#id_first_name").fill("Mario")
    page.get_by_test_id("salva-persona").click()
    expect(page.locator("#id_codice_fiscale-errore")).to_be_visible()
    expect(code).to_have_attribute("aria-invalid", "true")

    code.fill("RSS MRA 80A01 H501U")

    expect(page.get_by_test_id("esito-codice-fiscale")).to_contain_text("nato il 01/01/1980")
    expect(page.locator("#id_codice_fiscale-errore")).to_have_count(0)
    expect(code).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("errori-modulo").get_by_role(
        "link", name=re.compile("^Codice fiscale"))).to_have_count(0)
