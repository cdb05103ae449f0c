"""The request's metadata reaches the audit record through core.context,
with no request handed to any service."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEvent
from core.context import RequestMeta, request_meta, using_request_meta

pytestmark = pytest.mark.django_db


def test_given_a_page_read_when_the_audit_row_is_written_then_it_has_the_clients_address_and_agent(
        tenant_a, tenant_client):
    # given: an administrator's browser
    client = tenant_client(tenant_a, Role.TENANT_ADMIN, HTTP_USER_AGENT="Firefox di prova",
                           REMOTE_ADDR="203.0.113.9")

    # when: they export the activity log (a service that writes an audit row)
    response = client.get("/registro-attivita/esporta.csv")

    # then: the row names the client's address and agent, and the answer its request id
    assert response.status_code == 200
    with tenant_context(tenant_a):
        event = AuditEvent.objects.filter(action="audit.exported").latest("pk")
    assert event.ip_address == "203.0.113.9"
    assert event.user_agent == "Firefox di prova"
    assert len(response["X-Request-ID"]) == 32


def test_given_no_request_when_reading_the_context_then_it_is_empty_and_restored_after_use():
    assert request_meta() == RequestMeta()
    with using_request_meta(RequestMeta(client_ip="198.51.100.1", user_agent="x",
                                        request_id="r1")):
        assert request_meta().client_ip == "198.51.100.1"
    assert request_meta() == RequestMeta()
