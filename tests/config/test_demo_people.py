"""The demo people of ``make run``: realistic, consistent with what the
services write, the same every time, loaded once."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db.models import Count
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from assessments.models import Assessment
from audit.models import AuditEvent
from casework import selectors as casework_selectors
from casework import services as casework_services
from casework.models import Consultation, Pathway, PathwayEvent, Stage
from catalog.models import Lender
from config import demo_people
from config.demo_people import (
    AppointmentPlan,
    ConsultationPlan,
    PathwayPlan,
    PersonPlan,
    SimulatedClock,
    StepPlan,
)
from desks import services as desk_services
from desks.models import Appointment, OutgoingMessage, Service
from people import codice_fiscale as cf
from people.models import Contact, Person
from people.services import PersonData, record_contact, register_person
from tests.factories import make_person, make_user

pytestmark = pytest.mark.django_db

# A fixed "today", so the generated year is the same at every run.
NOW = timezone.make_aware(datetime(2026, 6, 17, 18, 0))


def _staff(tenant):
    for role, email in ((Role.OPERATOR, "op-demo@alfa.example.it"),
                        (Role.OPERATOR, "op2-demo@alfa.example.it"),
                        (Role.COORDINATOR, "coord-demo@alfa.example.it")):
        make_user(tenant, role, email=email)


def _seed(tenant, people: int, now=NOW) -> int:
    _staff(tenant)
    with tenant_context(tenant):
        return demo_people.seed_tenant(tenant=tenant, people=people, now=now)


def test_given_a_counter_with_staff_when_its_demo_people_are_seeded_then_every_screen_has_data(
        tenant_a):
    added = _seed(tenant_a, 160)

    with tenant_context(tenant_a):
        people = list(Person.objects.all())
        assert added == len(people) == 160
        for person in people:  # valid codes, matching what was registered
            decoded = cf.decode(person.codice_fiscale, today=NOW.date())
            assert cf.mismatches(decoded, last_name=person.last_name,
                                 first_name=person.first_name, birth_date=person.birth_date,
                                 sex=person.sex, place_code=person.birth_place_code) == {}
        assert any(cf.decode(p.codice_fiscale).is_omocode for p in people)
        foreign = [p for p in people if p.birth_place_code.startswith("Z")]
        assert foreign and any(p.citizenship_code != "000" for p in foreign)
        assert all(p.residence_comune for p in people)
        assert sum(bool(p.email) for p in people) > 100
        assert max(p.created_at for p in people) < NOW
        assert min(p.created_at for p in people) > NOW - timedelta(days=366)

        channels = set(Contact.objects.values_list("channel", flat=True))
        assert len(channels) >= 6
        statuses = set(Appointment.objects.values_list("status", flat=True))
        assert statuses == {"prenotato", "svolto", "assente", "annullato"}
        assert Appointment.objects.filter(status="prenotato", starts_at__gt=NOW).exists()
        assert not Appointment.objects.exclude(status="prenotato").filter(
            starts_at__gt=NOW).exists()
        assert Appointment.objects.filter(booked_online=True, person=None).exists()

        triggered = Assessment.objects.filter(triggered=True)
        assert triggered.exists() and Assessment.objects.filter(triggered=False).exists()
        assert all(a.total_score >= 11 and a.follow_up.kind == "secondo_colloquio"
                   for a in triggered.select_related("follow_up"))

        consultations = Consultation.objects.annotate(n=Count("services"))
        assert consultations.count() > 150 and not consultations.filter(n=0).exists()
        assert not Consultation.objects.filter(occurred_at__gt=NOW).exists()

        for pathway in Pathway.objects.all():  # the events replay to the stage shown
            assert casework_selectors.replayed_stage(pathway=pathway) == pathway.stage
        stages = set(PathwayEvent.objects.values_list("to_stage", flat=True))
        assert {Stage.DISBURSED, Stage.TUTORING, Stage.REFUSED, Stage.WITHDRAWN, Stage.PLACED,
                Stage.CLOSED} <= stages
        disbursed = Pathway.objects.exclude(disbursed_amount=None)
        assert disbursed.exists() and all(p.lender_id and p.disbursed_on for p in disbursed)
        assert OutgoingMessage.objects.filter(status="inviato").exists()

        figures = casework_selectors.dashboard(
            actor=make_user(tenant_a, Role.COORDINATOR, email="coord-demo@alfa.example.it"),
            date_from=(NOW - timedelta(days=365)).date(), date_to=NOW.date())
        reached = {step.stage: step.reached for step in figures.funnel}
        assert reached[Stage.FIRST_CONTACT] > reached[Stage.DISBURSED] > 0
        assert len(figures.operators) == 3 and len(figures.channels) >= 6


def test_given_seeded_demo_people_when_seeding_again_then_nothing_is_added(tenant_a):
    _seed(tenant_a, 30, now=timezone.now())
    with tenant_context(tenant_a):
        before = (Person.objects.count(), Appointment.objects.count(),
                  AuditEvent.objects.count())

    assert _seed(tenant_a, 30, now=timezone.now()) == 0

    with tenant_context(tenant_a):
        assert (Person.objects.count(), Appointment.objects.count(),
                AuditEvent.objects.count()) == before


def test_given_the_same_counter_and_day_when_planning_twice_then_the_people_are_the_same(
        tenant_a):
    _staff(tenant_a)

    def plan():
        with tenant_context(tenant_a):
            planner = demo_people.Planner(
                tenant=tenant_a, area=demo_people.area_for(tenant_a), now=NOW,
                caseworkers=demo_people.caseworkers_of(tenant_a),
                calendar=demo_people.Calendar([]), lenders=list(Lender.objects.all()),
                taken_codes=set())
            return [(p.data, p.registered_at, len(p.pathways)) for p in planner.people(40)]

    assert plan() == plan()


# --- Bulk rows are what the services write ------------------------------------------

def _at(day_offset: int, hour: int = 10, minute: int = 0) -> datetime:
    day = NOW.date() - timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _history(operator, lender, service):
    """One person's year: an intake, a kept appointment, a consultation, a loan
    up to repayment and a job."""
    return dict(
        contact=(_at(90, 9, 30), "servizi_sociali", "Segnalata.", "Spiegato il percorso.",
                 "Servizio sociale"),
        appointment=dict(operator=operator, starts_at=_at(80), minutes=30, kind="consulenza",
                         status="svolto", booked_at=_at(85, 11), booked_by=operator,
                         closed_at=_at(80, 10, 40), note="Tutto bene.", notes="Portare CV.",
                         service_code=service.code),
        consultation=ConsultationPlan(operator=operator, at=_at(80), minutes=45,
                                      mode="presenza", topics=["business plan", "ON"],
                                      service_codes=[service.code], notes="Note.",
                                      next_steps="Passi."),
        pathways=[
            PathwayPlan(kind="microcredito", opened_at=_at(70), opened_by=operator,
                        note="Idea: una sartoria.", steps=[
                StepPlan(_at(69), "informazione", operator),
                StepPlan(_at(68), "orientamento", operator, {"note": "Bene."}),
                StepPlan(_at(67), "idea_impresa", operator),
                StepPlan(_at(66), "business_plan", operator),
                StepPlan(_at(60), "invio_finanziatore", operator,
                         {"lender": lender, "requested_amount": Decimal("18500.00")}),
                StepPlan(_at(59), "istruttoria", operator),
                StepPlan(_at(40), "approvato", operator),
                StepPlan(_at(30), "erogato", operator, {
                    "amount": Decimal("18000.00"), "lender": lender,
                    "disbursed_on": _at(32).date(),
                    "beneficiary_type": "ordinario"}),
                StepPlan(_at(20), "tutoraggio", operator, {"auxiliary_services": ["marketing"]}),
                StepPlan(_at(10), "tutoraggio", operator, {"auxiliary_services": ["strategia"]}),
                StepPlan(_at(5), "in_ammortamento", operator)]),
            PathwayPlan(kind="lavoro", opened_at=_at(50), opened_by=operator, steps=[
                StepPlan(_at(45), "cv", operator),
                StepPlan(_at(44), "ricerca_attiva", operator),
                StepPlan(_at(40), "invio", operator, {"recipient_kind": "datore",
                                                      "recipient": "Officine (esempio)"}),
                StepPlan(_at(20), "collocato", operator, {"contract_type": "apprendistato",
                                                           "placed_on": _at(21).date()})]),
        ])


def _in_bulk(person, operator, history, service):
    demo_people.write_contacts([(person, operator, history["contact"])])
    plan = PersonPlan(data=None, registered_at=_at(90), operator=operator, person=person)
    demo_people.write_appointments([AppointmentPlan(person=plan, **history["appointment"])],
                                   {service.code: service})
    demo_people.write_consultations([(person, history["consultation"])],
                                    {service.code: service})
    demo_people.write_pathways([(person, pathway) for pathway in history["pathways"]])


def _through_services(person, operator, history, service):
    contact, appointment = history["contact"], history["appointment"]
    consultation = history["consultation"]
    with SimulatedClock() as clock:
        with clock.at(contact[0]):
            record_contact(person=person, channel=contact[1], reason=contact[2],
                           information_given=contact[3], referred_by=contact[4],
                           occurred_at=contact[0], acting_user=operator)
        with clock.at(appointment["booked_at"]):
            booked = desk_services.schedule_appointment(
                person=person, starts_at=appointment["starts_at"], kind="consulenza",
                acting_user=operator, operator=operator, notes="Portare CV.", service=service)
        with clock.at(appointment["closed_at"]):
            desk_services.mark_appointment_done(appointment=booked, acting_user=operator,
                                                note="Tutto bene.")
        with clock.at(consultation.at + timedelta(minutes=48)):
            casework_services.record_consultation(
                person=person, acting_user=operator, occurred_at=consultation.at,
                duration_minutes=45, mode="presenza", topics=consultation.topics,
                services=[service], notes="Note.", next_steps="Passi.")
        for plan in history["pathways"]:
            with clock.at(plan.opened_at):
                pathway = casework_services.open_pathway(
                    person=person, kind=plan.kind, acting_user=operator,
                    occurred_at=plan.opened_at, note=plan.note)
            for step in plan.steps:
                with clock.at(step.at):
                    casework_services.advance_pathway(
                        pathway=pathway, to_stage=step.to_stage, acting_user=operator,
                        occurred_at=step.at, **step.data)


def _rows(person, operator):
    """What was written for ``person``: ids of its own rows replaced by their
    order, the operator (id, e-mail or name) by "OP"."""
    def who(value):
        return "OP" if value in (operator.pk, operator.email, str(operator)) else value

    contacts = [(*row[:5], who(row[5]), row[6]) for row in Contact.objects.filter(
        person=person).values_list("occurred_at", "channel", "reason", "information_given",
                                    "referred_by", "operator", "created_at")]
    appointments = list(Appointment.objects.filter(person=person).order_by("pk"))
    consultations = list(Consultation.objects.filter(person=person).order_by("pk"))
    pathways = list(Pathway.objects.filter(person=person).order_by("opened_at"))
    own = {("appointment", str(a.pk)): f"appuntamento-{n}" for n, a in enumerate(appointments)}
    own.update({("pathway", p.pk): f"percorso-{n}" for n, p in enumerate(pathways)})
    own.update({("consultation", c.pk): f"consulenza-{n}" for n, c in enumerate(consultations)})
    audit_rows = []
    for row in AuditEvent.objects.exclude(action__in=["person.created",
                                                      "person.consent_recorded"]):
        kind = row.target_type.split(".")[-1]
        if not ((kind == "person" and row.target_id == str(person.pk))
                or (kind, row.target_id) in own):
            continue
        details = {key: own.get((key, value), value) if key in ("pathway", "consultation")
                   else who(value) if key == "operator" else value
                   for key, value in row.details.items() if key != "person"}
        audit_rows.append((row.occurred_at, row.action, who(row.actor_id), who(row.actor_label),
                           own.get((kind, row.target_id), kind), details))
    return [
        contacts,
        [(a.starts_at, a.ends_at, a.kind, a.status, a.notes, a.service_id, who(a.operator_id),
          who(a.created_by_id), a.created_at,
          [(before, after, who(actor), note, at) for before, after, actor, note, at
           in a.events.values_list("from_status", "to_status", "actor", "note", "occurred_at")])
         for a in appointments],
        [(c.occurred_at, c.duration_minutes, c.mode, c.topics, c.notes, c.next_steps,
          who(c.operator_id), who(c.created_by_id),
          sorted(c.services.values_list("pk", flat=True)))
         for c in consultations],
        [(p.kind, p.stage, p.opened_at, p.closed_at, who(p.opened_by_id), p.beneficiary_type,
          p.lender_id, p.requested_amount, p.disbursed_amount, p.disbursed_on, p.referred_to,
          p.contract_type, p.placed_on, p.updated_at,
          [(before, after, at, who(actor), who(label), data, recorded)
           for before, after, at, actor, label, data, recorded in p.events.order_by(
               "occurred_at", "id").values_list("from_stage", "to_stage", "occurred_at",
                                                "actor", "actor_label", "data", "recorded_at")])
         for p in pathways],
        sorted(audit_rows, key=lambda row: (row[0], row[1])),
    ]


def test_given_one_history_when_written_in_bulk_and_through_the_services_then_the_rows_match(
        tenant_a):
    # Two operators: one cannot hold both copies of the same appointment.
    first = make_user(tenant_a, Role.OPERATOR, email="op-demo@alfa.example.it")
    second = make_user(tenant_a, Role.OPERATOR, email="op2-demo@alfa.example.it")
    with tenant_context(tenant_a):
        lender = Lender.objects.filter(is_active=True).order_by("pk").first()
        service = Service.objects.get(code="micro-business-plan")
        twins = dict(last_name="Gemelli", birth_date=date(1990, 1, 1), email="")
        bulk = make_person(first_name="Anna", operator=first, **twins)
        served = make_person(first_name="Bruna", operator=second, **twins)

        _in_bulk(bulk, first, _history(first, lender, service), service)
        _through_services(served, second, _history(second, lender, service), service)

        written_in_bulk, written_by_services = _rows(bulk, first), _rows(served, second)

    for mine, theirs in zip(written_in_bulk, written_by_services, strict=True):
        assert mine == theirs
    loans = written_by_services[3]
    assert loans[0][1] == "in_ammortamento" and loans[0][8] == Decimal("18000.00")
    assert len(written_by_services[4]) == 1 + 2 + 1 + 12 + 5  # every write was audited


def test_given_the_simulated_clock_when_a_service_runs_at_a_past_moment_then_it_is_dated_then(
        tenant_a):
    operator = make_user(tenant_a, Role.OPERATOR, email="op-demo@alfa.example.it")
    moment = _at(200, 11, 15)
    with tenant_context(tenant_a), SimulatedClock() as clock:
        with clock.at(moment):
            person = register_person(data=PersonData(
                first_name="Carla", last_name="Passato", sex="F", birth_date=date(1970, 3, 3),
                birth_place_code="A944"), acting_user=operator)
        created = AuditEvent.objects.get(action="person.created", target_id=str(person.pk))
        assert person.created_at == created.occurred_at == moment
        assert abs((timezone.now() - datetime.now(tz=timezone.get_current_timezone()))
                   .total_seconds()) < 5  # outside ``at`` the clock is the real one
