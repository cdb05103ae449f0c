"""A few hundred invented citizens for each demo tenant, with a year of history,
so every screen of ``make run`` has something to show.

Deterministic: the same tenant gets the same people (``random.Random`` seeded
with the tenant's slug; dates count back from today). Idempotent: a tenant
whose audit record says its demo people were loaded is left alone.

How it writes, so the data are what the product itself would have written:

* people, consents, intake contacts and assessments go through their services
  (people.services, assessments.services: codice fiscale checks, duplicate
  prevention, consent rules, scoring, the second interview booked by the
  trigger, audit), each run "at" its moment in the past by ``SimulatedClock``;
* appointments, consultations, pathways and messages, the bulk of the rows,
  are written with ``bulk_create`` (one service call per row would make the
  first ``make run`` too slow), each row built by the service's own builder
  (people.services.build_contact and build_consent, desks.services
  build_appointment, build_appointment_event and build_message,
  casework.services build_consultation, build_pathway and
  build_pathway_event, audit.services.build_event), then dated in the past:
  state-machine events checked against casework.pathways, the same audit
  events. tests/config checks that bulk and services give the same rows.
"""

from __future__ import annotations

import contextlib
import random
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from accounts.models import Role, User
from assessments import services as assessment_services
from assessments.models import Instrument
from audit import services as audit
from audit.models import AuditEvent
from casework import pathways as machine
from casework import services as casework_services
from casework.models import Consultation, Pathway, PathwayEvent, PathwayKind, Stage
from catalog import selectors as catalog
from catalog.models import BeneficiaryType, Lender
from config import demo_names as names
from desks import services as desk_services
from desks.closures import national_holidays
from desks.errors import DeskError
from desks.models import (
    Appointment,
    AppointmentEvent,
    MessageTemplate,
    OpeningHours,
    OutgoingMessage,
    Service,
)
from people import codice_fiscale as cf
from people import selectors as people_selectors
from people import services as people_services
from people.models import (
    ConsentPurpose,
    ConsentRecord,
    Contact,
    EducationLevel,
    EmploymentStatus,
    Person,
    PrivacyNotice,
    Vulnerability,
)
from people.search import normalize
from people.seed import NOTICE_TEXT

SEED = "rete-sportelli-demo"
DEMO_PEOPLE_SEEDED = "demo.people_seeded"
CASEWORK_ROLES = (Role.OPERATOR, Role.COORDINATOR)

S = Stage
A = Appointment
CHANNEL = Contact.Channel


# --- The territory of each demo tenant ----------------------------------------

@dataclass(frozen=True)
class Area:
    key: str  # names.PLACES / names.STREETS key
    comune: str
    caps: tuple[int, int]
    landline: str
    surnames: tuple[str, ...]  # names.SURNAMES keys, the first the most common
    origins: tuple[str, ...]  # names.ORIGINS keys
    foreign_share: float
    people: int
    # Journey kind -> weight: "info", "job", "micro", "fragility", "micro_job".
    journeys: dict[str, int]
    students: bool = False


AREAS = {
    "bologna": Area("bologna", "Bologna", (40121, 40141), "051", ("nord", "sud", "campania"),
                    ("romania", "albania", "marocco", "pakistan", "bangladesh", "cina", "ucraina",
                     "filippine", "tunisia", "nigeria"), 0.26, 340,
                    {"info": 14, "job": 24, "micro": 18, "fragility": 34, "micro_job": 10}),
    "cpi-napoli": Area("napoli", "Napoli", (80121, 80147), "081", ("campania", "sud"),
                       ("ucraina", "sri_lanka", "romania", "marocco", "cina", "bangladesh",
                        "senegal", "nigeria"), 0.14, 300,
                       {"info": 20, "job": 58, "micro": 8, "fragility": 8, "micro_job": 6}),
    "cciaa-roma": Area("roma", "Roma", (118, 199), "06", ("lazio", "sud", "campania"),
                       ("romania", "filippine", "bangladesh", "peru", "ecuador", "egitto", "cina",
                        "albania", "ucraina"), 0.2, 270,
                       {"info": 22, "job": 6, "micro": 62, "fragility": 4, "micro_job": 6}),
    "unipa": Area("palermo", "Palermo", (90121, 90151), "091", ("sicilia", "sud"),
                  ("tunisia", "bangladesh", "sri_lanka", "marocco", "ghana", "romania", "gambia",
                   "senegal", "nigeria"), 0.12, 280,
                  {"info": 20, "job": 36, "micro": 28, "fragility": 4, "micro_job": 12},
                  students=True),
}
AREA_BY_REGION = {"EMR": "bologna", "CAM": "cpi-napoli", "LAZ": "cciaa-roma", "SIC": "unipa"}


def area_for(tenant) -> Area:
    return AREAS.get(tenant.slug) or AREAS[AREA_BY_REGION.get(tenant.region, "bologna")]


# --- Running services in the past -------------------------------------------------

class SimulatedClock:
    """While installed, ``django.utils.timezone.now()`` answers the time set
    with ``at()`` in this thread (the real time elsewhere and outside ``at``),
    so a service called inside ``at(when)`` writes its rows, auto timestamps and
    audit events as it would have at ``when``."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._real = None

    def __enter__(self) -> SimulatedClock:
        self._real = real = timezone.now
        local = self._local

        def now() -> datetime:
            at = getattr(local, "at", None)
            return at if at is not None else real()

        timezone.now = now
        return self

    def __exit__(self, *exc) -> None:
        timezone.now = self._real

    @contextlib.contextmanager
    def at(self, when: datetime) -> Iterator[None]:
        self._local.at = when
        try:
            yield
        finally:
            self._local.at = None


@contextlib.contextmanager
def given_timestamps(*models: type[Model]) -> Iterator[None]:
    """``bulk_create`` keeps the timestamps set on the objects instead of
    stamping auto_now(_add) fields with the present."""
    saved = [(f, f.auto_now, f.auto_now_add) for model in models
             for f in model._meta.concrete_fields if getattr(f, "auto_now_add", None) is not None]
    for f, _, _ in saved:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


# --- The plan: what happened to whom, and when -------------------------------------

@dataclass
class AppointmentPlan:
    operator: User | None
    starts_at: datetime
    minutes: int
    kind: str
    status: str
    booked_at: datetime
    booked_by: User | None
    closed_at: datetime | None = None  # when it was marked done, missed or cancelled
    note: str = ""  # of the closing transition
    notes: str = ""
    service_code: str = ""
    # Public bookings (no person, no operator yet).
    requester: tuple[str, str, str, str] | None = None  # name, e-mail, phone, reason
    person: PersonPlan | None = None


@dataclass
class ConsultationPlan:
    operator: User
    at: datetime
    minutes: int
    mode: str
    topics: list[str]
    service_codes: list[str]
    notes: str = ""
    next_steps: str = ""


@dataclass
class StepPlan:
    at: datetime
    to_stage: str
    actor: User
    data: dict = field(default_factory=dict)  # the typed values advance_pathway takes


@dataclass
class PathwayPlan:
    kind: str
    opened_at: datetime
    opened_by: User
    beneficiary_type: str = BeneficiaryType.ORDINARY
    note: str = ""
    steps: list[StepPlan] = field(default_factory=list)

    @property
    def last_at(self) -> datetime:
        return self.steps[-1].at if self.steps else self.opened_at


@dataclass
class AssessmentPlan:
    at: datetime
    operator: User
    score: int


@dataclass
class MessagePlan:
    at: datetime
    sender: User
    template_code: str
    extra: dict = field(default_factory=dict)


@dataclass
class PersonPlan:
    data: people_services.PersonData
    registered_at: datetime
    operator: User
    consents: list[tuple[datetime, str, bool, str]] = field(default_factory=list)
    contacts: list[tuple[datetime, str, str, str, str]] = field(default_factory=list)
    appointments: list[AppointmentPlan] = field(default_factory=list)
    consultations: list[ConsultationPlan] = field(default_factory=list)
    assessment: AssessmentPlan | None = None
    pathways: list[PathwayPlan] = field(default_factory=list)
    messages: list[MessagePlan] = field(default_factory=list)
    person: Person | None = None  # once registered


# --- Time on the desk's calendar -----------------------------------------------------

def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


class Calendar:
    """The desk's opening hours cut in slots, and which each operator holds."""

    def __init__(self, hours: list[OpeningHours]):
        self.windows: dict[int, list[tuple[time, time, int]]] = defaultdict(list)
        for row in hours:
            self.windows[row.weekday].append((row.opens_at, row.closes_at, row.slot_minutes))
        if not self.windows:
            self.windows.update({d: [(time(9), time(13), 30)] for d in range(5)})
        self.taken: dict[object, set[datetime]] = defaultdict(set)
        self._holidays: dict[int, set[date]] = {}

    def is_working_day(self, day: date) -> bool:
        if day.year not in self._holidays:
            self._holidays[day.year] = national_holidays(day.year)
        return day.weekday() in self.windows and day not in self._holidays[day.year]

    def working_day_from(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def _slots(self, day: date) -> list[tuple[datetime, int]]:
        slots = []
        for opens_at, closes_at, step in sorted(self.windows[day.weekday()]):
            start, end = _aware(day, opens_at), _aware(day, closes_at)
            while start + timedelta(minutes=step) <= end:
                slots.append((start, step))
                start += timedelta(minutes=step)
        return slots

    def book(self, holder, wanted: datetime, minutes: int) -> datetime:
        """The first slot from ``wanted`` on, free for ``holder`` for ``minutes``."""
        day = timezone.localdate(wanted)
        for offset in range(120):
            current = day + timedelta(days=offset)
            if not self.is_working_day(current):
                continue
            slots = self._slots(current)
            starts = [start for start, _ in slots]
            for index, (start, step) in enumerate(slots):
                if start < wanted:
                    continue
                needed = [start + timedelta(minutes=step * k)
                          for k in range(max(1, -(-minutes // step)))]
                if all(t in starts[index:] and t not in self.taken[holder] for t in needed):
                    self.taken[holder].update(needed)
                    return start
        raise RuntimeError("no free slot in the demo calendar")  # 120 days: never for the demo


# --- Planning ------------------------------------------------------------------------

MICRO_GAPS = {  # days from the previous stage
    S.INFORMATION: (2, 10), S.ORIENTATION: (6, 20), S.BUSINESS_IDEA: (8, 25),
    S.BUSINESS_PLAN: (14, 40), S.SENT_TO_LENDER: (7, 20), S.LENDER_ASSESSMENT: (2, 8),
    S.APPROVED: (15, 40), S.REFUSED: (15, 40), S.DISBURSED: (7, 25), S.TUTORING: (5, 15),
    S.REPAYING: (20, 45), S.CLOSED: (5, 30), S.WITHDRAWN: (5, 30),
}
MICRO_LINE = [S.INFORMATION, S.ORIENTATION, S.BUSINESS_IDEA, S.BUSINESS_PLAN, S.SENT_TO_LENDER,
              S.LENDER_ASSESSMENT, S.APPROVED, S.DISBURSED, S.TUTORING, S.REPAYING, S.CLOSED]
# Where a microcredit pathway is headed (it stops earlier if the year is too short).
MICRO_TARGETS = [(S.FIRST_CONTACT, 5), (S.INFORMATION, 9), (S.ORIENTATION, 9),
                 (S.BUSINESS_IDEA, 8), (S.BUSINESS_PLAN, 9), (S.SENT_TO_LENDER, 5),
                 (S.LENDER_ASSESSMENT, 6), (S.APPROVED, 3), (S.DISBURSED, 6), (S.TUTORING, 10),
                 (S.REPAYING, 9), (S.CLOSED, 2), (S.REFUSED, 7), (S.WITHDRAWN, 12)]
MICRO_AT_DESK = {  # stage -> (services, topics)
    S.INFORMATION: (["micro-informazione"], ["microcredito", "Fondo di garanzia PMI"]),
    S.ORIENTATION: (["micro-orientamento-idea"], ["autoimpiego", "Resto al Sud 2.0",
                                                  "ON - Oltre Nuove imprese a tasso zero"]),
    S.BUSINESS_IDEA: (["micro-orientamento-idea"], ["idea d'impresa", "analisi di mercato"]),
    S.BUSINESS_PLAN: (["micro-business-plan"], ["business plan", "piano degli investimenti"]),
    S.SENT_TO_LENDER: (["micro-invio-finanziatore"], ["domanda di finanziamento"]),
}
AUXILIARY_SERVICE_CODES = {
    machine.AuxiliaryService.STRATEGY: "micro-tutoraggio-strategia",
    machine.AuxiliaryService.MANAGEMENT: "micro-tutoraggio-formazione",
    machine.AuxiliaryService.MARKETING: "micro-tutoraggio-marketing",
    machine.AuxiliaryService.LEGAL_TAX: "micro-tutoraggio-amministrativo",
}
AUXILIARY_TOPICS = {
    machine.AuxiliaryService.STRATEGY: "strategia di sviluppo",
    machine.AuxiliaryService.MANAGEMENT: "gestione d'impresa",
    machine.AuxiliaryService.MARKETING: "marketing",
    machine.AuxiliaryService.LEGAL_TAX: "adempimenti fiscali",
}
JOB_AT_DESK = {
    S.ORIENTATION: (["lavoro-invio-servizi-impiego", "lavoro-incentivi-assunzioni"],
                    ["bilancio di competenze", "DID e patto di servizio"]),
    S.CV: (["lavoro-cv-europass"], ["CV Europass", "lettera di presentazione"]),
    S.ACTIVE_SEARCH: (["lavoro-siti-incontro", "lavoro-fabbisogni-vacancy"],
                      ["ricerca attiva", "colloquio di lavoro", "offerte in bacheca"]),
    S.REFERRAL: (["lavoro-fabbisogni-vacancy"], ["candidatura", "preparazione al colloquio"]),
}
NOTES = {
    S.INFORMATION: ("Spiegati requisiti e limiti del microcredito e la garanzia del Fondo PMI.",
                    "Pensare all'idea e tornare con una prima descrizione."),
    S.ORIENTATION: ("Valutate le alternative: microcredito, Resto al Sud, ON - tasso zero.",
                    "Scrivere una descrizione dell'idea e dei costi di avvio."),
    S.BUSINESS_IDEA: ("Idea discussa: clienti, concorrenza, localizzazione.",
                      "Raccogliere preventivi per gli investimenti."),
    S.BUSINESS_PLAN: ("Impostato il business plan: investimenti, ricavi attesi, piano di "
                      "rimborso.", "Completare il conto economico previsionale."),
    S.SENT_TO_LENDER: ("Domanda preparata con la persona e inviata al finanziatore.",
                       "Attendere l'esito dell'istruttoria."),
    S.TUTORING: ("Incontro di tutoraggio sull'avvio dell'attività.",
                 "Prossimo incontro tra un mese."),
    S.CV: ("Redatto il CV in formato Europass.", "Inviare il CV alle offerte indicate."),
    S.ACTIVE_SEARCH: ("Individuate offerte adatte e siti di ricerca.",
                      "Candidarsi ad almeno tre offerte entro la settimana."),
    S.REFERRAL: ("Preparato il colloquio con l'azienda.", "Riferire l'esito del colloquio."),
}
REFUSAL_REASONS = ["Merito creditizio insufficiente secondo il finanziatore.",
                   "Piano di rimborso non sostenibile.",
                   "Garanzie e documentazione incomplete."]
WITHDRAWAL_REASONS = ["La persona ha trovato un lavoro dipendente.",
                      "La persona ha rinunciato per motivi familiari.",
                      "Idea d'impresa rinviata.", ""]
JOB_TARGETS = [(S.ORIENTATION, 14), (S.CV, 14), (S.ACTIVE_SEARCH, 20), (S.REFERRAL, 14),
               (S.PLACED, 24), (S.CLOSED, 14)]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


class Planner:
    """Builds the plans of one tenant's people. Pure Python: nothing is written."""

    def __init__(self, *, tenant, area: Area, now: datetime, caseworkers: list[User],
                 calendar: Calendar, lenders: list[Lender], taken_codes: set[str]):
        self.rng = random.Random(f"{SEED}:{tenant.slug}")
        self.area, self.now, self.calendar = area, now, calendar
        self.latest = now - timedelta(hours=2)  # everything "past" ends before this
        self.start = now - timedelta(days=365)
        self.caseworkers, self.lenders = caseworkers, lenders
        self.taken_codes = set(taken_codes)
        self.public_appointments: list[AppointmentPlan] = []

    # Who ------------------------------------------------------------------------------

    def people(self, count: int) -> list[PersonPlan]:
        plans = [self.person() for _ in range(count - 1)]
        # A namesake born the same day in the same comune: the Agenzia delle
        # entrate gave the second one an omocodia code.
        plans.append(self.person(namesake=self.rng.choice(plans).data) if plans else self.person())
        self.public_appointments = self._online_bookings()
        return plans

    def _codice_fiscale(self, last: str, first: str, birth: date, sex: str, place: str) -> str:
        code = cf.encode(last_name=last, first_name=first, sex=sex, birth_date=birth,
                         place_code=place, taken=self.taken_codes)
        self.taken_codes.add(code)
        return code

    def _birth_date(self, *, young: bool) -> date:
        rng, today = self.rng, self.now.date()
        if young:
            age = rng.randint(19, 29)
        else:
            age = int(min(66, max(18, rng.gauss(38, 11))))
        return today - timedelta(days=age * 365 + rng.randint(0, 364))

    def _origin(self):
        """(first names by sex, surname, birth place, citizenship) of a new person."""
        rng, area = self.rng, self.area
        if rng.random() < area.foreign_share:
            origin = names.ORIGINS[rng.choice(area.origins)]
            citizenship = "000" if rng.random() < 0.18 else origin.citizenship
            return (origin.male, origin.female, rng.choice(origin.surnames),
                    (origin.belfiore, origin.state), citizenship)
        group = _weighted(rng, [(key, weight) for key, weight in zip(
            area.surnames, (70, 20, 10)[:len(area.surnames)], strict=True)])
        place_area = area.key if rng.random() < 0.72 else rng.choice(
            [key for key in names.PLACES if key != area.key])
        citizenship = "000" if rng.random() < 0.97 else names.ORIGINS[
            rng.choice(area.origins)].citizenship  # born here, another citizenship
        return (names.ITALIAN_MALE, names.ITALIAN_FEMALE, rng.choice(names.SURNAMES[group]),
                rng.choice(names.PLACES[place_area]), citizenship)

    def person(self, namesake: people_services.PersonData | None = None) -> PersonPlan:
        rng, area = self.rng, self.area
        journey = _weighted(rng, area.journeys.items())
        young = area.students and (journey in ("job", "micro", "info") and rng.random() < 0.7)
        sex = "F" if rng.random() < 0.52 else "M"
        male, female, last, (place_code, place_name), citizenship = self._origin()
        first = rng.choice(female if sex == "F" else male)
        birth = self._birth_date(young=young)
        if namesake is not None:
            sex, first, last, birth = (namesake.sex, namesake.first_name, namesake.last_name,
                                       namesake.birth_date)
            place_code, place_name = namesake.birth_place_code, ""
            citizenship = namesake.citizenship_code
        age = (self.now.date() - birth).days // 365
        code = self._codice_fiscale(last, first, birth, sex, place_code)
        residence_comune, domicile = area.comune, ("", "", "")
        street = f"{rng.choice(names.STREETS[area.key])} {rng.randint(1, 180)}"
        cap = f"{rng.randint(*area.caps):05d}"
        if young and place_code[0] != "Z" and place_name != area.comune and rng.random() < 0.6:
            # A student from elsewhere: resident at home, living near the university.
            domicile = (street, area.comune, cap)
            residence_comune, street = place_name, f"Via Roma {rng.randint(1, 90)}"
            cap = ""
        plain = normalize(f"{first} {last}").replace(" ", ".")
        email = (f"{plain}{rng.randint(1, 99) if rng.random() < 0.6 else ''}"
                 f"@{rng.choice(names.MAIL_DOMAINS)}") if rng.random() < 0.78 else ""
        if rng.random() < 0.92:
            digits = f"{rng.randint(0, 9_999_999):07d}"
            phone = (f"+39 {rng.choice(names.MOBILE_PREFIXES)} {digits[:3]} {digits[3:]}"
                     if rng.random() < 0.85 else f"{area.landline} {digits}")
        else:
            phone = ""
        data = people_services.PersonData(
            first_name=first, last_name=last, sex=sex, birth_date=birth,
            birth_place_code=place_code, codice_fiscale=code, citizenship_code=citizenship,
            residence_address=street, residence_comune=residence_comune, residence_cap=cap,
            domicile_address=domicile[0], domicile_comune=domicile[1], domicile_cap=domicile[2],
            phone=phone, email=email, education_level=self._education(age, young, place_code),
            employment_status=self._employment(journey, age, young),
            vulnerabilities=self._vulnerabilities(journey, age, sex, place_code))
        operator = _weighted(rng, zip(self.caseworkers, (50, 35, 15, 10)[:len(
            self.caseworkers)], strict=False))
        # Older first contacts are rarer: the desk grew over the year.
        days_ago = max(1, int(365 * rng.random() ** 1.25))
        first_seen = self._office_time(self.now.date() - timedelta(days=days_ago))
        while first_seen > self.latest:
            days_ago += 1
            first_seen = self._office_time(self.now.date() - timedelta(days=days_ago))
        plan = PersonPlan(data=data, registered_at=first_seen, operator=operator)
        getattr(self, f"_journey_{journey}")(plan, first_seen)
        self._future(plan)
        return plan

    def _education(self, age: int, young: bool, place_code: str) -> str:
        E = EducationLevel
        if young:
            return _weighted(self.rng, [(E.UPPER_SECONDARY, 50), (E.BACHELOR, 30),
                                        (E.MASTER, 18), (E.VOCATIONAL, 2)])
        pairs = [(E.PRIMARY, 4), (E.LOWER_SECONDARY, 26), (E.VOCATIONAL, 14),
                 (E.UPPER_SECONDARY, 34), (E.BACHELOR, 9), (E.MASTER, 10), (E.DOCTORATE, 1),
                 (E.NONE, 2 if place_code.startswith("Z") else 0)]
        return _weighted(self.rng, pairs) if self.rng.random() < 0.9 else ""

    def _employment(self, journey: str, age: int, young: bool) -> str:
        E = EmploymentStatus
        if journey == "fragility":
            pairs = [(E.UNEMPLOYED, 35), (E.UNEMPLOYED_DID, 35), (E.INACTIVE, 30)]
        elif journey in ("job", "info"):
            pairs = [(E.UNEMPLOYED_DID, 42), (E.UNEMPLOYED, 18), (E.EMPLOYED, 12),
                     (E.INACTIVE, 8), (E.NEET, 14 if age <= 29 else 0),
                     (E.STUDENT, 30 if young else 0)]
        else:
            pairs = [(E.UNEMPLOYED_DID, 28), (E.UNEMPLOYED, 18), (E.EMPLOYED, 34),
                     (E.INACTIVE, 8), (E.STUDENT, 25 if young else 0)]
        return _weighted(self.rng, pairs)

    def _vulnerabilities(self, journey: str, age: int, sex: str, place_code: str) -> list[str]:
        V, rng = Vulnerability, self.rng
        possible = [V.LONG_TERM_UNEMPLOYED, V.HOUSING, V.DEBT, V.DISABILITY]
        if sex == "F":
            possible.append(V.SINGLE_PARENT)
        if place_code.startswith("Z"):
            possible.append(V.MIGRANT)
        if age > 50:
            possible.append(V.OVER_50)
        if journey == "fragility":
            chosen = {V.SOCIAL_SERVICES} if rng.random() < 0.7 else set()
            chosen.update(rng.sample(possible, k=min(len(possible), rng.randint(1, 2))))
            return sorted(chosen)
        return [rng.choice(possible)] if rng.random() < 0.12 else []

    # When -------------------------------------------------------------------------------

    def _office_time(self, day: date, *, from_hour: int = 9, to_hour: int = 17) -> datetime:
        day = self.calendar.working_day_from(day)
        minutes = self.rng.randrange(from_hour * 60, to_hour * 60, 5)
        return _aware(day, time(minutes // 60, minutes % 60))

    def _after(self, at: datetime, days: tuple[int, int]) -> datetime:
        day = timezone.localdate(at) + timedelta(days=self.rng.randint(*days))
        return self._office_time(day)

    # What happened ----------------------------------------------------------------------

    def _first_contact(self, plan: PersonPlan, at: datetime, *, channel: str, reason: str,
                       info: str, consent: bool = True) -> None:
        rng = self.rng
        referred = rng.choice(names.REFERRERS[channel]) if channel in names.REFERRERS else ""
        plan.contacts.append((at + timedelta(minutes=2), channel, reason, info, referred))
        if consent:
            method = _weighted(rng, [(ConsentRecord.Method.PAPER, 55),
                                     (ConsentRecord.Method.DIGITAL, 30),
                                     (ConsentRecord.Method.ORAL, 15)])
            when = at + timedelta(minutes=rng.randint(4, 9))
            plan.consents.append((when, ConsentPurpose.SERVICE, True, method))
            if rng.random() < 0.3:
                plan.consents.append((when, ConsentPurpose.NEWSLETTER, True, method))
                withdrawn = self._after(when, (20, 120))
                if rng.random() < 0.2 and withdrawn < self.latest:
                    plan.consents.append((withdrawn, ConsentPurpose.NEWSLETTER, False,
                                          ConsentRecord.Method.DIGITAL))

    def _job_consents(self, plan: PersonPlan, at: datetime) -> None:
        method = ConsentRecord.Method.PAPER
        if self.rng.random() < 0.6:
            plan.consents.append((at, ConsentPurpose.NATIONAL_SYSTEMS, True, method))
        if self.rng.random() < 0.4:
            plan.consents.append((at, ConsentPurpose.JOB_EXCHANGE, True, method))

    def _follow_up_contacts(self, plan: PersonPlan, last: datetime) -> None:
        first = plan.registered_at
        for _ in range(self.rng.choice((0, 0, 1, 1, 2))):
            span = max(1, (last - first).days)
            at = self._office_time(timezone.localdate(first) + timedelta(
                days=self.rng.randint(1, span + 1)))
            if at < self.latest:
                channel = self.rng.choice((CHANNEL.PHONE, CHANNEL.PHONE, CHANNEL.EMAIL))
                plan.contacts.append((at, channel, self.rng.choice((
                    "Chiede a che punto è il suo percorso.",
                    "Chiede di spostare l'appuntamento.",
                    "Invia documenti richiesti dallo sportello.",
                    "Chiede informazioni su un bando appena uscito.")), "", ""))

    def meeting(self, plan: PersonPlan, wanted: datetime, *, operator: User, kind: str,
                services: list[str], topics: list[str], notes: str = "", next_steps: str = "",
                minutes: int | None = None, walk_in: bool = False,
                mode: str = "") -> datetime | None:
        """A consultation at the desk, by appointment unless ``walk_in``; the end
        of it, or None if it would not be over yet."""
        rng = self.rng
        minutes = minutes or rng.choice((30, 30, 45, 60))
        if walk_in:
            start = wanted
        else:
            not_before = plan.registered_at + timedelta(minutes=12)
            for _ in range(3):  # missed or cancelled appointments are booked again
                slot = 30 if minutes <= 30 else 60
                start = self.calendar.book(operator.pk, wanted, slot)
                booked_at = min(max(not_before, start - timedelta(
                    days=rng.randint(2, 14), hours=rng.randint(0, 5))),
                    start - timedelta(hours=1), self.latest)
                appointment = AppointmentPlan(
                    operator=operator, starts_at=start, minutes=slot, kind=kind,
                    status=A.Status.BOOKED, booked_at=booked_at, booked_by=operator,
                    service_code=services[0] if services else "", person=plan)
                if start + timedelta(minutes=minutes) > self.latest:
                    if self.now < start < self.now + timedelta(days=30):
                        plan.appointments.append(appointment)  # still to come
                    return None
                plan.appointments.append(appointment)
                appointment.status = A.Status.DONE
                roll = rng.random()
                if roll < 0.08:
                    appointment.status = A.Status.NO_SHOW
                    appointment.closed_at = start + timedelta(minutes=rng.randint(20, 40))
                    not_before = appointment.closed_at
                    wanted = self._after(start, (3, 10))
                elif roll < 0.12:
                    appointment.status = A.Status.CANCELLED
                    appointment.closed_at = max(booked_at + timedelta(minutes=5),
                                                start - timedelta(days=rng.randint(1, 2)))
                    appointment.note = "La persona ha avvisato che non può venire."
                    not_before = appointment.closed_at
                    wanted = self._after(start, (2, 8))
                else:
                    appointment.closed_at = start + timedelta(minutes=minutes + rng.randint(0, 15))
                    break
            else:
                return None
        if start + timedelta(minutes=minutes) > self.latest:
            return None
        mode = mode or ("presenza" if walk_in or rng.random() < 0.85 else "video")
        plan.consultations.append(ConsultationPlan(
            operator=operator, at=start, minutes=minutes, mode=mode, topics=topics,
            service_codes=services, notes=notes, next_steps=next_steps))
        return start + timedelta(minutes=minutes)

    def _journey_info(self, plan: PersonPlan, at: datetime) -> None:
        rng = self.rng
        channel = _weighted(rng, [(CHANNEL.WALK_IN, 30), (CHANNEL.PHONE, 30), (CHANNEL.EMAIL, 15),
                                  (CHANNEL.ONLINE_BOOKING, 10), (CHANNEL.YOUTH, 8),
                                  (CHANNEL.SUAP, 7)])
        reason = rng.choice(("Informazioni sui servizi dello sportello.",
                             "Informazioni su incentivi per chi assume.",
                             "Informazioni su tirocini e Garanzia Giovani.",
                             "Chiede come avviare un'attività in proprio.",
                             "Informazioni sui corsi di formazione gratuiti."))
        consent = rng.random() < 0.55
        self._first_contact(plan, at, channel=channel, reason=reason, consent=consent,
                            info="Consegnata la Carta dei servizi e spiegato come prenotare.")
        if consent and rng.random() < 0.5:
            self.meeting(plan, at + timedelta(minutes=10), operator=plan.operator,
                         kind=A.Kind.FIRST_INTERVIEW, walk_in=True, minutes=20,
                         mode="telefono" if channel == CHANNEL.PHONE else "presenza",
                         services=[rng.choice(("micro-informazione", "lavoro-incentivi-assunzioni",
                                               "lavoro-borse-tirocini", "lavoro-formazione"))],
                         topics=["prime informazioni"], notes="Prime informazioni fornite.")

    def _journey_job(self, plan: PersonPlan, at: datetime, *, open_at: datetime | None = None,
                     contact: bool = True) -> None:
        rng = self.rng
        profession = rng.choice(names.PROFESSIONS)
        if contact:
            channel = _weighted(rng, [(CHANNEL.WALK_IN, 30), (CHANNEL.ONLINE_BOOKING, 20),
                                      (CHANNEL.PHONE, 18), (CHANNEL.YOUTH, 14), (CHANNEL.EMAIL, 8),
                                      (CHANNEL.THIRD_SECTOR, 10)])
            self._first_contact(plan, at, channel=channel,
                                reason=f"Cerca lavoro come {profession}.",
                                info="Spiegati i servizi per il lavoro, la DID e il patto di "
                                     "servizio.")
            self._job_consents(plan, at + timedelta(minutes=8))
        operator = plan.operator
        services, topics = JOB_AT_DESK[S.ORIENTATION]
        end = self.meeting(plan, open_at or self._after(at, (1, 10)), operator=operator,
                           kind=A.Kind.FIRST_INTERVIEW, services=services, topics=topics,
                           notes=f"Profilo: {profession}. Esperienze e disponibilità raccolte.",
                           next_steps="Preparare il CV.")
        if end is None:
            return
        pathway = PathwayPlan(kind=PathwayKind.JOB, opened_at=end, opened_by=operator,
                              note=f"Obiettivo: lavoro come {profession}.")
        plan.pathways.append(pathway)
        target = _weighted(rng, JOB_TARGETS)
        line = [S.CV, S.ACTIVE_SEARCH, S.REFERRAL, S.PLACED]
        goal = (line.index(target) + 1 if target in line
                else 0 if target == S.ORIENTATION else rng.randint(0, 3))
        when = end
        for stage in line[:goal]:
            if stage == S.PLACED and rng.random() < 0.35:  # a referral that led nowhere first
                when = self._after(when, (7, 20))
                if when > self.latest:
                    return
                pathway.steps.append(StepPlan(when, S.ACTIVE_SEARCH, operator, {
                    "note": "Il colloquio non è andato a buon fine."}))
                when = self._after(when, (10, 30))
                if when > self.latest:
                    return
                pathway.steps.append(StepPlan(when, S.REFERRAL, operator,
                                              self._referral_data()))
            when = self._after(when, (7, 30))
            if stage in JOB_AT_DESK:
                services, topics = JOB_AT_DESK[stage]
                notes, next_steps = NOTES.get(stage, ("", ""))
                when = self.meeting(plan, when, operator=operator, kind=A.Kind.CONSULTATION,
                                    services=services, topics=topics, notes=notes,
                                    next_steps=next_steps)
            if when is None or when > self.latest:
                return
            data = {}
            if stage == S.REFERRAL:
                data = self._referral_data()
            elif stage == S.PLACED:
                data = {"contract_type": _weighted(rng, [
                    ("determinato", 40), ("indeterminato", 15), ("apprendistato", 12),
                    ("tirocinio", 15), ("somministrazione", 12), ("autonomo", 6)]),
                    "placed_on": timezone.localdate(when) - timedelta(days=rng.randint(0, 5))}
            pathway.steps.append(StepPlan(when + timedelta(minutes=3), stage, operator, data))
            when = pathway.steps[-1].at
        if target == S.CLOSED:
            when = self._after(when, (15, 60))
            if when < self.latest:
                pathway.steps.append(StepPlan(when, S.CLOSED, operator, {"note": rng.choice((
                    "La persona non si è più presentata.", "Trasferita in un altro comune.",
                    "Ha trovato lavoro da sola."))}))
        self._follow_up_contacts(plan, pathway.last_at)

    def _referral_data(self) -> dict:
        if self.rng.random() < 0.75:
            return {"recipient_kind": "datore", "recipient": self.rng.choice(names.EMPLOYERS)}
        return {"recipient_kind": "servizio", "recipient": self.rng.choice(names.JOB_SERVICES)}

    def _journey_micro(self, plan: PersonPlan, at: datetime, *, contact: bool = True) -> None:
        rng = self.rng
        idea = rng.choice(names.BUSINESS_IDEAS)
        operator = plan.operator
        if contact:
            channel = _weighted(rng, [(CHANNEL.WALK_IN, 25), (CHANNEL.PHONE, 18),
                                      (CHANNEL.EMAIL, 14), (CHANNEL.ONLINE_BOOKING, 18),
                                      (CHANNEL.SUAP, 15), (CHANNEL.YOUTH, 10)])
            self._first_contact(plan, at, channel=channel,
                                reason=f"Vuole aprire {idea}.",
                                info="Spiegato cos'è il microcredito e chi può accedervi.")
        social = rng.random() < 0.15
        pathway = PathwayPlan(
            kind=PathwayKind.MICROCREDIT, opened_at=at + timedelta(minutes=12), opened_by=operator,
            beneficiary_type=BeneficiaryType.SOCIAL if social else BeneficiaryType.ORDINARY,
            note=f"Idea: {idea}.")
        plan.pathways.append(pathway)
        target = _weighted(rng, MICRO_TARGETS)
        if target == S.WITHDRAWN:  # at any stage before the money moves
            line = MICRO_LINE[:rng.randint(1, MICRO_LINE.index(S.APPROVED) + 1)]
        elif target == S.REFUSED:
            line = MICRO_LINE[:MICRO_LINE.index(S.LENDER_ASSESSMENT) + 1]
        elif target == S.FIRST_CONTACT:
            line = []
        else:
            line = MICRO_LINE[:MICRO_LINE.index(target) + 1]
        when, requested, lender = pathway.opened_at, None, None
        auxiliary: set[str] = set()
        for stage in line:
            when = self._after(when, MICRO_GAPS[stage])
            data: dict = {}
            if stage in MICRO_AT_DESK:
                services, topics = MICRO_AT_DESK[stage]
                notes, next_steps = NOTES[stage]
                when = self.meeting(plan, when, operator=operator, kind=A.Kind.CONSULTATION,
                                    services=services, topics=topics, notes=notes,
                                    next_steps=next_steps)
                if stage == S.BUSINESS_PLAN and when and plan.data.email and rng.random() < 0.5:
                    plan.messages.append(MessagePlan(
                        when + timedelta(hours=2), operator, "richiesta-documenti",
                        {"documenti": "- documento d'identità\n- preventivi di spesa\n"
                                      "- bozza del business plan"}))
            if when is None or when > self.latest:
                return
            if stage == S.SENT_TO_LENDER:
                lender = rng.choice(self.lenders)
                top = 9_000 if social else 40_000
                requested = Decimal(rng.randrange(5_000, top, 500)).quantize(Decimal("0.01"))
                data = {"lender": lender, "requested_amount": requested}
            elif stage == S.DISBURSED:
                amount = requested - Decimal(rng.choice((0, 0, 0, 500, 1_000, 2_000)))
                data = {"amount": max(amount, Decimal(3_000)).quantize(Decimal("0.01")),
                        "lender": lender,
                        "disbursed_on": timezone.localdate(when) - timedelta(
                            days=rng.randint(0, 6)),
                        "beneficiary_type": pathway.beneficiary_type}
            elif stage == S.TUTORING:
                first = rng.sample(sorted(AUXILIARY_SERVICE_CODES), k=rng.choice((1, 2)))
                auxiliary.update(first)
                data = {"auxiliary_services": first}
                when = self._tutoring_meeting(plan, when, operator, first) or when
            elif stage == S.REPAYING:
                if len(auxiliary) < machine.MIN_AUXILIARY_KINDS:  # a second tutoring meeting
                    more = rng.sample(sorted(set(AUXILIARY_SERVICE_CODES) - auxiliary), k=1)
                    auxiliary.update(more)
                    when = self._tutoring_meeting(plan, when, operator, more) or when
                    pathway.steps.append(StepPlan(when + timedelta(minutes=3), S.TUTORING,
                                                  operator, {"auxiliary_services": more}))
                    when = self._after(when, MICRO_GAPS[S.REPAYING])
                    if when > self.latest:
                        return
            elif stage == S.CLOSED:
                data = {"note": "Prestito rimborsato in anticipo."}
            pathway.steps.append(StepPlan(when + timedelta(minutes=3), stage, operator, data))
            when = pathway.steps[-1].at
        if target in (S.REFUSED, S.WITHDRAWN):
            when = self._after(when, MICRO_GAPS[target])
            if when > self.latest:
                return
            reason = rng.choice(REFUSAL_REASONS if target == S.REFUSED else WITHDRAWAL_REASONS)
            pathway.steps.append(StepPlan(when, target, operator,
                                          {"reason": reason} if reason else {}))
            if rng.random() < 0.5:
                when = self._after(when, MICRO_GAPS[S.CLOSED])
                if when < self.latest:
                    pathway.steps.append(StepPlan(when, S.CLOSED, operator, {}))
        self._follow_up_contacts(plan, pathway.last_at)

    def _tutoring_meeting(self, plan, when, operator, auxiliary) -> datetime | None:
        notes, next_steps = NOTES[S.TUTORING]
        return self.meeting(plan, when, operator=operator, kind=A.Kind.CONSULTATION,
                            services=[AUXILIARY_SERVICE_CODES[a] for a in auxiliary],
                            topics=["tutoraggio"] + [AUXILIARY_TOPICS[a] for a in auxiliary],
                            notes=notes, next_steps=next_steps)

    def _journey_micro_job(self, plan: PersonPlan, at: datetime) -> None:
        self._journey_job(plan, at)
        later = self._after(at, (20, 90))
        if later < self.latest - timedelta(days=3):
            self._journey_micro(plan, later, contact=False)

    def _journey_fragility(self, plan: PersonPlan, at: datetime) -> None:
        rng = self.rng
        channel = _weighted(rng, [(CHANNEL.SOCIAL_SERVICES, 45), (CHANNEL.COMMUNITY, 30),
                                  (CHANNEL.THIRD_SECTOR, 25)])
        self._first_contact(plan, at, channel=channel,
                            reason="Segnalata per un percorso di accompagnamento al lavoro "
                                   "(Insieme per il lavoro).",
                            info="Spiegato il percorso: primo colloquio con il questionario, "
                                 "poi l'eventuale secondo colloquio.")
        operator = plan.operator
        start = self.calendar.book(operator.pk, self._after(at, (2, 12)), 60)
        interview = AppointmentPlan(
            operator=operator, starts_at=start, minutes=60, kind=A.Kind.FIRST_INTERVIEW,
            status=A.Status.BOOKED, booked_at=at + timedelta(minutes=15), booked_by=operator,
            service_code="lavoro-invio-servizi-impiego", person=plan)
        plan.appointments.append(interview)
        if start + timedelta(minutes=60) > self.latest:
            return  # the first interview is still to come
        interview.status = A.Status.DONE
        interview.closed_at = start + timedelta(minutes=rng.randint(55, 70))
        score = max(2, min(22, int(rng.gauss(10.5, 4))))
        plan.assessment = AssessmentPlan(at=start + timedelta(minutes=45), operator=operator,
                                         score=score)
        plan.consultations.append(ConsultationPlan(
            operator=operator, at=start, minutes=60, mode="presenza",
            topics=["primo colloquio", "screening"], service_codes=["lavoro-invio-servizi-impiego"],
            notes="Primo colloquio con il questionario di screening.",
            next_steps="Secondo colloquio se la soglia è raggiunta, altrimenti orientamento."))
        if rng.random() < 0.55:  # then a job pathway, after the interviews
            self._journey_job(plan, start, open_at=self._after(start, (18, 40)), contact=False)
        else:
            self._follow_up_contacts(plan, start)

    def _future(self, plan: PersonPlan) -> None:
        """People on an open pathway often have their next appointment booked, and
        were reminded of it by e-mail."""
        rng = self.rng
        upcoming = [a for a in plan.appointments if a.status == A.Status.BOOKED]
        open_paths = [p for p in plan.pathways
                      if not p.steps or not machine.is_terminal(p.kind, p.steps[-1].to_stage)]
        last = max([plan.registered_at] + [c.at for c in plan.consultations])
        if not upcoming and open_paths and (self.now - last).days < 75 and rng.random() < 0.4:
            start = self.calendar.book(plan.operator.pk, self._office_time(
                (self.now + timedelta(days=rng.randint(1, 18))).date()), 30)
            upcoming.append(AppointmentPlan(
                operator=plan.operator, starts_at=start, minutes=30, kind=A.Kind.CONSULTATION,
                status=A.Status.BOOKED, booked_by=plan.operator,
                booked_at=min(self.latest, max(last + timedelta(hours=1),
                                               self.now - timedelta(days=rng.randint(1, 6)))),
                notes="Aggiornamento sul percorso.", person=plan))
            plan.appointments.append(upcoming[-1])
        has_consent = any(c[1] == ConsentPurpose.SERVICE for c in plan.consents)
        if upcoming and plan.data.email and has_consent and rng.random() < 0.5:
            booked = upcoming[0]
            plan.messages.append(MessagePlan(
                min(self.latest, max(booked.booked_at + timedelta(hours=1),
                                     booked.starts_at - timedelta(days=2))),
                booked.booked_by or plan.operator, "promemoria-appuntamento"))

    def _online_bookings(self) -> list[AppointmentPlan]:
        """A few citizens booked a first interview from the public page."""
        bookings = []
        for _ in range(4):
            first = self.rng.choice(names.ITALIAN_FEMALE + names.ITALIAN_MALE)
            last = self.rng.choice(names.SURNAMES[self.area.surnames[0]])
            day = self.calendar.working_day_from((self.now + timedelta(
                days=self.rng.randint(2, 12))).date())
            start = self.calendar.book("online", _aware(day, time(9)), 30)
            email = f"{normalize(first)}.{normalize(last).replace(' ', '')}@example.org"
            bookings.append(AppointmentPlan(
                operator=None, starts_at=start, minutes=30, kind=A.Kind.FIRST_INTERVIEW,
                status=A.Status.BOOKED, booked_at=self.now - timedelta(
                    days=self.rng.randint(0, 3), hours=self.rng.randint(1, 9)),
                booked_by=None,
                requester=(f"{first} {last}", email,
                           f"{self.rng.choice(names.MOBILE_PREFIXES)} "
                           f"{self.rng.randint(1_000_000, 9_999_999)}",
                           self.rng.choice(("Vorrei informazioni sul microcredito.",
                                            "Cerco lavoro e vorrei un colloquio.",
                                            "Informazioni su tirocini per giovani.")))))
        return bookings


# --- Writing --------------------------------------------------------------------------

def _register(plans: list[PersonPlan], clock: SimulatedClock) -> None:
    """People through people.services.register_person (codice fiscale checked
    against names, birth data and place; never twice)."""
    for plan in plans:
        with clock.at(plan.registered_at):
            plan.person = people_services.register_person(data=plan.data,
                                                          acting_user=plan.operator)


def write_contacts(items: list[tuple[Person, User, tuple]]) -> None:
    """Intake contacts built by people.services.build_contact, as record_contact
    writes them."""
    rows = []
    for person, operator, (at, channel, reason, info, referred) in items:
        row = people_services.build_contact(
            person=person, channel=channel, reason=reason, acting_user=operator,
            occurred_at=at, information_given=info, referred_by=referred)
        row.created_at = at
        rows.append(row)
    with given_timestamps(Contact, AuditEvent):
        Contact.objects.bulk_create(rows, batch_size=1000)
        AuditEvent.objects.bulk_create([
            audit.build_event(**people_services.contact_audit(row), occurred_at=row.occurred_at)
            for row in rows],
            batch_size=1000)


def write_consents(items: list[tuple[Person, User, tuple]], notices) -> None:
    """Consents as people.services.record_consent writes them, each citing the
    informativa in force on its day."""
    rows = []
    for person, operator, (at, purpose, given, method) in items:
        row = people_services.build_consent(person=person, purpose=purpose, given=given,
                                            method=method, acting_user=operator,
                                            notice=notices(at))
        row.recorded_at = at
        rows.append(row)
    with given_timestamps(ConsentRecord, AuditEvent):
        ConsentRecord.objects.bulk_create(rows, batch_size=1000)
        AuditEvent.objects.bulk_create([
            audit.build_event(**people_services.consent_audit(row), occurred_at=row.recorded_at)
            for row in rows], batch_size=1000)


def _notices(*, admin, start: datetime, clock: SimulatedClock):
    """The informativa in force at a date: an earlier version is published if the
    year of demo history begins before the current one."""
    current = people_selectors.current_notice()
    if current is None:
        return lambda at: None
    if current.valid_from > timezone.localdate(start) and not PrivacyNotice.objects.filter(
            valid_from__lte=timezone.localdate(start)).exists():
        valid_from = timezone.localdate(start) - timedelta(days=90)
        with clock.at(_aware(valid_from, time(10))):
            people_services.publish_notice(
                version="0.9", title="Informativa privacy dello sportello (versione precedente)",
                text=NOTICE_TEXT, valid_from=valid_from, acting_user=admin, make_current=False)
    notices = list(PrivacyNotice.objects.order_by("valid_from"))

    def in_force(at: datetime) -> PrivacyNotice:
        day = timezone.localdate(at)
        return next((n for n in reversed(notices) if n.valid_from <= day), current)

    return in_force


def write_appointments(items: list[AppointmentPlan], services: dict[str, Service]) -> None:
    """Appointments as desks.services writes them (schedule_appointment,
    book_online, the status transitions): rows built by build_appointment,
    events, audit."""
    rows = []
    for item in items:
        row = desk_services.build_appointment(
            person=item.person.person if item.person else None, starts_at=item.starts_at,
            kind=item.kind, acting_user=item.booked_by, operator=item.operator,
            minutes=item.minutes, notes=item.notes, service=services.get(item.service_code))
        if item.requester:
            name, email, phone, reason = item.requester
            booked = row
            row = desk_services.build_online_booking(
                starts_at=booked.starts_at, ends_at=booked.ends_at, name=name, email=email,
                phone=phone, reason=reason, service=booked.service)
            row.person, row.operator, row.notes = booked.person, booked.operator, booked.notes
            row.confirmation_sent_at = item.booked_at + timedelta(seconds=20)
        row.status, row.created_at = item.status, item.booked_at
        rows.append(row)
    with given_timestamps(Appointment, AppointmentEvent, AuditEvent):
        Appointment.objects.bulk_create(rows, batch_size=500)
        events, audits = [], []
        for item, row in zip(items, rows, strict=True):
            if item.requester:
                events.append(desk_services.build_appointment_event(
                    row, from_status="", to_status=A.Status.BOOKED, actor=None,
                    note=desk_services.ONLINE_BOOKING_NOTE, occurred_at=item.booked_at))
                audits.append(audit.build_event(**desk_services.booked_online_audit(row),
                                                occurred_at=item.booked_at))
                continue
            events.append(desk_services.build_appointment_event(
                row, from_status="", to_status=A.Status.BOOKED, actor=item.booked_by,
                occurred_at=item.booked_at))
            audits.append(audit.build_event(
                **desk_services.booked_audit(row, acting_user=item.booked_by),
                occurred_at=item.booked_at))
            if item.status != A.Status.BOOKED:
                events.append(desk_services.build_appointment_event(
                    row, from_status=A.Status.BOOKED, to_status=item.status,
                    actor=item.operator, note=item.note, occurred_at=item.closed_at))
                audits.append(audit.build_event(
                    **desk_services.status_audit(row, from_status=A.Status.BOOKED,
                                                 acting_user=item.operator),
                    occurred_at=item.closed_at))
        AppointmentEvent.objects.bulk_create(events, batch_size=1000)
        AuditEvent.objects.bulk_create(audits, batch_size=1000)


def write_consultations(items: list[tuple[Person, ConsultationPlan]],
                        services: dict[str, Service]) -> None:
    """Consultations as casework.services.record_consultation writes them."""
    rows = []
    for person, c in items:
        row = casework_services.build_consultation(
            person=person, operator=c.operator, occurred_at=c.at, minutes=c.minutes,
            mode=c.mode, topics=c.topics, notes=c.notes, next_steps=c.next_steps,
            acting_user=c.operator)
        row.created_at = c.at + timedelta(minutes=c.minutes + 3)
        rows.append(row)
    with given_timestamps(Consultation, AuditEvent):
        Consultation.objects.bulk_create(rows, batch_size=500)
        links, audits = [], []
        through = Consultation.services.through
        for (_, c), row in zip(items, rows, strict=True):
            chosen = sorted({services[code] for code in c.service_codes if code in services},
                            key=lambda s: s.pk)
            links += [through(consultation_id=row.pk, service_id=s.pk) for s in chosen]
            audits.append(audit.build_event(
                **casework_services.consultation_audit(row, services=chosen, documents=0),
                occurred_at=row.created_at))
        through.objects.bulk_create(links, batch_size=1000)
        AuditEvent.objects.bulk_create(audits, batch_size=1000)


def _event_data(pathway: Pathway, step: StepPlan) -> dict:
    """The event's data, the pathway's new fields set, built by the state
    machine's own builder from the typed values the operator gave, as
    casework.services' advance_pathway records them."""
    values = {**step.data, "note": " ".join(str(step.data.get("note") or "").split())[
        :machine.NOTE_MAX_LENGTH]}
    if step.to_stage == S.DISBURSED:
        values.setdefault("beneficiary_type", pathway.beneficiary_type)
        limit = catalog.limit_for(beneficiary_type=values["beneficiary_type"],
                                  on=values["disbursed_on"])
        if limit is None or values["amount"] > limit.max_amount:
            raise ValueError(f"demo disbursement over the limit: {values['amount']}")
        values["limit"] = limit.max_amount
    elif step.to_stage in (S.TUTORING, S.REPAYING):
        values["auxiliary_services"] = sorted(set(values.get("auxiliary_services") or []))
    data, updates = machine.stage_record(step.to_stage, values)
    for name, value in updates.items():
        setattr(pathway, name, value)
    return data


def write_pathways(items: list[tuple[Person, PathwayPlan]]) -> None:
    """Pathways as casework.services.open_pathway and advance_pathway write them:
    every transition checked against the state machine, one event and one audit
    event each."""
    rows, histories = [], []
    for person, plan in items:
        pathway = casework_services.build_pathway(
            person=person, kind=plan.kind, opened_at=plan.opened_at, acting_user=plan.opened_by,
            beneficiary_type=plan.beneficiary_type)
        stage = pathway.stage
        history = [(StepPlan(plan.opened_at, stage, plan.opened_by,
                             {"note": plan.note} if plan.note else {}), "",
                    {"note": plan.note} if plan.note else {})]
        for step in plan.steps:
            if not machine.is_allowed(plan.kind, pathway.stage, step.to_stage):
                raise ValueError(f"demo pathway: {pathway.stage} -> {step.to_stage}")
            if step.at < history[-1][0].at or step.at > timezone.now():
                raise ValueError("demo pathway: an event out of order or in the future")
            data = _event_data(pathway, step)
            history.append((step, pathway.stage, data))
            pathway.stage = step.to_stage
            if machine.is_terminal(plan.kind, step.to_stage):
                pathway.closed_at = step.at
        pathway.updated_at = history[-1][0].at
        rows.append(pathway)
        histories.append(history)
    with given_timestamps(Pathway, PathwayEvent, AuditEvent):
        Pathway.objects.bulk_create(rows, batch_size=500)
        events, audits = [], []
        for _, row, history in zip(items, rows, histories, strict=True):
            for step, from_stage, data in history:
                event = casework_services.build_pathway_event(
                    pathway=row, from_stage=from_stage, to_stage=step.to_stage,
                    occurred_at=step.at, acting_user=step.actor, data=data)
                event.recorded_at = step.at
                events.append(event)
                if from_stage:
                    entry = casework_services.pathway_advanced_audit(
                        row, from_stage=from_stage, to_stage=step.to_stage, acting_user=step.actor)
                else:
                    entry = casework_services.pathway_opened_audit(row, acting_user=step.actor)
                audits.append(audit.build_event(**entry, occurred_at=step.at))
        PathwayEvent.objects.bulk_create(events, batch_size=1000)
        AuditEvent.objects.bulk_create(audits, batch_size=1000)


def _assessments(plans: list[PersonPlan], clock: SimulatedClock, rng: random.Random,
                 latest: datetime) -> None:
    """The screening through assessments.services: the score from answers, and
    the second interview it books when the threshold is reached; past second
    interviews were held (a consultation) or missed."""
    instrument = Instrument.objects.filter(is_active=True).order_by("pk").first()
    if instrument is None:
        return
    items = [(item, sorted(item.options.all(), key=lambda o: o.weight))
             for item in instrument.items.prefetch_related("options")]
    ordered = sorted((p for p in plans if p.assessment), key=lambda p: p.assessment.at)
    for plan in ordered:
        wanted = min(plan.assessment.score, sum(options[-1].weight for _, options in items))
        answers = {}
        for item, options in rng.sample(items, k=len(items)):
            option = max((o for o in options if o.weight <= wanted), key=lambda o: o.weight,
                         default=options[0])
            if option.weight > 0 and rng.random() < 0.25:  # spread the points
                option = next((o for o in options if 0 < o.weight < option.weight), option)
            answers[item.pk] = option.pk
            wanted -= option.weight
        with clock.at(plan.assessment.at):
            assessment = assessment_services.score_assessment(
                person=plan.person, instrument=instrument, answers=answers,
                acting_user=plan.assessment.operator, performed_at=plan.assessment.at)
        follow_up = assessment.follow_up
        if follow_up is None or follow_up.ends_at > latest:
            continue
        if rng.random() < 0.12:
            with clock.at(follow_up.starts_at + timedelta(minutes=25)):
                desk_services.mark_appointment_no_show(appointment=follow_up,
                                                       acting_user=plan.assessment.operator)
            continue
        with clock.at(follow_up.ends_at + timedelta(minutes=10)):
            desk_services.mark_appointment_done(appointment=follow_up,
                                                acting_user=plan.assessment.operator)
        plan.consultations.append(ConsultationPlan(
            operator=plan.assessment.operator, at=follow_up.starts_at, minutes=45,
            mode="presenza", topics=["secondo colloquio", "progetto personalizzato"],
            service_codes=["lavoro-invio-servizi-impiego", "lavoro-formazione"],
            notes="Secondo colloquio dopo lo screening: definiti obiettivi e sostegni.",
            next_steps="Avvio del percorso di accompagnamento al lavoro."))


def write_messages(items: list[tuple[Person, MessagePlan]], clock: SimulatedClock) -> None:
    """E-mails as desks.services.send_message writes them (rendered from the
    counter's templates), already delivered by the worker."""
    templates = {t.code: t for t in MessageTemplate.objects.filter(is_active=True)}
    rows, plans = [], []
    for person, plan in items:
        template = templates.get(plan.template_code)
        if template is None or not person.email:
            continue
        with clock.at(plan.at):
            try:
                subject, body = desk_services.render_message(
                    template=template, person=person, acting_user=plan.sender, extra=plan.extra)
            except DeskError:
                continue  # e.g. no appointment to remind any more
        row = desk_services.build_message(person=person, template=template, subject=subject,
                                          body=body, acting_user=plan.sender)
        row.status, row.queued_at = OutgoingMessage.Status.SENT, plan.at
        row.sent_at = plan.at + timedelta(seconds=40)
        rows.append(row)
        plans.append((person, plan, template))
    with given_timestamps(OutgoingMessage, AuditEvent):
        OutgoingMessage.objects.bulk_create(rows)
        AuditEvent.objects.bulk_create([
            audit.build_event(**desk_services.message_audit(row), occurred_at=plan.at)
            for row, (_, plan, _) in zip(rows, plans, strict=True)])


# --- Entry point ---------------------------------------------------------------------

def caseworkers_of(tenant) -> list[User]:
    """The operators (first) and coordinators who work the demo cases."""
    users = list(User.objects.filter(is_active=True, role__in=CASEWORK_ROLES))
    return sorted(users, key=lambda u: (u.role != Role.OPERATOR, u.pk))


def has_demo_people() -> bool:
    return AuditEvent.objects.filter(action=DEMO_PEOPLE_SEEDED).exists()


@transaction.atomic
def seed_tenant(*, tenant, people: int | None = None, now: datetime | None = None) -> int:
    """Give the current tenant (``tenant_context(tenant)``) its demo people with
    a year of history; the number of people added (0 if it already has them)."""
    if has_demo_people():
        return 0
    caseworkers = caseworkers_of(tenant)
    area = area_for(tenant)
    lenders = list(catalog.lenders(active=True, region=tenant.region)) or list(
        catalog.lenders(active=True))
    if not caseworkers or not lenders:
        return 0
    now = now or timezone.now()
    calendar = Calendar(list(OpeningHours.objects.all()))
    planner = Planner(tenant=tenant, area=area, now=now, caseworkers=caseworkers,
                      calendar=calendar, lenders=lenders,
                      taken_codes=set(Person.objects.exclude(codice_fiscale=None)
                                      .values_list("codice_fiscale", flat=True)))
    plans = sorted(planner.people(people or area.people), key=lambda p: p.registered_at)
    services = {s.code: s for s in Service.objects.filter(is_active=True)}
    admin = User.objects.filter(is_active=True, role=Role.TENANT_ADMIN).order_by("pk").first()
    with SimulatedClock() as clock:
        _register(plans, clock)
        write_contacts([(p.person, p.operator, c) for p in plans for c in p.contacts])
        write_consents([(p.person, p.operator, c) for p in plans for c in p.consents],
                       _notices(admin=admin, start=planner.start, clock=clock))
        write_appointments([a for p in plans for a in p.appointments]
                           + planner.public_appointments, services)
        _assessments(plans, clock, planner.rng, planner.latest)
        write_consultations([(p.person, c) for p in plans for c in p.consultations], services)
        write_pathways([(p.person, w) for p in plans for w in p.pathways])
        write_messages([(p.person, m) for p in plans for m in p.messages], clock)
    audit.record(action=DEMO_PEOPLE_SEEDED, actor=None, actor_label="make run",
                 details={"people": len(plans), "seed": SEED})
    return len(plans)
