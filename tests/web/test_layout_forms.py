"""Forms that used to reveal their errors one round at a time now show them
all at once, and codici fiscali typed with spaces are normalised."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from casework.models import Pathway
from desks import selectors as desk_selectors
from desks.models import Appointment
from people.models import Person
from tests.factories import MARIO_ROSSI, active_lender, make_person, make_user, open_at, person_data
from tests.support import text_of

pytestmark = pytest.mark.django_db

MARIO_ROSSI_TYPED = "rss mra 80a01 h501u"


def _summary_links(response) -> list[str]:
    summary = re.search(r'(?s)data-error-summary.*?</ul>', response.content.decode()).group(0)
    return re.findall(r'href="#([^"]+)"', summary)


# --- Codice fiscale with spaces ---------------------------------------------------------

def test_given_a_codice_fiscale_typed_with_spaces_when_registering_then_it_is_stored_normalised(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post("/persone/nuova/", {
        "codice_fiscale": MARIO_ROSSI_TYPED, "last_name": "Rossi", "first_name": "Mario",
        "citizenship_code": "000"}, follow=True)

    assert "Persona registrata: Mario Rossi." in text_of(response)
    with tenant_context(tenant_a):
        assert Person.objects.filter(codice_fiscale=MARIO_ROSSI).count() == 1


def test_given_the_registration_page_when_rendered_then_the_code_box_leaves_room_for_spaces(
        tenant_a, tenant_client):
    page = tenant_client(tenant_a, Role.OPERATOR).get("/persone/nuova/").content.decode()

    box = re.search(r'<input[^>]*name="codice_fiscale"[^>]*>', page).group(0)
    assert 'maxlength="32"' in box


def test_given_a_codice_fiscale_with_spaces_when_searching_people_then_the_person_is_found(
        tenant_a, tenant_client):
    person = make_person(tenant_a, person_data(), consent=False)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.get("/persone/risultati/", {"q": "RSS MRA 80A01 H501U"},
                          HTTP_HX_REQUEST="true")

    assert f'href="/persone/{person.pk}/"' in response.content.decode()


def test_given_a_codice_fiscale_with_spaces_when_checked_live_then_it_is_decoded(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.get("/persone/verifica-codice-fiscale/",
                          {"codice_fiscale": MARIO_ROSSI_TYPED}, HTTP_HX_REQUEST="true")

    assert "nato il 01/01/1980 a Roma (H501)" in text_of(response)


def test_given_the_registration_page_when_rendered_then_the_live_check_clears_the_code_errors(
        tenant_a, tenant_client):
    page = tenant_client(tenant_a, Role.OPERATOR).get("/persone/nuova/").content.decode()

    assert re.search(r'<div id="cf-esito"[^>]*data-clears-errors-of="id_codice_fiscale"', page)


# --- Public booking: the privacy box with the other errors ------------------------------

def test_given_a_booking_with_blank_name_bad_phone_and_no_privacy_then_all_errors_at_once(
        tenant_a, tenant_client):
    with tenant_context(tenant_a):
        slot = desk_selectors.free_slots()[0]

    response = tenant_client(tenant_a).post("/prenota/", {
        "slot": slot.key, "name": "", "email": "lucia.neri@example.it", "phone": "abc",
        "reason": "Informazioni", "service": "", "privacy": ""})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_name-errore">Campo obbligatorio.' in page
    assert 'id="id_phone-errore">Indichi un numero di telefono valido.' in page
    assert ('id="id_privacy-errore">Per prenotare occorre dichiarare di aver letto '
            "l&#x27;informativa.") in page
    assert _summary_links(response) == ["id_name", "id_phone", "id_privacy"]
    with tenant_context(tenant_a):
        assert not Appointment.objects.filter(starts_at=slot.starts_at).exists()


# --- Pathway step: time and data together -----------------------------------------------

def test_given_a_disbursement_with_a_bad_amount_a_future_date_and_no_lender_then_all_at_once(
        tenant_a, tenant_client):
    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    active_lender()
    with tenant_context(tenant_a):
        pathway = open_at(person, "microcredito", "approvato", user=operator)
        Pathway.objects.filter(pk=pathway.pk).update(lender=None)
    client = tenant_client(tenant_a, Role.OPERATOR)
    prefix = f"p{pathway.pk}-erogato"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client.post(f"/percorsi/{pathway.pk}/avanza/", {
        "to_stage": "erogato", f"{prefix}-amount": "tanti",
        f"{prefix}-disbursed_on": tomorrow, f"{prefix}-lender": "",
        f"{prefix}-beneficiary_type": "ordinario"})

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{prefix}-amount-errore"' in page
    assert (f'id="id_{prefix}-disbursed_on-errore">La data di erogazione non può essere '
            "successiva") in page
    assert f'id="id_{prefix}-lender-errore"' in page
    with tenant_context(tenant_a):
        assert Pathway.objects.get(pk=pathway.pk).stage == "approvato"


def test_given_a_step_form_with_a_bad_date_when_sent_then_the_service_checks_the_rest_too(
        tenant_a, tenant_client):
    operator = make_user(tenant_a, Role.OPERATOR)
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        pathway = open_at(person, "microcredito", "approvato", user=operator)
    client = tenant_client(tenant_a, Role.OPERATOR)
    prefix = f"p{pathway.pk}-erogato"

    response = client.post(f"/percorsi/{pathway.pk}/avanza/", {
        "to_stage": "erogato", f"{prefix}-amount": "tanti",
        f"{prefix}-disbursed_on": "non-una-data", f"{prefix}-lender": str(pathway.lender_id),
        f"{prefix}-beneficiary_type": "ordinario"})

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{prefix}-disbursed_on-errore">Data non valida.' in page
    assert f'id="id_{prefix}-amount-errore">Importo non valido.' in page


def test_given_a_booking_without_a_slot_when_sent_then_the_summary_points_at_the_slots(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a).post("/prenota/", {
        "slot": "", "name": "Lucia Neri", "email": "lucia.neri@example.it",
        "phone": "347 1112223", "reason": "Informazioni", "service": "", "privacy": "on"})

    assert response.status_code == 400
    assert _summary_links(response) == ["id_slot-errore"]
    assert 'id="id_slot-errore"' in response.content.decode()


def test_given_a_codice_fiscale_with_spaces_when_posted_to_the_api_then_stored_normalised(
        tenant_a, tenant_client):
    api = tenant_client(tenant_a, Role.OPERATOR)

    response = api.post("/api/v1/persone/", {"codice_fiscale": MARIO_ROSSI_TYPED,
                                             "nome": "Mario", "cognome": "Rossi"},
                        content_type="application/json")

    assert response.status_code == 201
    assert response.json()["codice_fiscale"] == MARIO_ROSSI


def test_given_a_password_change_with_two_mistakes_when_sent_then_the_summary_lists_both(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post("/accesso/password/", {
        "old_password": "sbagliata", "new_password1": "Una-nuova-password-1",
        "new_password2": "Un-altra-password-2"})

    assert _summary_links(response) == ["id_old_password", "id_new_password2"]
    assert re.search(r'name="old_password"[^>]*aria-invalid="true"', response.content.decode())
