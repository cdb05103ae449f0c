"""Changing a password, and choosing a new one through the e-mailed link."""

from django.core import mail

from accounts import audit_actions as actions
from accounts.models import Role
from tests.accounts.test_login import counter_client, login
from tests.factories import PASSWORD, host_of, make_user
from tests.support import audit_events, link_in_last_mail, text_of

NEW_PASSWORD = "Nuova-password-sicura-2026"


def test_given_a_logged_in_operator_when_changing_the_password_then_only_the_new_one_works(
        tenant_a):
    user = make_user(tenant_a, Role.OPERATOR)
    client = counter_client(tenant_a)
    login(client, user.email)

    response = client.post("/accesso/password/", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    }, follow=True)

    assert "Password cambiata." in text_of(response)
    assert login(counter_client(tenant_a), user.email, PASSWORD).status_code == 200
    assert login(counter_client(tenant_a), user.email, NEW_PASSWORD).status_code == 302
    assert audit_events(tenant_a, actions.PASSWORD_CHANGED, actor_id=user.pk)


def test_given_a_wrong_current_password_when_changing_it_then_an_italian_error_at_the_field(
        tenant_a):
    user = make_user(tenant_a, Role.OPERATOR)
    client = counter_client(tenant_a)
    login(client, user.email)

    response = client.post("/accesso/password/", {
        "old_password": "non-la-mia", "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    })

    assert response.status_code == 200
    assert 'id="id_old_password-errore"' in response.content.decode()
    assert "La password attuale non è stata inserita correttamente" in text_of(response)


def test_given_an_operator_who_forgot_the_password_when_following_the_emailed_link_then_it_is_set(
        tenant_a):
    user = make_user(tenant_a, Role.OPERATOR)
    client = counter_client(tenant_a)

    sent = client.post("/accesso/recupero/", {"email": user.email}, follow=True)
    host, path = link_in_last_mail(user.email)
    form = client.get(path, follow=True)
    done = client.post(form.redirect_chain[-1][0], {
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)

    assert "Controlli la posta" in text_of(sent)
    assert host == host_of(tenant_a)
    assert "Scelga la password" in text_of(form)
    assert "Password impostata: ora può accedere." in text_of(done)
    assert login(counter_client(tenant_a), user.email, NEW_PASSWORD).status_code == 302
    assert audit_events(tenant_a, actions.PASSWORD_RESET_REQUESTED, actor_label=user.email)


def test_given_a_reset_link_of_one_counter_when_opened_on_another_then_it_is_not_valid(
        tenant_a, tenant_b):
    user = make_user(tenant_a, Role.OPERATOR)
    make_user(tenant_b, Role.OPERATOR)  # a user with the same id may exist there
    counter_client(tenant_a).post("/accesso/recupero/", {"email": user.email})
    _host, path = link_in_last_mail(user.email)

    response = counter_client(tenant_b).get(path, follow=True)

    assert "Collegamento non valido" in text_of(response)


def test_given_an_unknown_email_when_asking_for_a_new_password_then_the_same_page_and_no_mail(
        tenant_a):
    response = counter_client(tenant_a).post(
        "/accesso/recupero/", {"email": "nessuno@example.it"}, follow=True)

    assert "Controlli la posta" in text_of(response)
    assert mail.outbox == []


def test_given_an_invited_user_without_a_password_when_asking_for_a_new_one_then_a_link_arrives(
        tenant_a):
    from accounts import services
    from tests.support import in_schema

    with in_schema(tenant_a):
        user = services.create_user(email="invitata@alfa.example.it", role=Role.OPERATOR)
    client = counter_client(tenant_a)

    client.post("/accesso/recupero/", {"email": user.email})
    _host, path = link_in_last_mail(user.email)
    form = client.get(path, follow=True)
    client.post(form.redirect_chain[-1][0], {
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert login(counter_client(tenant_a), user.email, NEW_PASSWORD).status_code == 302
