"""The demo's CVs and applications (config.demo_candidates): CVs for people
with the service consent, applications in several states, one hire that
places the person's job pathway; run twice, it adds nothing."""

from __future__ import annotations

import pytest

from casework.models import Pathway, PathwayKind, Stage
from config import demo_candidates
from jobs.models import Application, Candidate
from tests.factories import make_person, staff_here

pytestmark = pytest.mark.django_db


def test_the_demo_builds_cvs_applications_and_one_hire(in_a, tenant_a):
    operator = staff_here()
    for name in ("Aldo", "Bice", "Carlo", "Dora", "Elio", "Fabia"):
        make_person(None, operator=operator, first_name=name)
    tenant_a.offers_job_desk = True  # as the demo counters with the job desk
    added = demo_candidates.seed_tenant(tenant=tenant_a)
    assert added == 6 and Candidate.objects.count() == 6
    states = set(Application.objects.values_list("status", flat=True))
    assert {"assunto", "in_rosa", "non_assunto"} <= states
    hired = Application.objects.get(status="assunto")
    assert Pathway.objects.get(person=hired.candidate.person, kind=PathwayKind.JOB).stage \
        == Stage.PLACED
    assert demo_candidates.seed_tenant(tenant=tenant_a) == 0
