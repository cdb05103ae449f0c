"""``make run``'s console: the processes' output goes to files under
.local/logs/, only warnings and errors reach the console, and the addresses
and logins come last, in one block."""

from __future__ import annotations

import io
import threading

import pytest

from config import demo
from config.management.commands import run_platform
from tests.factories import host_of

WEB_OUTPUT = b"""[2026-12-01 10:00:00 +0100] [123] [INFO] Starting gunicorn 23.0.0
[2026-12-01 10:00:00 +0100] [123] [INFO] Listening at: http://127.0.0.1:8000 (123)
2026-12-01 10:00:01,000 INFO axes.handlers AXES: Successful login
2026-12-01 10:00:02,000 WARNING django.request Not Found: /favicon.ico
2026-12-01 10:00:03,000 ERROR django.request Internal Server Error: /persone/
Traceback (most recent call last):
  File "views.py", line 1, in person_list
    raise ValueError("rotto")
ValueError: rotto
2026-12-01 10:00:04,000 INFO django.server GET /persone/ 200
[2026-12-01 10:00:05,000: WARNING/MainProcess] No hostname was supplied. \
Reverting to default 'localhost'
"""


def _relay(output: bytes, tmp_path, *, quiet: bool = False) -> tuple[str, str]:
    console, flag = io.StringIO(), threading.Event()
    if quiet:
        flag.set()
    log = tmp_path / "web.log"
    run_platform._relay("web", io.BytesIO(output), log, console, flag)
    return console.getvalue(), log.read_text()


def test_every_line_goes_to_the_log_file(tmp_path):
    _console, log = _relay(WEB_OUTPUT, tmp_path)

    assert log == WEB_OUTPUT.decode()


def test_the_console_shows_warnings_errors_and_whole_tracebacks_only(tmp_path):
    console, _log = _relay(WEB_OUTPUT, tmp_path)

    assert console.splitlines() == [
        "[web] 2026-12-01 10:00:02,000 WARNING django.request Not Found: /favicon.ico",
        "[web] 2026-12-01 10:00:03,000 ERROR django.request Internal Server Error: /persone/",
        "[web] Traceback (most recent call last):",
        '[web]   File "views.py", line 1, in person_list',
        '[web]     raise ValueError("rotto")',
        "[web] ValueError: rotto",
    ]


def test_once_the_addresses_are_printed_only_errors_follow(tmp_path):
    console, _log = _relay(WEB_OUTPUT, tmp_path, quiet=True)

    assert "favicon" not in console
    assert "Internal Server Error" in console and "ValueError: rotto" in console


@pytest.mark.parametrize("line", [
    "[2026-12-01 10:00:00,000: WARNING/MainProcess] celery@host ready.",
    "[2026-12-01 10:00:00 +0100] [9] [ERROR] Worker (pid:10) was sent SIGKILL!",
    "2026-12-01 10:00:00,000 CRITICAL config boom",
])
def test_celery_and_gunicorn_levels_are_recognised(line):
    assert run_platform.is_loud(line)


def test_the_access_log_is_a_file_of_its_own_not_the_console():
    source = open(run_platform.__file__, encoding="utf-8").read()

    assert '"--access-logfile", str(LOG_FOLDER / "web-access.log")' in source
    assert '"--access-logfile", "-"' not in source


@pytest.mark.django_db
def test_the_closing_block_lists_every_address_then_the_logins(tenant_a):
    logins = [demo.DemoLogin("alfa", "operatore@alfa.example.it", "Operatore")]

    text = run_platform.banner(port=8105, logins=logins, elapsed=12)

    lines = text.strip().splitlines()
    assert lines[0] == lines[-1] == "=" * 78
    assert "Rete Sportelli è pronta (12 s). Ctrl-C per fermare tutto." in text
    assert "Comune di Alfa" in text and f"http://{host_of(tenant_a)}:8105/" in text
    addresses = text.index("Indirizzi")
    accesses = text.index("Accessi dimostrativi")
    assert addresses < accesses
    assert f"password per tutti: {demo.DEMO_PASSWORD}" in text
    assert "operatore@alfa.example.it" in text
    assert ".local/logs/" in text
