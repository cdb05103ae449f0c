#!/usr/bin/env python
"""Tenancy at national scale: provisioning, migrations and routing with N tenants.

Run by ``make bench`` (``TENANTS=1000`` by default). Each figure is printed
beside plain django-tenants' behaviour measured in the same run, on the same
database (the slow baselines on a sample):

- provisioning one ready tenant from the pool of ready schemas, against a
  Tenant with ``auto_create_schema=True`` (django-tenants runs the
  migrations); how long filling the pool took, per schema;
- ``migrate_tenants`` with nothing to apply, against ``migrate_schemas``;
  and a schema with a migration missing is still found and migrated;
- the routing middleware's cost per request over the same view without
  tenancy, against ``TenantMainMiddleware``: persistent connection, requests
  rotating over every tenant's host, a view that runs one query.

It works in a database of its own (``bench_tenancy``, created and dropped
here), on the embedded PostgreSQL (``.local/pg-bench``, fsync off) unless
``DATABASE_URL`` names a server. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]

os.environ.setdefault("RETE_ENV", "test")
os.environ.setdefault("RETE_PG_DIR", "pg-bench")
os.environ.setdefault("RETE_BROKER_FOLDER", "broker-bench")
os.environ["RETE_TENANT_POOL_TARGET"] = "0"  # the bench fills the pool itself
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from scratch_database import create_database, drop_database  # noqa: E402

BENCH_DATABASE = "bench_tenancy"
REGIONS = ["EMR", "LOM", "LAZ", "CAM", "SIC", "PUG", "PIE", "VEN", "TOS", "SAR"]


# --- small helpers -----------------------------------------------------------

def ms(seconds: float) -> str:
    value = seconds * 1000
    if value < 1:
        return f"{value:.3f} ms"
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def say(message: str = "") -> None:
    print(message, flush=True)


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


class Stopwatch:
    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.elapsed = time.perf_counter() - self.started


# --- database ----------------------------------------------------------------

def server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0].split()[0]


def schema_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace")
        return cursor.fetchone()[0]


# --- 1. pool and provisioning ------------------------------------------------

def profile(slug: str, index: int):
    from tenants.models import Tenant
    from tenants.services import TenantProfile

    return TenantProfile(slug=slug, name=f"Comune di prova {index}", kind=Tenant.Kind.COMUNE,
                         region=REGIONS[index % len(REGIONS)], offers_microcredit=True)


def clone_samples(count: int, label: str) -> list[float]:
    """django-tenants' clone_schema, as its TENANT_BASE_SCHEMA provisioning uses it."""
    from django.db import connection
    from django_tenants.clone import CloneSchema

    from tenants import schemas

    times = []
    for index in range(count):
        name = f"clone_{label}_{index}"
        with Stopwatch() as watch:
            CloneSchema().clone_schema(schemas.template_schema(), name, set_connection=False)
        times.append(watch.elapsed)
        connection.set_schema_to_public()
        schemas.drop_schema(name)
    return times


def fill_pool(target: int, workers: int) -> float:
    from tenants import schemas

    with Stopwatch() as watch:
        added = schemas.fill_pool(target=target, workers=workers)
    assert added == target, (added, target)
    return watch.elapsed


def pool_matches_template(count: int) -> tuple[int, int]:
    """Compare a sample of pool schemas with the template, object by object."""
    import random

    from tenants import blueprint, schemas
    from tenants.models import PooledSchema

    names = list(PooledSchema.objects.values_list("schema_name", flat=True))
    template = blueprint.structure(schemas.template_schema())
    sample = random.Random(11).sample(names, min(count, len(names)))
    return sum(blueprint.structure(name) == template for name in sample), len(sample)


def provision_many(count: int) -> tuple[list[float], list]:
    from tenants import services

    times, tenants = [], []
    for index in range(count):
        slug = f"ente-{index:05d}"
        with Stopwatch() as watch:
            tenant = services.provision_tenant(
                profile=profile(slug, index), admin_email=f"admin@{slug}.example.it")
        times.append(watch.elapsed)
        tenants.append(tenant)
    return times, tenants


def provision_plain(count: int) -> list[float]:
    """django-tenants' default: ``auto_create_schema`` runs the migrations in save()."""
    from tenants import services
    from tenants.models import Domain, Tenant

    times = []
    for index in range(count):
        slug = f"plain-{index:03d}"
        tenant = Tenant(schema_name=f"plain_{index:03d}", slug=slug, name=f"Plain {index}",
                        kind=Tenant.Kind.COMUNE, region="EMR")
        tenant.auto_create_schema = True
        with Stopwatch() as watch:
            tenant.save(verbosity=0)
            Domain.objects.create(domain=f"{slug}.bench.localhost", tenant=tenant,
                                  is_primary=True)
        times.append(watch.elapsed)
        services.delete_tenant(tenant=tenant)
    return times


# --- 2. migrations -----------------------------------------------------------

def migrate_tenants(**options) -> tuple[float, str]:
    from django.core.management import call_command

    out = io.StringIO()
    with Stopwatch() as watch:
        call_command("migrate_tenants", stdout=out, **options)
    return watch.elapsed, out.getvalue().strip()


def migrate_schemas_plain(schema_names: list[str]) -> float:
    """What ``migrate_schemas`` does per tenant: django-tenants' standard executor."""
    from django.db import connection
    from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand
    from django_tenants.migration_executors import get_executor

    parser = MigrateSchemasCommand().create_parser("manage.py", "migrate_schemas")
    options = vars(parser.parse_args([]))
    options.update(interactive=False, verbosity=0, tenant=True)
    executor = get_executor(codename="standard")(args=[], options=options)
    with Stopwatch() as watch:
        executor.run_migrations(tenants=list(schema_names))
    connection.set_schema_to_public()
    return watch.elapsed


def break_one_schema(schema_name: str) -> None:
    """Make ``schema_name`` miss a real migration: its record and its effect."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{schema_name}".django_migrations '
                       "WHERE app = 'audit' AND name = '0002_append_only'")
        cursor.execute("DROP TRIGGER audit_auditevent_append_only "
                       f'ON "{schema_name}".audit_auditevent')


def schema_is_whole(schema_name: str) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT EXISTS(SELECT 1 FROM "{schema_name}".django_migrations
                               WHERE app = 'audit' AND name = '0002_append_only'),
                       EXISTS(SELECT 1 FROM pg_trigger
                               WHERE tgname = 'audit_auditevent_append_only'
                                 AND tgrelid = '"{schema_name}".audit_auditevent'::regclass)""")
        return all(cursor.fetchone())


# --- 3. routing --------------------------------------------------------------

def bench_urlconf():
    """A module with one view that runs one query in the current schema."""
    import types

    from django.http import HttpResponse
    from django.urls import path

    from accounts.models import User

    def view(request):
        return HttpResponse("1" if User.objects.filter(pk=1).exists() else "0")

    module = types.ModuleType("bench_tenancy_urls")
    module.urlpatterns = [path("", view)]
    sys.modules[module.__name__] = module
    return module.__name__


def environ_for(host: str) -> dict:
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": "/", "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": host, "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host, "REMOTE_ADDR": "127.0.0.1", "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr, "wsgi.url_scheme": "http", "wsgi.version": (1, 0),
        "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
    }


def _start_response(status, headers, exc_info=None):
    if not status.startswith("200"):
        raise RuntimeError(f"risposta inattesa: {status}")


def route_requests(handler, hosts: list[str], start: int, count: int) -> list[float]:
    times = []
    size = len(hosts)
    for index in range(start, start + count):
        environ = environ_for(hosts[index % size])
        began = time.perf_counter()
        response = handler(environ, _start_response)
        response.close()
        times.append(time.perf_counter() - began)
    return times


def count_statements(handler, hosts: list[str], requests: int) -> tuple[float, float]:
    """Statements sent to PostgreSQL per request, and how many of them were a
    ``SET search_path``: counted in psycopg, so health checks are included."""
    import psycopg

    counts = {"statements": 0, "sets": 0}
    original = psycopg.Cursor.execute

    def counting_execute(self, query, *args, **kwargs):
        counts["statements"] += 1
        counts["sets"] += str(query).lstrip().upper().startswith("SET SEARCH_PATH")
        return original(self, query, *args, **kwargs)

    psycopg.Cursor.execute = counting_execute
    try:
        route_requests(handler, hosts, 0, requests)
    finally:
        psycopg.Cursor.execute = original
    return counts["statements"] / requests, counts["sets"] / requests


def schema_switch_floor(schema_names: list[str], count: int) -> float:
    """What PostgreSQL alone adds when each query runs in another tenant's schema:
    ``SET search_path`` plus the same query, against the query in one schema."""
    from django.db import connection

    connection.ensure_connection()
    cursor = connection.connection.cursor()  # psycopg's own: no Django in between
    query = "SELECT 1 FROM accounts_user WHERE id = 1"
    try:
        cursor.execute("SET search_path = public")
        fixed = []
        for _index in range(count):
            began = time.perf_counter()
            cursor.execute(query)
            cursor.fetchall()
            fixed.append(time.perf_counter() - began)
        rotating = []
        for index in range(count):
            schema = schema_names[index % len(schema_names)]
            began = time.perf_counter()
            cursor.execute(f'SET search_path = "{schema}", public')
            cursor.execute(query)
            cursor.fetchall()
            rotating.append(time.perf_counter() - began)
    finally:
        cursor.close()
        connection.search_path_set_schemas = None
    return median(rotating) - median(fixed)


def routing_bench(hosts: list[str], requests: int) -> dict:
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import override_settings

    urlconf = bench_urlconf()
    variants = {
        "none": [],
        "ours": ["tenants.middleware.TenantRoutingMiddleware"],
        "plain": ["django_tenants.middleware.main.TenantMainMiddleware"],
    }
    results = {name: [] for name in variants}
    counts = {}
    with override_settings(ROOT_URLCONF=urlconf, PUBLIC_SCHEMA_URLCONF=urlconf):
        handlers = {}
        for name, middleware in variants.items():
            with override_settings(MIDDLEWARE=middleware):
                handlers[name] = WSGIHandler()
        for name, handler in handlers.items():  # warm up: every host once
            connection.set_schema_to_public()
            route_requests(handler, hosts, 0, len(hosts))
            counts[name] = count_statements(handler, hosts, min(len(hosts), 500))
        rounds = 10
        chunk = max(1, requests // rounds)
        position = 0
        for _round in range(rounds):
            for name, handler in handlers.items():
                connection.set_schema_to_public()
                gc.collect()
                gc.disable()
                try:
                    results[name] += route_requests(handler, hosts, position, chunk)
                finally:
                    gc.enable()
            position += chunk
    connection.set_schema_to_public()
    return {"times": results, "counts": counts}


# --- the run -----------------------------------------------------------------

def run(tenant_count: int, sample: int, requests: int, workers: int) -> None:
    import logging

    import django
    from django.conf import settings

    logging.getLogger("kombu").setLevel(logging.ERROR)
    settings_dict = settings.DATABASES["default"]
    create_database(settings_dict, BENCH_DATABASE)
    settings_dict["NAME"] = BENCH_DATABASE
    django.setup()
    try:
        measure(tenant_count, sample, requests, workers)
    finally:
        drop_database(settings_dict, BENCH_DATABASE)


def measure(tenant_count: int, sample: int, requests: int, workers: int) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from tenants import schemas
    from tenants.migrations_state import pending_schemas
    from tenants.models import PooledSchema, Tenant

    say(f"Rete Sportelli, tenancy bench: N = {tenant_count} tenants, baselines on {sample}; "
        f"load average {load()}")
    with Stopwatch() as watch:
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        schemas.ensure_template()
    say(f"PostgreSQL {server_version()}, public schema and template migrated in "
        f"{ms(watch.elapsed)}; routing TTL {settings.TENANT_ROUTING_TTL:g} s")
    rows = []

    # Pool, then provisioning
    clone_few = clone_samples(3, "few")
    say(f"django-tenants clone_schema with {schema_count()} schemas: "
        f"{', '.join(ms(t) for t in clone_few)}")
    fill_seconds = fill_pool(tenant_count, workers)
    say(f"pool of {tenant_count} schemas filled in {fill_seconds:.1f} s ({workers} workers)")
    same, compared = pool_matches_template(5)
    say(f"pool schemas identical to the template, object by object: {same} of {compared}")
    times, tenants = provision_many(tenant_count)
    assert PooledSchema.objects.count() == 0
    say(f"{tenant_count} tenants provisioned from the pool in {sum(times):.1f} s")
    fallback, _ = provision_many_fallback(5)
    plain = provision_plain(sample)
    say(f"{sample} tenants provisioned the django-tenants way in {sum(plain):.1f} s")
    clone_many = clone_samples(1, "many")
    say(f"django-tenants clone_schema with {schema_count()} schemas: {ms(clone_many[0])}")

    rows.append(("Pool filled ahead, per schema", ms(fill_seconds / tenant_count),
                 f"clone_schema {ms(median(clone_few))} at start, {ms(clone_many[0])} at N",
                 "background"))
    rows.append(("Provisioning a ready tenant, median", ms(median(times)),
                 f"{ms(median(plain))} (auto_create_schema)", "<= 50 ms, >= 10x"))
    rows.append(("Provisioning a ready tenant, p95", ms(p95(times)), ms(p95(plain)), ""))
    rows.append(("Provisioning, pool empty (blueprint), median", ms(median(fallback)),
                 "", "fallback"))
    ratio_provisioning = median(plain) / median(times)

    # Migrations
    all_schemas = (list(Tenant.objects.values_list("schema_name", flat=True))
                   + [schemas.template_schema()])
    checked = len(all_schemas)
    runs = [migrate_tenants() for _ in range(3)]
    full = median([elapsed for elapsed, _out in runs])
    tenant_part = median([migrate_tenants(skip_public=True)[0] for _ in range(3)])
    say(f"migrate_tenants: {runs[-1][1]}")
    plain_sample = [t.schema_name for t in tenants[:sample]]
    plain_migrate = migrate_schemas_plain(plain_sample)
    rows.append(("migrate_tenants, nothing to apply, per schema", ms(full / checked),
                 f"{ms(plain_migrate / len(plain_sample))} (migrate_schemas)", "<= 5 ms"))
    rows.append(("  same, tenant schemas only (public skipped)", ms(tenant_part / checked),
                 "", ""))
    victim = tenants[len(tenants) // 2].schema_name
    break_one_schema(victim)
    found = pending_schemas(all_schemas)
    with Stopwatch() as watch:
        _elapsed, output = migrate_tenants(skip_public=True)
    repaired = schema_is_whole(victim) and not pending_schemas(all_schemas)
    say(f"pending migration in {victim}: found {found}; migrate_tenants said \"{output}\"; "
        f"applied: {'yes' if repaired else 'NO'}")
    rows.append(("  a schema missing audit.0002 is migrated",
                 f"{'yes' if found == [victim] and repaired else 'NO'} ({ms(watch.elapsed)})",
                 "", "must be yes"))

    # Routing
    hosts = [f"ente-{index:05d}.{settings.BASE_DOMAIN}" for index in range(tenant_count)]
    routing = routing_bench(hosts, requests)
    floor = schema_switch_floor([t.schema_name for t in tenants], requests)
    none, ours, plain_times = (routing["times"][key] for key in ("none", "ours", "plain"))
    added_ours = median(ours) - median(none)
    added_plain = median(plain_times) - median(none)
    rows.append(("Routing: request without tenancy, median", ms(median(none)), "", ""))
    rows.append(("Routing: added per request, median", ms(added_ours),
                 f"{ms(added_plain)} (TenantMainMiddleware)", "<= 0.15 ms"))
    rows.append(("  of which PostgreSQL switching schema", ms(floor), "",
                 "SET + query, no Django"))
    counts = routing["counts"]
    rows.append(("  statements sent per request (of which SET)",
                 "{:.2f} ({:.2f})".format(*counts["ours"]),
                 "{:.2f} ({:.2f})".format(*counts["plain"]),
                 "view alone: {:.2f} ({:.2f})".format(*counts["none"])))
    connection.set_schema_to_public()

    say()
    say(f"Tenancy at national scale, N = {tenant_count} (2 cores shared, PostgreSQL "
        f"{server_version()}, fsync off)")
    widths = (48, 22, 44)
    say(f"{'':{widths[0]}} {'Rete Sportelli':<{widths[1]}} {'plain django-tenants':<{widths[2]}} "
        "target")
    say("-" * (sum(widths) + 20))
    for label, ours_value, plain_value, target in rows:
        say(f"{label:<{widths[0]}} {ours_value:<{widths[1]}} {plain_value:<{widths[2]}} {target}")
    say("-" * (sum(widths) + 20))
    say(f"load average at the end {load()} (other processes share these cores)")
    say(f"provisioning {ratio_provisioning:.0f}x faster than auto_create_schema; "
        f"routing {len(ours)} requests per variant over {len(hosts)} hosts; "
        f"migrations checked {checked} schemas")


def provision_many_fallback(count: int) -> tuple[list[float], list]:
    """With the pool empty provisioning builds the schema itself (then cleaned up)."""
    from tenants import services

    times, tenants = [], []
    for index in range(count):
        slug = f"vuoto-{index:03d}"
        with Stopwatch() as watch:
            tenant = services.provision_tenant(
                profile=profile(slug, index), admin_email=f"admin@{slug}.example.it")
        times.append(watch.elapsed)
        tenants.append(tenant)
    for tenant in tenants:
        services.delete_tenant(tenant=tenant)
    return times, tenants


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=20,
                        help="tenants for the slow django-tenants baselines")
    parser.add_argument("--requests", type=int, default=20_000,
                        help="requests per routing variant")
    parser.add_argument("--workers", type=int, default=2, help="threads filling the pool")
    args = parser.parse_args()

    from config.runtime import embedded_database

    broker = broker_queue()
    before = set(broker.iterdir()) if broker else set()
    started = time.perf_counter()
    with embedded_database(fsync=False):
        run(args.tenants, min(args.sample, args.tenants), args.requests, args.workers)
    if broker:  # the invitations and refills queued here: nobody will run them
        for message in set(broker.iterdir()) - before:
            message.unlink(missing_ok=True)
    say(f"bench finished in {time.perf_counter() - started:.0f} s")


def broker_queue() -> Path | None:
    from django.conf import settings

    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    folder = options.get("data_folder_in")
    return Path(folder) if folder and settings.CELERY_BROKER_URL == "filesystem://" else None


if __name__ == "__main__":
    main()
