"""Building tenant schemas: the template, the pool, and the slow path.

A new schema is a copy of ``TENANT_TEMPLATE_SCHEMA`` (kept migrated by
``migrate_tenants``), made by replaying the template's captured DDL (see
``tenants.blueprint``: about 100 ms, whatever the number of schemas), or,
when the template holds something the blueprint cannot copy, by running
every migration. Either is too slow for a person waiting, so it is done
ahead of time: ``fill_pool`` keeps ``TENANT_POOL_TARGET`` ready schemas, and
provisioning claims one with a rename. The template also holds the
``TENANT_SEEDERS``' rows (see ``seed_template``), so ready schemas come
seeded and provisioning's own seeding only finds its rows already there.

django-tenants' ``clone_schema`` is not used: it reads the catalogue through
``information_schema``, and its cost grows with every schema in the database
(0.2-0.5 s with a few schemas, 1-5 s at a thousand, as ``make bench`` shows).
"""

from __future__ import annotations

import logging
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils.module_loading import import_string
from django_tenants.utils import schema_context, schema_exists

from tenants import blueprint
from tenants.models import PooledSchema
from tenants.sql import quote

logger = logging.getLogger(__name__)

POOL_PREFIX = "pool_"
def template_schema() -> str:
    return settings.TENANT_TEMPLATE_SCHEMA


def migrate_schema(schema_name: str, *, verbosity: int = 0) -> None:
    """Run every pending tenant migration on one schema (django-tenants' way)."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(schema_name)}")
    call_command(
        "migrate_schemas", schema_name=schema_name, interactive=False, verbosity=verbosity
    )
    connection.set_schema_to_public()


def ensure_template() -> str:
    name = template_schema()
    if not schema_exists(name):
        migrate_schema(name)
    return name


def seed_template() -> None:
    """Run the ``TENANT_SEEDERS`` in the template, with ``tenant=None``.

    The rows are then copied into every pool schema, so the seeders that
    provisioning still runs for the new tenant find their data present and
    only check it (about 25 reads instead of more than 100 writes). A
    seeder that needs the tenant must do that part only when it gets one.
    Failing here costs speed, never correctness: provisioning seeds anyway.
    Concurrent refills take turns on an advisory lock.
    """
    seeders = getattr(settings, "TENANT_SEEDERS", ())
    if not seeders:
        return
    try:
        with transaction.atomic(), schema_context(ensure_template()):
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('tenants.seed_template'))")
            for path in seeders:
                import_string(path)(tenant=None)
    except Exception:  # noqa: BLE001 - a seeder's bug must not stop the pool
        logger.exception("Dati iniziali non caricati nello schema modello")
    finally:
        connection.set_schema_to_public()


def _verified_blueprint(first_schema: str):
    """The template's blueprint, checked by building ``first_schema`` with it.

    Returns None (and leaves ``first_schema`` built by the migrations) when
    the blueprint cannot reproduce the template: correctness first.
    """
    template = ensure_template()
    try:
        plan = blueprint.capture(template)
        with transaction.atomic():
            plan.build(first_schema)
            plan.verify(first_schema)
        return plan
    except (blueprint.BlueprintUnsupported, blueprint.BlueprintMismatch) as exc:
        logger.warning("Schema %s costruito con le migrazioni: %s", first_schema, exc)
        migrate_schema(first_schema)
        return None


def build_schema(schema_name: str) -> None:
    """Create ``schema_name`` ready for a tenant: a copy of the template."""
    _verified_blueprint(schema_name)
    connection.set_schema_to_public()


def fill_pool(*, target: int | None = None, workers: int = 1) -> int:
    """Add ready schemas until the pool holds ``target``; returns how many were added.

    The blueprint is captured and checked once per call; ``workers`` threads
    (each with its own connection) then replay it, since the cost is the
    server's DDL work rather than Python's.
    """
    target = settings.TENANT_POOL_TARGET if target is None else target
    if workers > 1 and connection.in_atomic_block:
        raise RuntimeError("fill_pool con più thread va chiamata fuori da una transazione")
    missing = target - PooledSchema.objects.count()
    if missing <= 0:
        return 0
    seed_template()
    first = _pool_schema_name()
    with transaction.atomic():
        plan = _verified_blueprint(first)
        PooledSchema.objects.create(schema_name=first)
    connection.set_schema_to_public()
    remaining = missing - 1
    if plan is None:  # the slow way, one by one
        for _ in range(remaining):
            _add_pooled(None)
        return missing
    lock = threading.Lock()

    def work() -> int:
        nonlocal remaining
        added = 0
        try:
            while True:
                with lock:
                    if remaining <= 0:
                        return added
                    remaining -= 1
                _add_pooled(plan)
                added += 1
        finally:
            if workers > 1:
                connection.close()

    if workers <= 1:
        return 1 + work()
    with ThreadPoolExecutor(max_workers=workers) as executor:
        results = [executor.submit(work) for _ in range(workers)]
    return 1 + sum(future.result() for future in results)


def _pool_schema_name() -> str:
    return f"{POOL_PREFIX}{secrets.token_hex(8)}"


def _add_pooled(plan) -> None:
    name = _pool_schema_name()
    with transaction.atomic():
        if plan is None:
            migrate_schema(name)
        else:
            plan.build(name)
        PooledSchema.objects.create(schema_name=name)
    connection.set_schema_to_public()


def claim_pooled_schema(schema_name: str) -> bool:
    """Inside the caller's transaction, rename a ready schema to ``schema_name``.

    Returns False when the pool is empty. Concurrent claims skip each other's
    locked rows, so two provisionings never get the same schema.
    """
    with connection.cursor() as cursor:
        # One round trip: lock the oldest free row, delete it, hand back its name.
        cursor.execute(
            f"""DELETE FROM {PooledSchema._meta.db_table} WHERE id = (
                    SELECT id FROM {PooledSchema._meta.db_table}
                    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING schema_name"""
        )
        row = cursor.fetchone()
        if row is None:
            return False
        cursor.execute(f"ALTER SCHEMA {quote(row[0])} RENAME TO {quote(schema_name)}")
    return True


def drop_schema(schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {quote(schema_name)} CASCADE")
