"""The fast paths of tenancy keep their promises: the routing cache never
serves a suspended, archived, deleted or moved counter as if nothing had
happened; migrate_tenants skips only what is really up to date; the audit
record stays append-only in every tenant schema."""

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from audit.models import AuditEvent
from tenants import services
from tenants.models import Tenant
from tests.factories import host_of, make_profile, make_user
from tests.support import text_of

pytestmark = pytest.mark.django_db


def visit(host: str, path: str = "/accesso/"):
    return Client(HTTP_HOST=host).get(path)


def test_given_an_active_counter_when_visited_twice_then_both_visits_reach_it(tenant_a):
    host = host_of(tenant_a)

    first, second = visit(host), visit(host)

    assert first.status_code == second.status_code == 200
    assert tenant_a.name in text_of(second)


def test_given_a_visited_counter_when_it_is_suspended_then_its_domain_shows_the_sospeso_page(
        tenant_a):
    host = host_of(tenant_a)
    assert visit(host).status_code == 200

    services.change_status(tenant=tenant_a, status=Tenant.Status.SUSPENDED, acting_user=None)
    response = visit(host)

    assert response.status_code == 503
    assert "Lo sportello è temporaneamente sospeso." in text_of(response)
    assert tenant_a.name in text_of(response)


def test_given_a_visited_counter_when_it_is_archived_then_its_domain_answers_gone(tenant_a):
    host = host_of(tenant_a)
    assert visit(host).status_code == 200

    services.change_status(tenant=tenant_a, status=Tenant.Status.ARCHIVED, acting_user=None)
    response = visit(host)

    assert response.status_code == 410
    assert "Questo sportello non è più attivo sulla Rete Sportelli." in text_of(response)


def test_given_a_suspended_counter_when_it_is_reactivated_then_its_domain_works_again(tenant_a):
    host = host_of(tenant_a)
    services.change_status(tenant=tenant_a, status=Tenant.Status.SUSPENDED, acting_user=None)
    assert visit(host).status_code == 503

    services.change_status(tenant=tenant_a, status=Tenant.Status.ACTIVE, acting_user=None)

    assert visit(host).status_code == 200


def test_given_a_visited_counter_when_it_is_deleted_then_its_domain_is_an_unknown_host():
    tenant = services.provision_tenant(profile=make_profile("epsilon"),
                                       admin_email="admin@epsilon.example.it")
    host = host_of(tenant)
    assert visit(host).status_code == 200

    services.delete_tenant(tenant=tenant)
    response = visit(host)

    assert response.status_code == 404
    assert f"L'indirizzo {host} non corrisponde ad alcuno sportello" in text_of(response)


def test_given_a_visited_counter_when_its_primary_domain_changes_then_it_answers_only_there(
        tenant_a):
    old_host = host_of(tenant_a)
    assert visit(old_host).status_code == 200

    services.change_primary_domain(tenant=tenant_a, domain="Sportello-Alfa.localhost",
                                   acting_user=None)
    at_new, at_old = visit("sportello-alfa.localhost"), visit(old_host)

    assert at_new.status_code == 200
    assert tenant_a.name in text_of(at_new)
    assert at_old.status_code == 404
    assert "Sportello non trovato" in text_of(at_old)


def test_given_an_unknown_host_when_it_is_provisioned_then_the_same_process_routes_it():
    assert visit("zeta.localhost").status_code == 404

    services.provision_tenant(profile=make_profile("zeta"), admin_email="admin@zeta.example.it")

    assert visit("zeta.localhost").status_code == 200


def test_given_a_connection_in_tenant_a_when_the_health_check_opens_a_request_for_b_then_b_is_read(
        tenant_a, tenant_b):
    make_user(tenant_a, Role.OPERATOR, email="solo-in-a@example.it")
    connection.set_tenant(tenant_a)
    assert User.objects.filter(email="solo-in-a@example.it").exists()

    connection.set_tenant(tenant_b)
    connection.health_check_enabled, connection.health_check_done = True, False
    connection.close_if_health_check_failed()  # carries B's SET search_path

    assert connection.search_path_set_schemas == [tenant_b.schema_name, "public"]
    assert not User.objects.filter(email="solo-in-a@example.it").exists()


def migrate_tenants(*args) -> str:
    out = io.StringIO()
    call_command("migrate_tenants", "--skip-public", *args, stdout=out)
    return out.getvalue()


def forget_migration(tenant, app: str, name: str, undo_sql: str) -> None:
    """Make ``tenant`` miss one migration: its record and what it did."""
    with tenant_context(tenant), connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", [app, name])
        cursor.execute(undo_sql)


def test_given_every_schema_up_to_date_when_checking_then_none_is_pending():
    output = migrate_tenants("--check")

    assert "0 da migrare" in output


def test_given_a_schema_missing_a_migration_when_migrating_tenants_then_it_is_applied_there(
        tenant_a, tenant_b):
    forget_migration(tenant_a, "audit", "0002_append_only",
                     "DROP TRIGGER audit_auditevent_append_only ON audit_auditevent")
    assert "1 da migrare" in migrate_tenants("--check")

    migrate_tenants()

    with tenant_context(tenant_a):
        recorded = connection.cursor()
        recorded.execute("SELECT count(*) FROM django_migrations "
                         "WHERE app = 'audit' AND name = '0002_append_only'")
        assert recorded.fetchone() == (1,)
        AuditEvent.objects.create(action="test.check")
        with pytest.raises(DatabaseError, match="sola aggiunta"), transaction.atomic():
            AuditEvent.objects.filter(action="test.check").delete()
    assert "0 da migrare" in migrate_tenants("--check")


@pytest.mark.parametrize("write", ["update", "delete"])
def test_given_a_tenant_audit_record_when_rewriting_it_then_the_database_refuses(tenant_b, write):
    with tenant_context(tenant_b):
        AuditEvent.objects.create(action="test.immutable", actor_label="chi@beta.example.it")
        events = AuditEvent.objects.filter(action="test.immutable")

        with pytest.raises(DatabaseError, match="sola aggiunta"), transaction.atomic():
            if write == "update":
                events.update(actor_label="altro@beta.example.it")
            else:
                events.delete()

        assert list(events.values_list("actor_label", flat=True)) == ["chi@beta.example.it"]


def test_given_a_flood_of_unknown_hosts_when_routing_then_known_tenants_stay_cached(
        tenant_a, settings, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tenants import routing

    settings.TENANT_ROUTING_TTL = 60
    monkeypatch.setattr(routing, "_MAX_UNKNOWN", 5)
    routing.invalidate()
    assert routing.resolve("alfa.localhost").slug == "alfa"
    for n in range(20):
        with pytest.raises(LookupError):
            routing.resolve(f"inventato-{n}.localhost")

    with CaptureQueriesContext(connection) as queries:
        assert routing.resolve("alfa.localhost").slug == "alfa"

    assert len(queries) == 0  # still answered from the cache, no database
    routing.invalidate()
