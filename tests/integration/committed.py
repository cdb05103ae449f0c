"""Committed test data, for tests where another process or thread (a Celery
worker, a web server) must see it.

pytest-django wraps each ``django_db`` test in a transaction on the test's
connection, which no other connection sees. ``committed(work)`` runs ``work``
in a thread of its own, on a connection of its own in autocommit, so its
writes are visible at once to every process; the test's connection still sees
them, being READ COMMITTED. (The marker is still needed: it is what makes
pytest-django create the test database and switch to it.)

What is committed must be removed: ``rows_added_are_removed(tenant, Model,
...)`` notes what the tables hold when the block starts and deletes the rows
added during it. The audit record refuses DELETE through a trigger; only this
cleanup lifts it, inside one transaction, for its own rows.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlencode

from django.db import connection, connections, models, transaction

from audit.models import AuditEvent
from tenants.models import Tenant
from tests.factories import in_schema

_AUDIT_TRIGGER = "audit_auditevent_append_only"


def _on_own_connection(work, args, kwargs):
    try:
        return work(*args, **kwargs)
    finally:
        connections.close_all()


def committed(work, *args, **kwargs):
    """Run ``work(*args, **kwargs)`` on a connection of its own, committing as
    it goes; returns its result."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_on_own_connection, work, args, kwargs).result()


def _is_serial(model: type[models.Model]) -> bool:
    return isinstance(model._meta.pk, models.AutoField)  # Big- and SmallAutoField too


def _contents(model: type[models.Model]):
    """The highest id of a serial key, or every key of any other kind."""
    if _is_serial(model):
        return model.objects.aggregate(last=models.Max("pk"))["last"] or 0
    return set(model.objects.values_list("pk", flat=True))


def _snapshot(tenant, model_classes):
    with in_schema(tenant):
        return {model: _contents(model) for model in model_classes}


def _delete_audit_events_after(last_id: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {_AUDIT_TRIGGER}")
        cursor.execute("DELETE FROM audit_auditevent WHERE id > %s", [last_id])
        cursor.execute(f"ALTER TABLE audit_auditevent ENABLE TRIGGER {_AUDIT_TRIGGER}")


def _delete_added(tenant, snapshot) -> None:
    with in_schema(tenant):
        for model, before in snapshot.items():
            if model is AuditEvent:
                _delete_audit_events_after(before)
            elif _is_serial(model):
                model.objects.filter(pk__gt=before).delete()
            else:
                model.objects.exclude(pk__in=before).delete()


@contextlib.contextmanager
def rows_added_are_removed(tenant: Tenant | None, *model_classes: type[models.Model]):
    """Rows the block adds to these tables of ``tenant``'s schema (public for
    None) are deleted when it ends, in the order given."""
    snapshot = committed(_snapshot, tenant, model_classes)
    try:
        yield
    finally:
        committed(_delete_added, tenant, snapshot)


def database_url() -> str:
    """A DATABASE_URL naming the database this test session uses (the test
    database), for processes started by the tests."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    query = {k: v for k, v in (db.get("OPTIONS") or {}).items() if isinstance(v, str | int)}
    host = db["HOST"] or ""
    if host.startswith("/"):  # a Unix-socket folder (the embedded server)
        query.update(host=host, port=db["PORT"] or "5432")
        netloc = f"{user}{password}@"
    else:
        port = f":{db['PORT']}" if db["PORT"] else ""
        netloc = f"{user}{password}@{host}{port}"
    suffix = f"?{urlencode(query)}" if query else ""
    return f"postgresql://{netloc}/{quote(db['NAME'], safe='')}{suffix}"
