"""Rescheduling an appointment: to a free time inside the opening hours, one
"riprogrammato" event with the old and the new time, audited, and the
citizen told by e-mail after commit."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from core.errors import Conflict, ValidationFailed
from desks import selectors, services
from desks.errors import IllegalTransition, OutsideOpeningHours, SlotTaken
from desks.models import Appointment, AppointmentEvent, OutgoingMessage
from desks.tasks import send_reschedule_notice
from tests.factories import local, make_appointment, make_person, next_weekday
from tests.support import audit_events, tasks_run_at_once, text_of

pytestmark = pytest.mark.django_db


def tuesday(plus_days: int = 0):
    """A Tuesday (plus some days) ahead that is no national holiday (8 December is)."""
    from datetime import timedelta

    from desks.closures import national_holidays

    day = next_weekday(1)
    while {day, day + timedelta(days=plus_days)} & (national_holidays(day.year)
                                                    | national_holidays(day.year + 1)):
        day += timedelta(days=7)
    return day + timedelta(days=plus_days)


PAST_TUESDAY = next_weekday(1, weeks_ahead=-1)


def _reload(tenant, appointment) -> Appointment:
    with tenant_context(tenant):
        fresh = Appointment.objects.get(pk=appointment.pk)
    return fresh


def _events(tenant, appointment) -> list[AppointmentEvent]:
    with tenant_context(tenant):
        rows = list(AppointmentEvent.objects.filter(appointment_id=appointment.pk))
    return rows


def test_operator_moves_an_appointment_and_the_person_gets_an_email(
        tenant_a, tenant_client, operator_a, django_capture_on_commit_callbacks):
    # given: Anna's consultation on Tuesday at 10 with the operator
    day = tuesday()
    person = make_person(tenant_a)
    appointment = make_appointment(tenant_a, starts_at=local(day, 10), person=person,
                                   operator=operator_a)
    client = tenant_client(tenant_a, Role.OPERATOR)
    mail.outbox.clear()

    # when: the operator moves it to Wednesday at 11:30 from its page
    with tasks_run_at_once(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/agenda/{appointment.pk}/riprogramma/", {
            "date": f"{tuesday(1):%Y-%m-%d}",
            "time": "11:30", "note": "Richiesta della persona"})

    # then: moved, with its length, one event with both times, audited, e-mailed
    assert response.status_code == 302
    moved = _reload(tenant_a, appointment)
    new_start = local(tuesday(1), 11, 30)
    assert (moved.starts_at, moved.ends_at - moved.starts_at) == (
        new_start, appointment.ends_at - appointment.starts_at)
    assert moved.status == Appointment.Status.BOOKED
    events = _events(tenant_a, appointment)
    assert len(events) == 2 and events[-1].is_reschedule
    assert "alle 10:00" in events[-1].note and "alle 11:30" in events[-1].note
    assert "Richiesta della persona" in events[-1].note
    [audited] = audit_events(tenant_a, "appointment.rescheduled")
    assert audited.details["from"] == local(day, 10).isoformat()
    assert audited.details["to"] == new_start.isoformat()
    [sent] = [m for m in mail.outbox if m.to == ["anna.verdi@example.it"]]
    assert sent.subject == "Appuntamento spostato - Comune di Alfa"
    assert "alle 10:00" in sent.body and "alle 11:30" in sent.body
    with tenant_context(tenant_a):
        assert OutgoingMessage.objects.get(person=person).status == "inviato"

    # and: the appointment page tells the operator and shows "Riprogrammato"
    page = text_of(client.get(response["Location"]))
    assert "Appuntamento spostato al" in page
    assert "riceverà un'e-mail con il nuovo orario a anna.verdi@example.it" in page
    assert "Riprogrammato: da" in page and "(operator@alfa.example.it)" in page


def test_moving_over_another_appointment_of_the_operator_is_refused(in_a, operator_a,
                                                                    tenant_a):
    day = tuesday()
    make_appointment(tenant_a, starts_at=local(day, 11), operator=operator_a)
    appointment = make_appointment(tenant_a, starts_at=local(day, 9), operator=operator_a)
    connection.set_tenant(tenant_a)

    with pytest.raises(Conflict) as refused:
        services.reschedule_appointment(appointment=appointment, starts_at=local(day, 11, 15),
                                        acting_user=operator_a)

    assert refused.value.code == "orario_occupato"
    assert _reload(tenant_a, appointment).starts_at == local(day, 9)
    connection.set_tenant(tenant_a)
    assert not AppointmentEvent.objects.filter(appointment=appointment, from_status="prenotato",
                                               to_status="prenotato").exists()


@pytest.mark.parametrize(("hour", "minute"), [(8, 30), (12, 45), (14, 0)])
def test_moving_outside_the_opening_hours_is_refused(in_a, operator_a, tenant_a, hour, minute):
    # the seeded hours: Monday to Friday, 9 to 13
    day = tuesday()
    appointment = make_appointment(tenant_a, starts_at=local(day, 9), operator=operator_a)
    connection.set_tenant(tenant_a)

    with pytest.raises(OutsideOpeningHours) as refused:
        services.reschedule_appointment(appointment=appointment,
                                        starts_at=local(day, hour, minute),
                                        acting_user=operator_a)

    assert refused.value.code == "fuori_orario"
    assert "09:00-13:00" in refused.value.message


def test_moving_to_a_closed_day_or_the_past_is_refused(in_a, operator_a, tenant_a):
    appointment = make_appointment(tenant_a, starts_at=local(tuesday(), 9),
                                   operator=operator_a)
    connection.set_tenant(tenant_a)

    with pytest.raises(OutsideOpeningHours) as sunday:
        services.reschedule_appointment(appointment=appointment,
                                        starts_at=local(tuesday(5), 10),
                                        acting_user=operator_a)
    with pytest.raises(ValidationFailed) as past:
        services.reschedule_appointment(appointment=appointment,
                                        starts_at=local(PAST_TUESDAY, 10),
                                        acting_user=operator_a)

    assert sunday.value.message == "Lo sportello quel giorno è chiuso."
    assert past.value.field == "starts_at"


def test_a_cancelled_appointment_cannot_be_moved(in_a, operator_a, tenant_a):
    appointment = make_appointment(tenant_a, starts_at=local(tuesday(), 9),
                                   operator=operator_a)
    connection.set_tenant(tenant_a)
    services.cancel_appointment(appointment=appointment, acting_user=operator_a)

    with pytest.raises(IllegalTransition) as refused:
        services.reschedule_appointment(appointment=appointment,
                                        starts_at=local(tuesday(), 10),
                                        acting_user=operator_a)

    assert refused.value.message == "Un appuntamento già annullato non può essere riprogrammato."


def test_a_person_without_email_is_not_written_to_and_the_operator_is_told(
        in_a, operator_a, tenant_a, django_capture_on_commit_callbacks):
    person = make_person(tenant_a, email="")
    appointment = make_appointment(tenant_a, starts_at=local(tuesday(), 9), person=person,
                                   operator=operator_a)
    connection.set_tenant(tenant_a)

    with django_capture_on_commit_callbacks() as queued:
        done = services.reschedule_appointment(appointment=appointment,
                                               starts_at=local(tuesday(), 10),
                                               acting_user=operator_a)

    assert not done.notified and "per telefono" in done.notice
    assert queued == [] and not OutgoingMessage.objects.exists()


def test_an_online_booking_is_told_once_at_the_address_it_was_booked_with(in_a, tenant_a,
                                                                          operator_a):
    # given: a public booking on Tuesday at 9, moved to 10:30
    day = tuesday()
    now = timezone.now()
    booking = services.book_online(slot_start=local(day, 9), name="Marco Gialli",
                                   email="marco@example.it", phone="333 1234567",
                                   reason="Informazioni", privacy_acknowledged=True, now=now)
    done = services.reschedule_appointment(appointment=booking, starts_at=local(day, 10, 30),
                                           acting_user=operator_a)
    mail.outbox.clear()

    # when: the task runs twice (at-least-once delivery)
    first, second = send_reschedule_notice(done.event.pk), send_reschedule_notice(done.event.pk)

    # then: one e-mail, to the requester, with both times and nothing they typed
    assert (first, second) == (True, False)
    [sent] = mail.outbox
    assert sent.to == ["marco@example.it"]
    assert "alle 09:00" in sent.body and "alle 10:30" in sent.body
    assert "Marco" not in sent.body and "Informazioni" not in sent.body


def test_two_online_bookings_cannot_share_a_slot_by_rescheduling(in_a, tenant_a, operator_a):
    day = tuesday()
    values = dict(phone="333 1234567", reason="Informazioni", privacy_acknowledged=True)
    services.book_online(slot_start=local(day, 9), name="Uno", email="uno@example.it", **values)
    second = services.book_online(slot_start=local(day, 10), name="Due", email="due@example.it",
                                  **values)

    with pytest.raises(SlotTaken):
        services.reschedule_appointment(appointment=second, starts_at=local(day, 9),
                                        acting_user=operator_a)


def test_the_page_offers_the_operators_free_slots_and_one_click_moves(tenant_a, tenant_client,
                                                                      operator_a):
    # given: the operator busy on Tuesday at 9:30
    day = tuesday()
    appointment = make_appointment(tenant_a, starts_at=local(day, 9), operator=operator_a)
    make_appointment(tenant_a, starts_at=local(day, 9, 30), operator=operator_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    # when
    response = client.get(f"/agenda/{appointment.pk}/riprogramma/?dal={day:%Y-%m-%d}")

    # then: 10:00 is offered, 9:30 (busy) and 9:00 (where it is) are not
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{day:%Y-%m-%d}T10:00"' in body
    assert f'value="{day:%Y-%m-%d}T09:30"' not in body
    assert f'value="{day:%Y-%m-%d}T09:00"' not in body

    # when: the operator picks 10:00
    moved = client.post(f"/agenda/{appointment.pk}/riprogramma/",
                        {"slot": f"{day:%Y-%m-%d}T10:00"})

    assert moved.status_code == 302
    assert _reload(tenant_a, appointment).starts_at == local(day, 10)


def test_the_page_shows_the_error_at_the_time(tenant_a, tenant_client, operator_a):
    day = tuesday()
    appointment = make_appointment(tenant_a, starts_at=local(day, 9), operator=operator_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/agenda/{appointment.pk}/riprogramma/",
                           {"date": f"{day:%Y-%m-%d}", "time": "18:00"})

    assert response.status_code == 400
    assert "Lo sportello in quell'orario è chiuso" in text_of(response)
    assert _reload(tenant_a, appointment).starts_at == local(day, 9)


def test_another_tenants_appointment_cannot_be_moved(tenant_a, tenant_b, tenant_client,
                                                     high_ids_in_a, operator_a):
    appointment = make_appointment(tenant_a, starts_at=local(tuesday(), 9),
                                   operator=operator_a)

    response = tenant_client(tenant_b, Role.OPERATOR).post(
        f"/agenda/{appointment.pk}/riprogramma/", {"slot": f"{tuesday():%Y-%m-%d}T10:00"})

    assert response.status_code == 404
    assert _reload(tenant_a, appointment).starts_at == local(tuesday(), 9)


def test_the_api_moves_an_appointment(tenant_a, tenant_client, operator_a):
    day = tuesday()
    appointment = make_appointment(tenant_a, starts_at=local(day, 9), operator=operator_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/api/v1/appuntamenti/{appointment.pk}/riprogramma/",
                           {"inizio": local(day, 11).isoformat(), "durata_minuti": 60},
                           content_type="application/json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["inizio"] == local(day, 11).isoformat()
    assert body["fine"] == local(day, 12).isoformat()
    assert body["avvisata_per_email"] is False


def test_the_api_refuses_outside_hours_with_the_error_shape(tenant_a, tenant_client, operator_a):
    day = tuesday()
    appointment = make_appointment(tenant_a, starts_at=local(day, 9), operator=operator_a)

    response = tenant_client(tenant_a, Role.OPERATOR).post(
        f"/api/v1/appuntamenti/{appointment.pk}/riprogramma/",
        {"inizio": local(day, 12, 45).isoformat()}, content_type="application/json")

    assert response.status_code == 400
    error = response.json()["errore"]
    assert error["codice"] == "fuori_orario" and "inizio" in error["campi"]


def test_free_slots_without_an_operator_skip_every_held_time(in_a, tenant_a):
    day = tuesday()
    appointment = make_appointment(tenant_a, starts_at=local(day, 9))
    make_appointment(tenant_a, starts_at=local(day, 10))
    connection.set_tenant(tenant_a)

    slots = selectors.reschedule_slots(appointment=appointment, start_day=day, days=1)

    starts = [timezone.localtime(s.starts_at).strftime("%H:%M") for s in slots]
    assert "09:00" not in starts and "10:00" not in starts
    assert starts[:2] == ["09:30", "10:30"]


@pytest.mark.parametrize("slot", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_times_at_the_ends_of_the_calendar_get_an_error_not_a_crash(tenant_a, tenant_client,
                                                                    operator_a, slot):
    appointment = make_appointment(tenant_a, starts_at=local(tuesday(), 9),
                                   operator=operator_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    page = client.post(f"/agenda/{appointment.pk}/riprogramma/", {"slot": slot})
    typed = client.post(f"/agenda/{appointment.pk}/riprogramma/",
                        {"date": slot[:10], "time": slot[11:]})
    api = client.post(f"/api/v1/appuntamenti/{appointment.pk}/riprogramma/",
                      {"inizio": f"{slot}:00+01:00"}, content_type="application/json")
    listed = client.get(f"/agenda/{appointment.pk}/riprogramma/?dal={slot[:10]}")

    assert (page.status_code, typed.status_code, api.status_code) == (400, 400, 400)
    assert listed.status_code == 200
    assert _reload(tenant_a, appointment).starts_at == local(tuesday(), 9)



def test_given_a_holiday_when_rescheduling_onto_it_then_the_counter_is_closed_and_nothing_moves(
        tenant_a, operator_a):
    from datetime import date

    from desks.errors import CounterClosed

    # given: a booked appointment, and the coming Christmas (a national holiday)
    appointment = make_appointment(tenant_a, starts_at=local(tuesday(), 10),
                                   operator=operator_a)
    today = timezone.localdate()
    christmas = date(today.year, 12, 25)
    if christmas <= today:
        christmas = date(today.year + 1, 12, 25)

    # when: the operator tries to move it there, and asks for that day's free slots
    with tenant_context(tenant_a):
        with pytest.raises(CounterClosed) as refused:
            services.reschedule_appointment(appointment=appointment,
                                            starts_at=local(christmas, 10),
                                            acting_user=operator_a)
        slots = selectors.reschedule_slots(appointment=appointment, start_day=christmas,
                                           days=1)
    connection.set_schema_to_public()

    # then: refused with the reason, the appointment stays, no slot is offered
    assert "chiuso" in refused.value.message and "Natale" in refused.value.message
    assert _reload(tenant_a, appointment).starts_at == appointment.starts_at
    assert slots == []
