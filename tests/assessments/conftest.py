"""Factories for the assessment tests: people with consent, the seeded
screening, answers that reach a chosen score."""

from __future__ import annotations

import itertools
from datetime import date

from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import Role
from assessments.models import Instrument
from assessments.seed import CODE as SCREENING_CODE
from people.models import ConsentPurpose, ConsentRecord
from people.services import PersonData, record_consent, register_person
from tests.conftest import make_user
from tests.ui.conftest import _site_server, page, site  # noqa: F401 - browser fixtures

_names = itertools.count(1)


def make_person(tenant, *, consent: bool = True, last_name: str | None = None):
    """A registered citizen of ``tenant`` (with the service consent unless told)."""
    n = next(_names)
    operator = make_user(tenant, Role.OPERATOR)
    with tenant_context(tenant):
        person = register_person(data=PersonData(
            first_name="Giulia", last_name=last_name or f"Valutata{chr(65 + n % 26)}{n}",
            sex="F", birth_date=date(1985, 3, 1), birth_place_code="A944"), acting_user=operator)
        if consent:
            record_consent(person=person, purpose=ConsentPurpose.SERVICE, given=True,
                           method=ConsentRecord.Method.ORAL, acting_user=operator)
    return person


def screening(tenant) -> Instrument:
    with tenant_context(tenant):
        return Instrument.objects.prefetch_related("items__options").get(
            code=SCREENING_CODE, is_active=True)


def answers_for(instrument: Instrument, weights: list[int]) -> dict[int, int]:
    """{item id: option id}: for the i-th item, the option with weight ``weights[i]``."""
    items = list(instrument.items.all())
    assert len(weights) == len(items)
    return {item.pk: next(o.pk for o in item.options.all() if o.weight == w)
            for item, w in zip(items, weights, strict=True)}


# Eight items weighing 0-3 each.
SCORE_11 = [3, 3, 3, 2, 0, 0, 0, 0]
SCORE_10 = [3, 3, 2, 2, 0, 0, 0, 0]


def bump_sequence(tenant, table: str, to: int = 700_000) -> None:
    """Ids in ``tenant`` that the other test tenant cannot have."""
    with tenant_context(tenant):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"GREATEST(%s, (SELECT COALESCE(MAX(id), 0) FROM {table}) + 1))",
                           [to])
