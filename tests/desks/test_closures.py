"""National holidays (Easter Monday computed) and the counter's closures:
public booking offers and accepts nothing on them, the agenda shows the day
closed and refuses to schedule there; the administrator sets closures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEvent
from desks import closures, selectors, services
from desks.errors import CounterClosed
from desks.models import Appointment, Closure
from tests.factories import local, make_closure, make_user
from tests.support import text_of

EASTER_MONDAY_2030 = date(2030, 4, 22)  # Easter 2030 is 21 April
IMMACULATE_2031 = date(2031, 12, 8)  # a Monday


@pytest.fixture
def admin_client(tenant_a, tenant_client):
    return tenant_client(tenant_a, Role.TENANT_ADMIN)


@pytest.mark.parametrize("day,name", [
    (date(2030, 1, 1), "Capodanno"), (date(2030, 1, 6), "Epifania"),
    (EASTER_MONDAY_2030, "Lunedì dell'Angelo"), (date(2031, 4, 14), "Lunedì dell'Angelo"),
    (date(2030, 4, 25), "Anniversario della Liberazione"), (date(2030, 5, 1), "Festa del Lavoro"),
    (date(2030, 6, 2), "Festa della Repubblica"), (date(2030, 8, 15), "Assunzione"),
    (date(2030, 11, 1), "Ognissanti"), (IMMACULATE_2031, "Immacolata Concezione"),
    (date(2030, 12, 25), "Natale"), (date(2030, 12, 26), "Santo Stefano"),
])
def test_given_an_italian_national_holiday_when_asking_then_it_is_named(day, name):
    assert name in closures.holiday_name(day, province="")


def test_given_a_working_day_when_asking_then_no_holiday():
    assert closures.holiday_name(date(2030, 4, 23), province="") is None


def test_given_a_counter_in_bologna_when_asking_about_4_october_then_its_patron_saint():
    assert "San Petronio" in closures.holiday_name(date(2030, 10, 4), province="BO")
    assert closures.holiday_name(date(2030, 6, 29), province="BO") is None
    assert "Pietro e Paolo" in closures.holiday_name(date(2030, 6, 29), province="RM")


def test_given_easter_monday_when_listing_free_slots_then_none_that_day_but_the_next(in_a):
    slots = selectors.free_slots(start=EASTER_MONDAY_2030, days=2,
                                 now=local(EASTER_MONDAY_2030 - timedelta(days=1), 12))

    days = {timezone.localdate(s.starts_at) for s in slots}
    assert days == {EASTER_MONDAY_2030 + timedelta(days=1)}


def test_given_a_holiday_slot_when_a_citizen_posts_it_anyway_then_refused_in_italian(in_a):
    with pytest.raises(CounterClosed) as refused:
        services.book_online(
            slot_start=local(IMMACULATE_2031, 10), name="Lucia Neri", email="l@example.it",
            phone="347 1112223", reason="Informazioni", privacy_acknowledged=True,
            now=local(IMMACULATE_2031 - timedelta(days=3), 12))

    assert refused.value.field == "slot"
    assert refused.value.message == ("Lo sportello è chiuso lunedì 8 dicembre 2031 (Immacolata "
                                     "Concezione): scegliere un altro giorno.")
    assert not Appointment.objects.filter(starts_at=local(IMMACULATE_2031, 10)).exists()


def test_given_a_closure_when_a_citizen_opens_the_booking_then_its_days_are_not_offered(
        tenant_a, tenant_client):
    with tenant_context(tenant_a):
        slot = selectors.free_slots()[0]
        day = timezone.localdate(slot.starts_at)
        make_closure(day, reason="Inventario annuale")
    connection.set_schema_to_public()
    client = tenant_client(tenant_a)

    page = client.get("/prenota/")
    posted = client.post("/prenota/", {
        "slot": slot.key, "name": "Lucia Neri", "email": "lucia@example.it",
        "phone": "347 1112223", "reason": "Informazioni", "privacy": "on"})

    assert f'value="{slot.key}"' not in page.content.decode()
    assert "Inventario annuale" in text_of(page)
    assert posted.status_code == 400
    assert "Lo sportello è chiuso" in text_of(posted)
    assert "(Inventario annuale)" in text_of(posted)


def test_given_a_holiday_when_an_operator_schedules_then_a_clear_italian_error(in_a, tenant_a):
    operator = make_user(tenant_a, Role.OPERATOR)
    with pytest.raises(CounterClosed) as refused:
        services.schedule_appointment(person=None, starts_at=local(IMMACULATE_2031, 10),
                                      kind="consulenza", acting_user=operator)

    assert refused.value.code == "sportello_chiuso"
    assert refused.value.field == "starts_at"
    assert "Immacolata Concezione" in refused.value.message


def test_given_a_closure_when_scheduling_from_the_agenda_form_then_the_error_is_at_the_time(
        tenant_a, tenant_client):
    with tenant_context(tenant_a):
        make_closure(date(2030, 5, 6), date(2030, 5, 10), reason="Trasloco degli uffici")
    connection.set_schema_to_public()

    response = tenant_client(tenant_a, Role.OPERATOR).post("/agenda/nuovo/", {
        "date": "2030-05-08", "time": "10:00", "minutes": "30", "kind": "consulenza"})

    assert response.status_code == 200
    assert ("Lo sportello è chiuso mercoledì 8 maggio 2030 (Trasloco degli uffici): scegliere "
            "un altro giorno.") in text_of(response)
    with tenant_context(tenant_a):
        assert not Appointment.objects.filter(starts_at=local(date(2030, 5, 8), 10)).exists()


def test_given_a_holiday_when_the_operator_opens_that_day_then_it_shows_closed(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)

    day = client.get(f"/agenda/?data={IMMACULATE_2031}&vista=giorno")
    week = client.get(f"/agenda/?data={IMMACULATE_2031}")
    open_day = client.get(f"/agenda/?data={IMMACULATE_2031 + timedelta(days=1)}&vista=giorno")

    assert "Sportello chiuso : Immacolata Concezione." in text_of(day)
    assert f'data-testid="giorno-chiuso-{IMMACULATE_2031}"' in week.content.decode()
    assert "Sportello chiuso" not in text_of(open_day)


def test_given_the_admin_when_adding_a_closure_then_listed_audited_and_on_the_public_page(
        tenant_a, tenant_client, admin_client):
    day = timezone.localdate() + timedelta(days=10)
    while day.weekday() > 4 or closures.holiday_name(day, province="BO"):
        day += timedelta(days=1)

    response = admin_client.post("/servizi/chiusure/", {
        "starts_on": day.isoformat(), "ends_on": "", "reason": "Formazione del personale"},
        follow=True)

    assert "Chiusura aggiunta" in text_of(response)
    assert "Formazione del personale" in text_of(response)
    with tenant_context(tenant_a):
        closure = Closure.objects.get(reason="Formazione del personale")
        assert (closure.starts_on, closure.ends_on) == (day, day)
        assert AuditEvent.objects.filter(action=services.CLOSURE_ADDED,
                                         target_id=str(closure.pk)).exists()
    public = text_of(tenant_client(tenant_a).get("/sportello/"))
    assert "Giorni di chiusura" in public
    assert "Formazione del personale" in public


def test_given_a_closure_ending_before_it_starts_when_adding_then_the_error_is_at_the_end(
        admin_client):
    response = admin_client.post("/servizi/chiusure/", {
        "starts_on": "2030-05-10", "ends_on": "2030-05-06", "reason": "Trasloco"})

    assert response.status_code == 400
    assert "L'ultimo giorno non può precedere il primo." in text_of(response)
    assert 'id="id_ends_on-errore"' in response.content.decode()


def test_given_a_closure_when_the_admin_deletes_it_then_the_days_are_bookable_again(
        tenant_a, admin_client):
    with tenant_context(tenant_a):
        closure = make_closure(date(2030, 5, 6), reason="Sciopero")
    connection.set_schema_to_public()

    admin_client.post(f"/servizi/chiusure/{closure.pk}/elimina/")

    with tenant_context(tenant_a):
        assert not Closure.objects.filter(pk=closure.pk).exists()
        assert closures.closed_reason(date(2030, 5, 6)) is None
        assert AuditEvent.objects.filter(action=services.CLOSURE_REMOVED).exists()


def test_given_an_operator_when_opening_the_closures_then_not_allowed(tenant_a, tenant_client):
    response = tenant_client(tenant_a, Role.OPERATOR).get("/servizi/chiusure/")

    assert response.status_code in (403, 404)
