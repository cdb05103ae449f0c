"""Start what the process needs when the environment does not provide it."""

from __future__ import annotations

import contextlib
import os

from config import embedded


def uses_embedded_database() -> bool:
    return not os.environ.get("DATABASE_URL") and os.environ.get("RETE_ENV", "production") in {
        "development", "test"}


@contextlib.contextmanager
def embedded_database(*, keep_running: bool = False, fsync: bool = True):
    """Run the embedded PostgreSQL for the duration of the block, if it is used
    and not already running; stop it afterwards only if this block started it."""
    if not uses_embedded_database():
        yield None
        return
    server = embedded.EmbeddedPostgres()
    started = server.ensure_running(fsync=fsync)
    try:
        yield server
    finally:
        if started and not keep_running:
            server.stop()
