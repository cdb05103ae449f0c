"""The login lockout counts on the account, not on its spelling: case, blanks
and Unicode compatibility forms (fullwidth letters, the non-breaking space)
all name one account with one failure counter. A second limit stops many
accounts being guessed from one client address."""

import pytest
from django.core import mail
from django.test import Client

from accounts import audit_actions as actions
from accounts.models import Role
from tests.factories import PASSWORD, host_of, make_user
from tests.support import audit_events, text_of

pytestmark = pytest.mark.django_db

IP = "10.20.30.40"
EMAIL = "operator@alfa.example.it"  # make_user's address for tenant A's operator
WRONG = "password-sbagliata"
# Each of these names the same account as EMAIL once normalised (NFKC, blanks
# around removed, lower case): "ｏ" is the fullwidth "o", "\u00a0" a
# non-breaking space.
SPELLINGS = [
    "Operator@Alfa.Example.It",
    "OPERATOR@ALFA.EXAMPLE.IT",
    "  operator@alfa.example.it",
    "operator@alfa.example.it ",
    "operator@alfa.example.it\u00a0",
    "\uff4fperator@alfa.example.it",
    "\uff2fPERATOR@\uff21LFA.example.it",
]


def counter_client(tenant, ip: str = IP, **extra) -> Client:
    return Client(HTTP_HOST=host_of(tenant), REMOTE_ADDR=ip, **extra)


def login(client: Client, email: str, password: str = PASSWORD, **extra):
    return client.post("/accesso/", {"username": email, "password": password}, **extra)


def lock_out(client: Client, email: str = EMAIL, times: int = 5) -> None:
    for _ in range(times):
        login(client, email, WRONG)


def test_given_failures_in_different_spellings_when_they_reach_five_then_the_account_is_locked(
        tenant_a):
    make_user(tenant_a, Role.OPERATOR)
    client = counter_client(tenant_a)
    for spelling in SPELLINGS[:4]:
        assert login(client, spelling, WRONG).status_code == 200

    fifth = login(client, SPELLINGS[5], WRONG)
    right_password = login(client, EMAIL)

    assert fifth.status_code == 429
    assert right_password.status_code == 429
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_given_a_locked_account_when_the_right_password_comes_in_another_spelling_then_refused(
        tenant_a, spelling):
    make_user(tenant_a, Role.OPERATOR)
    client = counter_client(tenant_a)
    lock_out(client)

    response = login(client, spelling)

    assert response.status_code == 429
    assert "Accesso temporaneamente bloccato" in text_of(response)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_given_a_spelling_of_the_address_when_logging_in_with_the_right_password_then_it_works(
        tenant_a, spelling):
    user = make_user(tenant_a, Role.OPERATOR)
    client = counter_client(tenant_a)

    response = login(client, spelling)

    assert response.status_code == 302
    assert client.get("/").status_code == 200
    [event] = audit_events(tenant_a, actions.LOGIN, actor_id=user.pk)
    assert event.actor_label == EMAIL


def test_given_failures_in_several_spellings_then_the_audit_names_the_one_account(tenant_a):
    make_user(tenant_a, Role.OPERATOR)
    client = counter_client(tenant_a)

    for spelling in SPELLINGS[:5]:
        login(client, spelling, WRONG)

    assert [e.actor_label for e in audit_events(tenant_a, actions.LOGIN_FAILED)] == [EMAIL] * 5
    assert [e.actor_label for e in audit_events(tenant_a, actions.LOCKED_OUT)] == [EMAIL]


def test_given_a_blank_inside_the_address_when_logging_in_then_refused_as_invalid_before_any_check(
        tenant_a):
    make_user(tenant_a, Role.OPERATOR)
    client = counter_client(tenant_a)

    response = login(client, "oper ator@alfa.example.it")

    assert response.status_code == 200
    assert 'id="id_username-errore">Indirizzo e-mail non valido.' in response.content.decode()
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("look_alike", [
    "\u043eperator@alfa.example.it",  # Cyrillic "о": looks the same, is another letter
    "operator@\u0430lfa.example.it",  # Cyrillic "а" in the domain
    "oper\u200bator@alfa.example.it",  # a zero-width space inside
])
def test_given_a_look_alike_that_is_another_address_when_logging_in_then_it_opens_nothing(
        tenant_a, look_alike):
    """NFKC maps compatibility forms (fullwidth, ligatures) to the plain letter;
    letters of other scripts stay what they are: another address, which names
    no account and never reaches the real account's password."""
    make_user(tenant_a, Role.OPERATOR)
    client = counter_client(tenant_a)

    response = login(client, look_alike)

    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_given_a_nul_byte_in_the_address_when_logging_in_then_an_italian_error_names_it(
        tenant_a):
    make_user(tenant_a, Role.OPERATOR)

    response = login(counter_client(tenant_a), "oper\x00ator@alfa.example.it")

    # The input boundary (core.middleware) refuses it before the form.
    assert response.status_code == 400
    assert "carattere nullo" in response.content.decode()
    assert "<strong>username</strong>" in response.content.decode()


def test_given_a_locked_account_when_the_right_password_comes_by_xhr_then_the_page_is_italian(
        tenant_a):
    make_user(tenant_a, Role.OPERATOR)
    client = counter_client(tenant_a)
    lock_out(client)

    response = login(client, EMAIL, HTTP_X_REQUESTED_WITH="XMLHttpRequest")

    assert response.status_code == 429
    page = text_of(response)
    assert '<html lang="it">' in response.content.decode()
    assert "Troppi tentativi di accesso non riusciti" in page
    assert "bloccato per 15 minuti" in page
    assert "Anche la password giusta viene rifiutata" in page
    assert "locked" not in page.lower()


def test_given_a_locked_national_user_when_the_right_password_comes_in_upper_case_then_refused():
    make_user(None, Role.SUPERVISOR)
    client = Client(HTTP_HOST="localhost", REMOTE_ADDR=IP)
    lock_out(client, "supervisor@nazionale.example.it")

    response = login(client, "SUPERVISOR@Nazionale.Example.It")

    assert response.status_code == 429
    assert "Accesso temporaneamente bloccato" in text_of(response)


# --- per client address -----------------------------------------------------

def test_given_many_accounts_guessed_from_one_address_when_a_colleague_logs_in_there_then_refused(
        tenant_a, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    colleague = make_user(tenant_a, Role.COORDINATOR)
    attacker = counter_client(tenant_a)
    for n in range(6):  # one failure each: no account reaches its own limit of 5
        assert login(attacker, f"indovinato{n}@alfa.example.it", WRONG).status_code in (200, 429)

    from_there = login(counter_client(tenant_a), colleague.email)
    from_elsewhere = login(counter_client(tenant_a, ip="10.99.0.1"), colleague.email)

    assert from_there.status_code == 429
    assert "Accesso temporaneamente bloccato" in text_of(from_there)
    assert from_elsewhere.status_code == 302


def test_given_failures_under_the_address_limit_when_a_colleague_logs_in_there_then_it_works(
        tenant_a, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    colleague = make_user(tenant_a, Role.COORDINATOR)
    attacker = counter_client(tenant_a)
    for n in range(5):
        login(attacker, f"indovinato{n}@alfa.example.it", WRONG)

    response = login(counter_client(tenant_a), colleague.email)

    assert response.status_code == 302


def test_given_the_default_settings_when_twenty_accounts_are_guessed_from_one_address_then_locked(
        tenant_a):
    colleague = make_user(tenant_a, Role.COORDINATOR)
    attacker = counter_client(tenant_a)
    for n in range(20):
        login(attacker, f"indovinato{n}@alfa.example.it", WRONG)

    response = login(counter_client(tenant_a), colleague.email)

    assert response.status_code == 429


def test_given_a_proxy_when_the_client_forges_forwarded_addresses_then_the_address_limit_holds(
        tenant_a, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1  # one ingress in front, it appends the real address
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    colleague = make_user(tenant_a, Role.COORDINATOR)
    for n in range(6):
        forged = counter_client(tenant_a, ip="10.0.0.5",
                                HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7")
        login(forged, f"indovinato{n}@alfa.example.it", WRONG)

    same_client = counter_client(tenant_a, ip="10.0.0.5",
                                 HTTP_X_FORWARDED_FOR="198.51.100.200, 203.0.113.7")
    other_client = counter_client(tenant_a, ip="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.8")

    assert login(same_client, colleague.email).status_code == 429
    assert login(other_client, colleague.email).status_code == 302
    locked_out = audit_events(tenant_a, actions.LOCKED_OUT)
    assert locked_out
    assert {e.ip_address for e in locked_out} == {"203.0.113.7"}


# --- the other ways in --------------------------------------------------------

@pytest.mark.parametrize("spelling", ["OPERATOR@alfa.example.it ", "\uff4fperator@alfa.example.it"])
def test_given_another_spelling_when_asking_for_a_new_password_then_the_link_goes_to_the_account(
        tenant_a, spelling):
    make_user(tenant_a, Role.OPERATOR)

    counter_client(tenant_a).post("/accesso/recupero/", {"email": spelling})

    [message] = mail.outbox
    assert message.to == [EMAIL]
    assert "/accesso/reimposta/" in message.body


def test_given_the_api_when_a_password_is_posted_for_a_token_then_no_token_is_issued(tenant_a):
    make_user(tenant_a, Role.OPERATOR)
    client = counter_client(tenant_a)

    response = client.post("/api/v1/token/", {"username": EMAIL, "password": PASSWORD})

    assert response.status_code in (401, 403)
    assert "token" not in response.json()


def test_given_a_caller_of_authenticate_without_the_login_form_then_spellings_share_one_counter(
        tenant_a, rf):
    """Any future way in (a form, an API) that calls Django's authenticate()
    with the address as typed meets the same counter."""
    from django.contrib.auth import authenticate

    from tests.support import in_schema

    make_user(tenant_a, Role.OPERATOR)
    with in_schema(tenant_a):
        for spelling in SPELLINGS[:5]:
            authenticate(rf.post("/accesso/", REMOTE_ADDR=IP), username=spelling, password=WRONG)

        user = authenticate(rf.post("/accesso/", REMOTE_ADDR=IP), username=EMAIL,
                            password=PASSWORD)

    assert user is None
