"""A citizen books a free slot from the counter's public page, with no account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from audit.models import AuditEvent
from desks import selectors, services
from desks.errors import DeskError, SlotTaken, TooManyBookings
from desks.models import Appointment, AppointmentEvent, Service
from desks.tasks import send_booking_confirmation
from tests.integration.committed import committed, rows_added_are_removed
from tests.support import text_of


def free_slots(tenant, count=1):
    with tenant_context(tenant):
        slots = selectors.free_slots()[:count]
    return slots


def form(slot, **overrides):
    data = {"slot": slot.key, "name": "Lucia Neri", "email": "lucia.neri@example.it",
            "phone": "+39 347 1112223", "reason": "Vorrei aprire un'attività di sartoria",
            "privacy": "on", "service": ""}
    data.update(overrides)
    return data


def book(slot, **overrides):
    values = dict(slot_start=slot.starts_at, name="Lucia Neri", email="lucia.neri@example.it",
                  phone="347 1112223", reason="Informazioni sul microcredito",
                  privacy_acknowledged=True, ip_address="203.0.113.9")
    values.update(overrides)
    return services.book_online(**values)


def test_given_an_anonymous_citizen_when_opening_the_booking_page_then_free_slots_are_offered(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a).get("/prenota/")

    assert response.status_code == 200
    page = text_of(response)
    assert "Prenota un appuntamento" in page
    slot = free_slots(tenant_a)[0]
    assert f'value="{slot.key}"' in response.content.decode()


def test_given_a_free_slot_when_a_citizen_books_it_then_an_online_appointment_is_booked(
        tenant_a, tenant_client, django_capture_on_commit_callbacks):
    slot = free_slots(tenant_a)[0]
    client = tenant_client(tenant_a)

    with django_capture_on_commit_callbacks() as queued:
        response = client.post("/prenota/", form(slot), follow=True)

    assert "Prenotazione registrata" in text_of(response)
    assert "lucia.neri@example.it" in text_of(response)
    assert len(queued) == 1  # the confirmation, queued on commit
    with tenant_context(tenant_a):
        appointment = Appointment.objects.get(starts_at=slot.starts_at, booked_online=True)
        assert (appointment.requester_name, appointment.requester_email,
                appointment.requester_phone, appointment.status) == (
            "Lucia Neri", "lucia.neri@example.it", "+39 347 1112223", "prenotato")
        assert appointment.reason == "Vorrei aprire un'attività di sartoria"
        assert appointment.privacy_notice_version == "1.0"
        assert appointment.kind == Appointment.Kind.FIRST_INTERVIEW
    assert slot.key not in client.get("/prenota/").content.decode()


def test_given_a_booking_when_the_confirmation_task_runs_twice_then_one_email_is_sent(in_a):
    slot = selectors.free_slots()[0]
    appointment = book(slot)
    mail.outbox.clear()

    assert send_booking_confirmation(appointment.pk) is True
    assert send_booking_confirmation(appointment.pk) is False

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lucia.neri@example.it"]
    assert "Conferma appuntamento - Comune di Alfa" == message.subject
    when = timezone.localtime(slot.starts_at)
    assert f"alle {when:%H:%M}" in message.body
    assert "Lucia Neri" not in message.body  # nothing typed on the anonymous form is echoed
    assert "microcredito" not in message.body
    appointment.refresh_from_db()
    assert appointment.confirmation_sent_at is not None


def test_given_a_slot_just_taken_when_a_second_citizen_books_it_then_a_clear_error(in_a):
    slot = selectors.free_slots()[0]
    book(slot)

    with pytest.raises(SlotTaken) as refused:
        book(slot, email="altra@example.it", ip_address="198.51.100.1")

    assert refused.value.field == "slot"
    assert "appena stato prenotato da un'altra persona" in refused.value.message


def test_given_a_taken_slot_when_posting_the_form_then_the_page_says_so_and_offers_others(
        tenant_a, tenant_client):
    slot, other = free_slots(tenant_a, 2)
    with tenant_context(tenant_a):
        book(slot)
    connection.set_schema_to_public()

    response = tenant_client(tenant_a).post("/prenota/", form(slot, email="b@example.it"))

    assert response.status_code == 409
    assert "appena stato prenotato da un'altra persona: ne scelga un altro" in text_of(response)
    assert f'value="{other.key}"' in response.content.decode()


def test_given_two_online_bookings_past_the_lock_when_saving_then_the_database_refuses_one(
        in_a):
    slot = selectors.free_slots()[0]
    book(slot)

    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(starts_at=slot.starts_at, ends_at=slot.ends_at,
                                   booked_online=True, requester_email="x@example.it")


@pytest.mark.django_db(transaction=False)
def test_given_two_citizens_at_once_when_both_book_the_same_slot_then_exactly_one_gets_it(
        tenant_a, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    slot = free_slots(tenant_a)[0]
    barrier = Barrier(2)
    confirmations = []  # committed for real: keep the confirmations off the broker
    monkeypatch.setattr(send_booking_confirmation, "apply_async",
                        lambda **kwargs: confirmations.append(kwargs))

    def attempt(email):
        def work():
            with tenant_context(tenant_a):
                barrier.wait(timeout=10)
                try:
                    book(slot, email=email, ip_address=None)
                    return "prenotato"
                except SlotTaken as exc:
                    return exc.message
        return committed(work)

    with rows_added_are_removed(tenant_a, AppointmentEvent, Appointment, AuditEvent):
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = list(pool.map(attempt, ["uno@example.it", "due@example.it"]))
        with tenant_context(tenant_a):
            booked = Appointment.objects.filter(starts_at=slot.starts_at,
                                                booked_online=True).count()

    assert sorted(outcomes)[-1] == "prenotato"
    assert outcomes.count("prenotato") == 1
    assert booked == 1
    assert len(confirmations) == 1


def test_given_five_bookings_from_one_address_when_booking_a_sixth_then_refused(in_a):
    slots = selectors.free_slots()[:6]
    for n, slot in enumerate(slots[:5]):
        book(slot, email=f"persona{n}@example.it", ip_address="203.0.113.50")

    with pytest.raises(TooManyBookings) as refused:
        book(slots[5], email="persona6@example.it", ip_address="203.0.113.50")

    assert refused.value.status == 429
    assert "Troppe prenotazioni da questa connessione nell'ultima ora" in refused.value.message


def test_given_the_counter_cap_reached_from_many_addresses_when_booking_then_refused(
        in_a, settings):
    settings.DESK_COUNTER_BOOKINGS_PER_HOUR = 3
    slots = selectors.free_slots()[:4]
    for n, slot in enumerate(slots[:3]):
        book(slot, email=f"rotante{n}@example.it", ip_address=f"198.51.100.{n + 1}")

    with pytest.raises(TooManyBookings) as refused:
        book(slots[3], email="rotante9@example.it", ip_address="198.51.100.99")

    assert refused.value.status == 429
    assert "molte prenotazioni online nell'ultima ora" in refused.value.message


def test_given_five_bookings_with_one_email_when_booking_a_sixth_then_refused_at_the_email(
        in_a):
    slots = selectors.free_slots()[:6]
    for n, slot in enumerate(slots[:5]):
        book(slot, email="stessa@example.it", ip_address=f"203.0.113.{n + 1}")

    with pytest.raises(TooManyBookings) as refused:
        book(slots[5], email="Stessa@Example.it", ip_address="198.51.100.77")

    assert refused.value.field == "email"


def test_given_bookings_older_than_an_hour_when_booking_again_then_accepted(in_a):
    slots = selectors.free_slots()[:6]
    for n, slot in enumerate(slots[:5]):
        book(slot, email=f"p{n}@example.it", ip_address="203.0.113.60")
    Appointment.objects.filter(requester_ip="203.0.113.60").update(
        created_at=timezone.now() - timedelta(minutes=61))

    appointment = book(slots[5], email="p6@example.it", ip_address="203.0.113.60")

    assert appointment.pk


def test_given_too_many_bookings_when_posting_the_form_then_an_italian_429(
        tenant_a, tenant_client):
    slots = free_slots(tenant_a, 6)
    client = tenant_client(tenant_a, REMOTE_ADDR="192.0.2.44")
    for n, slot in enumerate(slots[:5]):
        assert client.post("/prenota/", form(slot, email=f"c{n}@example.it")).status_code == 302

    response = client.post("/prenota/", form(slots[5], email="c6@example.it"))

    assert response.status_code == 429
    assert "Troppe prenotazioni da questa connessione" in text_of(response)


def test_given_no_privacy_acknowledgement_when_booking_then_the_error_is_at_the_checkbox(
        tenant_a, tenant_client):
    slot = free_slots(tenant_a)[0]

    response = tenant_client(tenant_a).post("/prenota/", form(slot, privacy="", phone="abc"))

    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_privacy-errore"' in body
    assert "Per prenotare occorre dichiarare di aver letto l'informativa." in text_of(response)
    assert "Indichi un numero di telefono valido." in text_of(response)
    with tenant_context(tenant_a):
        assert not Appointment.objects.filter(starts_at=slot.starts_at).exists()


def test_given_a_time_outside_the_hours_when_booking_then_not_bookable(in_a):
    slot = selectors.free_slots()[0]
    odd = selectors.Slot(slot.starts_at + timedelta(minutes=7), slot.ends_at)

    with pytest.raises(DeskError) as refused:
        book(odd)

    assert "non è prenotabile" in refused.value.message


def test_given_a_deactivated_service_when_booking_then_it_is_not_offered(
        tenant_a, tenant_client):
    with tenant_context(tenant_a):
        service = Service.objects.get(code="lavoro-borse-tirocini")
        service.is_active = False
        service.save()
    connection.set_schema_to_public()

    response = tenant_client(tenant_a).get("/prenota/")

    assert "Borse di studio e tirocini" not in text_of(response)


def test_given_an_anonymous_citizen_when_opening_the_public_page_then_services_and_hours(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a).get("/sportello/")

    assert response.status_code == 200
    page = text_of(response)
    assert "Sportello del Comune di Alfa" in page
    assert "Aiuto nella redazione del CV Europass e delle candidature" in page
    assert "Lunedì 09:00–13:00" in page
    assert 'href="/prenota/"' in response.content.decode()


@pytest.mark.parametrize("proxies,forwarded,expected", [
    (0, "198.51.100.7", "10.0.0.2"),  # no trusted proxy: the header is ignored
    (1, "198.51.100.7", "198.51.100.7"),
    (1, "203.0.113.1, 198.51.100.7", "198.51.100.7"),  # the first entry is the client's word
    (2, "203.0.113.1, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
    (1, "non-un-indirizzo", "10.0.0.2"),
])
def test_given_trusted_proxies_when_reading_the_client_address_then_their_entry(
        rf, settings, proxies, forwarded, expected):
    from core.http import client_ip

    settings.AXES_IPWARE_PROXY_COUNT = proxies or None
    request = rf.get("/prenota/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.2")

    assert client_ip(request) == expected
