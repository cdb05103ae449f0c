"""Provisioning an administration: a ready schema claimed from the pool (or
built from the template's blueprint when the pool is empty), a working
counter, its first administrator invited; bad input leaves nothing behind."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django_tenants.utils import schema_exists, tenant_context

from accounts.models import Role, User
from tenants import blueprint, schemas, services
from tenants.errors import ProvisioningError, TenantConflict
from tenants.migrations_state import pending_schemas
from tenants.models import PooledSchema, Tenant
from tests.factories import make_profile
from tests.support import link_in_last_mail, tasks_run_at_once, text_of

pytestmark = pytest.mark.django_db


def all_schemas() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return {row[0] for row in cursor.fetchall()}


def provision(slug: str, **overrides) -> Tenant:
    return services.provision_tenant(profile=make_profile(slug, **overrides),
                                     admin_email=f"admin@{slug}.example.it")


def test_given_a_ready_schema_in_the_pool_when_provisioning_then_the_tenant_gets_that_schema(
        django_capture_on_commit_callbacks):
    schemas.fill_pool(target=1)
    ready = PooledSchema.objects.get().schema_name

    with tasks_run_at_once(), django_capture_on_commit_callbacks(execute=True):
        tenant = provision("gamma")

    assert not PooledSchema.objects.exists()
    assert not schema_exists(ready)
    assert tenant.schema_name == "t_gamma" and schema_exists("t_gamma")
    login = Client(HTTP_HOST="gamma.localhost").get("/accesso/")
    assert login.status_code == 200 and "Comune di Gamma" in text_of(login)
    with tenant_context(tenant):
        admin = User.objects.get(email="admin@gamma.example.it")
    assert admin.role == Role.TENANT_ADMIN and not admin.has_usable_password()
    assert link_in_last_mail("admin@gamma.example.it")[0] == "gamma.localhost"


def test_given_an_empty_pool_when_provisioning_then_the_schema_is_built_and_up_to_date():
    assert not PooledSchema.objects.exists()

    tenant = provision("delta")

    assert schema_exists(tenant.schema_name)
    assert pending_schemas([tenant.schema_name]) == []
    assert blueprint.structure(tenant.schema_name) == blueprint.structure(
        schemas.template_schema())
    assert Client(HTTP_HOST="delta.localhost").get("/accesso/").status_code == 200


def test_given_the_template_when_a_schema_is_built_from_it_then_it_equals_a_migrated_one():
    schemas.build_schema("t_da_blueprint")
    schemas.migrate_schema("t_da_migrazioni")

    built = blueprint.structure("t_da_blueprint")

    assert built == blueprint.structure("t_da_migrazioni")
    assert pending_schemas(["t_da_blueprint"]) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM t_da_blueprint.django_content_type")
        copied = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM t_da_migrazioni.django_content_type")
        assert copied == cursor.fetchone()[0] > 0


def test_given_a_blueprint_read_before_the_template_was_migrated_when_building_then_it_refuses():
    plan = blueprint.capture(schemas.template_schema())
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO tenant_template.django_migrations (app, name, applied) "
                       "VALUES ('prova', '0001_nuova', now())")

    with pytest.raises(DatabaseError, match="migrato dopo la lettura"), transaction.atomic():
        plan.build("t_in_ritardo")

    assert not schema_exists("t_in_ritardo")


def test_given_a_new_tenant_when_rows_are_added_then_ids_continue_after_the_template_ones(
        tenant_a):
    with tenant_context(tenant_a):
        from django.contrib.contenttypes.models import ContentType

        highest = max(ContentType.objects.values_list("id", flat=True))
        created = ContentType.objects.create(app_label="prova", model="nuovo")

    assert created.id > highest


@pytest.mark.parametrize(
    ("slug", "overrides", "error", "field"),
    [
        ("Ente Sbagliato!", {}, ProvisioningError, "slug"),
        ("alfa", {"name": "Un altro Comune"}, TenantConflict, "slug"),
        ("omega", {"codice_fiscale": "12345678901"}, ProvisioningError, "codice_fiscale"),
    ],
    ids=["bad-slug", "duplicate-slug", "bad-codice-fiscale"],
)
def test_given_invalid_input_when_provisioning_then_the_field_is_named_and_nothing_is_left(
        slug, overrides, error, field):
    schemas.fill_pool(target=1)
    ready = PooledSchema.objects.get().schema_name
    tenants_before, schemas_before = list(Tenant.objects.order_by("id")), all_schemas()

    with pytest.raises(error) as raised:
        provision(slug, **overrides)

    assert raised.value.field == field
    assert raised.value.fields[field]
    assert list(Tenant.objects.order_by("id")) == tenants_before
    assert all_schemas() == schemas_before
    assert list(PooledSchema.objects.values_list("schema_name", flat=True)) == [ready]


def test_given_a_pool_refill_already_running_when_another_starts_then_it_adds_nothing(
        db, settings):
    import psycopg
    from django.db import connection

    from tenants.models import PooledSchema
    from tenants.tasks import POOL_FILL_LOCK, refill_schema_pool

    settings.TENANT_POOL_TARGET = 1
    params = connection.settings_dict
    options = {key: value for key, value in {
        "host": params["HOST"], "port": params["PORT"], "user": params["USER"],
        "password": params["PASSWORD"]}.items() if value}
    before = PooledSchema.objects.count()
    with psycopg.connect(dbname=params["NAME"], autocommit=True, **options) as other_worker:
        other_worker.execute("SELECT pg_advisory_lock(%s)", [POOL_FILL_LOCK])

        assert refill_schema_pool() == 0

    assert PooledSchema.objects.count() == before
