"""Logging in to a counter's site in a real browser, and finding the counters
from the national site."""

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

OPERATOR_EMAIL = "operatrice-browser@alfa.example.it"
TYPEFACE_LOADED = """
    async () => (await document.fonts.load('400 1em "Titillium Web"')).length > 0"""


def _create_operator(tenant: Tenant) -> None:
    with tenant_context(tenant):
        User.objects.create_user(email=OPERATOR_EMAIL, password=PASSWORD, role=Role.OPERATOR,
                                 first_name="Sara", last_name="Conti")


@pytest.fixture(scope="module")
def operator(django_db_setup, django_db_blocker) -> str:
    """An operator of alfa, committed for the server's threads; what the
    module leaves in alfa (user, sessions, login records) is removed after it."""
    with django_db_blocker.unblock():
        alfa = Tenant.objects.get(slug="alfa")
        with rows_added_are_removed(alfa, User, AccessAttempt, AccessLog, AccessFailureLog,
                                    Session, AuditEvent):
            committed(_create_operator, alfa)
            yield OPERATOR_EMAIL


def _log_in(page, *, email: str, password: str) -> None:
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Accedi").click()


def test_given_an_operator_of_alfa_when_logging_in_then_the_counter_home_greets_the_administration(
        page, site, operator, tmp_path):
    page.goto(site.url("alfa.localhost", "/"))
    # An anonymous visitor gets the public page; the staff log in from its link.
    expect(page.get_by_test_id("titolo-sportello")).to_have_text("Sportello del Comune di Alfa")
    page.get_by_role("link", name="Area riservata al personale dello sportello").click()
    expect(page).to_have_url(re.compile(r"^http://alfa\.localhost:\d+/accesso/"))
    expect(page).to_have_title(re.compile(r"^Accesso\b"))
    expect(page.get_by_text("Area riservata al personale del Comune di Alfa.")).to_be_visible()

    _log_in(page, email=operator, password=PASSWORD)

    expect(page).to_have_url(site.url("alfa.localhost", "/"))
    expect(page.get_by_test_id("nome-ente")).to_have_text("Comune di Alfa")
    expect(page.get_by_test_id("titolo-home")).to_have_text("Sportello del Comune di Alfa")
    expect(page.get_by_test_id("utente-corrente")).to_contain_text("Operatore")
    # Bootstrap Italia's stylesheet and typeface are served from our static files.
    expect(page.locator(".it-header-center-wrapper")).to_have_css(
        "background-color", "rgb(0, 102, 204)")
    assert page.evaluate(TYPEFACE_LOADED), "il carattere Titillium Web non è stato caricato"
    page.screenshot(path=str(tmp_path / "home-sportello.png"), full_page=True)


def test_given_a_wrong_password_when_logging_in_then_an_italian_error_is_shown(
        page, site, operator):
    page.goto(site.url("alfa.localhost", "/accesso/"))

    _log_in(page, email=operator, password="password-sbagliata")

    expect(page.get_by_test_id("errore-accesso")).to_contain_text("E-mail o password non corretti")
    expect(page).to_have_title(re.compile(r"^Accesso\b"))
    expect(page.get_by_test_id("titolo-home")).to_have_count(0)


def test_given_the_national_site_when_a_citizen_opens_it_then_the_counters_link_to_their_sites(
        page, site, tmp_path):
    page.goto(site.url("localhost", "/"))
    page.screenshot(path=str(tmp_path / "sito-nazionale.png"), full_page=True)

    counters = page.get_by_test_id("elenco-sportelli")
    expect(counters.get_by_role("link", name="Comune di Alfa")).to_have_attribute(
        "href", site.url("alfa.localhost", "/sportello/"))
    expect(counters.get_by_role("link", name="Comune di Beta")).to_have_attribute(
        "href", site.url("beta.localhost", "/sportello/"))

    counters.get_by_role("link", name="Comune di Alfa").click()

    expect(page.get_by_test_id("nome-ente")).to_have_text("Comune di Alfa")
    expect(page.get_by_test_id("titolo-sportello")).to_have_text("Sportello del Comune di Alfa")
