"""The citizen's path in Chromium, on a counter's own domain: open the
counter's address and find its contacts, book a slot with the keyboard only,
open the link of the confirmation e-mail, cancel; the operator's agenda shows
the booking cancelled."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core import mail
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from accounts.models import Role, User
from audit.models import AuditEvent
from desks.models import Appointment, AppointmentEvent, CounterContact
from tenants.models import Tenant
from tests.factories import PASSWORD, set_counter_contact
from tests.integration.committed import committed, rows_added_are_removed
from tests.support import tasks_run_at_once

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

HOST = "alfa.localhost"
OPERATOR = "operatore-cittadini@alfa.example.it"
CITIZEN = "giovanna.russo@example.it"
ADDRESS = "Piazza del Nettuno 1, 40100 Alfa"
PHONE = "051 765 4321"


def _prepare(tenant: Tenant) -> None:
    with tenant_context(tenant):
        set_counter_contact(address=ADDRESS, phone=PHONE, email="sportello@alfa.example.it",
                            hours_note="Si riceve su appuntamento.")
        User.objects.create_user(email=OPERATOR, password=PASSWORD, role=Role.OPERATOR,
                                 first_name="Elena", last_name="Galli")


@pytest.fixture(scope="module")
def counter(django_db_setup, django_db_blocker):
    """Alfa's contacts and an operator, committed for the server's threads;
    what the path adds is removed after the module."""
    with django_db_blocker.unblock():
        alfa = Tenant.objects.get(slug="alfa")
        with rows_added_are_removed(alfa, AuditEvent, AppointmentEvent, Appointment,
                                    CounterContact, Session, AccessAttempt, AccessLog,
                                    AccessFailureLog, User):
            committed(_prepare, alfa)
            yield


def _tab_to(page: Page, element_id: str, *, presses: int = 15) -> None:
    """Press Tab until the element with ``element_id`` has the focus."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"{element_id} non si raggiunge con il tasto Tab")


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _last_mail_to(recipient: str, subject_start: str):
    return next(m for m in reversed(mail.outbox)
                if recipient in m.to and m.subject.startswith(subject_start))


def test_given_a_citizen_when_booking_by_keyboard_and_cancelling_from_the_email_then_done(
        page, site, counter, tmp_path):
    with tasks_run_at_once():  # the confirmations leave from the server's threads at once
        # The counter's address: its public page, with contacts and hours.
        page.goto(site.url(HOST, "/"))
        expect(page.get_by_test_id("titolo-sportello")).to_have_text(
            "Sportello del Comune di Alfa")
        contacts = page.get_by_test_id("contatti-sportello")
        expect(contacts.get_by_test_id("indirizzo")).to_have_text(ADDRESS)
        expect(contacts.get_by_test_id("telefono")).to_have_text(PHONE)
        expect(contacts.get_by_test_id("orari")).to_contain_text("Lunedì")
        expect(page.get_by_role("link", name="Area riservata al personale dello sportello")
               ).to_be_visible()
        page.screenshot(path=str(tmp_path / "pagina-pubblica.png"), full_page=True)

        # To the booking, by keyboard.
        page.get_by_test_id("vai-a-prenota").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Prenota un appuntamento", exact=True)
               ).to_be_visible()
        page.get_by_text("Con la tastiera:").click()  # where Tab starts from, like a reader
        page.keyboard.press("Tab")
        first = page.locator("input[name=slot]").nth(0)
        second = page.locator("input[name=slot]").nth(1)
        expect(first).to_be_focused()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Space")
        expect(second).to_be_focused()
        expect(second).to_be_checked()
        expect(first).not_to_be_checked()
        chosen_label = page.locator(f"label[for='{second.get_attribute('id')}']")
        # Chosen: a tick and bold type, not the colour alone; a dark focus ring.
        tick = chosen_label.evaluate("l => getComputedStyle(l, '::before').content")
        assert "✓" in tick
        expect(chosen_label).to_have_css("font-weight", "700")
        expect(chosen_label).to_have_css("outline-width", "3px")
        ring = chosen_label.evaluate("l => getComputedStyle(l).outlineColor")
        assert _contrast(ring, "rgb(255, 255, 255)") >= 3
        slot_text = second.get_attribute("data-label")
        slot_day = second.get_attribute("value")[:10]
        expect(page.get_by_test_id("orario-scelto")).to_have_text(f"Orario scelto: {slot_text}")
        page.screenshot(path=str(tmp_path / "orario-scelto.png"), full_page=True)

        _tab_to(page, "id_name")
        page.keyboard.type("Giovanna Russo")
        _tab_to(page, "id_email")
        page.keyboard.type(CITIZEN)
        _tab_to(page, "id_phone")
        page.keyboard.type("333 1234567")
        _tab_to(page, "id_reason")
        page.keyboard.type("Vorrei informazioni sul microcredito")
        _tab_to(page, "id_privacy")
        page.keyboard.press("Space")
        _tab_to(page, "invia-prenotazione")
        page.keyboard.press("Enter")

        expect(page.get_by_test_id("prenotazione-confermata")).to_have_text(
            "Prenotazione registrata")
        expect(page.get_by_test_id("quando")).to_have_text(re.compile(
            re.escape(slot_text.split(" alle ")[0]) + r" \d{4} alle "
            + re.escape(slot_text.split(" alle ")[1])))
        expect(page.get_by_test_id("contatti-sportello").get_by_test_id("telefono")
               ).to_have_text(PHONE)

        # The e-mail: the contacts, and the signed link to the booking.
        confirmation = _last_mail_to(CITIZEN, "Conferma appuntamento")
        assert f"Telefono: {PHONE}" in confirmation.body
        assert f"Indirizzo: {ADDRESS}" in confirmation.body
        link = re.search(r"http://\S+/prenotazione/\S+/", confirmation.body).group(0)
        assert link.startswith(site.url(HOST, "/prenotazione/"))

        page.goto(link)
        expect(page.get_by_test_id("la-sua-prenotazione")).to_be_visible()
        expect(page.get_by_test_id("stato-prenotazione")).to_have_text("Confermata")
        page.get_by_test_id("vai-ad-annulla").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("conferma-annullamento")).to_have_text(
            "Annullare la prenotazione?")
        page.screenshot(path=str(tmp_path / "conferma-annullamento.png"), full_page=True)
        page.get_by_test_id("annulla-prenotazione").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("prenotazione-annullata")).to_have_text(
            "Prenotazione annullata")
        cancelled = _last_mail_to(CITIZEN, "Prenotazione annullata")
        assert "è stata annullata" in cancelled.body

        # The link again: the booking is shown cancelled, with nothing to cancel.
        page.goto(link)
        expect(page.get_by_test_id("stato-prenotazione")).to_have_text("Annullata")
        expect(page.get_by_test_id("vai-ad-annulla")).to_have_count(0)

        # The slot is free again for the next citizen.
        page.goto(site.url(HOST, "/prenota/"))
        expect(page.locator(f"input[name=slot][data-label='{slot_text}']")).to_have_count(1)

        # The operator's agenda shows the cancellation.
        page.goto(site.url(HOST, "/"))
        page.get_by_role("link", name="Area riservata al personale dello sportello").click()
        page.get_by_label("E-mail").fill(OPERATOR)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Accedi").click()
        expect(page.get_by_test_id("utente-corrente")).to_contain_text("Operatore")
        page.goto(site.url(HOST, f"/agenda/?data={slot_day}&vista=giorno"))
        row = page.get_by_test_id("appuntamento").filter(has_text="Giovanna Russo")
        expect(row).to_have_count(1)
        expect(row.get_by_test_id("stato-appuntamento")).to_have_text("Annullato")
        page.screenshot(path=str(tmp_path / "agenda-annullato.png"), full_page=True)
