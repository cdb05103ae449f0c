"""Casework fixtures: people with consent, services, lenders, and a driver that
takes a pathway to any stage through the transition table."""

from __future__ import annotations

import io
import itertools
import zipfile
from collections import deque
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from accounts.models import Role
from casework import pathways as machine
from casework import services
from casework.models import Pathway
from catalog.models import Lender
from desks.models import Service
from people.models import ConsentPurpose, ConsentRecord, Person
from people.services import record_consent
from tests.conftest import make_user

CASEWORK_TABLES = ("people_person", "casework_consultation", "casework_consultationdocument",
                   "casework_pathway", "casework_pathwayevent")

_counter = itertools.count(1)


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def make_person(tenant, *, consent: bool = True, last_name: str | None = None) -> Person:
    n = next(_counter)
    operator = make_user(tenant, Role.OPERATOR)
    with tenant_context(tenant):
        person = Person.objects.create(
            first_name="Laura", last_name=last_name or f"Percorso{n}", sex="F",
            birth_date=date(1988, 4, 2), birth_place_code="A944", birth_place_name="Bologna")
        if consent:
            give_consent(person, operator)
    connection.set_schema_to_public()
    return person


def give_consent(person, operator, given: bool = True) -> None:
    record_consent(person=person, purpose=ConsentPurpose.SERVICE, given=given,
                   method=ConsentRecord.Method.PAPER, acting_user=operator)


def make_service(tenant, code: str = "micro-business-plan", *, name: str | None = None,
                 active: bool = True) -> Service:
    with tenant_context(tenant):
        service, _ = Service.objects.get_or_create(
            code=code, defaults={"name": name or code.replace("-", " ").title(),
                                 "area": "microcredito"})
        if service.is_active != active:
            service.is_active = active
            service.save()
    connection.set_schema_to_public()
    return service


def active_lender() -> Lender:
    with schema_context("public"):
        return Lender.objects.filter(is_active=True).order_by("id").first()


def make_lender(*, name: str = "Banca di prova", active: bool = True, **values) -> Lender:
    with schema_context("public"):
        n = next(_counter)
        return Lender.objects.create(name=f"{name} {n}", kind="operatore_microcredito",
                                     codice_fiscale="", abi_code=f"{88000 + n}"[-5:],
                                     is_active=active, **values)


def data_for(to_stage: str, *, on: date | None = None) -> dict:
    """Valid data for a transition into ``to_stage`` (dates: ``on``, or today)."""
    S = machine.Stage
    lender = active_lender()
    on = on or timezone.localdate()
    return {
        S.SENT_TO_LENDER: {"lender": lender, "requested_amount": Decimal("20000")},
        S.REFUSED: {"reason": "Business plan non sostenibile"},
        S.WITHDRAWN: {"reason": "Ha trovato lavoro"},
        S.DISBURSED: {"amount": Decimal("20000"), "disbursed_on": on,
                      "lender": lender},
        S.TUTORING: {"auxiliary_services": ["strategia", "gestione"]},
        S.REFERRAL: {"recipient_kind": "datore", "recipient": "Officine Rossi S.r.l."},
        S.PLACED: {"contract_type": "determinato", "placed_on": on},
    }.get(to_stage, {})


def path_to(kind: str, stage: str) -> list[str]:
    """The shortest sequence of stages from the opening one to ``stage``."""
    start = machine.INITIAL_STAGE[kind]
    queue, seen = deque([[start]]), {start}
    while queue:
        route = queue.popleft()
        if route[-1] == stage:
            return route
        for nxt in machine.allowed_next(kind, route[-1]):
            if nxt not in seen:
                seen.add(nxt)
                queue.append([*route, nxt])
    raise AssertionError(f"{stage} unreachable in {kind}")


def open_at(person, kind: str, stage: str, *, user, opened_at: datetime | None = None,
            step: timedelta = timedelta(0)) -> Pathway:
    """A pathway of ``person`` (in the current schema) driven to ``stage``."""
    route = path_to(kind, stage)
    when = opened_at
    pathway = services.open_pathway(person=person, kind=kind, acting_user=user, occurred_at=when)
    for nxt in route[1:]:
        when = when + step if when else None
        services.advance_pathway(pathway=pathway, to_stage=nxt, acting_user=user,
                                 occurred_at=when,
                                 **data_for(nxt, on=timezone.localdate(when) if when else None))
    return pathway


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def jpg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def operator_a(tenant_a):
    return make_user(tenant_a, Role.OPERATOR)


@pytest.fixture
def in_a(tenant_a):
    with tenant_context(tenant_a):
        yield
    connection.set_schema_to_public()


@pytest.fixture
def high_ids_in_a(tenant_a):
    """Rows of tenant A get ids tenant B never reaches, so a 404 on B proves
    isolation rather than a missing id."""
    with tenant_context(tenant_a), connection.cursor() as cursor:
        for table in CASEWORK_TABLES:
            cursor.execute(f"SELECT setval('{table}_id_seq', "
                           f"GREATEST((SELECT last_value FROM {table}_id_seq), 2000000))")
    connection.set_schema_to_public()
