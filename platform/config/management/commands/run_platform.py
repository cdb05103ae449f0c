"""``make run``: the whole platform on one machine.

Migrates, provisions the demo data once, then starts the web server, a
Celery worker and Celery beat as real processes, prints the addresses and
the demo logins, and stops everything (the embedded PostgreSQL included) on
Ctrl-C.

The console stays readable: each process writes to its own file under
``.local/logs/`` (``web.log``, ``web-access.log``, ``worker.log``,
``beat.log``); only its warnings and errors reach the console, and the
addresses and logins come last, in one block.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from config import demo
from config.embedded import LOCAL, ROOT
from integrations.transports import keys
from tenants import schemas
from tenants.models import Domain


def _gunicorn_keeps_to_itself() -> list[str]:
    """gunicorn 25+ opens a control socket in the user's home folder, shared by
    every instance on the machine: turned off, where the option exists."""
    from gunicorn.config import KNOWN_SETTINGS

    known = {flag for setting in KNOWN_SETTINGS for flag in (setting.cli or ())}
    return ["--no-control-socket"] if "--no-control-socket" in known else []


LOG_FOLDER = LOCAL / "logs"
# A line worth the console: a warning or an error of Python's logging, of
# gunicorn ("[ERROR]") or of Celery ("WARNING/MainProcess"), or a traceback.
_LOUD = re.compile(r"(\b|\[)(WARNING|ERROR|CRITICAL)\b|Traceback \(most recent call last\)")
# Once the addresses are printed, only errors: warnings would push them away.
_ERRORS = re.compile(r"(\b|\[)(ERROR|CRITICAL)\b|Traceback \(most recent call last\)")


# Known and harmless here: kombu's filesystem broker has no host to name.
_HARMLESS = ("No hostname was supplied. Reverting to default 'localhost'",)


def is_loud(line: str, *, quiet: bool = False) -> bool:
    """Whether a line of a process's output is shown on the console."""
    if any(text in line for text in _HARMLESS):
        return False
    return bool((_ERRORS if quiet else _LOUD).search(line))


def _not_harmless(record: logging.LogRecord) -> bool:
    return not any(text in record.getMessage() for text in _HARMLESS)


def _relay(name: str, stream, log_path: Path, console, quiet: threading.Event) -> None:
    """Every line of ``stream`` into its log file; the loud ones to the console too.
    A traceback goes to the console whole (its indented lines follow the first)."""
    in_traceback = False
    with open(log_path, "a", encoding="utf-8", errors="replace") as log:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            log.write(line + "\n")
            log.flush()
            if line.startswith("Traceback"):
                in_traceback = True
            elif in_traceback and not line.startswith((" ", "\t")):
                in_traceback = False
                console.write(f"[{name}] {line}\n")
                console.flush()
                continue
            if in_traceback or is_loud(line, quiet=quiet.is_set()):
                console.write(f"[{name}] {line}\n")
                console.flush()
    stream.close()


def _interrupt(*_):
    raise KeyboardInterrupt


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Command(BaseCommand):
    help = "Avvia la piattaforma completa (web, worker, beat) con i dati dimostrativi."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("RETE_PORT", "8000")))
        parser.add_argument("--no-demo", action="store_true")

    def handle(self, *args, port: int, no_demo: bool, **options):
        started_at = time.monotonic()
        # Until the children start, Ctrl-C or SIGTERM interrupts the migrations
        # and the demo data, and manage.py still stops the embedded PostgreSQL.
        # Set explicitly: a process started in the background by a shell
        # inherits SIGINT ignored, and Python then leaves it so.
        signal.signal(signal.SIGINT, _interrupt)
        signal.signal(signal.SIGTERM, _interrupt)
        if not _port_free(port):
            free = next((p for p in range(port + 1, port + 50) if _port_free(p)), None)
            if free is None:
                raise CommandError(f"La porta {port} è occupata: indicarne un'altra con --port.")
            self.stdout.write(f"La porta {port} è occupata: uso la {free}.")
            port = free
        if not _port_free(settings.RETE_SIMULATOR_PORT):
            raise CommandError(f"La porta {settings.RETE_SIMULATOR_PORT} del nodo nazionale "
                               "simulato è occupata: indicarne un'altra con RETE_SIMULATOR_PORT.")
        LOG_FOLDER.mkdir(parents=True, exist_ok=True)
        logging.getLogger("kombu.connection").addFilter(_not_harmless)
        self.stdout.write("Migrazioni e dati dimostrativi (la prima volta qualche minuto)...")
        call_command("migrate_tenants", verbosity=0)
        schemas.ensure_template()
        logins = [] if no_demo else demo.seed()
        keys.ensure_pair(settings.RETE_MODI_DEV_FOLDER, common_name="Rete Sportelli (sviluppo)")
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "platform")]),
            "RETE_SITE_PORT": str(port),
        }
        bin_dir = os.path.dirname(sys.executable)
        # One beat schedule per broker, so two platforms side by side (each with
        # its RETE_BROKER_FOLDER) do not share it.
        beat_folder = LOCAL / os.environ.get("RETE_BROKER_FOLDER", "broker")
        beat_folder.mkdir(parents=True, exist_ok=True)
        processes = {
            "web": [os.path.join(bin_dir, "gunicorn"), "config.wsgi:application",
                    "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
                    "--access-logfile", str(LOG_FOLDER / "web-access.log"),
                    "--graceful-timeout", "5",
                    *_gunicorn_keeps_to_itself()],
            "worker": [os.path.join(bin_dir, "celery"), "-A", "config", "worker",
                       "--loglevel", "INFO", "--concurrency", "2", "-Q", "celery,national",
                       "--hostname", f"worker-{port}@%h"],
            "beat": [os.path.join(bin_dir, "celery"), "-A", "config", "beat", "--loglevel", "INFO",
                     "--schedule", str(beat_folder / "celerybeat-schedule")],
            "simulator": [sys.executable, "-m", "integrations.simulator",
                          "--port", str(settings.RETE_SIMULATOR_PORT),
                          "--journal", str(LOCAL / "simulatore" / "ricevuti.jsonl"),
                          "--keys", str(settings.RETE_MODI_DEV_FOLDER / "simulatore")],
        }
        children: dict[str, subprocess.Popen] = {}
        relays: list[threading.Thread] = []
        quiet = threading.Event()
        stop_requested = False

        def request_stop(*_):
            # Only a flag: the main loop below does the stopping, so a signal
            # arriving while children are being started cannot leave one behind.
            nonlocal stop_requested
            stop_requested = True

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        try:
            for name, cmd in processes.items():
                if stop_requested:
                    break
                children[name] = proc = subprocess.Popen(
                    cmd, env=env, cwd=ROOT, start_new_session=True, stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                relay = threading.Thread(
                    target=_relay, name=f"log-{name}", daemon=True,
                    args=(name, proc.stdout, LOG_FOLDER / f"{name}.log", self.stderr, quiet))
                relay.start()
                relays.append(relay)
            if not stop_requested:
                self._wait_ready(port, web=children["web"], stopping=lambda: stop_requested)
            if not stop_requested:
                quiet.set()
                self._banner(port, logins, time.monotonic() - started_at)
            while not stop_requested:
                for name, proc in children.items():
                    if proc.poll() is not None:
                        self.stderr.write(
                            f"Il processo '{name}' si è fermato (codice {proc.returncode}).")
                        raise CommandError(f"Processo '{name}' terminato inaspettatamente.")
                time.sleep(0.5)
        finally:
            self._stop(children)
            for relay in relays:
                relay.join(timeout=2)
        self.stdout.write("Piattaforma arrestata.")

    def _stop(self, children: dict[str, subprocess.Popen]) -> None:
        """SIGTERM to every child, then SIGKILL to its whole process group
        (gunicorn's and the worker's own children too) after 15 s."""
        self.stdout.write("\nArresto in corso...")
        for proc in children.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for name, proc in children.items():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stderr.write(f"Il processo '{name}' non si ferma: lo termino.")
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def _wait_ready(self, port: int, *, web: subprocess.Popen, stopping) -> None:
        """Until the web server answers; gives up at once if it stops or Ctrl-C
        comes first."""
        url = f"http://127.0.0.1:{port}/healthz/"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if stopping():
                return
            if web.poll() is not None:
                raise CommandError(f"Il server web si è fermato (codice {web.returncode}).")
            try:
                request = urllib.request.Request(url, headers={"Host": settings.BASE_DOMAIN})
                with urllib.request.urlopen(request, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise CommandError("Il server web non risponde dopo 60 secondi.")

    def _banner(self, port: int, logins, elapsed: float) -> None:
        self.stdout.write(banner(port=port, logins=logins, elapsed=elapsed))


def banner(*, port: int, logins, elapsed: float) -> str:
    """The closing block: where the platform answers and who can log in."""
    suffix = f":{port}"
    rule = "=" * 78
    lines = ["", rule, f"Rete Sportelli è pronta ({elapsed:.0f} s). Ctrl-C per fermare tutto.", "",
             "Indirizzi", f"  {'Sito nazionale':34} http://{settings.BASE_DOMAIN}{suffix}/"]
    for domain in Domain.objects.select_related("tenant").order_by("tenant__name"):
        lines.append(f"  {domain.tenant.name:34} http://{domain.domain}{suffix}/")
    lines.append(f"  {'API (documento OpenAPI)':34} "
                 f"http://{settings.BASE_DOMAIN}{suffix}/api/docs/")
    lines.append(f"  {'Nodo nazionale simulato':34} "
                 f"http://127.0.0.1:{settings.RETE_SIMULATOR_PORT}/_simulatore/")
    if logins:
        lines += ["", f"Accessi dimostrativi (password per tutti: {demo.DEMO_PASSWORD})"]
        for login in logins:
            lines.append(f"  {login.where:12} {login.email:38} {login.role}")
    relative = LOG_FOLDER.relative_to(ROOT) if LOG_FOLDER.is_relative_to(ROOT) else LOG_FOLDER
    lines += ["", f"Registri dei processi in {relative}/ (web.log, web-access.log, worker.log, "
                  "beat.log, simulator.log):", "qui sotto compaiono solo gli errori.", rule, ""]
    return "\n".join(lines)
