"""Tricky citizens at the counter, end to end: omocodia, people born abroad or
in comuni since merged, apostrophes, accents, spaces and very short names,
women (day + 40), 29 February, the elderly (the code's two-digit year), a code
typed in lower case. Each is registered from the form and the API, decoded and
cross-checked, found by search however the operator spells the name, opened,
exported, and can book from the public page; a wrong one gets an Italian error
at its field, never a server error or a mangled name."""

from __future__ import annotations

import csv
import importlib
import io
import re
from datetime import date

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps as django_apps
from django.contrib.sessions.models import Session
from django.core import mail
from django_tenants.utils import tenant_context
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.models import Role, User
from audit.models import AuditEvent
from desks.models import Appointment, MessageTemplate, OutgoingMessage
from desks.tasks import deliver_message
from people import codice_fiscale as cf
from people.models import ConsentRecord, Contact, Person
from people.search import person_search_text
from tenants.models import Tenant
from tests.desks.test_booking import form as booking_form
from tests.desks.test_booking import free_slots
from tests.factories import PASSWORD, make_person, make_user, person_data
from tests.integration.committed import committed, rows_added_are_removed
from tests.support import text_of

pytestmark = pytest.mark.django_db

# Valid codici fiscali (check letter verified), and who they belong to.
NICOLO_DANGELO = "DNGNCL84B29F839C"  # Nicolò D'Angelo, M, 29/02/1984 (leap year), Napoli
ZOE_DELLACQUA = "DLLZOE00B69F205J"  # Zoë Dell'Acqua, F, 29/02/2000 (29 + 40), Milano
ANNA_DE_LUCA = "DLCNNA91S43A944F"  # Anna De Luca, F, 03/11/1991, Bologna
MARIA_JOSE_DA_SILVA = "DSLMJS90B55Z602I"  # Maria José Da Silva, F, 15/02/1990, Brasile
JOHN_SMITH = "SMTJHN75L04Z404Z"  # John Smith, M, 04/07/1975, Stati Uniti d'America
YOUSSEF_EL_AMRANI = "LMRYSF93R12Z330J"  # Youssef El Amrani, M, 12/10/1993, Marocco
DARIO_FO = "FOXDRA26C24H501G"  # Dario Fo, M, 24/03/1926 (or 2026: the code has 2 digits)
UGO_RE = "REXGUO70E05A944Q"  # Ugo Re, M, 05/05/1970, Bologna
AI_OE = "OEXAIX88T41Z219X"  # Ai Oe, F, 01/12/1988, Giappone
# Mario Rossi, 01/01/1980, Roma, with every one of the seven digits replaced
# (omocodia): RSSMRA 80 A 01 H501 -> RSSMRA UL A LM HRLM.
MARIO_ROSSI_FULL_OMOCODE = "RSSMRAULALMHRLMD"
MARIO_ROSSI_THREE_OMOCODE = "RSSMRA80A01HRLMS"
LUCA_VERDI_ABETONE_1990 = "VRDLCU90E10A012F"  # Abetone (A012), merged in 2017
LUCA_VERDI_ABETONE_2018 = "VRDLCU18E10A012S"  # born after Abetone ceased to exist
ARTA_KRASNIQI = "KRSRTA90E52Z160E"  # F, 12/05/1990, Kosovo (Z160: a state since 2008)
MILAN_JOVANOVIC = "JVNMLN85P03Z158S"  # Milan Jovanović, M, 03/09/1985, Serbia (Z158: since 2006)
LUKASZ_NOWAK = "NWKLSZ87C15Z127Z"  # Łukasz Nowak, M, 15/03/1987, Polonia (Ł read as L)
PETR_NOVAK = "NVKPTR88H01Z156W"  # M, 01/06/1988, Repubblica Ceca (Z156: since 1993)
LUCIA_BIANCHI_FORLI = "BNCLCU85D50D704Q"  # F, 10/04/1985, Forlì (the table writes FORLI')
NOT_A_LEAP_DAY = "DNGNCL83B29F839"  # 29/02/1983 does not exist (check letter added below)

TYPOGRAPHIC_APOSTROPHE = "\u2019"

FORM = {
    "codice_fiscale": "", "last_name": "", "first_name": "", "sex": "", "birth_date": "",
    "birth_place_name": "", "birth_place_code": "", "citizenship_code": "000",
    "residence_address": "", "residence_comune": "", "residence_cap": "", "phone": "",
    "email": "", "employment_status": "", "education_level": "",
}


def _form(**values) -> dict:
    return {**FORM, **values}


@pytest.fixture
def operator(tenant_a, tenant_client):
    return tenant_client(tenant_a, Role.OPERATOR)


def _person(tenant, code: str) -> Person:
    with tenant_context(tenant):
        return Person.objects.get(codice_fiscale=code)


def _person_named(tenant, last_name: str) -> Person:
    with tenant_context(tenant):
        return Person.objects.get(last_name=last_name)


def _field_errors(response, name: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(name, [])]


# --- Codice fiscale: decoding and cross-checks ------------------------------

@pytest.mark.parametrize("code,expected", [
    (MARIO_ROSSI_FULL_OMOCODE, (date(1980, 1, 1), "M", "H501", True)),
    (MARIO_ROSSI_THREE_OMOCODE, (date(1980, 1, 1), "M", "H501", True)),
    (NICOLO_DANGELO, (date(1984, 2, 29), "M", "F839", False)),
    (ZOE_DELLACQUA, (date(2000, 2, 29), "F", "F205", False)),
    (MARIA_JOSE_DA_SILVA, (date(1990, 2, 15), "F", "Z602", False)),
    (AI_OE.lower(), (date(1988, 12, 1), "F", "Z219", False)),
    (" dng ncl 84b29 f839c ", (date(1984, 2, 29), "M", "F839", False)),
    ("\u200bDNGNCL84B29F839C\u00a0", (date(1984, 2, 29), "M", "F839", False)),  # pasted
])
def test_given_a_tricky_code_when_decoded_then_birth_date_sex_and_place(code, expected):
    decoded = cf.decode(code, today=date(2026, 12, 1))

    assert (decoded.birth_date, decoded.sex, decoded.place_code, decoded.is_omocode) == expected


@pytest.mark.parametrize("surname,name,code", [
    ("D'Angelo", "Nicolò", NICOLO_DANGELO),
    (f"D{TYPOGRAPHIC_APOSTROPHE}Angelo", "NICOLÒ", NICOLO_DANGELO),
    ("Dell'Acqua", "Zoë", ZOE_DELLACQUA),
    ("De Luca", "Anna", ANNA_DE_LUCA),
    ("Da Silva", "Maria José", MARIA_JOSE_DA_SILVA),
    ("El Amrani", "Youssef", YOUSSEF_EL_AMRANI),
    ("Fo", "Dario", DARIO_FO),
    ("Re", "Ugo", UGO_RE),
    ("Oe", "Ai", AI_OE),
    ("Nowak", "Łukasz", LUKASZ_NOWAK),
])
def test_given_names_with_apostrophes_accents_spaces_or_few_letters_then_they_match_the_code(
        surname, name, code):
    decoded = cf.decode(code, today=date(2026, 12, 1))

    assert cf.mismatches(decoded, last_name=surname, first_name=name) == {}


def test_given_a_two_digit_year_when_the_typed_birth_is_a_century_earlier_then_it_agrees():
    decoded = cf.decode(DARIO_FO, today=date(2026, 12, 1))

    assert cf.mismatches(decoded, birth_date=date(1926, 3, 24)) == {}
    assert "birth_date" in cf.mismatches(decoded, birth_date=date(1926, 3, 25))


def test_given_a_year_that_would_put_the_birth_in_the_future_when_decoded_then_last_century():
    decoded = cf.decode("RSSMRA26T31H501" + cf.check_letter("RSSMRA26T31H501"),
                        today=date(2026, 12, 1))

    assert decoded.birth_date == date(1926, 12, 31)


def test_given_29_february_of_a_common_year_when_decoded_then_the_date_does_not_exist():
    code = NOT_A_LEAP_DAY + cf.check_letter(NOT_A_LEAP_DAY)

    with pytest.raises(cf.CodiceFiscaleError) as error:
        cf.decode(code, today=date(2026, 12, 1))

    assert error.value.code == "cf_data"
    assert error.value.message == "La data di nascita nel codice fiscale non esiste."


# --- Registration from the form ----------------------------------------------

def test_given_a_fully_omocode_code_when_registered_from_the_form_then_decoded_and_opened(
        tenant_a, operator):
    response = operator.post("/persone/nuova/", _form(
        codice_fiscale=MARIO_ROSSI_FULL_OMOCODE, last_name="Rossi", first_name="Mario"),
        follow=True)

    shown = text_of(response)
    assert response.status_code == 200
    assert "Persona registrata: Mario Rossi." in shown
    assert "01/01/1980" in shown and "Roma" in shown
    person = _person(tenant_a, MARIO_ROSSI_FULL_OMOCODE)
    assert (person.birth_date, person.sex, person.birth_place_code) == (
        date(1980, 1, 1), "M", "H501")


def test_given_a_typographic_apostrophe_and_a_lower_case_code_when_registered_then_kept_as_typed(
        tenant_a, operator):
    surname = f"D{TYPOGRAPHIC_APOSTROPHE}Angelo"

    response = operator.post("/persone/nuova/", _form(
        codice_fiscale=NICOLO_DANGELO.lower(), last_name=surname, first_name="Nicolò"),
        follow=True)

    assert f"Persona registrata: Nicolò {surname}." in text_of(response)
    person = _person(tenant_a, NICOLO_DANGELO)
    assert (person.last_name, person.first_name, person.birth_date, person.birth_place_name) == (
        surname, "Nicolò", date(1984, 2, 29), "Napoli")


def test_given_an_apostrophe_in_the_surname_when_the_page_is_shown_then_escaped_once(
        tenant_a, operator):
    person = make_person(tenant_a, consent=False, data=person_data(
        first_name="Zoë", last_name="Dell'Acqua", codice_fiscale=ZOE_DELLACQUA,
        email="zoe@example.it"))

    response = operator.get(f"/persone/{person.pk}/")

    assert response.status_code == 200
    assert "Zoë Dell'Acqua" in text_of(response)
    raw = response.content.decode()
    assert "&amp;#x27;" not in raw and "&amp;#39;" not in raw and "&amp;amp;" not in raw
    assert "29/02/2000" in text_of(response)


def test_given_an_apostrophe_in_the_surname_when_edited_without_changes_then_saved_as_it_was(
        tenant_a, operator):
    person = make_person(tenant_a, consent=False, data=person_data(
        first_name="Zoë", last_name="Dell'Acqua", codice_fiscale=ZOE_DELLACQUA,
        email="zoe@example.it"))
    edit = operator.get(f"/persone/{person.pk}/modifica/")
    assert 'value="Dell&#x27;Acqua"' in edit.content.decode()  # escaped once
    typed = {name: value for name, value in edit.context["form"].initial.items()
             if value is not None and name in FORM}
    typed["birth_date"] = "2000-02-29"

    response = operator.post(f"/persone/{person.pk}/modifica/", _form(**typed), follow=True)

    assert "Dati aggiornati." in text_of(response)
    person = _person(tenant_a, ZOE_DELLACQUA)
    assert (person.last_name, person.first_name, person.birth_date) == (
        "Dell'Acqua", "Zoë", date(2000, 2, 29))


def test_given_a_woman_whose_code_says_so_when_typed_as_a_man_then_the_error_is_at_sex(
        operator):
    response = operator.post("/persone/nuova/", _form(
        codice_fiscale=ANNA_DE_LUCA, last_name="De Luca", first_name="Anna", sex="M"))

    assert response.status_code == 200
    assert _field_errors(response, "sex") == ["Il sesso non corrisponde al codice fiscale."]
    assert not Person.objects.filter(last_name="De Luca").exists()


def test_given_29_february_of_a_common_year_in_the_code_when_registered_then_the_error_is_at_it(
        operator):
    response = operator.post("/persone/nuova/", _form(
        codice_fiscale=NOT_A_LEAP_DAY + cf.check_letter(NOT_A_LEAP_DAY),
        last_name="D'Angelo", first_name="Nicolò"))

    assert response.status_code == 200
    assert _field_errors(response, "codice_fiscale") == [
        "La data di nascita nel codice fiscale non esiste."]


def test_given_an_elderly_citizen_when_registered_with_the_typed_birth_date_then_accepted(
        tenant_a, operator):
    response = operator.post("/persone/nuova/", _form(
        codice_fiscale=DARIO_FO, last_name="Fo", first_name="Dario", birth_date="1926-03-24"),
        follow=True)

    assert "Persona registrata: Dario Fo." in text_of(response)
    assert _person(tenant_a, DARIO_FO).birth_date == date(1926, 3, 24)


def test_given_a_comune_merged_since_when_born_there_before_then_registered_with_its_old_name(
        tenant_a, operator):
    response = operator.post("/persone/nuova/", _form(
        codice_fiscale=LUCA_VERDI_ABETONE_1990, last_name="Verdi", first_name="Luca"),
        follow=True)

    assert "Persona registrata: Luca Verdi." in text_of(response)
    assert _person(tenant_a, LUCA_VERDI_ABETONE_1990).birth_place_name == "Abetone"


def test_given_a_comune_merged_since_when_the_code_says_born_there_after_then_refused_at_it(
        operator):
    response = operator.post("/persone/nuova/", _form(
        codice_fiscale=LUCA_VERDI_ABETONE_2018, last_name="Verdi", first_name="Luca"))

    assert response.status_code == 200
    assert _field_errors(response, "codice_fiscale") == [
        "Il luogo di nascita nel codice fiscale (A012) è sconosciuto o non esisteva alla data "
        "di nascita."]


def test_given_someone_born_in_kosovo_before_it_was_a_state_when_registered_then_accepted(
        tenant_a, operator):
    response = operator.post("/persone/nuova/", _form(
        codice_fiscale=ARTA_KRASNIQI, last_name="Krasniqi", first_name="Arta"), follow=True)

    assert "Persona registrata: Arta Krasniqi." in text_of(response)
    person = _person(tenant_a, ARTA_KRASNIQI)
    assert (person.birth_date, person.sex, person.birth_place_name) == (
        date(1990, 5, 12), "F", "Kosovo")


def test_given_a_birth_in_a_younger_state_typed_without_a_code_then_offered_and_accepted(
        tenant_a, operator):
    suggested = operator.get("/persone/luoghi-di-nascita/", {
        "birth_place_name": "serb", "birth_date": "1985-09-03"})
    assert 'data-luogo-codice="Z158"' in suggested.content.decode()

    response = operator.post("/persone/nuova/", _form(
        last_name="Jovanović", first_name="Milan", sex="M", birth_date="1985-09-03",
        birth_place_code="z158"), follow=True)

    assert "Persona registrata: Milan Jovanović." in text_of(response)
    assert _person_named(tenant_a, "Jovanović").birth_place_name == "Serbia"


def test_given_a_state_that_ended_when_a_later_birth_is_typed_there_then_refused_at_the_place(
        operator):
    response = operator.post("/persone/nuova/", _form(
        last_name="Jovanović", first_name="Milan", sex="M", birth_date="2010-09-03",
        birth_place_code="Z118"))  # Jugoslavia, until 1991

    assert _field_errors(response, "birth_place_code") == [
        "Codice del luogo di nascita sconosciuto o non valido alla data di nascita."]


def test_given_a_comune_whose_name_has_an_accent_when_registered_then_written_with_it(
        tenant_a, operator):
    response = operator.post("/persone/nuova/", _form(
        codice_fiscale=LUCIA_BIANCHI_FORLI, last_name="Bianchi", first_name="Lucia"),
        follow=True)

    assert "10/04/1985, Forlì (D704)" in text_of(response)
    assert _person(tenant_a, LUCIA_BIANCHI_FORLI).birth_place_name == "Forlì"


def test_given_the_live_check_when_a_foreign_code_is_typed_in_lower_case_then_the_state_by_its_name(
        operator):
    response = operator.get("/persone/verifica-codice-fiscale/",
                            {"codice_fiscale": JOHN_SMITH.lower()})

    shown = text_of(response)
    assert "04/07/1975" in shown
    assert "Stati Uniti d'America (Stato estero)" in shown
    assert "D'America" not in shown


def test_given_places_with_accents_and_articles_when_suggested_then_written_in_italian(
        operator):
    response = operator.get("/persone/luoghi-di-nascita/", {"birth_place_name": "forl"})

    assert 'data-luogo-nome="Forlì"' in response.content.decode()
    assert "Forlì del Sannio" in text_of(response)
    assert "Forli'" not in text_of(response)


@pytest.mark.parametrize("typed,expected", [
    ("Forlì", "Forlì del Sannio"),
    ("sant’agata de", "Sant'Agata de' Goti"),
    ("reggio nell'", "Reggio nell'Emilia"),
    ("stati uniti d’", "Stati Uniti d'America"),
])
def test_given_a_place_typed_with_its_accent_or_a_typographic_apostrophe_then_suggested(
        operator, typed, expected):
    response = operator.get("/persone/luoghi-di-nascita/", {"birth_place_name": typed})

    assert expected in text_of(response)


def test_given_title_cased_birth_places_when_the_migration_runs_then_written_in_italian(
        tenant_a):
    person = make_person(tenant_a, consent=False, data=person_data(
        first_name="John", last_name="Smith", codice_fiscale=JOHN_SMITH))
    migration = importlib.import_module(
        "people.migrations.0005_birth_place_names_as_written_in_italian")
    with tenant_context(tenant_a):
        Person.objects.filter(pk=person.pk).update(birth_place_name="Stati Uniti D'America")

        migration.rewrite(django_apps, None)

        person.refresh_from_db()
    assert person.birth_place_name == "Stati Uniti d'America"


def test_given_names_of_punctuation_only_when_registered_then_refused_at_each(operator):
    response = operator.post("/persone/nuova/", _form(
        last_name="’", first_name="-", sex="M", birth_date="1980-01-01",
        birth_place_code="H501"))

    assert response.status_code == 200
    assert _field_errors(response, "last_name") == [
        "Il cognome deve contenere almeno una lettera."]
    assert _field_errors(response, "first_name") == ["Il nome deve contenere almeno una lettera."]


@pytest.mark.parametrize("typed", ["RSSMRA8OA01H501U", "rssmra80a0ih501u", "RSSMRA80A01H5O1U"])
def test_given_the_letter_o_for_zero_when_typed_then_the_error_says_what_to_check(
        operator, typed):
    response = operator.post("/persone/nuova/", _form(
        codice_fiscale=typed, last_name="Rossi", first_name="Mario"))

    assert response.status_code == 200
    assert _field_errors(response, "codice_fiscale") == [
        "Il codice fiscale non ha il formato corretto: controllare di non aver scambiato la "
        "lettera O con lo zero o la lettera I con l'uno."]


def test_given_a_provisional_numeric_code_when_posted_then_400_saying_what_to_do(operator):
    response = operator.post("/api/v1/persone/", {
        "codice_fiscale": "12345678903", "nome": "Amadou", "cognome": "Diallo"},
        content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errore"]["campi"] == {"codice_fiscale": [
        "Questo è un codice fiscale provvisorio (11 cifre), che la piattaforma non registra "
        "ancora: lasciare vuoto il campo e indicare sesso, data e luogo di nascita."]}


# --- Registration through the API ---------------------------------------------

def test_given_a_woman_born_in_brazil_when_posted_then_decoded_with_state_and_citizenship(
        tenant_a, operator):
    response = operator.post("/api/v1/persone/", {
        "codice_fiscale": MARIA_JOSE_DA_SILVA, "nome": "Maria José", "cognome": "Da Silva",
        "cittadinanza": "605"}, content_type="application/json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["nome"], body["cognome"], body["sesso"], body["data_nascita"],
            body["luogo_nascita_codice"], body["luogo_nascita"], body["cittadinanza"]) == (
        "Maria José", "Da Silva", "F", "1990-02-15", "Z602", "Brasile", "605")


@pytest.mark.parametrize("code,first_name,last_name,place", [
    (JOHN_SMITH, "John", "Smith", "Stati Uniti d'America"),
    (YOUSSEF_EL_AMRANI, "Youssef", "El Amrani", "Marocco"),
    (AI_OE, "Ai", "Oe", "Giappone"),
    (UGO_RE, "Ugo", "Re", "Bologna"),
    (PETR_NOVAK, "Petr", "Novák", "Ceca Repubblica"),
    (MILAN_JOVANOVIC, "Milan", "Jovanović", "Serbia"),
    (LUKASZ_NOWAK, "Łukasz", "Nowak", "Polonia"),
])
def test_given_people_born_abroad_or_with_short_names_when_posted_then_registered(
        operator, code, first_name, last_name, place):
    response = operator.post("/api/v1/persone/", {
        "codice_fiscale": code, "nome": first_name, "cognome": last_name},
        content_type="application/json")

    assert response.status_code == 201, response.json()
    assert (response.json()["cognome"], response.json()["luogo_nascita"]) == (last_name, place)


def test_given_a_typographic_apostrophe_when_posted_then_the_name_comes_back_unchanged(
        operator):
    surname = f"D{TYPOGRAPHIC_APOSTROPHE}Angelo"

    response = operator.post("/api/v1/persone/", {
        "codice_fiscale": NICOLO_DANGELO.lower(), "nome": "Nicolò", "cognome": surname},
        content_type="application/json")

    assert response.status_code == 201, response.json()
    assert (response.json()["cognome"], response.json()["codice_fiscale"]) == (
        surname, NICOLO_DANGELO)


def test_given_a_surname_that_does_not_match_when_posted_then_400_at_cognome(operator):
    response = operator.post("/api/v1/persone/", {
        "codice_fiscale": NICOLO_DANGELO, "nome": "Nicolò", "cognome": "Angelo"},
        content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errore"]["campi"] == {
        "cognome": ["Il cognome non corrisponde al codice fiscale."]}


# --- Search, however the operator spells the name -----------------------------

@pytest.fixture
def tricky_people(tenant_a):
    return [
        make_person(tenant_a, consent=False, data=person_data(
            first_name="Nicolò", last_name=f"D{TYPOGRAPHIC_APOSTROPHE}Angelo",
            codice_fiscale=NICOLO_DANGELO, phone="", email="")),
        make_person(tenant_a, consent=False, data=person_data(
            first_name="Zoë", last_name="Dell'Acqua", codice_fiscale=ZOE_DELLACQUA, phone="",
            email="")),
        make_person(tenant_a, consent=False, data=person_data(
            first_name="Anna", last_name="De Luca", codice_fiscale=ANNA_DE_LUCA, phone="",
            email="")),
        make_person(tenant_a, consent=False, data=person_data(
            first_name="Maria José", last_name="Da Silva", codice_fiscale=MARIA_JOSE_DA_SILVA,
            phone="", email="")),
        make_person(tenant_a, consent=False, data=person_data(
            first_name="Ugo", last_name="Re", codice_fiscale=UGO_RE, phone="", email="")),
        make_person(tenant_a, consent=False, data=person_data(
            first_name="Angelo", last_name="Rossi", codice_fiscale="", sex="M",
            birth_date=date(1979, 4, 2), birth_place_code="H501", phone="", email="")),
    ]


def _found(tenant, text: str) -> set[str]:
    from people.selectors import search_people

    operator = make_user(tenant, Role.OPERATOR)
    with tenant_context(tenant):
        return {f"{p.first_name} {p.last_name}" for p in search_people(actor=operator, text=text)}


@pytest.mark.parametrize("text,expected", [
    ("d'angelo", {"Nicolò D’Angelo"}),
    ("D’Angelo", {"Nicolò D’Angelo"}),
    ("dangelo", {"Nicolò D’Angelo"}),
    ("d'ang", {"Nicolò D’Angelo"}),
    ("nicolo", {"Nicolò D’Angelo"}),
    ("NICOLÒ d'angelo", {"Nicolò D’Angelo"}),
    ("dell'acqua", {"Zoë Dell'Acqua"}),
    ("Dell’Acqua", {"Zoë Dell'Acqua"}),
    ("dellacqua", {"Zoë Dell'Acqua"}),
    ("acqua", {"Zoë Dell'Acqua"}),
    ("zoe", {"Zoë Dell'Acqua"}),
    ("Zoë", {"Zoë Dell'Acqua"}),
    ("de luca", {"Anna De Luca"}),
    ("deluca", {"Anna De Luca"}),
    ("maria jose", {"Maria José Da Silva"}),
    ("josé da silva", {"Maria José Da Silva"}),
    ("dasilva", {"Maria José Da Silva"}),
    ("re ugo", {"Ugo Re"}),
    ("angelo", {"Nicolò D’Angelo", "Angelo Rossi"}),
    (NICOLO_DANGELO.lower(), {"Nicolò D’Angelo"}),
    ("DNG NCL 84B29 F839C", {"Nicolò D’Angelo"}),
])
def test_given_tricky_names_when_searched_however_spelled_then_found(
        tenant_a, tricky_people, text, expected):
    assert _found(tenant_a, text) == expected


def test_given_tricky_names_when_searched_from_the_list_page_then_shown_as_typed(
        tricky_people, operator):
    response = operator.get("/persone/", {"q": "dangelo"})

    assert response.status_code == 200
    shown = text_of(response)
    assert "D’Angelo" in shown and "Nicolò" in shown
    assert "Dell'Acqua" not in shown


def test_given_tricky_names_when_searched_through_the_api_then_found(tricky_people, operator):
    response = operator.get("/api/v1/persone/", {"q": "D’Angelo"})

    assert response.status_code == 200
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [(row["nome"], row["cognome"]) for row in rows] == [("Nicolò", "D’Angelo")]


def test_given_people_registered_before_when_the_search_migration_runs_then_found_joined(
        tenant_a, tricky_people):
    migration = importlib.import_module(
        "people.migrations.0004_search_text_joins_apostrophes_and_spaces")
    with tenant_context(tenant_a):
        Person.objects.update(search_text="")  # as before: nothing to find

        migration.rebuild(django_apps, None)

        person = Person.objects.get(codice_fiscale=ZOE_DELLACQUA)
        assert person.search_text == person_search_text(
            first_name="Zoë", last_name="Dell'Acqua", codice_fiscale=ZOE_DELLACQUA,
            phone_digits="", email="")
    assert _found(tenant_a, "dellacqua") == {"Zoë Dell'Acqua"}


# --- Exports -------------------------------------------------------------------

def test_given_tricky_names_when_exported_as_csv_then_written_as_typed(tricky_people, operator):
    response = operator.get("/persone/esporta.csv")

    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    names = {(row[1], row[2]) for row in rows[1:]}
    assert {("D’Angelo", "Nicolò"), ("Dell'Acqua", "Zoë"), ("Da Silva", "Maria José"),
            ("Re", "Ugo")} <= names
    by_surname = {row[1]: row for row in rows[1:]}
    assert by_surname["Da Silva"][5:8] == ["15/02/1990", "Brasile", "Z602"]
    assert by_surname["Dell'Acqua"][4:6] == ["Femmina", "29/02/2000"]


def test_given_tricky_names_when_exported_as_xlsx_then_written_as_typed(tricky_people, operator):
    response = operator.get("/persone/esporta.xlsx")

    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(min_row=2, values_only=True))
    assert {("D’Angelo", "Nicolò"), ("Dell'Acqua", "Zoë"), ("Da Silva", "Maria José")} <= {
        (row[1], row[2]) for row in rows}


# --- The public booking form ---------------------------------------------------

@pytest.mark.parametrize("name", [f"Nicolò D{TYPOGRAPHIC_APOSTROPHE}Angelo",
                                  "Zoë Dell'Acqua", "Maria José  Da Silva", "Ugo Re"])
def test_given_a_tricky_name_when_a_citizen_books_then_confirmed_with_the_name_as_typed(
        tenant_a, tenant_client, name):
    slot = free_slots(tenant_a)[0]
    client = tenant_client(tenant_a)

    response = client.post("/prenota/", booking_form(slot, name=name), follow=True)

    assert response.status_code == 200
    assert "Prenotazione registrata" in text_of(response)
    assert "&amp;#x27;" not in response.content.decode()
    with tenant_context(tenant_a):
        appointment = Appointment.objects.get(starts_at=slot.starts_at, booked_online=True)
        assert appointment.requester_name == " ".join(name.split())


# --- Writing to them -----------------------------------------------------------

def test_given_an_apostrophe_and_an_accent_when_the_counter_writes_then_the_email_greets_as_typed(
        tenant_a, tenant_client):
    person = make_person(tenant_a, first_name="Zoë", last_name="Dell'Acqua",
                         email="zoe@example.it")
    client = tenant_client(tenant_a, Role.OPERATOR)
    with tenant_context(tenant_a):
        generic = MessageTemplate.objects.get(code="generico").pk

    shown = client.post(f"/persone/{person.pk}/messaggi/nuovo/",
                        {"template": generic, "testo": "La aspettiamo."}, follow=True)

    assert "Messaggio a zoe@example.it in invio" in text_of(shown)
    with tenant_context(tenant_a):
        message = OutgoingMessage.objects.get(person=person)
        mail.outbox.clear()
        deliver_message(message.pk)
    assert mail.outbox[0].body.startswith("Gentile Zoë Dell'Acqua,")


# --- In Chromium ---------------------------------------------------------------

BROWSER_OPERATOR = "operatore-difficili@alfa.example.it"
NICOLO_DANGELO_FORLI = "DNGNCL84B29D704J"  # Nicolò D'Angelo, M, 29/02/1984, Forlì


def _create_browser_operator(tenant: Tenant) -> None:
    with tenant_context(tenant):
        User.objects.create_user(email=BROWSER_OPERATOR, password=PASSWORD, role=Role.OPERATOR)


@pytest.fixture(scope="module")
def browser_operator(django_db_setup, django_db_blocker) -> str:
    with django_db_blocker.unblock():
        alfa = Tenant.objects.get(slug="alfa")
        with rows_added_are_removed(alfa, ConsentRecord, Contact, Person, User, AccessAttempt,
                                    AccessLog, AccessFailureLog, Session, AuditEvent):
            committed(_create_browser_operator, alfa)
            yield BROWSER_OPERATOR


@pytest.mark.browser
def test_given_a_typographic_apostrophe_and_an_accented_comune_when_typed_in_chromium_then_found(
        page, site, browser_operator):  # noqa: F811 - fixtures
    page.goto(site.url("alfa.localhost", "/persone/nuova/"))
    page.get_by_label("E-mail").fill(browser_operator)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    expect(page).to_have_url(re.compile(r"/persone/nuova/$"))

    page.get_by_label("Codice fiscale").fill(NICOLO_DANGELO_FORLI.lower())
    expect(page.get_by_test_id("esito-codice-fiscale")).to_contain_text(
        "nato il 29/02/1984 a Forlì (D704)")
    page.get_by_label("Cognome").fill(f"D{TYPOGRAPHIC_APOSTROPHE}Angelo")
    page.locator("#id_first_name").fill("Nicolò")
    page.get_by_label("Data di nascita").fill("1984-02-29")
    page.get_by_label("Luogo di nascita (comune o Stato estero)").press_sequentially("forlì")
    page.get_by_test_id("luoghi-suggeriti").get_by_role(
        "link", name=re.compile(r"^Forlì · comune · D704$")).click()
    expect(page.get_by_label("Luogo di nascita (comune o Stato estero)")).to_have_value("Forlì")
    page.get_by_test_id("salva-persona").click()

    expect(page.get_by_test_id("nome-persona")).to_have_text("Nicolò D’Angelo")
    expect(page.get_by_test_id("dati-persona")).to_contain_text("29/02/1984, Forlì (D704)")

    page.get_by_role("link", name="Persone", exact=True).first.click()
    page.get_by_test_id("cerca-persone").press_sequentially("d'angelo")
    expect(page.get_by_test_id("elenco-persone").get_by_role("link")).to_have_text(
        ["D’Angelo Nicolò"])
    page.get_by_test_id("cerca-persone").fill("")
    page.get_by_test_id("cerca-persone").press_sequentially("dangelo nicolo")
    expect(page.get_by_test_id("riepilogo-ricerca")).to_have_text(
        "Risultati per «dangelo nicolo»")
    expect(page.get_by_test_id("elenco-persone").get_by_role("link")).to_have_text(
        ["D’Angelo Nicolò"])
