"""Fixtures for the national integrations: the simulated node as a real
process (tests/integrations/simulator.py) and a ModI key pair of the tests'
own, never the repository's or the developer's."""

from __future__ import annotations

import pytest

from integrations.transports import keys
from tests.integrations.simulator import SimulatorProcess


@pytest.fixture(scope="session")
def modi_pair(tmp_path_factory) -> tuple[str, str]:
    """(key_file, cert_file) of a key pair made for this test session."""
    key_path, cert_path = keys.ensure_pair(tmp_path_factory.mktemp("modi") / "nostra",
                                           common_name="Rete Sportelli (prove)")
    return str(key_path), str(cert_path)


@pytest.fixture(scope="session")
def simulator(tmp_path_factory):
    """One simulator process for the session (see ``node`` for a clean one)."""
    process = SimulatorProcess(folder=tmp_path_factory.mktemp("simulatore")).start()
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture
def node(simulator) -> SimulatorProcess:
    """The session's simulator, emptied and with no faults, restarted if a test stopped it."""
    if simulator.process is None or simulator.process.poll() is not None:
        simulator.start()
    simulator.reset()
    return simulator


@pytest.fixture
def destination_for(node, modi_pair):
    """``destination_for("modi" | "spcoop" | "plain", **overrides)`` toward ``node``."""
    key_file, cert_file = modi_pair

    def make(profile: str = "modi", **overrides):
        return node.destination(profile, **{"key_file": key_file, "cert_file": cert_file,
                                            **overrides})

    return make


@pytest.fixture
def cliclavoro_settings(node, modi_pair, settings):
    """``settings.RETE_INTEGRATIONS["cliclavoro"]`` toward ``node`` (ModI, our test pair);
    ``node.environment(...)`` gives the same to a worker process."""
    key_file, cert_file = modi_pair
    settings.RETE_INTEGRATIONS = {
        **settings.RETE_INTEGRATIONS,
        "cliclavoro": node.settings_entry("modi", key_file=key_file, cert_file=cert_file)}
    return settings.RETE_INTEGRATIONS["cliclavoro"]
