"""Migrate the public schema, then only the tenant schemas that need it.

Up-to-date schemas are recognised in batched queries (see
tenants.migrations_state); the others are migrated by django-tenants, in
parallel processes. Covers tenants, the template and the pool of ready
schemas, so all of them stay claimable.
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django_tenants.migration_executors import get_executor
from django_tenants.utils import schema_exists

from tenants.migrations_state import pending_schemas
from tenants.models import PooledSchema, Tenant


class Command(BaseCommand):
    help = ("Applica le migrazioni allo schema pubblico e agli schemi degli enti "
            "che ne hanno bisogno.")

    def add_arguments(self, parser):
        parser.add_argument("--skip-public", action="store_true",
                            help="Non migrare lo schema pubblico.")
        parser.add_argument("--processes", type=int, default=settings.TENANT_MIGRATION_PROCESSES)
        parser.add_argument("--check", action="store_true",
                            help="Elenca gli schemi da migrare senza applicare nulla.")

    def handle(self, *args, skip_public=False, processes=1, check=False, verbosity=1, **options):
        if not skip_public and not check:
            call_command("migrate_schemas", shared=True, interactive=False,
                         verbosity=max(verbosity - 1, 0))
        started = time.perf_counter()
        schemas = list(Tenant.objects.values_list("schema_name", flat=True))
        schemas += list(PooledSchema.objects.values_list("schema_name", flat=True))
        template = settings.TENANT_TEMPLATE_SCHEMA
        if schema_exists(template):
            schemas.append(template)
        pending = pending_schemas(schemas)
        checked = time.perf_counter() - started
        if verbosity:
            self.stdout.write(
                f"{len(schemas)} schemi controllati in {checked * 1000:.0f} ms: "
                f"{len(pending)} da migrare."
            )
        if check or not pending:
            return
        self._migrate(pending, processes=processes, verbosity=verbosity)
        connection.set_schema_to_public()

    def _migrate(self, schemas, *, processes, verbosity):
        settings.TENANT_MULTIPROCESSING_MAX_PROCESSES = processes
        codename = "multiprocessing" if processes > 1 and len(schemas) > 1 else "standard"
        from django_tenants.management.commands.migrate_schemas import (
            MigrateSchemasCommand,
        )

        parser = MigrateSchemasCommand().create_parser("manage.py", "migrate_schemas")
        options = vars(parser.parse_args([]))
        options.update(interactive=False, verbosity=max(verbosity - 1, 0), tenant=True)
        executor = get_executor(codename=codename)(args=[], options=options)
        executor.run_migrations(tenants=list(schemas))
