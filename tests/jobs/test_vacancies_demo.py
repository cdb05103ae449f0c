"""The job desk's demo data: vacancies in every state, needs received and
converted, the authorisation in force (or its warning), idempotent."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from accounts.models import Role
from config import demo_jobs
from jobs.models import Employer, StaffingNeed, Vacancy
from jobs.selectors.authorisation import authorisation_warning
from tests.factories import make_user


def test_the_demo_shows_every_state_and_runs_twice(tenant_a):
    for key, role in (("operatore", Role.OPERATOR), ("admin", Role.TENANT_ADMIN)):
        make_user(tenant_a, role, email=f"{key}@{tenant_a.slug}.example.it")
    with tenant_context(tenant_a):
        demo_jobs.seed_tenant(tenant=tenant_a)
        demo_jobs.seed_tenant(tenant=tenant_a)
        states = set(Vacancy.objects.values_list("status", "close_reason"))
        assert states == {("bozza", ""), ("pubblicata", ""), ("chiusa", "coperta"),
                          ("chiusa", "ritirata"), ("chiusa", "scaduta")}
        assert {"ricevuta", "esaminata", "convertita"} <= set(
            StaffingNeed.objects.values_list("status", flat=True))
        assert Employer.objects.count() == 3
        assert authorisation_warning() == ""
