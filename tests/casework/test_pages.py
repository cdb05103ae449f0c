"""The pathway page: current stage, the allowed next stages as forms asking for
their data, the full history; errors at the field, in Italian."""

from __future__ import annotations

from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from casework.models import Pathway, PathwayEvent
from tests.factories import active_lender, make_person, make_user, open_at
from tests.support import text_of


def test_given_a_person_when_the_operator_opens_a_microcredit_pathway_then_the_page_shows_its_first_stage(  # noqa: E501
        tenant_a, tenant_client):
    person = make_person(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/persone/{person.pk}/percorsi/nuovo/",
                           {"kind": "microcredito", "beneficiary_type": "ordinario"}, follow=True)

    page = text_of(response)
    assert "Microcredito e autoimpiego: percorso aperto (Primo contatto)." in page
    assert "Passa a: Informazione" in page and "Passa a: Ritirato" in page
    assert "Passa a: Erogato" not in page
    assert "Apertura: Primo contatto" in page


def test_given_the_person_page_then_it_links_to_the_consultation_form_and_the_pathways(
        tenant_a, tenant_client):
    person = make_person(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    body = client.get(f"/persone/{person.pk}/").content.decode()

    assert f'href="/persone/{person.pk}/consulenze/nuova/"' in body
    assert f'href="/persone/{person.pk}/percorsi/' in body
    assert client.get(f"/persone/{person.pk}/percorsi/nuovo/")["Location"].endswith(
        f"/persone/{person.pk}/percorsi/#apri-percorso")


def test_given_a_business_plan_when_sending_to_a_lender_without_choosing_one_then_the_error_is_at_the_field(  # noqa: E501
        tenant_a, tenant_client):
    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, "microcredito", "business_plan", user=operator)
    client = tenant_client(tenant_a, Role.OPERATOR)
    prefix = f"p{pathway.pk}-invio_finanziatore"

    response = client.post(f"/percorsi/{pathway.pk}/avanza/", {
        "to_stage": "invio_finanziatore", f"{prefix}-lender": ""})

    assert response.status_code == 400
    assert f'id="id_{prefix}-lender-errore"' in response.content.decode()
    assert "Campo obbligatorio." in text_of(response)
    with tenant_context(tenant_a):
        assert Pathway.objects.get(pk=pathway.pk).stage == "business_plan"


def test_given_an_approved_loan_when_the_operator_records_the_disbursement_then_the_history_shows_amount_and_lender(  # noqa: E501
        tenant_a, tenant_client):
    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    lender = active_lender()
    with tenant_context(tenant_a):
        pathway = open_at(person, "microcredito", "approvato", user=operator)
    client = tenant_client(tenant_a, Role.OPERATOR)
    prefix = f"p{pathway.pk}-erogato"

    response = client.post(f"/percorsi/{pathway.pk}/avanza/", {
        "to_stage": "erogato", f"{prefix}-amount": "22.500,00",
        f"{prefix}-disbursed_on": timezone.localdate().isoformat(),
        f"{prefix}-lender": str(lender.pk), f"{prefix}-beneficiary_type": "ordinario"},
        follow=True)

    page = text_of(response)
    assert "Percorso passato alla fase «Erogato»." in page
    assert "Approvato → Erogato" in page
    assert "Importo erogato: 22.500,00 €" in page
    assert f"Finanziatore: {lender.name}" in page


def test_given_an_amount_over_the_limit_in_the_form_then_the_error_is_at_the_amount_field(
        tenant_a, tenant_client):
    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, "microcredito", "approvato", user=operator)
    client = tenant_client(tenant_a, Role.OPERATOR)
    prefix = f"p{pathway.pk}-erogato"

    response = client.post(f"/percorsi/{pathway.pk}/avanza/", {
        "to_stage": "erogato", f"{prefix}-amount": "80000",
        f"{prefix}-disbursed_on": timezone.localdate().isoformat(),
        f"{prefix}-lender": str(pathway.lender_id), f"{prefix}-beneficiary_type": "ordinario"})

    assert response.status_code == 400
    assert f'id="id_{prefix}-amount-errore"' in response.content.decode()
    assert "L'importo supera il limite di 75.000,00 €" in text_of(response)


def test_given_a_stale_page_when_posting_a_transition_no_longer_allowed_then_the_italian_refusal(
        tenant_a, tenant_client):
    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, "lavoro", "cv", user=operator)
        events = PathwayEvent.objects.filter(pathway=pathway).count()
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/percorsi/{pathway.pk}/avanza/", {"to_stage": "collocato"},
                           follow=True)

    assert ("Passaggio non ammesso: dalla fase «Curriculum vitae» alla fase «Collocato»."
            in text_of(response))
    with tenant_context(tenant_a):
        assert PathwayEvent.objects.filter(pathway=pathway).count() == events


def test_given_an_open_pathway_of_each_kind_then_no_opening_form_is_offered(
        tenant_a, tenant_client):
    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        open_at(person, "lavoro", "orientamento", user=operator)
        open_at(person, "microcredito", "primo_contatto", user=operator)
    client = tenant_client(tenant_a, Role.OPERATOR)

    page = text_of(client.get(f"/persone/{person.pk}/percorsi/"))

    assert "Apri un percorso" not in page


def test_given_a_consultation_when_opened_then_its_data_and_documents_are_shown(
        tenant_a, tenant_client):
    from casework import services

    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a, last_name="Esposito")
    with tenant_context(tenant_a):
        consultation = services.record_consultation(
            person=person, acting_user=operator, occurred_at=timezone.now(),
            duration_minutes=50, mode="video", topics=["ON - Oltre Nuove imprese"],
            next_steps="Rivedere il piano")
    client = tenant_client(tenant_a, Role.OPERATOR)

    page = text_of(client.get(f"/consulenze/{consultation.pk}/"))

    assert "Esposito" in page and "50 minuti" in page and "Videochiamata" in page
    assert "ON - Oltre Nuove imprese" in page and "Rivedere il piano" in page
    assert "Nessun documento allegato." in page
