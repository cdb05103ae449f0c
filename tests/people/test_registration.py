"""Registration: the Belfiore table's validity dates, a person never registered
twice (service, page, API), and a form that keeps what was typed."""

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from people import services
from people.errors import DuplicatePerson, PersonError
from people.models import Person
from tests.factories import (
    GIULIA_BIANCHI,
    LUCA_VERDI_1990_ABETONE_CUTIGLIANO,
    MARIO_ROSSI,
    make_person,
    person_data,
    staff_here,
)
from tests.support import audit_events, text_of

pytestmark = pytest.mark.django_db

FORM = {
    "codice_fiscale": GIULIA_BIANCHI, "last_name": "Bianchi", "first_name": "Giulia",
    "sex": "", "birth_date": "", "birth_place_name": "", "birth_place_code": "",
    "citizenship_code": "000", "residence_address": "Via Indipendenza 1",
    "residence_comune": "Bologna", "residence_cap": "40121", "phone": "051 123456",
    "email": "giulia.bianchi@example.it", "employment_status": "neet",
    "vulnerabilities": ["genitore_solo"],
}


def test_given_a_comune_created_after_the_birth_date_when_typed_then_refused_on_the_place(in_a):
    with pytest.raises(PersonError) as error:
        services.register_person(data=person_data(
            first_name="Luca", last_name="Verdi", codice_fiscale="", sex="M",
            birth_date=date(1990, 5, 10), birth_place_code="M376"), acting_user=staff_here())

    assert error.value.fields == {"birth_place_code": [
        "Codice del luogo di nascita sconosciuto o non valido alla data di nascita."]}


def test_given_a_comune_created_after_the_birth_date_when_in_the_code_then_refused_on_it(in_a):
    with pytest.raises(PersonError) as error:
        services.register_person(data=person_data(
            first_name="Luca", last_name="Verdi",
            codice_fiscale=LUCA_VERDI_1990_ABETONE_CUTIGLIANO), acting_user=staff_here())

    assert list(error.value.fields) == ["codice_fiscale"]
    assert "non esisteva alla data di nascita" in error.value.message


def test_given_the_same_comune_and_a_birth_after_its_creation_when_typed_then_accepted(in_a):
    person = services.register_person(data=person_data(
        first_name="Luca", last_name="Verdi", codice_fiscale="", sex="M",
        birth_date=date(2018, 5, 10), birth_place_code="m376"), acting_user=staff_here())

    assert (person.birth_place_code, person.birth_place_name) == ("M376", "Abetone Cutigliano")


def test_given_no_codice_fiscale_when_birth_data_missing_then_each_is_asked_for(in_a):
    with pytest.raises(PersonError) as error:
        services.register_person(data=person_data(codice_fiscale=""), acting_user=staff_here())

    assert error.value.fields == {
        "birth_date": ["Indicare la data di nascita."], "sex": ["Indicare il sesso."],
        "birth_place_code": ["Indicare il comune o lo Stato estero di nascita."]}


def test_given_a_registered_code_when_registered_again_then_duplicate_with_the_existing_record(
        tenant_a, in_a):
    first = services.register_person(data=person_data(), acting_user=staff_here())

    with pytest.raises(DuplicatePerson) as error:
        services.register_person(data=person_data(codice_fiscale=MARIO_ROSSI.lower(),
                                                  phone="", email=""), acting_user=staff_here())

    assert error.value.person == first
    assert error.value.code == "persona_gia_registrata"
    assert Person.objects.filter(codice_fiscale=MARIO_ROSSI).count() == 1


def test_given_a_registered_code_when_another_person_is_edited_to_it_then_duplicate(in_a):
    first = services.register_person(data=person_data(), acting_user=staff_here())
    other = services.register_person(
        data=person_data(first_name="Giulia", last_name="Bianchi", codice_fiscale=GIULIA_BIANCHI),
        acting_user=staff_here())

    with pytest.raises(DuplicatePerson) as error:
        services.update_person(person=other, data=person_data(), acting_user=staff_here())

    assert error.value.person == first


def test_given_the_registration_page_when_valid_then_the_person_page_opens(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post("/persone/nuova/", FORM, follow=True)

    assert response.status_code == 200
    assert "Persona registrata: Giulia Bianchi." in text_of(response)
    with tenant_context(tenant_a):
        person = Person.objects.get(codice_fiscale=GIULIA_BIANCHI)
    assert response.redirect_chain[-1][0] == f"/persone/{person.pk}/"
    assert (person.birth_date, person.sex, person.birth_place_name) == (
        date(1992, 7, 15), "F", "Bologna")
    assert person.vulnerabilities == ["genitore_solo"]
    assert audit_events(tenant_a, "person.created", target_id=str(person.pk))


def test_given_a_registered_code_when_registering_on_the_page_then_a_link_to_the_existing_person(
        tenant_a, tenant_client):
    existing = make_person(tenant_a, consent=False, data=person_data(
        first_name="Giulia", last_name="Bianchi", codice_fiscale=GIULIA_BIANCHI))
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post("/persone/nuova/", FORM)

    assert response.status_code == 200
    assert "Questa persona è già registrata" in text_of(response)
    assert f'href="/persone/{existing.pk}/"' in response.content.decode()
    assert "Apri la scheda di Bianchi Giulia" in text_of(response)
    with tenant_context(tenant_a):
        assert Person.objects.filter(codice_fiscale=GIULIA_BIANCHI).count() == 1


def test_given_a_mismatching_birth_date_when_posting_then_error_at_the_field_and_nothing_lost(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post("/persone/nuova/", {**FORM, "birth_date": "1992-07-16"})

    page = response.content.decode()
    assert response.status_code == 200
    assert ('id="id_birth_date-errore">La data di nascita non corrisponde al codice fiscale '
            '(15/07/1992).') in page
    assert 'aria-invalid="true"' in page
    for typed in ("Via Indipendenza 1", "giulia.bianchi@example.it", "051 123456", "1992-07-16",
                  GIULIA_BIANCHI):
        assert f'value="{typed}"' in page
    assert 'value="genitore_solo" id="id_vulnerabilities_1" checked>' in page
    with tenant_context(tenant_a):
        assert not Person.objects.filter(codice_fiscale=GIULIA_BIANCHI).exists()


def test_given_a_wrong_check_letter_when_posting_then_only_the_code_is_marked(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post("/persone/nuova/", {**FORM, "codice_fiscale": "BNCGLI92L55A944A"})

    page = response.content.decode()
    assert 'id="id_codice_fiscale-errore">Il carattere di controllo' in page
    assert "id_birth_date-errore" not in page


def test_given_a_code_being_typed_when_checked_then_what_it_says_and_if_already_registered(
        tenant_a, tenant_client):
    existing = make_person(tenant_a, person_data(), consent=False)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.get("/persone/verifica-codice-fiscale/",
                          {"codice_fiscale": MARIO_ROSSI.lower()}, HTTP_HX_REQUEST="true")

    assert "nato il 01/01/1980 a Roma (H501)" in text_of(response)
    assert f'href="/persone/{existing.pk}/"' in response.content.decode()


def test_given_a_birth_place_typed_by_name_when_suggested_then_only_places_valid_at_birth(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.OPERATOR)

    before = client.get("/persone/luoghi-di-nascita/",
                        {"birth_place_name": "abetone", "birth_date": "1990-05-10"})
    after = client.get("/persone/luoghi-di-nascita/",
                       {"birth_place_name": "abetone", "birth_date": "2020-05-10"})

    assert 'data-luogo-codice="A012"' in before.content.decode()
    assert 'data-luogo-codice="M376"' not in before.content.decode()
    assert 'data-luogo-codice="M376"' in after.content.decode()
    assert 'data-luogo-codice="A012"' not in after.content.decode()


def test_given_a_foreign_state_typed_by_name_when_suggested_then_marked_as_state(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a, Role.OPERATOR).get(
        "/persone/luoghi-di-nascita/", {"birth_place_name": "alban", "birth_date": "1988-03-20"})

    assert 'data-luogo-codice="Z100"' in response.content.decode()
    assert "Albania · Stato estero · Z100" in text_of(response)


def test_given_the_edit_page_when_saved_then_the_change_is_recorded(tenant_a, tenant_client):
    person = make_person(tenant_a, person_data(), consent=False)
    client = tenant_client(tenant_a, Role.OPERATOR)
    form = client.get(f"/persone/{person.pk}/modifica/")
    assert f'value="{MARIO_ROSSI}"' in form.content.decode()

    response = client.post(f"/persone/{person.pk}/modifica/", {
        "codice_fiscale": MARIO_ROSSI, "last_name": "Rossi", "first_name": "Mario",
        "citizenship_code": "000", "phone": "+39 347 7654321", "email": "nuova@example.it",
        "employment_status": "occupato"}, follow=True)

    assert "Dati aggiornati." in text_of(response)
    with tenant_context(tenant_a):
        person.refresh_from_db()
    assert (person.phone, person.employment_status) == ("+39 347 7654321", "occupato")
    updated = audit_events(tenant_a, "person.updated", target_id=str(person.pk))
    assert set(updated[-1].details["fields"]) >= {"phone", "email", "employment_status"}


def test_given_a_registered_code_and_a_misspelt_name_when_registering_then_still_the_duplicate(
        in_a):
    first = services.register_person(data=person_data(), acting_user=staff_here())

    with pytest.raises(DuplicatePerson) as error:
        services.register_person(data=person_data(first_name="Maria", sex="F"),
                                 acting_user=staff_here())

    assert error.value.person == first
