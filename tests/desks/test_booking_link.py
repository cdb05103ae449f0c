"""The confirmation e-mail carries a signed link: the citizen sees the booking
and cancels it; tampered, expired and other counters' links are refused in
Italian, with nothing revealed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEvent
from desks import links, selectors, services
from desks.errors import IllegalTransition
from desks.models import Appointment, AppointmentEvent
from desks.tasks import send_booking_confirmation
from tests.factories import host_of, set_counter_contact
from tests.support import link_in_last_mail, tasks_run_at_once, text_of

EMAIL = "lucia.neri@example.it"


def _book(tenant):
    """An online booking of ``tenant`` and the path of its e-mail's link."""
    with tenant_context(tenant):
        set_counter_contact(address="Via Roma 1, 40100 Alfa", phone="051 123 4567",
                            email="sportello@alfa.example.it")
        slot = selectors.free_slots()[0]
        appointment = services.book_online(
            slot_start=slot.starts_at, name="Lucia Neri", email=EMAIL, phone="347 1112223",
            reason="Informazioni", privacy_acknowledged=True, ip_address="203.0.113.9")
        mail.outbox.clear()
        send_booking_confirmation(appointment.pk)
    host, path = link_in_last_mail(EMAIL)
    return appointment, slot, host, path


def test_given_a_booking_when_the_confirmation_is_sent_then_it_has_contacts_and_a_link_home(
        tenant_a):
    appointment, slot, host, path = _book(tenant_a)

    body = mail.outbox[-1].body
    assert "Indirizzo: Via Roma 1, 40100 Alfa" in body
    assert "Telefono: 051 123 4567" in body
    assert "E-mail: sportello@alfa.example.it" in body
    assert "lunedì 09:00-13:00" in body
    assert host == host_of(tenant_a)
    assert path.startswith("/prenotazione/")
    assert "lucia" not in path.lower()  # the link carries no personal data


def test_given_the_link_when_the_citizen_opens_it_then_the_booking_is_shown(
        tenant_a, tenant_client):
    appointment, slot, _, path = _book(tenant_a)

    response = tenant_client(tenant_a).get(path)

    assert response.status_code == 200
    page = text_of(response)
    assert "La sua prenotazione" in page
    when = timezone.localtime(slot.starts_at)
    assert f"alle {when:%H:%M}" in page
    assert "Confermata" in page
    assert "Annulla la prenotazione" in page
    assert "051 123 4567" in page


def test_given_the_link_when_the_citizen_cancels_then_the_slot_is_free_audited_and_told(
        tenant_a, tenant_client, django_capture_on_commit_callbacks):
    appointment, slot, _, path = _book(tenant_a)
    client = tenant_client(tenant_a)
    step = client.get(f"{path}annulla/")
    assert "Annullare la prenotazione?" in text_of(step)
    assert "Sì, annulla la prenotazione" in text_of(step)
    mail.outbox.clear()

    with tasks_run_at_once(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{path}annulla/")

    assert response.status_code == 200
    assert "Prenotazione annullata" in text_of(response)
    with tenant_context(tenant_a):
        appointment.refresh_from_db()
        assert appointment.status == Appointment.Status.CANCELLED
        event = AppointmentEvent.objects.filter(appointment=appointment).last()
        assert (event.from_status, event.to_status, event.actor) == ("prenotato", "annullato",
                                                                     None)
        assert "link della conferma" in event.note
        audit = AuditEvent.objects.filter(action=services.APPOINTMENT_CANCELLED_ONLINE).last()
        assert audit.actor_label == EMAIL
        assert audit.target_id == str(appointment.pk)
    assert [m.subject for m in mail.outbox] == ["Prenotazione annullata - Comune di Alfa"]
    assert "è stata annullata" in mail.outbox[0].body
    assert f'value="{slot.key}"' in client.get("/prenota/").content.decode()


def test_given_a_cancelled_booking_when_the_operator_opens_the_agenda_then_it_shows_cancelled(
        tenant_a, tenant_client):
    appointment, slot, _, path = _book(tenant_a)
    tenant_client(tenant_a).post(f"{path}annulla/")
    day = timezone.localdate(slot.starts_at)

    agenda = tenant_client(tenant_a, Role.OPERATOR).get(f"/agenda/?data={day}&vista=giorno")

    row = text_of(agenda)
    assert "Lucia Neri" in row
    assert "Annullato" in row


def test_given_a_cancelled_booking_when_posting_again_then_an_italian_refusal(
        tenant_a, tenant_client):
    _, _, _, path = _book(tenant_a)
    client = tenant_client(tenant_a)
    client.post(f"{path}annulla/")

    again = client.post(f"{path}annulla/")

    assert again.status_code == 409
    assert "Questa prenotazione non è più attiva: risulta annullato." in text_of(again)


def test_given_the_cancel_form_when_posted_without_the_csrf_token_then_refused(
        tenant_a, tenant_client):
    appointment, _, _, path = _book(tenant_a)
    client = tenant_client(tenant_a, enforce_csrf_checks=True)

    response = client.post(f"{path}annulla/")

    assert response.status_code == 403
    with tenant_context(tenant_a):
        appointment.refresh_from_db()
        assert appointment.status == Appointment.Status.BOOKED


def _assert_invalid(response):
    assert response.status_code == 404
    page = text_of(response)
    assert "Il link non è valido o è scaduto" in page
    assert "Lucia Neri" not in page and EMAIL not in page


def test_given_a_tampered_link_when_opened_or_posted_then_an_italian_error_and_nothing_shown(
        tenant_a, tenant_client):
    appointment, _, _, path = _book(tenant_a)
    token = path.split("/")[2]
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    client = tenant_client(tenant_a)

    _assert_invalid(client.get(f"/prenotazione/{tampered}/"))
    _assert_invalid(client.post(f"/prenotazione/{tampered}/annulla/"))
    _assert_invalid(client.get("/prenotazione/non-un-token/"))
    with tenant_context(tenant_a):
        appointment.refresh_from_db()
        assert appointment.status == Appointment.Status.BOOKED


def test_given_an_expired_link_when_opened_then_an_italian_error(
        tenant_a, tenant_client, monkeypatch):
    with tenant_context(tenant_a):
        slot = selectors.free_slots()[0]
        appointment = services.book_online(
            slot_start=slot.starts_at, name="Lucia Neri", email=EMAIL, phone="347 1112223",
            reason="Informazioni", privacy_acknowledged=True)
        signed_long_ago = signing.b62_encode(
            int((timezone.now() - links.MAX_AGE - timedelta(days=1)).timestamp()))
        monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signed_long_ago)
        token = links.make_token(appointment)
        monkeypatch.undo()
    connection.set_schema_to_public()

    _assert_invalid(tenant_client(tenant_a).get(f"/prenotazione/{token}/"))


def test_given_a_link_of_another_counter_when_opened_here_then_refused(
        tenant_a, tenant_b, tenant_client):
    with tenant_context(tenant_b):  # the same id exists in B: only the schema tells them apart
        slot = selectors.free_slots()[0]
        services.book_online(slot_start=slot.starts_at, name="Altra Persona",
                             email="altra@example.it", phone="347 0000000", reason="Altro",
                             privacy_acknowledged=True)
    appointment, _, _, path = _book(tenant_a)

    response = tenant_client(tenant_b).get(path)
    cancel = tenant_client(tenant_b).post(f"{path}annulla/")

    _assert_invalid(response)
    _assert_invalid(cancel)
    assert "Altra Persona" not in text_of(response)
    with tenant_context(tenant_b):
        assert not Appointment.objects.filter(status=Appointment.Status.CANCELLED).exists()


def test_given_a_started_appointment_when_cancelling_from_the_link_then_refused(in_a):
    slot = selectors.free_slots()[0]
    appointment = services.book_online(
        slot_start=slot.starts_at, name="Lucia Neri", email=EMAIL, phone="347 1112223",
        reason="Informazioni", privacy_acknowledged=True)
    token = links.make_token(appointment)

    with pytest.raises(IllegalTransition) as refused:
        services.cancel_booking_online(token=token, now=slot.starts_at + timedelta(minutes=1))

    assert "non si può più annullare online" in refused.value.message
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED
