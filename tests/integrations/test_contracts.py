"""The data contracts as code: no payload carries an element outside its
contract, a CV is never visible, a vacancy carries no citizen's data."""

from __future__ import annotations

import os
from datetime import date, datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from integrations.cliclavoro import vocab
from integrations.cliclavoro.codes import Module, communication_code
from integrations.cliclavoro.payloads import build_candidatura, build_messaggio, build_vacancy
from integrations.cliclavoro.validation import NAMESPACES, element_path
from integrations.contracts import CONTRACTS, contract_for, contract_problems
from jobs.models import Application, Candidate
from jobs.services import candidates as cv
from people import codice_fiscale as cf
from tests.factories import (
    authorise_here,
    give_transmission_consent,
    make_candidate,
    make_conferrable_candidate,
    make_employer_here,
    make_person,
    make_vacancy_here,
    person_data,
    staff_here,
)

NOW = datetime(2026, 12, 2, 10, 30, tzinfo=timezone.get_fixed_timezone(60))
C = NAMESPACES["candidatura"]


def _code(module: Module, serial: int) -> str:
    return communication_code(region="EMR", year=2026, module=module, kind=1,
                              tenant_number=7, serial=serial)


@pytest.fixture
def counter(in_a):
    vocab.forget()
    authorise_here()
    yield
    vocab.forget()


def _paths(xml: bytes) -> set[str]:
    return {element_path(node) for node in etree.fromstring(xml).iter()
            if isinstance(node.tag, str)}


# --- The contracts themselves ----------------------------------------------------------

def test_given_the_cliclavoro_contracts_when_listed_then_each_kind_has_one_with_its_basis():
    assert set(CONTRACTS) == {("cliclavoro", "candidatura"), ("cliclavoro", "vacancy"),
                              ("cliclavoro", "messaggio")}
    candidatura = contract_for("cliclavoro", "candidatura")
    assert candidatura.requires_consent == "trasmissione"
    assert "art. 6, par. 1, lett. a" in candidatura.legal_basis
    assert "276/2003" in contract_for("cliclavoro", "vacancy").legal_basis
    assert contract_for("cliclavoro", "vacancy").requires_consent is None


def test_given_the_candidatura_contract_when_read_then_no_contact_of_the_person_is_allowed():
    allowed = contract_for("cliclavoro", "candidatura").allowed_paths
    recapiti = "/Candidatura/Lavoratore/Recapiti"

    assert {f"{recapiti}/indirizzo", f"{recapiti}/telefono", f"{recapiti}/cellulare",
            f"{recapiti}/fax", "/Candidatura/Lavoratore/Domicilio/cap",
            "/Candidatura/DatiSistema/percettore"}.isdisjoint(allowed)


def test_given_the_vacancy_contract_when_read_then_nothing_of_a_worker_is_allowed():
    allowed = contract_for("cliclavoro", "vacancy").allowed_paths

    assert all(path.startswith("/Vacancy") for path in allowed)
    assert not any("Lavoratore" in path or "cognome" in path for path in allowed)


def test_given_a_cv_with_a_telephone_added_when_checked_then_the_contract_refuses_it(counter):
    built = build_candidatura(
        Candidate.objects.select_related("person").get(pk=make_conferrable_candidate().pk),
        code=_code(Module.CANDIDATURA, 1), previous_code=None, closing=False, now=NOW)
    root = etree.fromstring(built.xml)
    contacts = root.find(f"{{{C}}}Lavoratore/{{{C}}}Recapiti")
    phone = etree.Element(f"{{{C}}}telefono")
    phone.text = "3331234567"
    contacts.insert(0, phone)
    root.find(f"{{{C}}}DatiSistema/{{{C}}}visibilita").text = "SI"

    found = contract_problems(contract_for("cliclavoro", "candidatura"),
                              etree.tostring(root, xml_declaration=True, encoding="UTF-8"))

    assert [item.path for item in found] == ["/Candidatura/Lavoratore/Recapiti/telefono",
                                             "/Candidatura/DatiSistema/visibilita"]
    assert "non può essere trasmesso" in found[0].message
    assert "deve valere NO" in found[1].message


def test_given_garbage_when_checked_against_a_contract_then_it_is_refused_not_crashed():
    found = contract_problems(contract_for("cliclavoro", "vacancy"), b"<Vacancy><")

    assert len(found) == 1 and "ben formato" in found[0].message


# --- Over generated people: nothing outside the contract --------------------------------

_LETTERS = "ABCDEFGHILMNOPQRSTUVZabcdefghilmnopqrstuvzàèéìòùÀÈÌÒÙ"
_name = st.text(alphabet=_LETTERS, min_size=1, max_size=12).flatmap(
    lambda head: st.sampled_from(["", "'", " ", "-"]).flatmap(
        lambda glue: st.text(alphabet=_LETTERS, min_size=0, max_size=50).map(
            lambda tail: (head + glue + tail).strip(" -'") or head)))
_free_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                     max_size=120)
_professions = st.sampled_from(["5.2.2.1.0.1", "2.1.1.4.1.0", "4.1.1.2.0.1", "7.4.2.1.0.1",
                                "8.1.4.3.0.1", "5.1.2.2.0.2"])
_places = st.sampled_from(["A944", "H501", "G482", "F205", "Z100", "Z404", "Z210", "Z330"])
_people = st.fixed_dictionaries({
    "first_name": _name, "last_name": _name, "sex": st.sampled_from(["M", "F"]),
    "birth_date": st.dates(date(1950, 1, 1), date(2006, 12, 31)), "place": _places,
    "citizenship": st.sampled_from(["000", "201", "404", "301", "536"]),
})
_cvs = st.fixed_dictionaries({
    "desired": st.lists(_professions, min_size=1, max_size=3, unique=True),
    "descriptions": st.lists(_free_text, min_size=3, max_size=3),
    "experiences": st.lists(st.tuples(_professions, _free_text, _free_text), max_size=3),
    "education": st.lists(st.sampled_from(["40000000", "20000000", "00000000", "30000000"]),
                          max_size=2, unique=True),
    "languages": st.lists(st.tuples(st.sampled_from(["001", "002", "005"]),
                                    st.sampled_from(["A1", "A2", "B1", "B2", "C1", "C2"])),
                          max_size=3, unique_by=lambda pair: pair[0]),
    "licences": st.lists(st.sampled_from([("patente", "02"), ("patente", "01"),
                                          ("patentino", "07"), ("albo", "0001")]),
                         max_size=3, unique=True),
    "travel": st.booleans(), "vehicle": st.booleans(),
    "training": st.lists(st.tuples(_free_text, st.integers(1, 2000)), max_size=2),
})


def _generated_person(values):
    # A plant marker in every surname: found in a payload only if it leaked.
    values = {**values, "last_name": f"Kwzx {values['last_name']}"}
    code = cf.encode(last_name=values["last_name"], first_name=values["first_name"],
                     sex=values["sex"], birth_date=values["birth_date"],
                     place_code=values["place"])
    return make_person(None, person_data(
        first_name=values["first_name"][:100], last_name=values["last_name"][:100],
        codice_fiscale=code, sex=values["sex"], birth_date=values["birth_date"],
        birth_place_code=values["place"], citizenship_code=values["citizenship"],
        email="persona@example.it", phone="+39 333 7654321",
        residence_address="Via dei Segreti 13", residence_cap="40121",
        domicile_address="Vicolo Nascosto 7"), operator=staff_here())


def _generated_cv(person, values) -> Candidate:
    operator = staff_here()
    candidate = make_candidate(person, operator=operator, desired=(),
                               education=values["education"], languages=values["languages"],
                               licences=values["licences"])
    cv.save_candidate(person=person, acting_user=operator, data=cv.CandidateData(
        comune_code="A944", willing_to_travel=values["travel"], own_vehicle=values["vehicle"],
        working_modes=["FT", "Q1"], contract_types=["A01"], mother_tongues=["003"]))
    for code, text in zip(values["desired"], values["descriptions"], strict=False):
        cv.add_cv_part(candidate=candidate, acting_user=operator, data=cv.DesiredProfessionData(
            profession_code=code, description=text.strip()[:300]))
    for code, employer, tasks in values["experiences"]:
        cv.add_cv_part(candidate=candidate, acting_user=operator, data=cv.ExperienceData(
            profession_code=code, employer_name=employer.strip()[:100],
            tasks=tasks.strip()[:250], started_on=date(2015, 1, 1)))
    for title, hours in values["training"]:
        cv.add_cv_part(candidate=candidate, acting_user=operator, data=cv.TrainingData(
            title=title.strip()[:100] or "Corso", hours=hours))
    give_transmission_consent(person, operator=operator)
    return Candidate.objects.select_related("person").get(pk=candidate.pk)


@settings(max_examples=int(os.environ.get("RETE_CONTRACT_EXAMPLES", "25")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(person=_people, data=_cvs)
def test_given_generated_people_when_their_cv_is_built_then_nothing_leaves_outside_the_contract(
        counter, person, data):
    contract = contract_for("cliclavoro", "candidatura")
    with transaction.atomic():
        candidate = _generated_cv(_generated_person(person), data)

        built = build_candidatura(candidate, code=_code(Module.CANDIDATURA, 1),
                                  previous_code=None, closing=False, now=NOW)
        transaction.set_rollback(True)

    assert _paths(built.xml) <= contract.allowed_paths
    root = etree.fromstring(built.xml)
    assert [node.text for node in root.iterfind(f"{{{C}}}DatiSistema/{{{C}}}visibilita")] \
        == ["NO"]
    for secret in (b"3337654321", b"333 7654321", b"Via dei Segreti", b"40121",
                   b"Vicolo Nascosto"):
        assert secret not in built.xml
    assert not [item for item in built.problems if "contratto" in item.message]
    # A name the schema cannot hold is refused, never cut; everything else is valid.
    assert {item.field for item in built.problems} <= {"Cognome della persona",
                                                       "Nome della persona"}


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(person=_people, data=_cvs)
def test_given_generated_candidates_of_a_vacancy_when_it_is_built_then_none_of_theirs_is_in_it(
        counter, person, data):
    with transaction.atomic():
        candidate = _generated_cv(_generated_person(person), data)
        vacancy = make_vacancy_here(employer=make_employer_here(
            ateco_code="56.10.11", email="info@trattoria.example.it"))
        application = Application.objects.create(vacancy=vacancy, candidate=candidate)

        built = build_vacancy(vacancy, code=_code(Module.VACANCY, 1), previous_code=None,
                              closing=False, now=NOW)
        message = build_messaggio(application, code=_code(Module.MESSAGGIO, 1),
                                  previous_code=None, now=NOW,
                                  vacancy_code=_code(Module.VACANCY, 1),
                                  candidatura_code=_code(Module.CANDIDATURA, 1))
        who = candidate.person
        markers = [who.codice_fiscale, who.email, "3337654321", "Via dei Segreti",
                   who.birth_date.isoformat()]
        markers.append(who.last_name)
        transaction.set_rollback(True)

    assert built.problems == () and message.problems == ()
    assert _paths(built.xml) <= contract_for("cliclavoro", "vacancy").allowed_paths
    assert _paths(message.xml) <= contract_for("cliclavoro", "messaggio").allowed_paths
    for document in (built.xml.decode(), message.xml.decode()):
        for marker in markers:
            assert marker not in document


def test_given_every_element_a_contract_allows_when_labelled_then_the_operator_reads_a_field():
    from integrations.cliclavoro.validation import FIELDS

    for contract in CONTRACTS.values():
        groups = {path.rsplit("/", 1)[0] for path in contract.allowed_paths}
        leaves = {path for path in contract.allowed_paths if path not in groups}

        assert leaves <= set(FIELDS), (contract.kind, sorted(leaves - set(FIELDS)))
