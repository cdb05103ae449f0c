"""The screening in a real browser: the provisional total follows the
answers (htmx) and a score of 11 shows the second interview."""

from __future__ import annotations

import re
from datetime import date

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from accounts.models import Role, User
from assessments.models import Assessment
from assessments.seed import ITEMS
from audit.models import AuditEvent
from desks.models import Appointment, AppointmentEvent
from people.models import ConsentPurpose, ConsentRecord, Person
from people.services import PersonData, record_consent, register_person
from tenants.models import Tenant
from tests.factories import PASSWORD
from tests.integration.committed import committed, rows_added_are_removed

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

EMAIL = "operatrice-screening@alfa.example.it"
SCORE_11 = [3, 3, 3, 2, 0, 0, 0, 0]


def _create(tenant: Tenant) -> int:
    with tenant_context(tenant):
        operator = User.objects.create_user(email=EMAIL, password=PASSWORD, role=Role.OPERATOR,
                                            first_name="Elena", last_name="Gallo")
        person = register_person(data=PersonData(
            first_name="Marta", last_name="Screening", sex="F", birth_date=date(1980, 5, 2),
            birth_place_code="A944"), acting_user=operator)
        record_consent(person=person, purpose=ConsentPurpose.SERVICE, given=True,
                       method=ConsentRecord.Method.ORAL, acting_user=operator)
        return person.pk


@pytest.fixture(scope="module")
def person_id(django_db_setup, django_db_blocker) -> int:
    with django_db_blocker.unblock():
        alfa = Tenant.objects.get(slug="alfa")
        with rows_added_are_removed(alfa, Assessment, AppointmentEvent, Appointment,
                                    ConsentRecord, Person, Session, AccessAttempt, AccessLog,
                                    AccessFailureLog, User, AuditEvent):
            yield committed(_create, alfa)


def test_given_an_operator_when_scoring_11_in_the_browser_then_the_second_interview_is_shown(
        page, site, person_id, tmp_path):
    page.goto(site.url("alfa.localhost", f"/persone/{person_id}/valutazioni/nuova/"))
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_test_id("persona")).to_have_text("Marta Screening")

    total = page.get_by_test_id("totale-provvisorio")
    for (_, _, options), weight in zip(ITEMS, SCORE_11, strict=True):
        label = next(text for text, w in options if w == weight)
        page.locator("label", has_text=re.compile(rf"^{re.escape(label)}$")).click()
    expect(total).to_contain_text("Punteggio provvisorio: 11 (risposte date: 8 di 8")
    expect(total).to_contain_text("soglia raggiunta")
    page.screenshot(path=str(tmp_path / "questionario.png"), full_page=True)

    page.get_by_role("button", name="Calcola e salva la valutazione").click()

    expect(page.get_by_test_id("esito")).to_contain_text("Soglia raggiunta: punteggio 11")
    expect(page.get_by_test_id("secondo-colloquio")).to_contain_text(
        re.compile(r"Secondo colloquio fissato per \S+ \d\d/\d\d/\d{4} alle \d\d:\d\d"))
    page.get_by_test_id("mostra-risposte").click()
    expect(page.get_by_test_id("elenco-risposte")).to_contain_text("Situazione abitativa")
    page.screenshot(path=str(tmp_path / "esito.png"), full_page=True)
