"""manage.py provision_tenant and tenant_status: the same services as the
national site, Italian errors naming the field and its option."""

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from tenants import audit_actions as actions
from tenants.models import Tenant
from tests.support import audit_events, link_in_last_mail, tasks_run_at_once

pytestmark = pytest.mark.django_db

DELTA = ["delta", "--name", "Unione dei Comuni Delta", "--kind", "unione", "--region", "emr",
         "--province", "ra", "--istat-code", "039014", "--codice-ipa", "u_delta",
         "--job-desk", "--intermediation-authorised", "--albo-number", "ALBO-RA-0007",
         "--admin-email", "Admin@Delta.example.it", "--admin-first-name", "Dora"]


def test_given_the_arguments_when_provisioning_from_the_command_line_then_the_counter_is_ready(
        capsys, django_capture_on_commit_callbacks):
    with tasks_run_at_once(), django_capture_on_commit_callbacks(execute=True):
        call_command("provision_tenant", *DELTA)

    tenant = Tenant.objects.get(slug="delta")
    assert "Ente «Unione dei Comuni Delta» attivato su delta.localhost" in capsys.readouterr().out
    assert (tenant.kind, tenant.region, tenant.province) == ("unione", "EMR", "RA")
    assert tenant.intermediation_authorised and tenant.albo_number == "ALBO-RA-0007"
    assert tenant.modules == ["Sportello lavoro"]
    with tenant_context(tenant):
        admin = User.objects.get(email="admin@delta.example.it")
    assert admin.role == Role.TENANT_ADMIN and not admin.has_usable_password()
    assert link_in_last_mail("admin@delta.example.it")[0] == "delta.localhost"
    assert audit_events(None, actions.TENANT_PROVISIONED, target_label=tenant.name)


def test_given_a_custom_domain_when_provisioning_then_the_counter_answers_there():
    call_command("provision_tenant", *DELTA, "--domain", "sportello.delta.example.it")

    tenant = Tenant.objects.get(slug="delta")
    assert tenant.domains.get(is_primary=True).domain == "sportello.delta.example.it"


def test_given_a_wrong_codice_fiscale_when_provisioning_then_an_italian_error_names_the_option():
    with pytest.raises(CommandError) as error:
        call_command("provision_tenant", *DELTA, "--codice-fiscale", "12345678901")

    assert error.value.returncode == 1
    assert str(error.value) == (
        "Ente non attivato.\n  codice_fiscale (--codice-fiscale): Codice fiscale dell'ente "
        "non valido (11 cifre con carattere di controllo).")
    assert not Tenant.objects.filter(slug="delta").exists()


def test_given_several_wrong_fields_when_provisioning_then_each_is_reported():
    args = [a if a != "039014" else "39014" for a in DELTA]
    with pytest.raises(CommandError) as error:
        call_command("provision_tenant", *args, "--kind", "provincia")

    message = str(error.value)
    assert "istat_code (--istat-code): Il codice ISTAT è di 6 cifre." in message
    assert "kind (--kind): " in message


def test_given_a_taken_slug_when_provisioning_then_the_error_names_the_slug(tenant_a):
    args = ["alfa", *DELTA[1:]]
    with pytest.raises(CommandError, match=r"  slug: Esiste già un ente"):
        call_command("provision_tenant", *args)


def test_given_a_bad_admin_email_when_provisioning_then_nothing_is_left_behind():
    args = [a if a != "Admin@Delta.example.it" else "non-una-email" for a in DELTA]
    with pytest.raises(CommandError, match=r"email \(--admin-email\): Indirizzo e-mail non valido"):
        call_command("provision_tenant", *args)

    assert not Tenant.objects.filter(slug="delta").exists()


def test_given_an_active_counter_when_suspended_from_the_command_line_then_it_is_suspended(
        tenant_a, capsys):
    call_command("tenant_status", "alfa", "suspended", "--reason", "Convenzione scaduta")

    tenant_a.refresh_from_db()
    assert tenant_a.status == Tenant.Status.SUSPENDED
    assert "Ente «Comune di Alfa»: stato sospeso." in capsys.readouterr().out
    [event] = audit_events(None, actions.TENANT_STATUS_CHANGED, target_label="Comune di Alfa")
    assert event.details == {"from": "active", "to": "suspended",
                             "reason": "Convenzione scaduta"}
    assert event.actor_label.startswith("riga di comando (")
    assert event.actor_label.endswith("): tenant_status")


def test_given_the_italian_word_when_changing_the_status_then_it_is_understood(tenant_a):
    call_command("tenant_status", "alfa", "sospeso")
    call_command("tenant_status", "alfa", "attivo")

    tenant_a.refresh_from_db()
    assert tenant_a.status == Tenant.Status.ACTIVE


def test_given_an_unknown_status_when_changing_it_then_an_italian_error(tenant_a):
    with pytest.raises(CommandError, match=r"status: Stato non valido."):
        call_command("tenant_status", "alfa", "chiuso")


def test_given_an_archived_counter_when_reactivated_then_refused(tenant_a):
    call_command("tenant_status", "alfa", "archived")

    with pytest.raises(CommandError, match="Un ente archiviato non può essere riattivato."):
        call_command("tenant_status", "alfa", "active")


def test_given_an_unknown_slug_when_changing_the_status_then_an_italian_error():
    with pytest.raises(CommandError, match="Nessun ente con identificativo «omega»."):
        call_command("tenant_status", "omega", "suspended")
