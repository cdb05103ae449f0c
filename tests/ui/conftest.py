"""The site served on a real port, and Chromium driven by Playwright.

The server runs Django's WSGI application in threads of this process against
the session's test database, with no flush between tests (pytest-django's
live_server would truncate the session's tenants): what a browser test needs
in the database it commits, and removes (tests/integration/committed.py).

Chromium is Debian's (/usr/bin/chromium); it resolves every *.localhost name
to 127.0.0.1 by itself, so tenant sites are reached by their own domains.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.test import override_settings

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


@pytest.fixture(scope="session")
def _site_server(django_db_setup) -> Site:
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


@pytest.fixture
def site(_site_server) -> Site:
    """The whole site (national and tenant domains) on a free port of 127.0.0.1."""
    # Links between the national site and the counters carry the port, for
    # this test only.
    with override_settings(SITE_PORT=str(_site_server.port)):
        yield _site_server


@pytest.fixture
def page(tmp_path):
    """A fresh Chromium page. Playwright is started per test: while it runs, its
    event loop counts as running in this thread and Django refuses database
    calls here, so none must happen around a test's browser."""
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
            page.screenshot(path=str(tmp_path / "ultima-pagina.png"), full_page=True)
            context.close()
            browser.close()
