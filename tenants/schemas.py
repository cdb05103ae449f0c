"""Building tenant schemas: the template, the pool, and the slow path.

A new schema is a copy of ``TENANT_TEMPLATE_SCHEMA`` (kept migrated by
``migrate_tenants``), copied with django-tenants' clone function, or, with
no template, built by running every migration. Either costs hundreds of
milliseconds, so it is done ahead of time: ``fill_schema_pool`` keeps
``TENANT_POOL_TARGET`` ready schemas, and provisioning claims one.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_exists

from tenants.models import PooledSchema

POOL_PREFIX = "pool_"
_SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def quote(schema_name: str) -> str:
    if not _SCHEMA_RE.match(schema_name) or schema_name.startswith("pg_"):
        raise ValueError(f"nome di schema non valido: {schema_name!r}")
    return f'"{schema_name}"'


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


def build_schema(schema_name: str) -> None:
    """Create ``schema_name`` ready for a tenant: cloned from the template."""
    template = ensure_template()
    CloneSchema().clone_schema(template, schema_name, set_connection=False)
    connection.set_schema_to_public()


def fill_pool(*, target: int | None = None) -> int:
    """Add ready schemas until the pool holds ``target``; returns how many were added."""
    target = settings.TENANT_POOL_TARGET if target is None else target
    added = 0
    while PooledSchema.objects.count() < target:
        name = f"{POOL_PREFIX}{secrets.token_hex(8)}"
        with transaction.atomic():
            build_schema(name)
            PooledSchema.objects.create(schema_name=name)
        added += 1
    return added


def claim_pooled_schema(schema_name: str) -> bool:
    """Inside the caller's transaction, rename a ready schema to ``schema_name``.

    Returns False when the pool is empty. Concurrent claims skip each other's
    locked rows, so two provisionings never get the same schema.
    """
    pooled = PooledSchema.objects.select_for_update(skip_locked=True).order_by("id").first()
    if pooled is None:
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER SCHEMA {quote(pooled.schema_name)} RENAME TO {quote(schema_name)}")
    pooled.delete()
    return True


def drop_schema(schema_name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {quote(schema_name)} CASCADE")
