"""Fuzzing the API against its own OpenAPI document (schemathesis): every
operation of a counter's site and of the national site, as each role and
anonymously, must answer no server error, no status code the document does not
list, and nothing that breaks its documented schema.

Fixed seed and few examples per operation, so the suite stays fast;
``make fuzz`` runs the same tests deeper (``RETE_FUZZ_EXAMPLES``). Every
request runs inside the test's transaction, so what the fuzzer writes is rolled
back and never seen by other tests.
"""

from __future__ import annotations

import contextlib
import itertools
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.test import Client
from hypothesis import HealthCheck, given, seed, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis.generation import GenerationMode

from accounts.models import Role
from tests.factories import host_of, make_user
from tests.support import in_schema

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("RETE_FUZZ_EXAMPLES", "5"))
SEED = int(os.environ.get("RETE_FUZZ_SEED", "20261201"))


@contextlib.contextmanager
def requests_inside_the_test_transaction():
    """What Django's test client does: a request does not close the connection
    (and with it the transaction that rolls the fuzzer's writes back)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def token_of(tenant, role: str) -> str:
    user = make_user(tenant, role)
    with in_schema(tenant):
        return Token.objects.get_or_create(user=user)[0].key


def fuzz_site(host: str, token: str | None) -> None:
    headers = {"Authorization": f"Token {token}"} if token else {}
    document = Client(HTTP_HOST=host).get("/api/schema/?format=json")
    assert document.status_code == 200
    connection.set_schema_to_public()
    schema = schemathesis.openapi.from_dict(document.json())
    schema.app = get_wsgi_application()
    base_url = f"http://{host}"
    # With a token of ours in every request, "invalid credentials" would still carry it.
    excluded = [schemathesis.checks.ignored_auth] if token else []
    # Business rules (a date outside 1900-2199, a slot already taken) refuse some
    # schema-valid data with a documented 400: not a defect.
    excluded.append(schemathesis.checks.positive_data_acceptance)
    # Filters ignore values they do not know (a list stays a list): lenient, not
    # a defect. Invalid input must still get no server error and a documented answer.
    excluded.append(schemathesis.checks.negative_data_rejection)
    failures = []
    with requests_inside_the_test_transaction():
        for result, mode in itertools.product(schema.get_all_operations(), GenerationMode):
            operation = result.ok()
            has_input = any(True for _ in operation.iter_parameters()) or \
                operation.get_request_payload_content_types()
            if mode is GenerationMode.NEGATIVE and not has_input:
                continue  # nothing to make invalid
            try:
                strategy = operation.as_strategy(generation_mode=mode)
            except Exception:  # noqa: BLE001
                if mode is GenerationMode.POSITIVE:
                    raise
                continue  # nothing this operation accepts can be made invalid

            @seed(SEED)
            @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
                      suppress_health_check=list(HealthCheck), print_blob=False)
            @given(case=strategy)
            def check(case):
                case.call_and_validate(base_url=base_url, headers=headers, excluded_checks=excluded)

            try:
                check()
            except Unsatisfiable:
                pass  # nothing to make invalid (no parameters, no body)
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - all reported
                failures.append(f"{operation.label} ({mode.value}): {exc}")
            finally:
                connection.set_schema_to_public()
    assert not failures, "\n\n".join(failures)


TENANT_ROLES = [None, Role.OPERATOR, Role.COORDINATOR, Role.TENANT_ADMIN]
NATIONAL_ROLES = [None, Role.SUPERVISOR, Role.PLATFORM_ADMIN]


@pytest.mark.parametrize("role", TENANT_ROLES, ids=lambda role: role or "anonimo")
def test_given_a_counter_site_when_fuzzed_as_each_role_then_every_answer_is_documented(
        tenant_a, role):
    token = token_of(tenant_a, role) if role else None
    fuzz_site(host_of(tenant_a), token)


@pytest.mark.parametrize("role", NATIONAL_ROLES, ids=lambda role: role or "anonimo")
def test_given_the_national_site_when_fuzzed_as_each_role_then_every_answer_is_documented(role):
    from django.conf import settings as django_settings

    token = token_of(None, role) if role else None
    fuzz_site(django_settings.BASE_DOMAIN, token)
