"""A row created in tenant A is invisible in tenant B: ORM, UI and API."""

from django_tenants.utils import tenant_context

from accounts.models import Role, User
from audit.models import AuditEvent
from tests.factories import make_user


def test_given_a_user_in_tenant_a_when_querying_tenant_b_then_it_is_not_there(tenant_a, tenant_b):
    make_user(tenant_a, Role.OPERATOR, email="solo-in-a@example.it")

    with tenant_context(tenant_b):
        assert not User.objects.filter(email="solo-in-a@example.it").exists()
    with tenant_context(tenant_a):
        assert User.objects.filter(email="solo-in-a@example.it").exists()


def test_given_a_user_of_tenant_a_when_logging_in_on_tenant_b_then_login_fails(
        tenant_a, tenant_b, tenant_client):
    user = make_user(tenant_a, Role.OPERATOR)
    client_b = tenant_client(tenant_b)

    response = client_b.post("/accesso/", {"username": user.email,
                                           "password": "Password-di-prova-123"})

    assert response.status_code == 200
    assert "E-mail o password non corretti" in response.content.decode()
    assert client_b.get("/").status_code == 302


def test_given_audit_events_in_a_when_b_admin_reads_the_log_then_none_of_a_appear(
        tenant_a, tenant_b, tenant_client):
    with tenant_context(tenant_a):
        AuditEvent.objects.create(action="auth.login", actor_label="segreto-di-a@example.it")
    client_b = tenant_client(tenant_b, Role.TENANT_ADMIN)

    page = client_b.get("/registro-attivita/").content.decode()

    assert "segreto-di-a@example.it" not in page
