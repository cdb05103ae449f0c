"""«Mi interessa» reaches the desk by e-mail too: after the commit, the
counter's contact address is told a citizen is interested in a vacancy, with
a link to the jobs area, never the citizen's message, name or contacts; no
address, no e-mail; a retry sends nothing twice."""

from __future__ import annotations

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEvent
from jobs import delivery, tasks
from jobs.models import Interest
from tests.factories import make_vacancy_here, set_counter_contact
from tests.support import tasks_run_at_once, text_of

pytestmark = pytest.mark.django_db
DESK = "lavoro@comune-alfa.example.it"


def interest_form(**overrides):
    values = {"name": "Maria Dell'Acqua", "email": "maria.dellacqua@example.it",
              "phone": "333 9876543", "message": "Ho lavorato dieci anni in cucina.",
              "privacy": "on"}
    values.update(overrides)
    return values


def send_interest(tenant, client, vacancy, capture):
    with tasks_run_at_once(), capture(execute=True):
        return client.post(f"/lavoro/offerta/{vacancy.pk}/mi-interessa/", interest_form())


def test_the_desk_is_told_by_e_mail_without_the_message_or_contacts(
        tenant_a, tenant_client, django_capture_on_commit_callbacks):
    # given a published vacancy and the counter's contact address
    with tenant_context(tenant_a):
        vacancy = make_vacancy_here(title="Cuoco capopartita")
        set_counter_contact(email=DESK)
    mail.outbox.clear()
    # when a citizen says «Mi interessa»
    response = send_interest(tenant_a, tenant_client(tenant_a), vacancy,
                             django_capture_on_commit_callbacks)
    assert response.status_code == 302
    # then one e-mail reaches the desk, naming the vacancy with a link to the interest
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [DESK]
    assert "Mi interessa" in message.subject and "Comune di Alfa" in message.subject
    assert "«Cuoco capopartita»" in message.body
    with tenant_context(tenant_a):
        interest = Interest.objects.get()
        assert AuditEvent.objects.filter(action="interest.notice_sent",
                                         target_id=str(interest.pk)).count() == 1
    assert f"/lavoro/mi-interessa/?stato=da-gestire#interesse-{interest.pk}" in message.body
    assert message.body.count("http") == 1
    # and nothing the citizen typed
    for typed in ("Maria", "Dell'Acqua", "maria.dellacqua", "333 9876543", "dieci anni"):
        assert typed not in message.body and typed not in message.subject
    # the link leads to the interest in the jobs area, where the staff read it
    listing = tenant_client(tenant_a, Role.OPERATOR).get("/lavoro/mi-interessa/?stato=da-gestire")
    assert f'id="interesse-{interest.pk}"' in listing.content.decode()
    assert "Ho lavorato dieci anni in cucina." in text_of(listing)


def test_a_retry_does_not_send_twice(tenant_a, tenant_client, django_capture_on_commit_callbacks):
    with tenant_context(tenant_a):
        vacancy = make_vacancy_here()
        set_counter_contact(email=DESK)
    mail.outbox.clear()
    send_interest(tenant_a, tenant_client(tenant_a), vacancy, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    with tenant_context(tenant_a):
        interest = Interest.objects.get()
        # the worker runs the task again (a retry, a redelivered message)
        assert tasks.send_interest_notice(interest.pk) is False
        assert delivery.send_interest_notice(interest_id=interest.pk) is False
    assert len(mail.outbox) == 1


def test_without_an_address_no_e_mail_and_nothing_fails(tenant_a, tenant_client,
                                                        django_capture_on_commit_callbacks):
    with tenant_context(tenant_a):
        vacancy = make_vacancy_here()
        set_counter_contact(email="")
    mail.outbox.clear()
    response = send_interest(tenant_a, tenant_client(tenant_a), vacancy,
                             django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert mail.outbox == []
    with tenant_context(tenant_a):
        assert Interest.objects.count() == 1  # the desk still sees it in the platform
        assert not AuditEvent.objects.filter(action="interest.notice_sent").exists()
        # the address is added later: a late run tells the desk once
        set_counter_contact(email=DESK)
        assert tasks.send_interest_notice(Interest.objects.get().pk) is True
        assert tasks.send_interest_notice(Interest.objects.get().pk) is False
    assert len(mail.outbox) == 1


def test_the_e_mail_is_queued_after_the_commit_only(tenant_a, tenant_client,
                                                    django_capture_on_commit_callbacks):
    with tenant_context(tenant_a):
        vacancy = make_vacancy_here()
        set_counter_contact(email=DESK)
    mail.outbox.clear()
    with tasks_run_at_once(), django_capture_on_commit_callbacks(execute=False) as queued:
        tenant_client(tenant_a).post(f"/lavoro/offerta/{vacancy.pk}/mi-interessa/",
                                     interest_form())
    assert mail.outbox == []  # nothing left before the commit
    assert len(queued) >= 1


def test_a_refused_interest_sends_nothing(tenant_a, tenant_client,
                                          django_capture_on_commit_callbacks):
    with tenant_context(tenant_a):
        vacancy = make_vacancy_here()
        set_counter_contact(email=DESK)
    mail.outbox.clear()
    with tasks_run_at_once(), django_capture_on_commit_callbacks(execute=True):
        response = tenant_client(tenant_a).post(f"/lavoro/offerta/{vacancy.pk}/mi-interessa/",
                                                interest_form(privacy=""))
    assert response.status_code == 400
    assert mail.outbox == []


def test_an_unknown_interest_sends_nothing(in_a):
    assert delivery.send_interest_notice(interest_id=2**62) is False
