"""Test data: one builder per kind of row, through the services that write it.

Every builder works in the schema that is current when it is called, or in
``tenant``'s when one is given, and leaves the connection in the schema it
found: none switches back to the public schema behind the caller's back. A
test that needs another schema afterwards says so (``with tenant_context(...)``
or the ``in_a`` fixture of tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import zipfile
from collections import deque
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from accounts.models import Role, User
from assessments.models import Instrument
from assessments.seed import CODE as SCREENING_CODE
from casework import pathways as machine
from casework import services as casework_services
from casework.models import Pathway
from catalog.models import Lender
from desks import services as desk_services
from desks.closures import holiday_name
from desks.models import Appointment, Closure, CounterContact, Service
from people import services as people_services
from people.models import ConsentPurpose, ConsentRecord, Person
from people.services import PersonData
from tenants.models import Tenant
from tenants.services import TenantProfile

PASSWORD = "Password-di-prova-123"

_counter = itertools.count(1)


# --- Schemas ---------------------------------------------------------------------

def in_schema(tenant: Tenant | None):
    """The schema of ``tenant``, or the public one for None (the national site)."""
    return tenant_context(tenant) if tenant is not None else schema_context("public")


def _in(tenant: Tenant | None):
    """``tenant``'s schema, or the current one for None."""
    return tenant_context(tenant) if tenant is not None else contextlib.nullcontext()


@contextlib.contextmanager
def schema_kept():
    """Whatever runs inside (a request through the test Client switches to the
    host's schema) leaves the connection in the schema it found."""
    previous = getattr(connection, "tenant", None)
    try:
        yield
    finally:
        if previous is None or previous.schema_name == get_public_schema_name():
            connection.set_schema_to_public()
        else:
            connection.set_tenant(previous)


def bump_ids(tenant: Tenant, tables: tuple[str, ...] | list[str], to: int = 2_000_000) -> None:
    """Rows of ``tenant`` in ``tables`` get ids the other test tenant never
    reaches, so a 404 there proves isolation rather than a missing id."""
    with tenant_context(tenant), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"GREATEST(%s, (SELECT COALESCE(MAX(id), 0) FROM {table}) + 1, "
                           f"(SELECT last_value FROM {table}_id_seq)))", [to])


# --- Tenants and users -----------------------------------------------------------

def make_profile(slug: str, **overrides) -> TenantProfile:
    values = dict(slug=slug, name=f"Comune di {slug.title()}", kind=Tenant.Kind.COMUNE,
                  region="EMR", province="BO", offers_microcredit=True)
    values.update(overrides)
    return TenantProfile(**values)


def host_of(tenant: Tenant) -> str:
    return tenant.domains.get(is_primary=True).domain


def make_user(tenant: Tenant | None, role: str, email: str | None = None) -> User:
    """A user in ``tenant``'s schema (or the public one for None), the same one
    for the same e-mail."""
    email = email or f"{role}@{tenant.slug if tenant else 'nazionale'}.example.it"
    with in_schema(tenant):
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=PASSWORD, role=role)
    return user


def staff_here(role: str = Role.OPERATOR) -> User:
    """A member of the staff of the counter whose schema is active (the one who acts)."""
    return make_user(connection.tenant, role)


def _operator_of(tenant: Tenant | None) -> User:
    return make_user(tenant if tenant is not None else connection.tenant, Role.OPERATOR)


# --- People ------------------------------------------------------------------------

# Valid codici fiscali (check letter verified), and what they carry.
MARIO_ROSSI = "RSSMRA80A01H501U"  # Mario Rossi, M, 01/01/1980, Roma (H501)
MARIO_ROSSI_OMOCODE = "RSSMRA80A01H50MM"  # the same, omocodia on the last digit
GIULIA_BIANCHI = "BNCGLI92L55A944L"  # Giulia Bianchi, F, 15/07/1992, Bologna (A944)
ARBEN_HOXHA = "HXHRBN88C20Z100S"  # Arben Hoxha, M, 20/03/1988, Albania (Z100)
LUCA_VERDI_1990_ABETONE_CUTIGLIANO = "VRDLCU90E10M376N"  # M376 exists only since 2017


def person_data(**overrides) -> PersonData:
    """What an operator types for Mario Rossi, with his codice fiscale."""
    values = dict(first_name="Mario", last_name="Rossi", codice_fiscale=MARIO_ROSSI,
                  phone="+39 333 1234567", email="mario.rossi@example.it",
                  employment_status="disoccupato_did")
    values.update(overrides)
    return PersonData(**values)


def make_person(tenant: Tenant | None = None, data: PersonData | None = None, *,
                consent: bool = True, operator: User | None = None, **fields) -> Person:
    """A citizen registered by an operator through people.services, in
    ``tenant``'s schema (or the current one), with the consent to service
    delivery unless ``consent=False``.

    ``data`` is what was typed (``person_data(...)``); without it, Anna Verdi,
    born in Bologna, no codice fiscale, with ``fields`` overriding her values."""
    if data is None:
        values = dict(first_name="Anna", last_name="Verdi", sex="F",
                      birth_date=date(1990, 5, 17), birth_place_code="A944",
                      email="anna.verdi@example.it")
        values.update(fields)
        data = PersonData(**values)
    operator = operator or _operator_of(tenant)
    with _in(tenant):
        person = people_services.register_person(data=data, acting_user=operator)
        if consent:
            give_consent(person, operator)
    return person


def make_people(tenant: Tenant | None, numbers, *, operator: User | None = None,
                **fields) -> list[Person]:
    """One citizen per number in ``numbers``, built by people.services.build_person
    and inserted at once (no consent); ``{n}`` in a text field is the number
    (``last_name="Cognome{n:04d}"``)."""
    operator = operator or _operator_of(tenant)
    base = dict(first_name="Anna", last_name="Verdi", sex="F", birth_date=date(1990, 5, 17),
                birth_place_code="A944")
    base.update(fields)
    with _in(tenant):
        return Person.objects.bulk_create(
            people_services.build_person(data=PersonData(**{
                name: value.format(n=n) if isinstance(value, str) else value
                for name, value in base.items()}), acting_user=operator)
            for n in numbers)


def give_consent(person: Person, operator: User, given: bool = True,
                 method: str = ConsentRecord.Method.PAPER) -> ConsentRecord:
    """The service consent (or its withdrawal), in the current schema."""
    return people_services.record_consent(person=person, purpose=ConsentPurpose.SERVICE,
                                          given=given, method=method, acting_user=operator)


# --- The counter: times, services, appointments ---------------------------------------

def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """An aware datetime at the counter's local time."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def is_holiday(day: date) -> bool:
    """A national holiday, or the patron saint of the test tenants (Bologna)."""
    return holiday_name(day, province="BO") is not None


def next_weekday(weekday: int = 0, *, weeks_ahead: int = 1) -> date:
    """A date of the given weekday (0 Monday), ``weeks_ahead`` weeks on, or a
    week later when that day is a holiday (the agenda refuses holidays)."""
    today = timezone.localdate()
    day = today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)
    while is_holiday(day):
        day += timedelta(days=7)
    return day


def open_moment(days: int) -> datetime:
    """Now plus ``days`` days, moved on past any holiday: a moment the agenda
    accepts whatever today's date."""
    moment = timezone.now() + timedelta(days=days)
    while is_holiday(timezone.localdate(moment)):
        moment += timedelta(days=1)
    return moment


def make_service(tenant: Tenant | None = None, code: str = "micro-business-plan", *,
                 name: str | None = None, active: bool = True) -> Service:
    """A service the counter offers (the same one for the same code)."""
    with _in(tenant):
        service, _ = Service.objects.get_or_create(
            code=code, defaults={"name": name or code.replace("-", " ").title(),
                                 "area": "microcredito"})
        if service.is_active != active:
            service.is_active = active
            service.save()
    return service


def make_appointment(tenant: Tenant | None = None, *, starts_at: datetime, person=None,
                     operator=None, kind=Appointment.Kind.CONSULTATION,
                     minutes: int = 30) -> Appointment:
    """An appointment booked by an operator through desks.services."""
    acting = _operator_of(tenant)
    with _in(tenant):
        return desk_services.schedule_appointment(
            person=person, starts_at=starts_at, kind=kind, acting_user=acting,
            operator=operator, minutes=minutes)


# --- Casework: lenders and pathways ---------------------------------------------------

def set_counter_contact(**values) -> CounterContact:
    """The counter's contacts (current schema), as its administrator saves them."""
    fields = {"address": "", "phone": "", "email": "", "hours_note": "", **values}
    return desk_services.update_counter_contact(**fields,
                                                acting_user=staff_here(Role.TENANT_ADMIN))


def make_closure(starts_on: date, ends_on: date | None = None,
                 reason: str = "Chiusura straordinaria") -> Closure:
    """A closure of the counter (current schema), as its administrator adds it."""
    return desk_services.add_closure(starts_on=starts_on, ends_on=ends_on or starts_on,
                                     reason=reason, acting_user=staff_here(Role.TENANT_ADMIN))


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
    pathway = casework_services.open_pathway(person=person, kind=kind, acting_user=user,
                                             occurred_at=when)
    for nxt in route[1:]:
        when = when + step if when else None
        casework_services.advance_pathway(
            pathway=pathway, to_stage=nxt, acting_user=user, occurred_at=when,
            **data_for(nxt, on=timezone.localdate(when) if when else None))
    return pathway


# --- Assessments -----------------------------------------------------------------------

# Eight items weighing 0-3 each.
SCORE_11 = [3, 3, 3, 2, 0, 0, 0, 0]
SCORE_10 = [3, 3, 2, 2, 0, 0, 0, 0]


def screening(tenant: Tenant | None = None) -> Instrument:
    """The seeded screening instrument, with its items and options."""
    with _in(tenant):
        return Instrument.objects.prefetch_related("items__options").get(
            code=SCREENING_CODE, is_active=True)


def answers_for(instrument: Instrument, weights: list[int]) -> dict[int, int]:
    """{item id: option id}: for the i-th item, the option with weight ``weights[i]``."""
    items = list(instrument.items.all())
    assert len(weights) == len(items)
    return {item.pk: next(o.pk for o in item.options.all() if o.weight == w)
            for item, w in zip(items, weights, strict=True)}


# --- Uploaded files --------------------------------------------------------------------

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


# --- Code tables (codes) -------------------------------------------------------------

def make_code_entry(table: str, code: str, label: str, *, valid_from: date,
                    valid_to: date | None = None, level: int | None = None,
                    parent_code: str = "", extra: dict | None = None):
    """An entry of a national code table (public schema), found by search like a
    loaded one: a code valid from a future day, one that ended, one added by hand."""
    from codes.models import CodeEntry

    with in_schema(None):
        return CodeEntry.objects.create(table=table, code=code, label=label, level=level,
                                        parent_code=parent_code, valid_from=valid_from,
                                        valid_to=valid_to, extra=extra or {})


# --- Job desk: employers, needs, vacancies (jobs) ----------------------------------

# Valid partite IVA (check digit verified by stdnum.it.iva).
PIVA_ACME = "01234560371"
PIVA_BETA = "07654320014"
PIVA_WRONG_CHECK = "01234560372"  # the right length, the wrong check digit
CP2011_COOK = "5.2.2.1.0.1"


def make_employer(tenant: Tenant | None = None, *, name: str = "Trattoria Da Mario srl",
                  partita_iva: str = PIVA_ACME, **values):
    from jobs.services.employers import EmployerData, create_employer

    with _in(tenant):
        return create_employer(data=EmployerData(name=name, partita_iva=partita_iva, **values),
                               acting_user=_operator_of(tenant))


def vacancy_data(employer, **overrides):
    from jobs.services.vacancies import VacancyData

    values = dict(employer=employer, profession_code=CP2011_COOK, title="Cuoco capo partita",
                  comune_code="A944", positions=1, hours_per_week=40)
    values.update(overrides)
    return VacancyData(**values)


def make_vacancy(tenant: Tenant | None = None, *, employer=None, published: bool = False,
                 **overrides):
    from jobs.services.vacancies import create_vacancy, publish_vacancy

    with _in(tenant):
        employer = employer or make_employer()
        operator = _operator_of(tenant)
        if published:
            today = date.today()
            overrides.setdefault("publish_from", today)
            overrides.setdefault("publish_until", today + timedelta(days=30))
        vacancy = create_vacancy(data=vacancy_data(employer, **overrides), acting_user=operator)
        if published:
            vacancy = publish_vacancy(vacancy=vacancy, acting_user=operator)
        return vacancy


def make_need(tenant: Tenant | None = None, **overrides):
    from jobs.services.needs import record_need

    values = dict(company_name="Trattoria Da Mario srl", tax_code=PIVA_ACME,
                  contact_name="Mario Bianchi", email="mario@trattoria.example.it",
                  phone="051 123456", profession_text="Cuoco", positions=2,
                  comune_code="A944", description="Cucina tradizionale, turni serali.")
    values.update(overrides)
    with _in(tenant):
        return record_need(**values, acting_user=_operator_of(tenant))


def make_authorisation(tenant: Tenant | None = None, *, valid_from: date | None = None,
                       valid_until: date | None = None):
    from jobs.services.authorisation import AuthorisationData, record_authorisation

    valid_from = valid_from or date.today() - timedelta(days=365)
    with _in(tenant):
        return record_authorisation(
            data=AuthorisationData(albo_number="AG-0001", issued_on=valid_from,
                                   valid_from=valid_from, valid_until=valid_until),
            acting_user=make_user(tenant if tenant is not None else connection.tenant,
                                  Role.TENANT_ADMIN))


# --- Job desk: candidates, matching (i8-match) -------------------------------------------

def make_candidate(person: Person | None = None, *, operator: User | None = None,
                   comune: str = "A944", desired=(), experiences=(), education=(),
                   languages=(), licences=(), available_from: date | None = None,
                   is_searching: bool = True, **person_fields):
    """A CV in the current schema, through jobs.services.candidates: ``desired``
    and ``experiences`` CP2011 codes, ``education`` titoli_studio codes,
    ``languages`` (code, level) pairs (every skill at that level), ``licences``
    (kind, code) pairs."""
    from jobs.services import candidates as cv

    operator = operator or staff_here()
    person = person or make_person(None, operator=operator, **person_fields)
    candidate = cv.save_candidate(person=person, acting_user=operator, data=cv.CandidateData(
        comune_code=comune, available_from=available_from, is_searching=is_searching,
        mother_tongues=["003"]))
    for code in desired:
        cv.add_cv_part(candidate=candidate, acting_user=operator,
                       data=cv.DesiredProfessionData(profession_code=code))
    for code in experiences:
        cv.add_cv_part(candidate=candidate, acting_user=operator, data=cv.ExperienceData(
            profession_code=code, employer_name="Ristorante Da Mario",
            started_on=date(2019, 1, 1), ended_on=date(2022, 12, 31)))
    for code in education:
        cv.add_cv_part(candidate=candidate, acting_user=operator,
                       data=cv.EducationData(education_code=code, year=2010))
    for code, level in languages:
        cv.add_cv_part(candidate=candidate, acting_user=operator, data=cv.LanguageData(
            language_code=code, **{skill: level for skill in (
                "listening", "reading", "spoken_interaction", "spoken_production", "writing")}))
    for kind, code in licences:
        cv.add_cv_part(candidate=candidate, acting_user=operator,
                       data=cv.LicenceData(kind=kind, code=code))
    return candidate


# --- Rete delle reti and boards (i8-exchange) -------------------------------------------

def authorise_here(*, valid_until: date | None = None, valid_from: date | None = None):
    """The current counter's authorisation to intermediate, in force (or as dated)."""
    from jobs.services.authorisation import AuthorisationData, record_authorisation

    today = timezone.localdate()
    start = valid_from or today - timedelta(days=365)
    return record_authorisation(data=AuthorisationData(
        albo_number=f"ALBO-{next(_counter)}", issued_on=start, valid_from=start,
        valid_until=valid_until), acting_user=staff_here(Role.TENANT_ADMIN))


def fresh_partita_iva() -> str:
    """A valid partita IVA (stdnum's check digit) never handed out before in this run."""
    from stdnum import luhn

    body = f"{next(_counter) % 10_000_000:07d}012"  # a valid office code (012)
    return body + luhn.calc_check_digit(body)


def make_employer_here(name: str = "Trattoria da Gianni s.r.l.", *, partita_iva: str = "",
                       operator: User | None = None, **values):
    """An employer of the current schema, through jobs.services.employers (a fresh
    partita IVA unless one is given)."""
    from jobs.services.employers import EmployerData, create_employer

    values.setdefault("comune_code", "A944")
    return create_employer(data=EmployerData(
        name=name, partita_iva=partita_iva or fresh_partita_iva(), **values),
        acting_user=operator or staff_here())


def make_vacancy_here(*, visibility: str = "sportello", publish: bool = True,
                      title: str = "Cuoco capopartita", description: str = "Turni serali.",
                      profession_code: str = "5.2.2.1.0.1", profession: str = "",
                      comune: str = "A944", education: str = "", employer=None,
                      operator: User | None = None, languages=(), licences=(), **values):
    """A vacancy of the current counter through jobs.services.vacancies, published
    unless told, seen by the counter only unless told (one for the rete delle
    reti needs the authorisation: see ``authorise_here``)."""
    from jobs.services.vacancies import VacancyData, create_vacancy, publish_vacancy

    operator = operator or staff_here()
    employer = employer or make_employer_here(operator=operator)
    today = timezone.localdate()
    values.setdefault("publish_from", today)
    values.setdefault("publish_until", today + timedelta(days=30))
    values.setdefault("contract_type_code", "A01")
    vacancy = create_vacancy(data=VacancyData(
        employer=employer, profession_code=profession or profession_code, title=title,
        comune_code=comune, education_code=education, description=description,
        visibility=visibility, languages=tuple(languages), licences=tuple(licences),
        **values), acting_user=operator)
    if publish:
        vacancy = publish_vacancy(vacancy=vacancy, acting_user=operator)
    return vacancy


def profile_entry_data(**overrides):
    from exchange.services import LanguageSkill, ProfileEntryData

    values = dict(source_id=next(_counter), age_band="30-34", province="BO",
                  education_level="40", education_label="Diploma di istruzione secondaria",
                  profession_codes=("5.2.2.1.0.1",), profession_labels=("Cuoco",),
                  languages=(LanguageSkill(language="02", level="B2", label="Inglese"),),
                  licences=("B",), digital_skills=("Comunicazione: intermedio",),
                  availability="Disponibilità immediata")
    values.update(overrides)
    return ProfileEntryData(**values)


def publish_profile_entry(tenant: Tenant | None = None, **overrides):
    """An anonymous profile in the exchange, published by ``tenant`` (the current one)."""
    from exchange import services as exchange_services

    with _in(tenant):
        return exchange_services.publish_profile(data=profile_entry_data(**overrides),
                                                 acting_user=staff_here())


# --- National integrations: Cliclavoro payloads (i9-payloads) -------------------------

# Valid codici fiscali (python-codicefiscale encodes them from these data).
NICCOLO_DANNUNZIO = "DNNNCL63C12G482W"  # Niccolò D'Annunzio, M, 12/03/1963, Pescara (G482)
LONG_SURNAME = "Della Valle Scaramuzza Bartolomei De Santis Di Montegiorgio"  # 59 characters
MARIA_FRANCESCA_LONG = "DLLMFR75P45A944K"  # Maria Francesca <LONG_SURNAME>, F, 05/09/1975, Bologna
DIPLOMA = "40000000"  # titoli_studio: diploma that gives access to university (Cliclavoro 40)


def give_transmission_consent(person: Person, *, given: bool = True,
                              operator: User | None = None) -> ConsentRecord:
    """The person's consent to the transmission to the national systems
    (Cliclavoro), or its withdrawal, in the current schema."""
    return people_services.record_consent(
        person=person, purpose=ConsentPurpose.NATIONAL_SYSTEMS, given=given,
        method=ConsentRecord.Method.PAPER, acting_user=operator or staff_here())


def make_conferrable_candidate(person: Person | None = None, *, consent: bool = True,
                               **overrides):
    """A CV Cliclavoro accepts, in the current schema: Mario Rossi (unless
    ``person``), domiciled in Bologna, who wants to be a cook and was one,
    with a diploma, English B2 and licence B, and (unless ``consent=False``)
    his consent to the transmission to the national systems."""
    operator = staff_here()
    person = person or make_person(None, person_data(), operator=operator)
    values = dict(desired=(CP2011_COOK,), experiences=(CP2011_COOK,), education=(DIPLOMA,),
                  languages=(("001", "B2"),), licences=(("patente", "02"),))
    values.update(overrides)
    candidate = make_candidate(person, operator=operator, **values)
    if consent:
        give_transmission_consent(person, operator=operator)
    return candidate
