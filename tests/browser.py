"""The site served on a real port, and Chromium driven by Playwright: the
pieces behind the ``site`` and ``page`` fixtures of tests/conftest.py.

The server runs Django's WSGI application in threads of this process against
the session's test database, with no flush between tests (pytest-django's
live_server would truncate the session's tenants): what a browser test needs
in the database it commits, and removes (tests/integration/committed.py).

Chromium is Debian's (/usr/bin/chromium); it resolves every *.localhost name
to 127.0.0.1 by itself, so tenant sites are reached by their own domains.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
]


class _OneRequestPerConnection(WSGIRequestHandler):
    # No keep-alive: each request's thread ends with it and closes its database
    # connection, so none is left open when the test database is dropped.
    protocol_version = "HTTP/1.0"

    def log_message(self, format, *args):  # noqa: A002 - the parent's signature
        pass


@dataclass(frozen=True)
class Site:
    port: int

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"


@contextlib.contextmanager
def served_site() -> Iterator[Site]:
    """Django's WSGI application on a free port of 127.0.0.1, in threads."""
    server = ThreadedWSGIServer(("127.0.0.1", 0), _OneRequestPerConnection,
                                allow_reuse_address=False)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, name="sito-di-prova", daemon=True)
    thread.start()
    try:
        yield Site(port=server.server_port)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def chromium_page(screenshot: Path):
    """A fresh Chromium page; the last page's screenshot goes to ``screenshot``.
    Skipped (failed in CI) without Debian's Chromium."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} non c'è: installare il pacchetto Debian 'chromium' (.ci/run lo fa)."
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI a missing browser is a failure, never a skip
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="it-IT", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        page = context.new_page()
        try:
            yield page
        finally:
            page.screenshot(path=str(screenshot), full_page=True)
            context.close()
            browser.close()
