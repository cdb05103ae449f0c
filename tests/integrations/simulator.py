"""The national-node simulator as a real process for tests: started on a free
port with its own journal and keys in a temporary folder, driven over HTTP
(knobs, counts, reset), restartable on the same port and journal.

The fixtures in tests/integrations/conftest.py wrap it: ``simulator`` (one
process per test session), ``node`` (the same, reset before the test),
``destination_for`` (a Destination toward it, per profile, with our own test
key pair)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from config.embedded import ROOT
from integrations.transports import Destination

START_SECONDS = 30
USERNAME, PASSWORD = "rete", "simulatore"
SENDER, RECEIVER = "RETESPORTELLI", "CLICLAVORO"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class SimulatorProcess:
    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def service_url(self) -> str:
        return f"{self.base_url}/cliclavoro"

    @property
    def journal(self) -> Path:
        return self.folder / "ricevuti.jsonl"

    @property
    def cert_file(self) -> Path:
        """The certificate the node signs its ModI replies with."""
        return self.folder / "chiavi" / "cert.pem"

    @property
    def log(self) -> Path:
        return self.folder / "simulatore.log"

    def start(self) -> SimulatorProcess:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "platform")])}
        env.pop("RETE_MODI_KEY_PEM", None)
        env.pop("RETE_MODI_CERT_PEM", None)
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "integrations.simulator", "--port", str(self.port),
                 "--journal", str(self.journal), "--keys", str(self.folder / "chiavi"),
                 "--users", f"{USERNAME}:{PASSWORD}", "--party", RECEIVER],
                cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Il simulatore si è fermato: {self.log.read_text()[-2000:]}")
            try:
                self.received()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Il simulatore non risponde: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def restart(self) -> SimulatorProcess:
        self.stop()
        return self.start()

    # --- HTTP -----------------------------------------------------------
    def _call(self, path: str, data: dict | None = None) -> dict:
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(
            self.base_url + path, data=body, method="GET" if data is None else "POST",
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def received(self) -> dict:
        """``{"effects": [...], "counts": {...}, "faults": {...}}``."""
        return self._call("/_simulatore/ricevuti")

    def set_faults(self, **faults) -> dict:
        return self._call("/_simulatore/guasti", faults)

    def reset(self) -> None:
        self._call("/_simulatore/azzera", {})

    def effects(self) -> list[dict]:
        return self.received()["effects"]

    def counts(self) -> dict:
        return self.received()["counts"]

    def destination(self, profile: str = "modi", *, key_file: str = "", cert_file: str = "",
                    verify_replies: bool = True, timeout: float = 10.0,
                    **overrides) -> Destination:
        values = dict(name="cliclavoro", url=self.service_url, profile=profile, timeout=timeout,
                      username=USERNAME, password=PASSWORD, sender=SENDER, receiver=RECEIVER,
                      key_file=key_file, cert_file=cert_file,
                      peer_cert_file=str(self.cert_file) if verify_replies else "")
        values.update(overrides)
        return Destination(**values)

    def settings_entry(self, profile: str = "modi", *, key_file: str = "",
                       cert_file: str = "") -> dict:
        """A ``RETE_INTEGRATIONS["cliclavoro"]`` toward this node (for override_settings)."""
        destination = self.destination(profile, key_file=key_file, cert_file=cert_file)
        return {"env_prefix": "RETE_CLICLAVORO_", "url": destination.url, "profile": profile,
                "timeout": destination.timeout, "ttl": destination.ttl,
                "username": USERNAME, "password": PASSWORD, "sender": SENDER,
                "receiver": RECEIVER, "key_file": key_file, "cert_file": cert_file,
                "peer_cert_file": str(self.cert_file)}

    def environment(self, profile: str = "modi", *, key_file: str = "",
                    cert_file: str = "") -> dict[str, str]:
        """The variables that point another process's settings (a Celery worker) at
        this node: ``destination("cliclavoro")`` there is ``self.destination(profile)``."""
        return {"RETE_CLICLAVORO_URL": self.service_url, "RETE_CLICLAVORO_PROFILE": profile,
                "RETE_CLICLAVORO_USERNAME": USERNAME, "RETE_CLICLAVORO_PASSWORD": PASSWORD,
                "RETE_CLICLAVORO_SENDER": SENDER, "RETE_CLICLAVORO_RECEIVER": RECEIVER,
                "RETE_CLICLAVORO_PEER_CERT_FILE": str(self.cert_file),
                "RETE_MODI_KEY_FILE": key_file, "RETE_MODI_CERT_FILE": cert_file}


def post(url: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """A raw POST (for requests our client would never send)."""
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "text/xml; charset=utf-8",
                                              **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
