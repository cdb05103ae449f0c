"""In Chromium: registering a citizen from the codice fiscale with the birth
place chosen by name, then finding them as one types."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from accounts.models import Role, User
from audit.models import AuditEvent
from people.models import ConsentRecord, Contact, Person
from tenants.models import Tenant
from tests.factories import PASSWORD
from tests.integration.committed import committed, rows_added_are_removed

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

OPERATOR_EMAIL = "operatore-persone@alfa.example.it"


def _create_operator(tenant: Tenant) -> None:
    with tenant_context(tenant):
        User.objects.create_user(email=OPERATOR_EMAIL, password=PASSWORD, role=Role.OPERATOR)


@pytest.fixture(scope="module")
def operator(django_db_setup, django_db_blocker) -> str:
    with django_db_blocker.unblock():
        alfa = Tenant.objects.get(slug="alfa")
        with rows_added_are_removed(alfa, ConsentRecord, Contact, Person, User, AccessAttempt,
                                    AccessLog, AccessFailureLog, Session, AuditEvent):
            committed(_create_operator, alfa)
            yield OPERATOR_EMAIL


def test_given_an_operator_when_registering_and_searching_then_htmx_helps_at_each_step(
        page, site, operator):  # noqa: F811 - fixtures
    page.goto(site.url("alfa.localhost", "/persone/nuova/"))
    page.get_by_label("E-mail").fill(operator)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page).to_have_url(re.compile(r"/persone/nuova/$"))

    page.get_by_label("Codice fiscale").fill("bncgli92l55a944l")
    expect(page.get_by_test_id("esito-codice-fiscale")).to_contain_text(
        "nata il 15/07/1992 a Bologna (A944)")
    page.get_by_label("Cognome").fill("Bianchi")
    page.locator("#id_first_name").fill("Giulia")
    page.get_by_label("Data di nascita").fill("1992-07-15")
    page.get_by_label("Luogo di nascita (comune o Stato estero)").press_sequentially("bologn")
    page.get_by_test_id("luoghi-suggeriti").get_by_role(
        "link", name=re.compile(r"^Bologna · comune · A944$")).click()
    expect(page.get_by_label("Codice del luogo di nascita (Belfiore)")).to_have_value("A944")
    page.get_by_label("Telefono").fill("+39 051 123456")
    page.get_by_test_id("salva-persona").click()

    expect(page.get_by_test_id("nome-persona")).to_have_text("Giulia Bianchi")
    expect(page.get_by_test_id("dati-persona")).to_contain_text("15/07/1992, Bologna (A944)")

    page.get_by_role("link", name="Persone", exact=True).first.click()
    page.get_by_test_id("cerca-persone").press_sequentially("bian")
    expect(page.get_by_test_id("riepilogo-ricerca")).to_have_text("Risultati per «bian»")
    expect(page.get_by_test_id("elenco-persone").get_by_role("link")).to_have_text(
        ["Bianchi Giulia"])
