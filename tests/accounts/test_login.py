"""Logging in and out, failed logins, lockout: what the user sees and what the
audit record of the right schema keeps."""

from django.test import Client

from accounts import audit_actions as actions
from accounts.models import Role
from tests.factories import PASSWORD, host_of, make_user
from tests.support import audit_events, text_of

IP = "10.20.30.40"


def counter_client(tenant, ip: str = IP) -> Client:
    return Client(HTTP_HOST=host_of(tenant), REMOTE_ADDR=ip)


def national_client(ip: str = IP) -> Client:
    return Client(HTTP_HOST="localhost", REMOTE_ADDR=ip)


def login(client: Client, email: str, password: str = PASSWORD):
    return client.post("/accesso/", {"username": email, "password": password})


def test_given_an_operator_when_logging_in_on_the_counter_domain_then_the_counter_home_opens(
        tenant_a):
    user = make_user(tenant_a, Role.OPERATOR)
    client = counter_client(tenant_a)

    response = login(client, user.email)
    home = client.get("/")

    assert response.status_code == 302
    assert home.status_code == 200
    assert "Sportello del Comune di Alfa" in text_of(home)
    assert f"{user.email} · Operatore" in text_of(home)


def test_given_a_login_when_it_succeeds_then_the_counter_audit_records_who_and_from_where(
        tenant_a, tenant_b):
    user = make_user(tenant_a, Role.OPERATOR)

    login(counter_client(tenant_a), user.email)

    events = audit_events(tenant_a, actions.LOGIN, actor_id=user.pk)
    assert len(events) == 1
    assert events[0].actor_label == user.email
    assert events[0].ip_address == IP
    assert audit_events(None, actions.LOGIN, actor_label=user.email) == []
    assert audit_events(tenant_b, actions.LOGIN, actor_label=user.email) == []


def test_given_a_wrong_password_when_logging_in_then_an_italian_error_and_a_failed_login_event(
        tenant_a):
    user = make_user(tenant_a, Role.OPERATOR)
    client = counter_client(tenant_a)

    response = login(client, user.email, "password-sbagliata")

    assert response.status_code == 200
    assert "E-mail o password non corretti" in text_of(response)
    assert client.get("/").status_code == 302
    events = audit_events(tenant_a, actions.LOGIN_FAILED, actor_label=user.email)
    assert [e.ip_address for e in events] == [IP]


def test_given_five_failed_logins_when_trying_again_then_the_italian_lockout_page_is_shown(
        tenant_a):
    user = make_user(tenant_a, Role.OPERATOR)
    client = counter_client(tenant_a)
    for _ in range(4):
        assert login(client, user.email, "password-sbagliata").status_code == 200

    fifth = login(client, user.email, "password-sbagliata")
    with_right_password = login(client, user.email)

    assert fifth.status_code == 429
    assert with_right_password.status_code == 429
    assert "Accesso temporaneamente bloccato" in text_of(with_right_password)
    assert "Troppi tentativi di accesso non riusciti" in text_of(with_right_password)
    assert client.get("/").status_code == 302
    assert audit_events(tenant_a, actions.LOCKED_OUT, actor_label=user.email)


def test_given_a_lockout_on_one_counter_when_the_same_email_logs_in_on_another_then_it_works(
        tenant_a, tenant_b):
    email = "stessa-persona@example.it"
    make_user(tenant_a, Role.OPERATOR, email=email)
    make_user(tenant_b, Role.OPERATOR, email=email)
    client_a = counter_client(tenant_a)
    for _ in range(5):
        login(client_a, email, "password-sbagliata")
    assert login(client_a, email).status_code == 429

    client_b = counter_client(tenant_b)
    response = login(client_b, email)

    assert response.status_code == 302
    assert client_b.get("/").status_code == 200


def test_given_a_lockout_for_one_user_when_a_colleague_logs_in_from_the_same_desk_then_it_works(
        tenant_a):
    locked = make_user(tenant_a, Role.OPERATOR)
    colleague = make_user(tenant_a, Role.COORDINATOR)
    client = counter_client(tenant_a)
    for _ in range(5):
        login(client, locked.email, "password-sbagliata")

    response = login(client, colleague.email)

    assert response.status_code == 302


def test_given_a_national_user_when_logging_in_on_a_counter_domain_then_login_fails(tenant_a):
    supervisor = make_user(None, Role.SUPERVISOR)
    client = counter_client(tenant_a)

    response = login(client, supervisor.email)

    assert response.status_code == 200
    assert "E-mail o password non corretti" in text_of(response)
    assert client.get("/").status_code == 302


def test_given_a_counter_user_when_logging_in_on_the_national_site_then_login_fails(tenant_a):
    admin = make_user(tenant_a, Role.TENANT_ADMIN)
    client = national_client()

    response = login(client, admin.email)

    assert response.status_code == 200
    assert "E-mail o password non corretti" in text_of(response)


def test_given_a_logged_in_operator_when_logging_out_then_the_login_page_and_a_logout_event(
        tenant_a):
    user = make_user(tenant_a, Role.OPERATOR)
    client = counter_client(tenant_a)
    login(client, user.email)

    response = client.post("/uscita/", follow=True)

    assert "Area riservata al personale del Comune di Alfa" in text_of(response)
    assert client.get("/").status_code == 302
    assert audit_events(tenant_a, actions.LOGOUT, actor_id=user.pk)


def test_given_a_deactivated_user_when_logging_in_then_access_is_refused(tenant_a):
    user = make_user(tenant_a, Role.OPERATOR, email="disattivato@alfa.example.it")
    user.is_active = False
    from tests.support import in_schema

    with in_schema(tenant_a):
        user.save(update_fields=["is_active"])
    client = counter_client(tenant_a)

    response = login(client, user.email)

    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_given_the_platform_behind_a_proxy_when_logging_in_then_the_audit_keeps_the_client_address(
        tenant_a, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1  # RETE_PROXY_COUNT=1: one ingress in front
    user = make_user(tenant_a, Role.OPERATOR)
    client = Client(HTTP_HOST=host_of(tenant_a), REMOTE_ADDR="10.0.0.5",
                    HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")

    login(client, user.email)

    [event] = audit_events(tenant_a, actions.LOGIN, actor_id=user.pk)
    assert event.ip_address == "203.0.113.7"  # what the ingress saw, not its own address
