"""The Messaggio: when the counter sends a candidate to the employer
(«Inviata all'azienda»), Cliclavoro gets a Messaggio citing the vacancy's and
the CV's communication codes, valid against the ministry XSD, and nothing of
the person; none when either record is not at the node.

The real builders and routes (integrations.routes) throughout; the node is a
recorder in the test process, or the simulator over real HTTP."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from django.db import connection
from lxml import etree

from integrations.cliclavoro import vocab
from integrations.cliclavoro.codes import Module, parse_code
from integrations.cliclavoro.validation import NAMESPACES, validate
from integrations.outbox import delivery
from integrations.outbox.models import OutboxMessage
from integrations.outbox.registry import DeliveryReply, registry
from integrations.outbox.states import State
from jobs.models import ApplicationStatus
from jobs.services.conferral import confer_candidate
from jobs.services.matching import advance_application, propose_candidate
from people import codice_fiscale as cf
from tests.factories import (
    authorise_here,
    give_transmission_consent,
    make_conferrable_candidate,
    make_employer_here,
    make_person,
    make_vacancy_here,
    person_data,
    staff_here,
)
from tests.integrations.outbox_support import job_desk

pytestmark = pytest.mark.django_db
A = ApplicationStatus
M = NAMESPACES["messaggio"]


class Recorder:
    """The national node in the test process: every payload it took, by kind; OK."""

    def __init__(self):
        self.received: list[tuple[str, bytes]] = []

    def __call__(self, *, kind, payload, destination, message_id):
        self.received.append((kind, bytes(payload)))
        return DeliveryReply(outcome="OK", description="Comunicazione acquisita",
                             request_xml=payload, http_status=200)

    def of(self, kind: str) -> list[bytes]:
        return [payload for taken, payload in self.received if taken == kind]


@pytest.fixture
def recorder(tenant_a, in_a):
    """Tenant A confers to Cliclavoro with the real routes; the node records."""
    vocab.forget()
    authorise_here()
    recorder = Recorder()
    routes = [replace(registry.route("cliclavoro", kind), send=recorder)
              for kind in ("vacancy", "candidatura", "messaggio")]
    with job_desk(connection.tenant), registry.replaced(*routes):
        yield recorder
    vocab.forget()


def _messages(kind: str, subject) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=kind, subject_id=subject.pk).order_by("id"))


def _vacancy(**values):
    return make_vacancy_here(employer=make_employer_here(
        ateco_code="56.10.11", email="info@trattoria.example.it"), **values)


def _delivered(kind: str, subject) -> OutboxMessage:
    message = _messages(kind, subject)[-1]
    assert message.state == State.PENDING, message.problems
    assert delivery.deliver(message.pk) == "sent"
    message.refresh_from_db()
    return message


def _both_at_the_node(candidate=None, **vacancy_values):
    vacancy = _vacancy(**vacancy_values)
    candidate = candidate or make_conferrable_candidate()
    confer_candidate(candidate=candidate, acting_user=staff_here())
    return vacancy, _delivered("vacancy", vacancy), candidate, _delivered("candidatura",
                                                                          candidate)


def _sent_to_the_employer(vacancy, candidate):
    operator = staff_here()
    application = propose_candidate(vacancy=vacancy, candidate=candidate, acting_user=operator,
                                    shortlist=True)
    return advance_application(application=application, to_status=A.SENT,
                               acting_user=operator)


def _cited(xml: bytes) -> dict[str, list[str]]:
    root = etree.fromstring(xml)
    return {side: [node.text for node in root.iterfind(
        f"{{{M}}}{side}/{{{M}}}Interlocutore/{{{M}}}codiceoffertacandidatura")]
        for side in ("Mittente", "Destinatario")}


# --- The message the node receives --------------------------------------------------------

def test_given_a_conferred_vacancy_and_cv_when_the_candidate_is_sent_then_the_node_gets_both_codes(
        recorder):
    vacancy, vacancy_sent, candidate, cv_sent = _both_at_the_node()

    application = _sent_to_the_employer(vacancy, candidate)

    [message] = _messages("messaggio", application)
    assert message.state == State.PENDING and message.problems == []
    assert parse_code(message.code).module == Module.MESSAGGIO and message.previous_code == ""
    assert delivery.deliver(message.pk) == "sent"
    [received] = recorder.of("messaggio")
    assert validate("messaggio", received) == ()
    # The counter (sender) cites the CV; the employer (recipient) its vacancy.
    assert _cited(received) == {"Mittente": [cv_sent.code], "Destinatario": [vacancy_sent.code]}
    root = etree.fromstring(received)
    assert root.findtext(f"{{{M}}}DatiSistema/{{{M}}}codicemessaggio") == message.code
    assert vacancy.employer.name in root.findtext(
        f"{{{M}}}Destinatario/{{{M}}}Interlocutore/{{{M}}}denominazione")


def test_given_a_cv_updated_at_the_node_when_the_candidate_is_sent_then_the_latest_code_is_cited(
        recorder):
    vacancy, _, candidate, first = _both_at_the_node()
    confer_candidate(candidate=candidate, acting_user=staff_here())
    update = _delivered("candidatura", candidate)
    assert update.previous_code == first.code

    application = _sent_to_the_employer(vacancy, candidate)

    [message] = _messages("messaggio", application)
    assert _cited(bytes(message.xml))["Mittente"] == [update.code]


def test_given_a_proposal_and_the_shortlist_then_the_employer_is_told_nothing_yet(recorder):
    vacancy, _, candidate, _ = _both_at_the_node()
    operator = staff_here()

    application = propose_candidate(vacancy=vacancy, candidate=candidate, acting_user=operator)
    advance_application(application=application, to_status=A.SHORTLISTED,
                        acting_user=operator)

    assert _messages("messaggio", application) == [] and recorder.of("messaggio") == []


# --- No message without both records at the node ----------------------------------------

def test_given_a_cv_never_conferred_when_the_candidate_is_sent_then_no_messaggio(recorder):
    vacancy = _vacancy()
    _delivered("vacancy", vacancy)

    application = _sent_to_the_employer(vacancy, make_conferrable_candidate())

    assert application.status == A.SENT
    assert _messages("messaggio", application) == []


def test_given_a_cv_conferral_still_on_its_way_then_no_messaggio(recorder):
    vacancy = _vacancy()
    _delivered("vacancy", vacancy)
    candidate = make_conferrable_candidate()
    confer_candidate(candidate=candidate, acting_user=staff_here())  # pending, not delivered

    application = _sent_to_the_employer(vacancy, candidate)

    assert _messages("messaggio", application) == []


def test_given_a_vacancy_not_at_the_node_when_the_candidate_is_sent_then_no_messaggio(recorder):
    vacancy = _vacancy()  # queued at publication, never delivered
    candidate = make_conferrable_candidate()
    confer_candidate(candidate=candidate, acting_user=staff_here())
    _delivered("candidatura", candidate)

    application = _sent_to_the_employer(vacancy, candidate)

    assert _messages("messaggio", application) == []


def test_given_a_vacancy_refused_by_the_node_then_no_messaggio(recorder):
    vacancy = _vacancy()
    candidate = make_conferrable_candidate()
    confer_candidate(candidate=candidate, acting_user=staff_here())
    _delivered("candidatura", candidate)
    refusing = replace(registry.route("cliclavoro", "vacancy"), send=lambda **_: DeliveryReply(
        outcome="KO", description="Codice fiscale dell'azienda sconosciuto",
        anomaly_code="E100"))
    with registry.replaced(refusing):
        assert delivery.deliver(_messages("vacancy", vacancy)[-1].pk) == "dead"

    application = _sent_to_the_employer(vacancy, candidate)

    assert _messages("messaggio", application) == []


def test_given_the_consent_withdrawn_and_the_cv_closed_then_no_messaggio(recorder):
    vacancy, _, candidate, _ = _both_at_the_node()
    give_transmission_consent(candidate.person, given=False)  # queues the CV's closing

    application = _sent_to_the_employer(vacancy, candidate)

    assert _messages("candidatura", candidate)[-1].closing
    assert _messages("messaggio", application) == []


def test_given_a_counter_without_the_job_desk_then_no_messaggio(tenant_a, in_a):
    vacancy = _vacancy()
    candidate = make_conferrable_candidate()

    application = _sent_to_the_employer(vacancy, candidate)

    assert OutboxMessage.objects.filter(kind="messaggio").count() == 0
    assert application.status == A.SENT


# --- Nothing of the person --------------------------------------------------------------

def test_given_a_person_full_of_markers_when_signalled_then_the_message_carries_none(recorder):
    names = dict(first_name="Zqxv Arbën", last_name="Hoxha D'Ùltimo")
    code = cf.encode(**names, sex="M", birth_date=date(1988, 3, 20), place_code="Z100")
    person = make_person(None, person_data(
        **names, codice_fiscale=code, sex="M", birth_date=date(1988, 3, 20),
        birth_place_code="Z100", citizenship_code="201",
        email="kwzx.segreto@example.it", phone="+39 333 7654321",
        residence_address="Via dei Segreti 13", residence_cap="40121",
        domicile_address="Vicolo Nascosto 7"), operator=staff_here())
    vacancy, _, candidate, _ = _both_at_the_node(
        make_conferrable_candidate(person), title="Cuoca/o «capopartita» d'albergo \x0b")

    application = _sent_to_the_employer(vacancy, candidate)

    [message] = _messages("messaggio", application)
    assert message.problems == [] and delivery.deliver(message.pk) == "sent"
    [received] = recorder.of("messaggio")
    text = received.decode("utf-8")
    for marker in ("Zqxv", "Arbën", "Hoxha", "Ùltimo", code, "kwzx", "7654321",
                   "Segreti", "40121", "Nascosto", person.birth_date.isoformat(),
                   person.birth_date.strftime("%d/%m/%Y")):
        assert marker not in text, marker
    assert "\x0b" not in text and "«capopartita» d'albergo" in text
    # The operator, in the counter's own list, sees whom it was about.
    assert message.subject_label.startswith("Hoxha D'Ùltimo Zqxv Arbën per «Cuoca/o")


# --- Over real HTTP, to the simulated node ----------------------------------------------

def test_given_the_simulator_when_the_candidate_is_sent_then_it_acquires_the_messaggio_once(
        node, cliclavoro_settings, tenant_a, in_a):
    vocab.forget()
    authorise_here()
    with job_desk(connection.tenant):
        vacancy, vacancy_sent, candidate, cv_sent = _both_at_the_node()
        application = _sent_to_the_employer(vacancy, candidate)
        [message] = _messages("messaggio", application)

        assert delivery.deliver(message.pk) == "sent", message.problems

    message.refresh_from_db()
    assert message.state == State.SENT and message.attempt_log.get().http_status == 200
    effects = [e for e in node.effects() if e["kind"] == "messaggio"]
    assert [e["code"] for e in effects] == [message.code]
    assert {e["code"] for e in node.effects()} >= {vacancy_sent.code, cv_sent.code}
    vocab.forget()
