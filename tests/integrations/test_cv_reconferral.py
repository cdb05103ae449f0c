"""What the operator reads about a conferral, on the pages of the record: a CV
edited after its conferral says so and offers to confer it again (an update
chained to the last code); a vacancy seen only by the counter is conferred
all the same, and its page says so; after «Inviata all'azienda» the operator
learns whether Cliclavoro tells the employer too."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from integrations.outbox import delivery
from integrations.outbox.models import OutboxMessage
from integrations.outbox.states import State
from jobs.models import ApplicationStatus
from jobs.services import candidates as cv
from jobs.services.conferral import confer_candidate
from jobs.services.matching import propose_candidate
from people import services as people_services
from tests.factories import (
    give_transmission_consent,
    make_conferrable_candidate,
    make_employer_here,
    make_vacancy_here,
    staff_here,
)
from tests.integrations.outbox_support import job_desk, routes
from tests.support import text_of

pytestmark = pytest.mark.django_db
CHANGED = "Il curriculum è cambiato dopo l'ultimo conferimento"
AGAIN = "Conferisci di nuovo (aggiornamento)"


@pytest.fixture
def desk(tenant_a):
    with job_desk(tenant_a), routes() as node:
        yield node


def _conferred(tenant):
    """A CV of ``tenant`` conferred and acknowledged by the node."""
    with tenant_context(tenant):
        candidate = make_conferrable_candidate()
        message = confer_candidate(candidate=candidate, acting_user=staff_here())
        assert delivery.deliver(message.pk) == "sent"
        return candidate, message


def _cv_page(client, candidate) -> str:
    response = client.get(f"/persone/{candidate.person_id}/curriculum/")
    assert response.status_code == 200
    return text_of(response)


def _candidature(candidate) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind="candidatura", subject_id=candidate.pk)
                .order_by("id"))


def test_given_a_conferred_cv_when_a_part_is_added_then_the_page_asks_to_confer_it_again(
        desk, tenant_a, tenant_client):
    candidate, first = _conferred(tenant_a)
    with tenant_context(tenant_a):
        cv.add_cv_part(candidate=candidate, acting_user=staff_here(),
                       data=cv.LanguageData(language_code="002", **{skill: "A2" for skill in (
                           "listening", "reading", "spoken_interaction", "spoken_production",
                           "writing")}))
    client = tenant_client(tenant_a, Role.OPERATOR)

    page = _cv_page(client, candidate)
    assert CHANGED in page and AGAIN in page

    response = client.post(f"/persone/{candidate.person_id}/curriculum/conferisci/",
                           follow=True)

    assert "Aggiornamento del curriculum messo in coda per Cliclavoro" in text_of(response)
    with tenant_context(tenant_a):
        sent, update = _candidature(candidate)
    assert update.previous_code == first.code and update.state == State.PENDING
    assert CHANGED not in _cv_page(client, candidate)


def test_given_a_conferred_cv_when_the_person_record_is_edited_then_the_change_is_shown(
        desk, tenant_a, tenant_client):
    candidate, _ = _conferred(tenant_a)
    with tenant_context(tenant_a):
        person = candidate.person
        people_services.update_person(person=person, acting_user=staff_here(), data=replace(
            people_services.PersonData.from_person(person), email="nuova.mail@example.it"))

    assert CHANGED in _cv_page(tenant_client(tenant_a, Role.OPERATOR), candidate)


def test_given_a_conferred_cv_unchanged_then_no_notice_and_nothing_to_confer(
        desk, tenant_a, tenant_client):
    candidate, _ = _conferred(tenant_a)

    page = _cv_page(tenant_client(tenant_a, Role.OPERATOR), candidate)

    assert CHANGED not in page and AGAIN not in page
    assert "riguarda la versione attuale del curriculum" in page
    assert "Cliclavoro: Inviato" in page


def test_given_a_cv_never_conferred_then_the_page_offers_the_first_conferral(
        desk, tenant_a, tenant_client):
    with tenant_context(tenant_a):
        candidate = make_conferrable_candidate()
        cv.add_cv_part(candidate=candidate, acting_user=staff_here(),
                       data=cv.DesiredProfessionData(profession_code="5.1.2.2.0.2",
                                                     description="Anche pizzeria"))

    page = _cv_page(tenant_client(tenant_a, Role.OPERATOR), candidate)

    assert "Non conferito" in page and "Conferisci a Cliclavoro" in page and CHANGED not in page


def test_given_a_cv_closed_after_the_withdrawal_when_edited_then_no_update_is_offered(
        desk, tenant_a, tenant_client):
    candidate, _ = _conferred(tenant_a)
    with tenant_context(tenant_a):
        give_transmission_consent(candidate.person, given=False)
        cv.add_cv_part(candidate=candidate, acting_user=staff_here(),
                       data=cv.DesiredProfessionData(profession_code="5.1.2.2.0.2"))

    page = _cv_page(tenant_client(tenant_a, Role.OPERATOR), candidate)

    assert CHANGED not in page and "(chiusura)" in page


# --- Vacancies seen only by the counter ---------------------------------------------------

def test_given_a_draft_for_the_counter_only_then_its_page_says_it_will_be_conferred(
        desk, tenant_a, tenant_client):
    with tenant_context(tenant_a):
        vacancy = make_vacancy_here(publish=False, visibility="sportello", hours_per_week=40,
                                    employer=make_employer_here())

    page = text_of(tenant_client(tenant_a, Role.OPERATOR).get(f"/lavoro/offerte/{vacancy.pk}/"))

    assert ("Sarà conferita a Cliclavoro alla pubblicazione, anche se visibile solo allo "
            "sportello") in page


def test_given_a_published_vacancy_for_the_counter_only_then_conferred_and_said_so(
        desk, tenant_a, tenant_client):
    with tenant_context(tenant_a):
        counter_only = make_vacancy_here(visibility="sportello", hours_per_week=40,
                                         employer=make_employer_here())
        territorial = make_vacancy_here(visibility="rete", hours_per_week=40,
                                        employer=make_employer_here())
        kinds = set(OutboxMessage.objects.filter(kind="vacancy").values_list("subject_id",
                                                                             flat=True))
    client = tenant_client(tenant_a, Role.OPERATOR)

    page = text_of(client.get(f"/lavoro/offerte/{counter_only.pk}/"))
    other = text_of(client.get(f"/lavoro/offerte/{territorial.pk}/"))

    assert kinds == {counter_only.pk, territorial.pk}
    assert "Conferita a Cliclavoro anche se visibile solo allo sportello" in page
    assert "Cliclavoro: Da inviare" in page
    assert "visibile solo allo sportello" not in other


# --- After «Inviata all'azienda» ---------------------------------------------------------

def _sent_step(client, application) -> str:
    response = client.post(f"/lavoro/candidature/{application.pk}/passaggio/",
                           {"to_status": ApplicationStatus.SENT}, follow=True)
    assert response.status_code == 200
    return text_of(response)


def test_given_a_cv_not_at_the_node_when_sent_to_the_employer_then_the_operator_is_told_why(
        desk, tenant_a, tenant_client):
    with tenant_context(tenant_a):
        vacancy = make_vacancy_here(hours_per_week=40, employer=make_employer_here())
        delivery.deliver(OutboxMessage.objects.get(kind="vacancy", subject_id=vacancy.pk).pk)
        application = propose_candidate(vacancy=vacancy, candidate=make_conferrable_candidate(),
                                        acting_user=staff_here(), shortlist=True)

    page = _sent_step(tenant_client(tenant_a, Role.OPERATOR), application)

    assert "Candidatura aggiornata: Inviata all'azienda" in page
    assert "Nessuna segnalazione tramite Cliclavoro" in page


def test_given_both_at_the_node_when_sent_to_the_employer_then_the_operator_reads_the_messaggio(
        tenant_a, tenant_client):
    from dataclasses import replace as changed

    from integrations.cliclavoro import vocab
    from integrations.outbox.registry import DeliveryReply, registry
    from tests.factories import authorise_here

    def node(**_):
        return DeliveryReply(outcome="OK", description="Comunicazione acquisita")

    real = [changed(registry.route("cliclavoro", kind), send=node)
            for kind in ("vacancy", "candidatura", "messaggio")]
    vocab.forget()
    with job_desk(tenant_a), registry.replaced(*real), tenant_context(tenant_a):
        authorise_here()
        vacancy = make_vacancy_here(employer=make_employer_here(
            ateco_code="56.10.11", email="info@trattoria.example.it"))
        candidate = make_conferrable_candidate()
        for message in (OutboxMessage.objects.get(kind="vacancy", subject_id=vacancy.pk),
                        confer_candidate(candidate=candidate, acting_user=staff_here())):
            assert delivery.deliver(message.pk) == "sent", message.problems
        application = propose_candidate(vacancy=vacancy, candidate=candidate,
                                        acting_user=staff_here(), shortlist=True)

        page = _sent_step(tenant_client(tenant_a, Role.OPERATOR), application)
    vocab.forget()

    assert "Segnalazione all'azienda tramite Cliclavoro: da inviare" in page


def test_given_an_invalid_conferral_cancelled_by_the_closing_then_its_page_offers_no_fix(
        desk, tenant_a, tenant_client):
    from jobs.services.vacancies import close_vacancy

    with tenant_context(tenant_a):
        vacancy = make_vacancy_here(hours_per_week=None, employer=make_employer_here())
        message = OutboxMessage.objects.get(kind="vacancy", subject_id=vacancy.pk)
        assert message.state == State.INVALID
        close_vacancy(vacancy=vacancy, reason="coperta", acting_user=staff_here())
        message.refresh_from_db()
    assert message.state == State.CANCELLED

    page = text_of(tenant_client(tenant_a, Role.OPERATOR).get(
        f"/lavoro/conferimenti/{message.pk}/"))

    assert "Non era valido per Cliclavoro, poi è stato annullato" in page
    assert "Il campo «Ore settimanali» è obbligatorio per Cliclavoro" in page
    assert "Rigenera e reinvia" not in page and "Il record non è valido" not in page
