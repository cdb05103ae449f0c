"""The counter's calendar: per operator and day, no double booking, explicit
status transitions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from core.errors import Conflict
from desks import services
from desks.errors import IllegalTransition
from desks.models import Appointment, AppointmentEvent
from tests.factories import (
    local,
    make_appointment,
    make_person,
    make_user,
    next_weekday,
    open_moment,
)
from tests.support import text_of

S = Appointment.Status


def _booked_without_staff(*, starts_at) -> Appointment:
    """A booked appointment whose booking event names no staff member (as a
    citizen's online booking records it)."""
    appointment = Appointment.objects.create(starts_at=starts_at,
                                             ends_at=starts_at + timedelta(minutes=30),
                                             kind=Appointment.Kind.CONSULTATION)
    AppointmentEvent.objects.create(appointment=appointment, from_status="",
                                    to_status=S.BOOKED)
    return appointment


@pytest.fixture
def colleague_a(tenant_a):
    return make_user(tenant_a, Role.OPERATOR, email="collega@alfa.example.it")


def test_given_an_operator_busy_at_ten_when_booking_them_at_ten_fifteen_then_refused(
        in_a, operator_a):
    day = next_weekday(1)
    services.schedule_appointment(person=None, starts_at=local(day, 10), kind="consulenza",
                                  operator=operator_a, acting_user=operator_a)

    with pytest.raises(Conflict) as refused:
        services.schedule_appointment(person=None, starts_at=local(day, 10, 15),
                                      kind="consulenza", operator=operator_a,
                                      acting_user=operator_a)

    assert refused.value.field == "starts_at"
    assert "L'operatore ha già un appuntamento in questo orario" in refused.value.message


def test_given_an_operator_busy_at_ten_when_booking_a_colleague_at_ten_then_accepted(
        in_a, operator_a, colleague_a):
    day = next_weekday(1)
    services.schedule_appointment(person=None, starts_at=local(day, 10), kind="consulenza",
                                  operator=operator_a, acting_user=operator_a)

    other = services.schedule_appointment(person=None, starts_at=local(day, 10),
                                          kind="consulenza", operator=colleague_a,
                                          acting_user=operator_a)

    assert other.operator == colleague_a


def test_given_a_double_booking_in_the_form_when_saving_then_the_error_is_at_the_time_field(
        tenant_a, tenant_client, operator_a):
    day = next_weekday(2)
    make_appointment(tenant_a, starts_at=local(day, 9), operator=operator_a, minutes=60)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post("/agenda/nuovo/", {
        "date": day.isoformat(), "time": "09:30", "minutes": "30", "kind": "consulenza",
        "operator": operator_a.pk})

    assert response.status_code == 200
    assert 'id="id_time-errore"' in response.content.decode()
    assert "L'operatore ha già un appuntamento in questo orario" in text_of(response)
    with tenant_context(tenant_a):
        assert Appointment.objects.filter(operator=operator_a).count() == 1


def test_given_the_form_when_an_operator_books_for_a_person_then_the_agenda_shows_it(
        tenant_a, tenant_client, operator_a):
    person = make_person(tenant_a)
    day = next_weekday(3)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post("/agenda/nuovo/", {
        "person": person.pk, "date": day.isoformat(), "time": "11:00", "minutes": "45",
        "kind": "primo_colloquio", "operator": operator_a.pk, "notes": "Portare il CV"},
        follow=True)

    page = text_of(response)
    assert "Appuntamento fissato." in page
    assert "11:00–11:45 Verdi Anna" in page
    assert f'href="/persone/{person.pk}/"' in response.content.decode()


@pytest.mark.parametrize("target,service", [
    (S.DONE, services.mark_appointment_done),
    (S.NO_SHOW, services.mark_appointment_no_show),
    (S.CANCELLED, services.cancel_appointment),
])
def test_given_a_past_booked_appointment_when_moving_it_then_the_state_and_an_event(
        in_a, operator_a, target, service):
    appointment = _booked_without_staff(starts_at=timezone.now() - timedelta(hours=2))

    service(appointment=appointment, acting_user=operator_a, note="ok")

    appointment.refresh_from_db()
    assert appointment.status == target
    events = list(AppointmentEvent.objects.filter(appointment=appointment)
                  .values_list("from_status", "to_status", "actor_id"))
    assert events == [("", S.BOOKED, None), (S.BOOKED, target, operator_a.pk)]


@pytest.mark.parametrize("first,then,message", [
    (S.CANCELLED, S.DONE, "Un appuntamento già annullato non può essere segnato come svolto."),
    (S.DONE, S.CANCELLED, "Un appuntamento già svolto non può essere annullato."),
    (S.NO_SHOW, S.DONE,
     "Un appuntamento già segnato come assenza non può essere segnato come svolto."),
    (S.DONE, S.NO_SHOW, "Un appuntamento già svolto non può essere segnato come assenza."),
    (S.CANCELLED, S.CANCELLED, "Un appuntamento già annullato non può essere annullato."),
])
def test_given_a_closed_appointment_when_moving_it_again_then_refused_in_italian(
        in_a, operator_a, first, then, message):
    appointment = services.schedule_appointment(
        person=None, starts_at=timezone.now() - timedelta(hours=2), kind="consulenza",
        acting_user=operator_a)
    services.change_appointment_status(appointment=appointment, status=first,
                                       acting_user=operator_a)

    with pytest.raises(IllegalTransition) as refused:
        services.change_appointment_status(appointment=appointment, status=then,
                                           acting_user=operator_a)

    assert refused.value.message == message
    appointment.refresh_from_db()
    assert appointment.status == first
    assert AppointmentEvent.objects.filter(appointment=appointment).count() == 2


def test_given_a_future_appointment_when_marking_it_done_then_refused(in_a, operator_a):
    appointment = services.schedule_appointment(
        person=None, starts_at=open_moment(1), kind="consulenza", acting_user=operator_a)

    with pytest.raises(IllegalTransition) as refused:
        services.mark_appointment_done(appointment=appointment, acting_user=operator_a)

    assert refused.value.message == ("L'appuntamento non è ancora iniziato: non può essere "
                                     "segnato come svolto.")


def test_given_the_agenda_row_when_marking_done_with_htmx_then_the_row_shows_the_new_state(
        tenant_a, tenant_client):
    appointment = make_appointment(tenant_a, starts_at=timezone.now() - timedelta(hours=1))
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/agenda/{appointment.pk}/stato/", {"status": "svolto"},
                           HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "Svolto" in text_of(response)
    assert "Stato aggiornato." in text_of(response)


def test_given_a_cancelled_appointment_when_marking_it_done_then_the_page_explains_why(
        tenant_a, tenant_client):
    appointment = make_appointment(tenant_a, starts_at=timezone.now() - timedelta(hours=1))
    client = tenant_client(tenant_a, Role.OPERATOR)
    client.post(f"/agenda/{appointment.pk}/stato/", {"status": "annullato"})

    response = client.post(f"/agenda/{appointment.pk}/stato/", {"status": "svolto"})

    assert response.status_code == 409
    assert ("Un appuntamento già annullato non può essere segnato come svolto."
            in text_of(response))


def test_given_two_operators_when_filtering_the_agenda_by_one_then_only_their_appointments(
        tenant_a, tenant_client, operator_a, colleague_a):
    day = next_weekday(4)
    mine = make_person(tenant_a, first_name="Marta", last_name="Gialli", email="")
    theirs = make_person(tenant_a, first_name="Paolo", last_name="Blu", email="")
    make_appointment(tenant_a, starts_at=local(day, 9), operator=operator_a, person=mine)
    make_appointment(tenant_a, starts_at=local(day, 9), operator=colleague_a, person=theirs)
    client = tenant_client(tenant_a, Role.COORDINATOR)

    response = client.get(f"/agenda/?data={day.isoformat()}&vista=giorno"
                          f"&operatore={operator_a.pk}")

    page = text_of(response)
    assert "Gialli Marta" in page
    assert "Blu Paolo" not in page
    week = text_of(client.get(f"/agenda/?data={day.isoformat()}"))
    assert "Gialli Marta" in week and "Blu Paolo" in week


def test_given_a_day_when_opening_another_day_then_its_appointments_are_not_listed(
        tenant_a, tenant_client, operator_a):
    day = next_weekday(0, weeks_ahead=2)
    person = make_person(tenant_a, first_name="Ugo", last_name="Rosa", email="")
    make_appointment(tenant_a, starts_at=local(day, 12), person=person, operator=operator_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    other_day = client.get(f"/agenda/?data={(day + timedelta(days=1)).isoformat()}&vista=giorno")
    same_day = client.get(f"/agenda/?data={day.isoformat()}&vista=giorno")

    assert "Rosa Ugo" not in text_of(other_day)
    assert "Rosa Ugo" in text_of(same_day)


def test_given_an_online_booking_when_an_operator_takes_it_and_links_the_person_then_saved(
        tenant_a, tenant_client, operator_a):
    from desks import selectors

    with tenant_context(tenant_a):
        slot = selectors.free_slots()[0]
        booking = services.book_online(slot_start=slot.starts_at, name="Anna Verdi",
                                       email="anna@example.it", phone="051 123456",
                                       reason="CV", privacy_acknowledged=True)
    connection.set_schema_to_public()
    person = make_person(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/agenda/{booking.pk}/modifica/",
                           {"operator": operator_a.pk, "person": person.pk}, follow=True)

    assert "Appuntamento aggiornato." in text_of(response)
    with tenant_context(tenant_a):
        booking.refresh_from_db()
        assert (booking.operator_id, booking.person_id) == (operator_a.pk, person.pk)


def test_given_an_anonymous_visitor_when_opening_the_agenda_then_the_login_page(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a).get("/agenda/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accesso/?next=/agenda/")


def test_given_an_appointment_when_opening_its_page_then_history_and_person_link(
        tenant_a, tenant_client):
    person = make_person(tenant_a)
    appointment = make_appointment(tenant_a, starts_at=open_moment(2),
                                   person=person)

    response = tenant_client(tenant_a, Role.OPERATOR).get(f"/agenda/{appointment.pk}/")

    assert response.status_code == 200
    assert f'href="/persone/{person.pk}/"' in response.content.decode()
    assert "Prenotato" in text_of(response)
