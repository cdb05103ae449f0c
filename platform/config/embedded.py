"""Embedded services for a machine that has nothing installed but Python.

With no ``DATABASE_URL`` the project runs its own PostgreSQL from the
``pgserver`` wheel's binaries, with its data under ``.local/`` (kept across
restarts) and listening only on a Unix socket inside that folder, so a system
server on 5432 never gets in the way. PostgreSQL refuses to run as root: when
we are root, the server runs as an unprivileged user (``postgres`` where it
exists, else ``nobody``) and only folders under ``.local/`` change owner.

With no broker URL, Celery uses kombu's filesystem transport in
``.local/broker/``: real worker processes, nothing to install.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCAL = Path(os.environ.get("RETE_LOCAL_DIR", ROOT / ".local"))
DATABASE_NAME = "rete"
SOCKET_PORT = 5432  # only names the socket file: no TCP listener is opened


class EmbeddedServiceError(RuntimeError):
    """The embedded PostgreSQL could not be started; the message says why."""


def _binaries() -> Path:
    # Located, not imported: importing pgserver has side effects we do not want.
    spec = importlib.util.find_spec("pgserver")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServiceError(
            "Il pacchetto 'pgserver' non è installato: eseguire 'make install'."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _run_as() -> str | None:
    """The unprivileged account to run PostgreSQL as, or None to run as ourselves."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise EmbeddedServiceError(
        "Eseguito come root senza un utente non privilegiato per PostgreSQL.")


def _default_base() -> Path:
    return LOCAL / os.environ.get("RETE_PG_DIR", "postgres")


@dataclass(frozen=True)
class EmbeddedPostgres:
    base: Path = field(default_factory=_default_base)

    @property
    def data_dir(self) -> Path:
        return self.base / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base / "run"

    @property
    def log_file(self) -> Path:
        return self.base / "server.log"

    def database_url(self, name: str = DATABASE_NAME) -> str:
        return f"postgresql://postgres@/{name}?host={self.socket_dir}&port={SOCKET_PORT}"

    def _cmd(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        user = _run_as()
        return subprocess.run(
            [str(a) for a in args],
            user=user,
            check=check,
            capture_output=True,
            text=True,
            cwd=self.base,
        )

    def _prepare_folders(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        if len(str(self.socket_dir)) > 90:
            raise EmbeddedServiceError(
                f"Percorso troppo lungo per il socket di PostgreSQL: {self.socket_dir}. "
                "Impostare RETE_LOCAL_DIR su una cartella più corta."
            )
        user = _run_as()
        if user:
            entry = pwd.getpwnam(user)
            for path in (self.base, self.socket_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
            if self.data_dir.exists():
                os.chown(self.data_dir, entry.pw_uid, entry.pw_gid)
            probe = subprocess.run(
                ["test", "-x", str(_binaries() / "postgres"), "-a", "-w", str(self.base)],
                user=user,
            )
            if probe.returncode != 0:
                raise EmbeddedServiceError(
                    f"L'utente '{user}' non raggiunge {self.base} o i binari di PostgreSQL: "
                    "clonare il progetto in una cartella leggibile (non sotto /root) "
                    "oppure impostare DATABASE_URL."
                )

    def is_running(self) -> bool:
        if not (self.data_dir / "postmaster.pid").exists():
            return False
        result = subprocess.run(
            [str(_binaries() / "pg_isready"), "-h", str(self.socket_dir), "-p", str(SOCKET_PORT)],
            capture_output=True,
        )
        return result.returncode == 0

    def ensure_running(self, *, fsync: bool = True) -> bool:
        """Start the server if needed; True when this call started it."""
        if self.is_running():
            return False
        self._prepare_folders()
        bin_dir = _binaries()
        if not (self.data_dir / "PG_VERSION").exists():
            if self.data_dir.exists():
                shutil.rmtree(self.data_dir)
            self._cmd(
                bin_dir / "initdb", "-D", self.data_dir, "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
            )
        options = (
            f"-k {self.socket_dir} -p {SOCKET_PORT} -c listen_addresses= "
            "-c max_connections=200 -c shared_buffers=128MB"
        )
        if not fsync:  # test databases: durability traded for speed
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        started = self._cmd(
            bin_dir / "pg_ctl", "-D", self.data_dir, "-o", options,
            "-l", self.log_file, "-w", "-t", "60", "start", check=False,
        )
        if started.returncode != 0:
            log = (self.log_file.read_text(errors="replace")[-2000:]
                   if self.log_file.exists() else "")
            raise EmbeddedServiceError(
                f"PostgreSQL incorporato non partito: {started.stderr or started.stdout}\n{log}"
            )
        self._ensure_database(DATABASE_NAME)
        return True

    def _ensure_database(self, name: str) -> None:
        psql = _binaries() / "psql"
        args = [str(psql), "-h", str(self.socket_dir), "-p", str(SOCKET_PORT), "-U", "postgres",
                "-d", "postgres", "-tAc"]
        exists = subprocess.run(
            [*args, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
            capture_output=True, text=True, check=True,
        )
        if exists.stdout.strip() != "1":
            subprocess.run([*args, f'CREATE DATABASE "{name}"'], capture_output=True, check=True)

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._cmd(_binaries() / "pg_ctl", "-D", self.data_dir, "-m", "fast", "-w", "stop",
                      check=False)


def broker_folder(name: str = "broker") -> Path:
    """The filesystem broker's folder, created on first use."""
    folder = LOCAL / name
    for sub in ("queue", "processed", "control"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return folder


def wait_for(predicate, *, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
