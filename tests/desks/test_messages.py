"""E-mails to a person from the counter's models, each on the person's timeline."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from core.wording import day_text
from desks import delivery, services
from desks.errors import DeskError
from desks.models import MessageTemplate, OutgoingMessage
from desks.tasks import deliver_message
from people.errors import ConsentMissing
from people.timeline import timeline_for
from tests.factories import make_appointment, make_person, open_moment
from tests.support import text_of


def template(code):
    return MessageTemplate.objects.get(code=code)


def test_given_a_person_without_email_when_writing_then_refused_at_the_email(
        tenant_a, in_a, operator_a):
    person = make_person(tenant_a, email="")
    connection.set_tenant(tenant_a)

    with pytest.raises(DeskError) as refused:
        services.send_message(person=person, template=template("generico"),
                              acting_user=operator_a, extra={"testo": "Buongiorno"})

    assert refused.value.field == "email"
    assert "La persona non ha un indirizzo e-mail" in refused.value.message
    assert not OutgoingMessage.objects.exists()


def test_given_no_service_consent_when_writing_then_refused(tenant_a, in_a, operator_a):
    person = make_person(tenant_a, consent=False)
    connection.set_tenant(tenant_a)

    with pytest.raises(ConsentMissing) as refused:
        services.send_message(person=person, template=template("generico"),
                              acting_user=operator_a, extra={"testo": "Buongiorno"})

    assert refused.value.message == ("Manca il consenso della persona per: Erogazione dei "
                                     "servizi dello sportello.")
    assert not OutgoingMessage.objects.exists()


def test_given_consent_and_email_when_writing_then_stored_as_rendered_and_queued(
        tenant_a, in_a, operator_a, django_capture_on_commit_callbacks):
    person = make_person(tenant_a)
    connection.set_tenant(tenant_a)

    with django_capture_on_commit_callbacks() as queued:
        message = services.send_message(
            person=person, template=template("richiesta-documenti"), acting_user=operator_a,
            extra={"documenti": "- ISEE 2026\n- Documento d'identità"})

    assert len(queued) == 1
    assert (message.status, message.to_address, message.sent_by) == (
        "in_coda", "anna.verdi@example.it", operator_a)
    assert message.subject == "Documenti da portare allo sportello - Comune di Alfa"
    assert message.body.startswith("Gentile Anna Verdi,")
    assert "- ISEE 2026\n- Documento d'identità" in message.body
    assert "{{" not in message.body


def test_given_a_queued_message_when_the_task_runs_twice_then_one_email_is_sent(
        tenant_a, in_a, operator_a):
    person = make_person(tenant_a)
    connection.set_tenant(tenant_a)
    message = services.send_message(person=person, template=template("generico"),
                                    acting_user=operator_a, extra={"testo": "Ci richiami."})
    mail.outbox.clear()

    assert deliver_message(message.pk) is True
    assert deliver_message(message.pk) is False

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna.verdi@example.it"]
    assert "Ci richiami." in mail.outbox[0].body
    message.refresh_from_db()
    assert message.status == "inviato" and message.sent_at is not None


def test_given_a_reminder_model_and_no_upcoming_appointment_when_writing_then_refused(
        tenant_a, in_a, operator_a):
    person = make_person(tenant_a)
    connection.set_tenant(tenant_a)

    with pytest.raises(DeskError) as refused:
        services.send_message(person=person, template=template("promemoria-appuntamento"),
                              acting_user=operator_a)

    assert refused.value.field == "template"
    assert "la persona non ha appuntamenti in programma" in refused.value.message


def test_given_an_upcoming_appointment_when_sending_the_reminder_then_it_names_date_and_time(
        tenant_a, operator_a):
    person = make_person(tenant_a)
    starts = timezone.localtime(open_moment(3)).replace(
        hour=10, minute=30, second=0, microsecond=0)
    make_appointment(tenant_a, starts_at=starts, person=person)

    with tenant_context(tenant_a):
        message = services.send_message(person=person,
                                        template=template("promemoria-appuntamento"),
                                        acting_user=operator_a)

    assert "alle ore 10:30" in message.body
    assert f", {day_text(starts)} alle ore" in message.body  # "martedì 8 dicembre 2026"
    assert "presso lo sportello del Comune di Alfa" in message.body


def test_given_a_message_when_reading_the_timeline_then_it_is_there(tenant_a, operator_a):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        services.send_message(person=person, template=template("generico"),
                              acting_user=operator_a, extra={"testo": "Buongiorno"})

        entries = timeline_for(person=person)

    messages = [e for e in entries if e.kind == "messaggio"]
    assert [e.title for e in messages] == [
        "Messaggio: Comunicazione dallo sportello del Comune di Alfa"]
    assert messages[0].url.startswith(f"/persone/{person.pk}/messaggi/")


def test_given_an_appointment_when_reading_the_timeline_then_it_is_there(tenant_a, operator_a):
    person = make_person(tenant_a)
    make_appointment(tenant_a, starts_at=open_moment(1), person=person,
                     operator=operator_a)

    with tenant_context(tenant_a):
        entries = [e for e in timeline_for(person=person) if e.kind == "appuntamento"]

    assert [e.title for e in entries] == ["Appuntamento: Consulenza"]


def test_given_the_form_when_an_operator_writes_then_the_person_page_shows_the_message(
        tenant_a, tenant_client):
    person = make_person(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)
    with tenant_context(tenant_a):
        generic = template("generico").pk

    response = client.post(f"/persone/{person.pk}/messaggi/nuovo/",
                           {"template": generic, "testo": "La aspettiamo."}, follow=True)

    page = text_of(response)
    assert "Messaggio a anna.verdi@example.it in invio" in page
    assert "Messaggio: Comunicazione dallo sportello del Comune di Alfa" in page


def test_given_a_person_without_email_when_using_the_form_then_the_error_is_at_the_recipient(
        tenant_a, tenant_client):
    person = make_person(tenant_a, email="")
    client = tenant_client(tenant_a, Role.OPERATOR)
    with tenant_context(tenant_a):
        generic = template("generico").pk

    response = client.post(f"/persone/{person.pk}/messaggi/nuovo/",
                           {"template": generic, "testo": "La aspettiamo."})

    assert 'id="id_recipient-errore"' in response.content.decode()
    assert "La persona non ha un indirizzo e-mail" in text_of(response)


def test_given_a_model_when_previewing_then_the_text_for_this_person(tenant_a, tenant_client):
    person = make_person(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)
    with tenant_context(tenant_a):
        generic = template("generico").pk

    response = client.get(f"/persone/{person.pk}/messaggi/anteprima/",
                          {"template": generic, "testo": "Prova"})

    assert "Gentile Anna Verdi" in text_of(response)
    assert "Prova" in text_of(response)


def test_given_sent_messages_when_listing_them_then_subject_and_state(tenant_a, tenant_client,
                                                                      operator_a):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        message = services.send_message(person=person, template=template("generico"),
                                        acting_user=operator_a, extra={"testo": "Ciao"})
    client = tenant_client(tenant_a, Role.OPERATOR)

    listing = text_of(client.get(f"/persone/{person.pk}/messaggi/"))
    detail = text_of(client.get(f"/persone/{person.pk}/messaggi/{message.pk}/"))

    assert "Comunicazione dallo sportello del Comune di Alfa" in listing and "In coda" in listing
    assert "Ciao" in detail


def test_given_the_mail_server_down_when_delivering_then_the_message_stays_queued_for_retry(
        tenant_a, in_a, operator_a, monkeypatch):
    person = make_person(tenant_a)
    connection.set_tenant(tenant_a)
    message = services.send_message(person=person, template=template("generico"),
                                    acting_user=operator_a, extra={"testo": "Ciao"})

    def down(**kwargs):
        raise ConnectionRefusedError("SMTP non raggiungibile")

    monkeypatch.setattr(delivery, "send_mail", down)
    with pytest.raises(delivery.DeliveryFailed):
        delivery.deliver_message(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == "in_coda"

    delivery.mark_message_failed(message_id=message.pk, error="SMTP non raggiungibile")

    message.refresh_from_db()
    assert (message.status, message.error) == ("non_inviato", "SMTP non raggiungibile")


def test_given_many_appointments_and_messages_when_building_the_timeline_then_two_queries(
        tenant_a, operator_a, django_assert_num_queries):
    from desks.timeline import entries

    person = make_person(tenant_a)
    for days in (1, 4, 7):  # distinct days even past two holidays in a row
        make_appointment(tenant_a, starts_at=open_moment(days),
                         person=person, operator=operator_a)
    with tenant_context(tenant_a):
        for _ in range(3):
            services.send_message(person=person, template=template("generico"),
                                  acting_user=operator_a, extra={"testo": "Ciao"})

        with django_assert_num_queries(2):
            found = entries(person=person)

    assert sorted(e.kind for e in found) == ["appuntamento"] * 3 + ["messaggio"] * 3
