"""Codice fiscale: check letter, omocodia, foreign births, impossible dates, and
typed data that disagree with the code, each reported on its own field."""

from datetime import date

import pytest

from people import codice_fiscale as cf
from people import services
from people.errors import PersonError
from tests.factories import (
    ARBEN_HOXHA,
    GIULIA_BIANCHI,
    MARIO_ROSSI,
    MARIO_ROSSI_OMOCODE,
    person_data,
    staff_here,
)

pytestmark = pytest.mark.django_db


def test_given_a_valid_code_when_decoded_then_birth_date_sex_and_place():
    decoded = cf.decode(MARIO_ROSSI)

    assert (decoded.birth_date, decoded.sex, decoded.place_code) == (date(1980, 1, 1), "M",
                                                                     "H501")
    assert not decoded.is_omocode


def test_given_a_woman_when_decoded_then_day_minus_forty_and_sex_f():
    decoded = cf.decode(GIULIA_BIANCHI)

    assert (decoded.birth_date, decoded.sex, decoded.place_code) == (date(1992, 7, 15), "F",
                                                                     "A944")


def test_given_an_omocodia_variant_when_decoded_then_the_same_person_data():
    plain, variant = cf.decode(MARIO_ROSSI), cf.decode(MARIO_ROSSI_OMOCODE)

    assert variant.is_omocode
    assert (variant.birth_date, variant.sex, variant.place_code) == (
        plain.birth_date, plain.sex, plain.place_code)


def test_given_lower_case_and_spaces_when_decoded_then_normalised():
    assert cf.decode(" rssmra80a01h501u ").code == MARIO_ROSSI


def test_given_a_foreign_born_person_when_decoded_then_the_z_code_of_the_state():
    decoded = cf.decode(ARBEN_HOXHA)

    assert decoded.place_code == "Z100"
    assert decoded.born_abroad


def test_given_a_wrong_check_letter_when_decoded_then_refused_with_its_code():
    with pytest.raises(cf.CodiceFiscaleError) as error:
        cf.decode("RSSMRA80A01H501A")

    assert error.value.code == "cf_controllo"
    assert "carattere di controllo" in error.value.message


@pytest.mark.parametrize("code", ["RSSMRA80B30H501X",  # 30 February
                                  "RSSMRA80A35H501K"])  # day 35 (neither man nor woman)
def test_given_an_impossible_date_when_decoded_then_refused(code):
    with pytest.raises(cf.CodiceFiscaleError) as error:
        cf.decode(code)

    assert error.value.code == "cf_data"


@pytest.mark.parametrize("code,error_code", [("RSSMRA80A01H501", "cf_lunghezza"),
                                             ("RSSMRA80X01H501U", "cf_formato")])
def test_given_a_malformed_code_when_decoded_then_refused(code, error_code):
    with pytest.raises(cf.CodiceFiscaleError) as error:
        cf.decode(code)

    assert error.value.code == error_code


def _registration_errors(**typed) -> dict[str, list[str]]:
    with pytest.raises(PersonError) as error:
        services.register_person(data=person_data(**typed), acting_user=staff_here())
    return error.value.fields


def test_given_only_the_code_and_names_when_registering_then_birth_data_filled_from_it(in_a):
    person = services.register_person(data=person_data(), acting_user=staff_here())

    assert (person.birth_date, person.sex, person.birth_place_code, person.birth_place_name) == (
        date(1980, 1, 1), "M", "H501", "Roma")


def test_given_a_foreign_born_code_when_registering_then_the_state_is_the_birth_place(in_a):
    person = services.register_person(
        data=person_data(first_name="Arben", last_name="Hoxha", codice_fiscale=ARBEN_HOXHA),
        acting_user=staff_here())

    assert (person.birth_place_code, person.birth_place_name) == ("Z100", "Albania")


def test_given_an_omocodia_variant_when_registering_then_accepted_with_the_decoded_data(in_a):
    person = services.register_person(data=person_data(codice_fiscale=MARIO_ROSSI_OMOCODE),
                                      acting_user=staff_here())

    assert person.codice_fiscale == MARIO_ROSSI_OMOCODE
    assert (person.birth_date, person.birth_place_code) == (date(1980, 1, 1), "H501")


def test_given_a_wrong_check_letter_when_registering_then_the_error_is_on_the_code(in_a):
    errors = _registration_errors(codice_fiscale="RSSMRA80A01H501A")

    assert list(errors) == ["codice_fiscale"]
    assert "carattere di controllo" in errors["codice_fiscale"][0]


def test_given_a_typed_birth_date_that_disagrees_when_registering_then_error_on_birth_date(in_a):
    errors = _registration_errors(birth_date=date(1980, 1, 2))

    assert list(errors) == ["birth_date"]
    assert errors["birth_date"] == [
        "La data di nascita non corrisponde al codice fiscale (01/01/1980)."]


def test_given_a_typed_sex_that_disagrees_when_registering_then_error_on_sex(in_a):
    assert _registration_errors(sex="F") == {
        "sex": ["Il sesso non corrisponde al codice fiscale."]}


def test_given_a_typed_place_that_disagrees_when_registering_then_error_on_the_place(in_a):
    assert _registration_errors(birth_place_code="A944") == {
        "birth_place_code": ["Il luogo di nascita non corrisponde al codice fiscale."]}


def test_given_names_that_disagree_when_registering_then_error_on_each_name(in_a):
    errors = _registration_errors(first_name="Luca", last_name="Bianchi")

    assert errors == {"last_name": ["Il cognome non corrisponde al codice fiscale."],
                      "first_name": ["Il nome non corrisponde al codice fiscale."]}


def test_given_accents_and_apostrophes_in_names_when_registering_then_they_match_the_code(in_a):
    code = cf.surname_code("D'Àngelo") + cf.name_code("Nicolò") + "85M12F205"
    code += cf.check_letter(code)

    person = services.register_person(
        data=person_data(first_name="Nicolò", last_name="D'Àngelo", codice_fiscale=code),
        acting_user=staff_here())

    assert person.codice_fiscale == "DNGNCL85M12F205" + code[-1]


def test_given_a_citizen_when_encoded_then_the_code_the_agenzia_issues():
    assert cf.encode(last_name="Rossi", first_name="Mario", sex="M", birth_date=date(1980, 1, 1),
                     place_code="H501") == MARIO_ROSSI
    assert cf.encode(last_name="Hoxha", first_name="Arben", sex="M",
                     birth_date=date(1988, 3, 20), place_code="Z100") == ARBEN_HOXHA


def test_given_a_namesake_when_encoded_then_the_next_omocodia_variant_from_the_right():
    taken: set[str] = set()
    codes = []
    for _ in range(3):
        code = cf.encode(last_name="Rossi", first_name="Mario", sex="M",
                         birth_date=date(1980, 1, 1), place_code="H501", taken=taken)
        taken.add(code)
        codes.append(code)

    assert codes == [MARIO_ROSSI, MARIO_ROSSI_OMOCODE, "RSSMRA80A01H5LMX"]
    assert [cf.decode(code).birth_date for code in codes] == [date(1980, 1, 1)] * 3
    assert [cf.decode(code).is_omocode for code in codes] == [False, True, True]
