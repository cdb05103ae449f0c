"""Production refuses to start without its national destination: the system
check ``integrations.E001`` (``E002`` for the ModI key), in Italian, naming
the variables; development is not checked; ``collectstatic`` (the image
build) still runs without any destination."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from config.embedded import ROOT
from integrations import checks


def _entry(**values) -> dict:
    entry = {"env_prefix": "RETE_CLICLAVORO_", "url": "https://cliclavoro.example.gov.it/ws",
             "profile": "plain", "timeout": 30, "ttl": 300, "username": "rete",
             "password": "segreta", "sender": "", "receiver": "", "key_file": "",
             "cert_file": "", "peer_cert_file": ""}
    entry.update(values)
    return entry


@pytest.fixture
def production(settings, monkeypatch):
    """The settings as in production (DEVELOPMENT off), conferring to Cliclavoro."""
    monkeypatch.delenv("RETE_MODI_KEY_PEM", raising=False)
    monkeypatch.delenv("RETE_MODI_CERT_PEM", raising=False)
    settings.DEVELOPMENT = False
    settings.RETE_OUTBOX = {**settings.RETE_OUTBOX, "destinations": ["cliclavoro"]}
    return settings


def _ids(found) -> list[str]:
    return [item.id for item in found]


def test_given_production_without_the_endpoint_then_E001_names_the_variable(production):
    production.RETE_INTEGRATIONS = {"cliclavoro": _entry(url="")}

    [error] = checks.destinations_configured()

    assert error.id == "integrations.E001" and error.is_serious()
    assert "«cliclavoro»" in error.msg and "RETE_CLICLAVORO_URL" in error.msg
    assert "RETE_OUTBOX_DESTINATIONS" in error.hint


def test_given_production_without_the_destination_at_all_then_E001(production):
    production.RETE_INTEGRATIONS = {}

    assert _ids(checks.destinations_configured()) == ["integrations.E001"]


def test_given_plain_without_the_password_then_E001_names_both_variables(production):
    production.RETE_INTEGRATIONS = {"cliclavoro": _entry(password="")}

    [error] = checks.destinations_configured()

    assert "RETE_CLICLAVORO_USERNAME, RETE_CLICLAVORO_PASSWORD" in error.msg


def test_given_modi_with_an_unreadable_key_then_E002(production, tmp_path):
    missing = tmp_path / "nessuna.pem"
    production.RETE_INTEGRATIONS = {"cliclavoro": _entry(
        profile="modi", sender="RETESPORTELLI", key_file=str(missing),
        cert_file=str(missing))}

    [error] = checks.destinations_configured()

    assert error.id == "integrations.E002" and str(missing) in error.msg


def test_given_modi_with_its_pair_over_https_then_nothing_to_say(production, modi_pair):
    key_file, cert_file = modi_pair
    production.RETE_INTEGRATIONS = {"cliclavoro": _entry(
        profile="modi", sender="RETESPORTELLI", key_file=key_file, cert_file=cert_file)}

    assert checks.destinations_configured() == []


def test_given_plain_http_in_production_then_only_a_warning(production):
    production.RETE_INTEGRATIONS = {"cliclavoro": _entry(url="http://govway.interno/ws")}

    [warning] = checks.destinations_configured()

    assert warning.id == "integrations.W001" and not warning.is_serious()


def test_given_an_installation_conferring_nowhere_then_nothing_is_required(production):
    production.RETE_OUTBOX = {**production.RETE_OUTBOX, "destinations": []}
    production.RETE_INTEGRATIONS = {}

    assert checks.destinations_configured() == []


def test_given_development_then_the_simulated_node_is_not_checked(settings):
    settings.DEVELOPMENT = True
    settings.RETE_INTEGRATIONS = {}

    assert checks.destinations_configured() == []


def test_given_production_without_the_destination_when_check_runs_then_it_stops(production):
    production.RETE_INTEGRATIONS = {"cliclavoro": _entry(url="")}

    with pytest.raises(SystemCheckError, match="integrations.E001"):
        call_command("check", tags=["integrations"])


# --- As the image and the chart run it (a process with the production environment) -------

BUILD_ENV = {"RETE_ENV": "production", "SECRET_KEY": "build",
             "DATABASE_URL": "postgresql://x@localhost/x",
             "CELERY_BROKER_URL": "redis://localhost", "RETE_BASE_DOMAIN": "build.invalid",
             "RETE_FIELD_KEYS": "unused"}


def _manage(*arguments, tmp_path) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
           "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "platform")]),
           "STATIC_ROOT": str(tmp_path / "static"), **BUILD_ENV}
    return subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_given_the_image_build_environment_then_collectstatic_still_runs(tmp_path):
    done = _manage("collectstatic", "--noinput", tmp_path=tmp_path)

    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "static").is_dir()


def test_given_production_without_cliclavoro_variables_then_check_deploy_fails_in_italian(
        tmp_path):
    done = _manage("check", "--deploy", "--tag", "integrations", tmp_path=tmp_path)

    assert done.returncode != 0
    assert "(integrations.E001) Conferimenti a «cliclavoro» attivi" in done.stderr
    assert "RETE_CLICLAVORO_URL" in done.stderr
