"""pytest plugin: the test settings and, with no DATABASE_URL, an embedded
PostgreSQL of its own (``.local/postgres-test``, fsync off), started for the
session and stopped after it. Loaded early (``-p tests.embedded_db``) so the
environment is set before Django reads its settings."""

import os

os.environ["RETE_ENV"] = "test"
os.environ.setdefault("RETE_PG_DIR", "postgres-test")
os.environ.setdefault("RETE_BROKER_FOLDER", "broker-test")
os.environ.setdefault("RETE_TENANT_POOL_TARGET", "0")
os.environ.setdefault("RETE_TENANT_ROUTING_TTL", "0")

_server = None
_started = False


def pytest_configure(config):
    global _server, _started
    from config.runtime import uses_embedded_database

    if uses_embedded_database():
        from config.embedded import EmbeddedPostgres

        _server = EmbeddedPostgres()
        _started = _server.ensure_running(fsync=False)


def pytest_unconfigure(config):
    if _server is not None and _started:
        _server.stop()
