"""Staff management on "Personale" (a counter) and "Utenti" (the national site)."""

import pytest
from django.test import Client

from accounts import audit_actions as actions
from accounts.models import Role, User
from tests.factories import PASSWORD, host_of, make_user
from tests.support import audit_events, in_schema, link_in_last_mail, tasks_run_at_once, text_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Password-scelta-2026"
ADMIN_IP = "192.0.2.10"


def admin_client(tenant, role=Role.TENANT_ADMIN) -> Client:
    admin = make_user(tenant, role)
    client = Client(HTTP_HOST=host_of(tenant) if tenant else "localhost", REMOTE_ADDR=ADMIN_IP)
    assert client.post("/accesso/", {"username": admin.email, "password": PASSWORD}
                       ).status_code == 302
    return client


def users_of(tenant, **filters) -> list[User]:
    with in_schema(tenant):
        return list(User.objects.filter(**filters))


def new_operator(**overrides) -> dict:
    return {"email": "nuova.operatrice@alfa.example.it", "first_name": "Lucia",
            "last_name": "Neri", "role": Role.OPERATOR, **overrides}


def test_given_the_tenant_admin_when_creating_an_operator_then_the_list_shows_her(tenant_a):
    client = admin_client(tenant_a)

    response = client.post("/personale/nuovo/", new_operator(), follow=True)

    page = text_of(response)
    assert "Utente nuova.operatrice@alfa.example.it creato" in page
    assert "Lucia Neri nuova.operatrice@alfa.example.it Operatore attivo" in page


def test_given_a_new_operator_when_she_follows_the_invitation_then_she_chooses_a_password(
        tenant_a, django_capture_on_commit_callbacks):
    client = admin_client(tenant_a)
    with tasks_run_at_once(), django_capture_on_commit_callbacks(execute=True):
        client.post("/personale/nuovo/", new_operator())

    host, path = link_in_last_mail("nuova.operatrice@alfa.example.it")
    invited = Client(HTTP_HOST=host)
    form = invited.get(path, follow=True)
    invited.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD,
                                              "new_password2": NEW_PASSWORD})
    logged_in = invited.post("/accesso/", {"username": "nuova.operatrice@alfa.example.it",
                                           "password": NEW_PASSWORD}, follow=True)

    assert host == host_of(tenant_a)
    assert "Scelga la password" in text_of(form)
    assert "Buon lavoro, Lucia." in text_of(logged_in)


def test_given_a_user_creation_when_it_succeeds_then_the_counter_audit_names_admin_and_ip(
        tenant_a):
    client = admin_client(tenant_a)

    client.post("/personale/nuovo/", new_operator())

    [event] = audit_events(tenant_a, actions.USER_CREATED,
                           target_label="Lucia Neri")
    assert event.actor_label == "tenant_admin@alfa.example.it"
    assert event.ip_address == ADMIN_IP
    assert event.details == {"role": "operator", "invited": True}
    assert audit_events(None, actions.USER_CREATED, target_label="Lucia Neri") == []


def test_given_an_email_already_used_when_creating_a_user_then_the_error_is_at_the_email_field(
        tenant_a):
    make_user(tenant_a, Role.OPERATOR, email="gia.presente@alfa.example.it")
    client = admin_client(tenant_a)

    response = client.post("/personale/nuovo/", new_operator(email="Gia.Presente@alfa.example.it"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_email-errore">Esiste già un utente con questo indirizzo e-mail.' in html
    assert 'aria-invalid="true"' in html


def test_given_a_national_role_when_creating_a_counter_user_then_it_is_refused_at_the_role(
        tenant_a):
    client = admin_client(tenant_a)

    response = client.post("/personale/nuovo/", new_operator(role=Role.SUPERVISOR))

    assert 'id="id_role-errore">Ruolo non ammesso per questo utente.' in response.content.decode()
    assert users_of(tenant_a, email="nuova.operatrice@alfa.example.it") == []


def test_given_an_empty_form_when_creating_a_user_then_each_field_says_it_is_required(tenant_a):
    client = admin_client(tenant_a)

    response = client.post("/personale/nuovo/", {})

    html = response.content.decode()
    for field in ("email", "first_name", "last_name", "role"):
        assert f'id="id_{field}-errore">Campo obbligatorio.' in html


def test_given_an_operator_when_posting_a_new_user_then_403_and_nobody_is_created(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post("/personale/nuovo/", new_operator(role=Role.TENANT_ADMIN))

    assert response.status_code == 403
    assert users_of(tenant_a, email="nuova.operatrice@alfa.example.it") == []


def test_given_a_form_without_the_security_token_when_posting_then_403_and_nobody_is_created(
        tenant_a):
    admin = make_user(tenant_a, Role.TENANT_ADMIN)
    client = Client(HTTP_HOST=host_of(tenant_a), enforce_csrf_checks=True)
    client.get("/accesso/")
    client.post("/accesso/", {"username": admin.email, "password": PASSWORD,
                              "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert client.get("/personale/nuovo/").status_code == 200

    response = client.post("/personale/nuovo/", new_operator())

    assert response.status_code == 403
    assert "Il modulo è scaduto o non proviene da questo sito" in text_of(response)
    assert users_of(tenant_a, email="nuova.operatrice@alfa.example.it") == []


def test_given_an_operator_when_the_admin_makes_him_coordinator_then_the_role_changes(tenant_a):
    operator = make_user(tenant_a, Role.OPERATOR)
    client = admin_client(tenant_a)

    response = client.post(f"/personale/{operator.pk}/ruolo/", {"role": Role.COORDINATOR},
                           follow=True)

    assert "Ruolo di operator@alfa.example.it: Coordinatore." in text_of(response)
    assert users_of(tenant_a, pk=operator.pk)[0].role == Role.COORDINATOR
    [event] = audit_events(tenant_a, actions.ROLE_CHANGED, target_id=str(operator.pk))
    assert event.actor_label == "tenant_admin@alfa.example.it"
    assert event.ip_address == ADMIN_IP
    assert event.details == {"from": "operator", "to": "coordinator"}


def test_given_the_admin_when_opening_a_colleague_then_role_and_deactivation_are_offered(
        tenant_a):
    operator = make_user(tenant_a, Role.OPERATOR)
    client = admin_client(tenant_a)

    page = text_of(client.get(f"/personale/{operator.pk}/"))

    assert "Cambia ruolo" in page
    assert "Disattiva l'utente" in page


def test_given_the_admin_when_opening_her_own_user_then_she_cannot_change_it(tenant_a):
    admin = make_user(tenant_a, Role.TENANT_ADMIN)
    client = admin_client(tenant_a)

    page = text_of(client.get(f"/personale/{admin.pk}/"))
    response = client.post(f"/personale/{admin.pk}/ruolo/", {"role": Role.OPERATOR})

    assert "È il suo utente" in page
    assert "Disattiva l'utente" not in page
    assert users_of(tenant_a, pk=admin.pk)[0].role == Role.TENANT_ADMIN
    assert "Non è possibile modificare il proprio ruolo." in text_of(response)


def test_given_an_operator_when_the_admin_deactivates_him_then_he_can_no_longer_log_in(
        tenant_a):
    operator = make_user(tenant_a, Role.OPERATOR)
    client = admin_client(tenant_a)

    response = client.post(f"/personale/{operator.pk}/disattiva/", follow=True)

    assert "Utente operator@alfa.example.it disattivato" in text_of(response)
    assert "disattivato" in text_of(client.get("/personale/"))
    refused = Client(HTTP_HOST=host_of(tenant_a)).post(
        "/accesso/", {"username": operator.email, "password": PASSWORD})
    assert refused.status_code == 200
    [event] = audit_events(tenant_a, actions.USER_DEACTIVATED, target_id=str(operator.pk))
    assert event.actor_label == "tenant_admin@alfa.example.it"


def test_given_a_logged_in_operator_when_deactivated_then_his_session_ends(tenant_a,
                                                                          tenant_client):
    operator_client = tenant_client(tenant_a, Role.OPERATOR)
    operator = make_user(tenant_a, Role.OPERATOR)
    admin_client(tenant_a).post(f"/personale/{operator.pk}/disattiva/")

    response = operator_client.get("/")

    assert response.status_code == 302


@pytest.mark.parametrize("method,suffix", [("get", ""), ("post", "ruolo/"),
                                           ("post", "disattiva/")])
def test_given_a_user_of_another_counter_when_the_admin_addresses_him_then_404(
        tenant_a, tenant_b, method, suffix):
    with in_schema(tenant_b):
        stranger = User.objects.create_user(pk=987654, email="estraneo@beta.example.it",
                                            password=PASSWORD, role=Role.OPERATOR)
    client = admin_client(tenant_a)

    response = getattr(client, method)(f"/personale/{stranger.pk}/{suffix}",
                                       {"role": Role.TENANT_ADMIN})

    assert response.status_code == 404
    assert "Pagina non trovata" in text_of(response)
    assert users_of(tenant_b, pk=stranger.pk)[0].role == Role.OPERATOR
    assert users_of(tenant_b, pk=stranger.pk)[0].is_active


def test_given_the_platform_admin_when_creating_a_supervisor_then_a_national_user_exists(
        tenant_a):
    client = admin_client(None, Role.PLATFORM_ADMIN)

    response = client.post("/utenti/nuovo/", {
        "email": "nuovo.supervisore@enm.example.it", "first_name": "Elena", "last_name": "Riva",
        "role": Role.SUPERVISOR}, follow=True)

    assert "Elena Riva nuovo.supervisore@enm.example.it Supervisore nazionale (ENM)" in text_of(
        response)
    assert users_of(None, email="nuovo.supervisore@enm.example.it")
    assert users_of(tenant_a, email="nuovo.supervisore@enm.example.it") == []
    assert audit_events(None, actions.USER_CREATED, target_label="Elena Riva")


def test_given_the_platform_admin_when_creating_a_counter_role_nationally_then_it_is_refused():
    client = admin_client(None, Role.PLATFORM_ADMIN)

    response = client.post("/utenti/nuovo/", {
        "email": "operatore@enm.example.it", "first_name": "Ugo", "last_name": "Sala",
        "role": Role.OPERATOR})

    assert 'id="id_role-errore">Ruolo non ammesso per questo utente.' in response.content.decode()
    assert users_of(None, email="operatore@enm.example.it") == []


# --- spelling of the address ----------------------------------------------------

def test_given_an_address_typed_in_capitals_and_fullwidth_when_creating_a_user_then_one_spelling(
        tenant_a):
    client = admin_client(tenant_a)

    client.post("/personale/nuovo/", new_operator(email=" \uff2euova.Operatrice@ALFA.example.it "))
    again = client.post("/personale/nuovo/", new_operator(email="nuova.operatrice@alfa.example.it"))

    assert [u.email for u in users_of(tenant_a, last_name="Neri")] == [
        "nuova.operatrice@alfa.example.it"]
    assert 'id="id_email-errore">Esiste già un utente con questo indirizzo e-mail.' in \
        again.content.decode()


# --- reactivation -------------------------------------------------------------

def deactivated(tenant, role=Role.OPERATOR) -> User:
    user = make_user(tenant, role)
    with in_schema(tenant):
        User.objects.filter(pk=user.pk).update(is_active=False)
    return user


def test_given_a_deactivated_operator_when_the_admin_reactivates_him_then_he_logs_in_again(
        tenant_a):
    operator = deactivated(tenant_a)
    client = admin_client(tenant_a)
    page = text_of(client.get(f"/personale/{operator.pk}/"))

    response = client.post(f"/personale/{operator.pk}/riattiva/", follow=True)
    login = Client(HTTP_HOST=host_of(tenant_a)).post(
        "/accesso/", {"username": operator.email, "password": PASSWORD})

    assert "Riattiva l'utente" in page
    assert "Utente operator@alfa.example.it riattivato: può di nuovo accedere." in text_of(
        response)
    assert "Disattiva l'utente" in text_of(response)
    assert login.status_code == 302
    assert users_of(tenant_a, pk=operator.pk)[0].role == Role.OPERATOR


def test_given_a_reactivation_then_the_counter_audit_names_admin_target_and_address(tenant_a):
    operator = deactivated(tenant_a)
    client = admin_client(tenant_a)

    client.post(f"/personale/{operator.pk}/riattiva/")

    [event] = audit_events(tenant_a, actions.USER_REACTIVATED, target_id=str(operator.pk))
    assert event.actor_label == "tenant_admin@alfa.example.it"
    assert event.ip_address == ADMIN_IP
    assert "Utente riattivato" in text_of(client.get(f"/personale/{operator.pk}/"))


def test_given_an_active_user_when_reactivating_him_then_an_error_and_nothing_recorded(tenant_a):
    operator = make_user(tenant_a, Role.OPERATOR)
    client = admin_client(tenant_a)

    response = client.post(f"/personale/{operator.pk}/riattiva/")

    assert response.status_code == 400
    assert "L'utente è già attivo." in text_of(response)
    assert audit_events(tenant_a, actions.USER_REACTIVATED) == []


def test_given_an_operator_when_posting_a_reactivation_then_403_and_the_user_stays_off(
        tenant_a, tenant_client):
    operator = deactivated(tenant_a)
    client = tenant_client(tenant_a, Role.COORDINATOR)

    response = client.post(f"/personale/{operator.pk}/riattiva/")

    assert response.status_code == 403
    assert not users_of(tenant_a, pk=operator.pk)[0].is_active


def test_given_a_deactivated_supervisor_when_the_platform_admin_reactivates_her_then_she_logs_in(
        tenant_a):
    supervisor = deactivated(None, Role.SUPERVISOR)
    client = admin_client(None, Role.PLATFORM_ADMIN)

    response = client.post(f"/utenti/{supervisor.pk}/riattiva/", follow=True)

    assert "riattivato" in text_of(response)
    assert Client(HTTP_HOST="localhost").post("/accesso/", {
        "username": supervisor.email, "password": PASSWORD}).status_code == 302
    assert audit_events(None, actions.USER_REACTIVATED, target_id=str(supervisor.pk))
    assert audit_events(tenant_a, actions.USER_REACTIVATED) == []


# --- invitation sent again -------------------------------------------------------

def invite(client, tenant, django_capture_on_commit_callbacks, prefix="/personale"):
    with tasks_run_at_once(), django_capture_on_commit_callbacks(execute=True):
        client.post(f"{prefix}/nuovo/", new_operator() if tenant else {
            "email": "nuova.operatrice@alfa.example.it", "first_name": "Lucia",
            "last_name": "Neri", "role": Role.SUPERVISOR})
    [user] = users_of(tenant, email="nuova.operatrice@alfa.example.it")
    return user


def test_given_an_invited_user_when_the_invitation_is_sent_again_then_only_the_new_link_works(
        tenant_a, django_capture_on_commit_callbacks):
    client = admin_client(tenant_a)
    user = invite(client, tenant_a, django_capture_on_commit_callbacks)
    _host, old_path = link_in_last_mail(user.email)
    page = text_of(client.get(f"/personale/{user.pk}/"))

    with tasks_run_at_once(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/personale/{user.pk}/invito/", follow=True)
    _host, new_path = link_in_last_mail(user.email)
    old = Client(HTTP_HOST=host_of(tenant_a)).get(old_path, follow=True)
    new_client = Client(HTTP_HOST=host_of(tenant_a))
    new = new_client.get(new_path, follow=True)
    new_client.post(new.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD,
                                                "new_password2": NEW_PASSWORD})

    assert "invito in attesa" in page
    assert "Invia di nuovo l'invito" in page
    assert "Nuovo invito inviato a nuova.operatrice@alfa.example.it" in text_of(response)
    assert new_path != old_path
    assert "Collegamento non valido" in text_of(old)
    assert "Scelga la password" in text_of(new)
    assert Client(HTTP_HOST=host_of(tenant_a)).post("/accesso/", {
        "username": user.email, "password": NEW_PASSWORD}).status_code == 302


def test_given_an_invitation_sent_again_then_the_audit_records_it_and_a_mail_is_sent(
        tenant_a, django_capture_on_commit_callbacks):
    from django.core import mail

    client = admin_client(tenant_a)
    user = invite(client, tenant_a, django_capture_on_commit_callbacks)

    with tasks_run_at_once(), django_capture_on_commit_callbacks(execute=True):
        client.post(f"/personale/{user.pk}/invito/")

    invitations = [m for m in mail.outbox if m.to == [user.email]]
    assert len(invitations) == 2
    assert invitations[-1].subject == "Invito a Rete Sportelli - Comune di Alfa"
    [event] = audit_events(tenant_a, actions.INVITATION_RESENT, target_id=str(user.pk))
    assert event.actor_label == "tenant_admin@alfa.example.it"
    assert event.ip_address == ADMIN_IP


def test_given_a_user_who_chose_a_password_when_resending_the_invitation_then_refused(
        tenant_a, django_capture_on_commit_callbacks):
    from django.core import mail

    operator = make_user(tenant_a, Role.OPERATOR)
    client = admin_client(tenant_a)
    page = text_of(client.get(f"/personale/{operator.pk}/"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/personale/{operator.pk}/invito/")

    assert "Invia di nuovo l'invito" not in page
    assert response.status_code == 400
    assert "L'utente ha già scelto la password" in text_of(response)
    assert mail.outbox == []
    assert audit_events(tenant_a, actions.INVITATION_RESENT) == []
    assert Client(HTTP_HOST=host_of(tenant_a)).post("/accesso/", {
        "username": operator.email, "password": PASSWORD}).status_code == 302


def test_given_a_deactivated_invited_user_when_resending_the_invitation_then_refused(
        tenant_a, django_capture_on_commit_callbacks):
    client = admin_client(tenant_a)
    user = invite(client, tenant_a, django_capture_on_commit_callbacks)
    client.post(f"/personale/{user.pk}/disattiva/")

    response = client.post(f"/personale/{user.pk}/invito/")

    assert response.status_code == 400
    assert "L'utente è disattivato: lo riattivi prima" in text_of(response)


def test_given_an_invited_national_user_when_the_platform_admin_resends_then_a_new_link_arrives(
        django_capture_on_commit_callbacks):
    client = admin_client(None, Role.PLATFORM_ADMIN)
    user = invite(client, None, django_capture_on_commit_callbacks, prefix="/utenti")
    _host, old_path = link_in_last_mail(user.email)

    with tasks_run_at_once(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/utenti/{user.pk}/invito/", follow=True)
    host, new_path = link_in_last_mail(user.email)

    assert "Nuovo invito inviato" in text_of(response)
    assert host == "localhost"
    assert new_path != old_path
    assert "Collegamento non valido" in text_of(Client(HTTP_HOST="localhost").get(
        old_path, follow=True))
    assert audit_events(None, actions.INVITATION_RESENT, target_id=str(user.pk))


def test_given_a_user_of_another_counter_when_resending_his_invitation_then_404(
        tenant_a, tenant_b):
    with in_schema(tenant_b):
        stranger = User.objects.create_user(pk=987655, email="invitato@beta.example.it",
                                            password=None, role=Role.OPERATOR)
        User.objects.filter(pk=stranger.pk).update(is_active=False)
    client = admin_client(tenant_a)

    responses = [client.post(f"/personale/{stranger.pk}/{suffix}/")
                 for suffix in ("invito", "riattiva")]

    assert [r.status_code for r in responses] == [404, 404]
    assert not users_of(tenant_b, pk=stranger.pk)[0].is_active
