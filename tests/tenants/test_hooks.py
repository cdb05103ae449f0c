"""Tenancy knows nothing of users or of the activity log: config wires its hooks."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import wiring
from tenants import hooks


def test_given_the_platform_started_when_hooks_are_read_then_config_has_wired_accounts_and_audit():
    assert wiring.create_first_administrator in hooks._provisioned
    assert wiring.record_tenancy_event in hooks._audited


def test_given_no_listener_when_a_tenant_is_provisioned_then_it_is_refused(monkeypatch):
    monkeypatch.setattr(hooks, "_provisioned", [])

    with pytest.raises(ImproperlyConfigured):
        hooks.provisioned(tenant=None,
                          administrator=hooks.FirstAdministrator(email="admin@example.it"))


def test_given_a_listener_registered_twice_when_provisioning_then_it_runs_once(monkeypatch):
    calls = []
    monkeypatch.setattr(hooks, "_provisioned", [])

    def listener(**kwargs):
        calls.append(kwargs)

    hooks.on_provisioned(listener)
    hooks.on_provisioned(listener)
    administrator = hooks.FirstAdministrator(email="admin@example.it")
    hooks.provisioned(tenant="t", administrator=administrator)

    assert calls == [{"tenant": "t", "administrator": administrator}]
