"""The Cliclavoro payloads as the national node receives them: valid against
the ministry XSDs for tricky people, and a broken record explained to the
operator in Italian at the field to fix, and nothing else."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone
from lxml import etree

from integrations.cliclavoro import vocab
from integrations.cliclavoro.codes import Kind, Module, communication_code
from integrations.cliclavoro.payloads import (
    PAYLOAD_KINDS,
    build_candidatura,
    build_messaggio,
    build_vacancy,
)
from integrations.cliclavoro.validation import NAMESPACES, lxml_schema, validate
from jobs.models import Application, Candidate, Vacancy
from people.models import Person
from tests.factories import (
    ARBEN_HOXHA,
    GIULIA_BIANCHI,
    LONG_SURNAME,
    MARIA_FRANCESCA_LONG,
    MARIO_ROSSI_OMOCODE,
    NICCOLO_DANNUNZIO,
    authorise_here,
    give_transmission_consent,
    make_conferrable_candidate,
    make_employer_here,
    make_person,
    make_vacancy_here,
    person_data,
    staff_here,
)

NOW = datetime(2026, 12, 2, 10, 30, tzinfo=timezone.get_fixed_timezone(60))
C = NAMESPACES["candidatura"]
V = NAMESPACES["vacancy"]
M = NAMESPACES["messaggio"]


def _code(module: Module, serial: int, kind: Kind = Kind.SEND) -> str:
    return communication_code(region="EMR", year=2026, module=module, kind=kind,
                              tenant_number=7, serial=serial)


def _text(xml: bytes, ns: str, path: str) -> list[str]:
    root = etree.fromstring(xml)
    return [node.text or "" for node in root.iterfind(path, {"c": ns})]


@pytest.fixture
def counter(in_a):
    """Tenant A's counter, authorised to intermediate, its code tables fresh."""
    vocab.forget()
    authorise_here()
    yield
    vocab.forget()


def _fresh_candidate(candidate) -> Candidate:
    return Candidate.objects.select_related("person").get(pk=candidate.pk)


def _cv(**person) -> Candidate:
    return _fresh_candidate(make_conferrable_candidate(
        make_person(None, person_data(**person), operator=staff_here())))


# --- Every kind valid for tricky people -------------------------------------------------

@pytest.mark.parametrize("person", [
    dict(),
    dict(codice_fiscale=MARIO_ROSSI_OMOCODE),
    dict(first_name="Arben", last_name="Hoxha", codice_fiscale=ARBEN_HOXHA,
         citizenship_code="201", email="arben.hoxha@example.al"),
    dict(first_name="Niccolò", last_name="D'Annunzio", codice_fiscale=NICCOLO_DANNUNZIO,
         email="n.dannunzio@example.it"),
    dict(first_name="Giulia", last_name="Bianchi", codice_fiscale=GIULIA_BIANCHI,
         email="giulia@example.it"),
], ids=["rossi", "omocodia", "nato-all-estero", "apostrofo-accento", "bianchi"])
def test_given_a_tricky_person_when_her_cv_is_built_then_cliclavoro_accepts_it(counter,
                                                                               person):
    candidate = _cv(**person)

    built = build_candidatura(candidate, code=_code(Module.CANDIDATURA, 1),
                              previous_code=None, closing=False, now=NOW)

    assert built.problems == ()
    assert validate("candidatura", built.xml) == ()
    assert lxml_schema("candidatura").validate(etree.fromstring(built.xml))
    cf = _text(built.xml, C, "c:Lavoratore/c:DatiAnagrafici/c:codicefiscale")
    assert cf == [candidate.person.codice_fiscale]
    assert _text(built.xml, C, "c:Lavoratore/c:DatiAnagrafici/c:cognome") == [
        candidate.person.last_name]
    assert _text(built.xml, C, "c:DatiSistema/c:visibilita") == ["NO"]


def test_given_a_person_born_abroad_when_her_cv_is_built_then_the_foreign_state_is_her_birthplace(
        counter):
    candidate = _cv(first_name="Arben", last_name="Hoxha", codice_fiscale=ARBEN_HOXHA,
                    citizenship_code="201")

    built = build_candidatura(candidate, code=_code(Module.CANDIDATURA, 2),
                              previous_code=None, closing=False, now=NOW)

    assert built.problems == ()
    assert _text(built.xml, C, "c:Lavoratore/c:DatiAnagrafici/c:idcomune") == ["Z100"]
    assert _text(built.xml, C, "c:Lavoratore/c:DatiAnagrafici/c:idcittadinanza") == ["201"]


def test_given_a_surname_longer_than_the_schema_allows_when_built_then_it_is_refused_not_cut(
        counter):
    candidate = _cv(first_name="Maria Francesca", last_name=LONG_SURNAME,
                    codice_fiscale=MARIA_FRANCESCA_LONG, email="mf@example.it")

    built = build_candidatura(candidate, code=_code(Module.CANDIDATURA, 3),
                              previous_code=None, closing=False, now=NOW)

    assert [(p.path, p.field) for p in built.problems] == [
        ("/Candidatura/Lavoratore/DatiAnagrafici/cognome", "Cognome della persona")]
    assert "50" in built.problems[0].message
    assert _text(built.xml, C, "c:Lavoratore/c:DatiAnagrafici/c:cognome") == [LONG_SURNAME]


def test_given_a_published_vacancy_when_built_then_cliclavoro_accepts_it(counter):
    employer = make_employer_here(ateco_code="56.10.11", email="info@trattoria.example.it")
    vacancy = make_vacancy_here(employer=employer, description="Cucina emiliana; turni "
                                                               "serali.\n\nPranzi all'aperto.")

    built = build_vacancy(vacancy, code=_code(Module.VACANCY, 1), previous_code=None,
                          closing=False, now=NOW)

    assert built.problems == ()
    assert _text(built.xml, V, "c:AltreInformazioni/c:N.O.") == ["NO"]
    assert _text(built.xml, V, "c:Richiesta/c:ProfiloRichiesto/c:idprofessione") == [
        "5.2.2.1.0.1"]


def test_given_a_candidate_proposed_to_a_vacancy_when_the_message_is_built_then_it_is_valid(
        counter):
    candidate = make_conferrable_candidate()
    employer = make_employer_here(ateco_code="56.10.11", email="info@trattoria.example.it")
    vacancy = make_vacancy_here(employer=employer)
    application = Application.objects.create(vacancy=vacancy, candidate=candidate)
    vacancy_code = _code(Module.VACANCY, 1)
    cv_code = _code(Module.CANDIDATURA, 1)

    built = build_messaggio(application, code=_code(Module.MESSAGGIO, 1), previous_code=None,
                            now=NOW, vacancy_code=vacancy_code, candidatura_code=cv_code)

    assert built.problems == ()
    assert _text(built.xml, M, "c:Destinatario/c:Interlocutore/c:codiceoffertacandidatura") \
        == [vacancy_code]
    assert _text(built.xml, M, "c:Mittente/c:Interlocutore/c:codiceoffertacandidatura") \
        == [cv_code]
    person = candidate.person
    for value in (person.last_name, person.first_name, person.codice_fiscale, person.email):
        assert value.encode() not in built.xml


# --- A broken record: one problem, at the field to fix, in Italian ----------------------

def test_given_a_wrong_check_letter_when_the_cv_is_built_then_only_the_codice_fiscale_is_blamed(
        counter):
    candidate = make_conferrable_candidate()
    Person.objects.filter(pk=candidate.person_id).update(codice_fiscale="RSSMRA80A01H501X")

    built = build_candidatura(_fresh_candidate(candidate), code=_code(Module.CANDIDATURA, 4),
                              previous_code=None, closing=False, now=NOW)

    assert [(p.path, p.field) for p in built.problems] == [
        ("/Candidatura/Lavoratore/DatiAnagrafici/codicefiscale", "Codice fiscale della persona")]
    problem = built.problems[0]
    assert "RSSMRA80A01H501X" in problem.message and "controllo" in problem.message
    assert "scheda della persona" in problem.hint


def test_given_a_profession_without_the_sixth_level_when_the_vacancy_is_built_then_it_is_named(
        counter):
    vacancy = make_vacancy_here(employer=make_employer_here(
        ateco_code="56.10.11", email="info@trattoria.example.it"))
    Vacancy.objects.filter(pk=vacancy.pk).update(profession_code="5.2.2.1")

    built = build_vacancy(Vacancy.objects.get(pk=vacancy.pk), code=_code(Module.VACANCY, 2),
                          previous_code=None, closing=False, now=NOW)

    assert [(p.path, p.field) for p in built.problems] == [
        ("/Vacancy/Richiesta/ProfiloRichiesto/idprofessione", "Professione (CP2011)")]
    assert "6° livello" in built.problems[0].message


def test_given_an_employer_without_ateco_when_the_vacancy_is_built_then_the_sector_is_asked(
        counter):
    vacancy = make_vacancy_here(employer=make_employer_here(email="info@trattoria.example.it"))

    built = build_vacancy(vacancy, code=_code(Module.VACANCY, 3), previous_code=None,
                          closing=False, now=NOW)

    assert [p.field for p in built.problems] == ["Settore ATECO dell'azienda"]
    assert built.problems[0].message.startswith("Manca il settore ATECO")


def test_given_unicode_digits_in_a_comune_code_when_built_then_they_are_refused_though_the_xsd_takes_them(  # noqa: E501
        counter):
    candidate = make_conferrable_candidate()
    Candidate.objects.filter(pk=candidate.pk).update(comune_code="A٩٤٤")  # Arabic-Indic digits

    built = build_candidatura(_fresh_candidate(candidate), code=_code(Module.CANDIDATURA, 5),
                              previous_code=None, closing=False, now=NOW)

    assert [(p.path, p.field) for p in built.problems] == [
        ("/Candidatura/Lavoratore/Domicilio/idcomune", "Comune di domicilio del curriculum")]
    assert "ASCII" in built.problems[0].message


def test_given_a_profession_code_that_has_ended_when_built_then_the_operator_is_told_since_when(
        counter):
    from tests.factories import make_code_entry

    make_code_entry("cp2011", "5.2.2.1.0.99", "CUOCO DI ALTRI TEMPI", level=6,
                    valid_from=date(2011, 1, 1), valid_to=date(2020, 12, 31),
                    parent_code="5.2.2.1")
    vocab.forget()
    candidate = make_conferrable_candidate()
    candidate.desired_professions.update(profession_code="5.2.2.1.0.99")

    built = build_candidatura(_fresh_candidate(candidate), code=_code(Module.CANDIDATURA, 6),
                              previous_code=None, closing=False, now=NOW)

    assert [p.field for p in built.problems] == ["Professione desiderata (CP2011)"]
    assert "31/12/2020" in built.problems[0].message


def test_given_no_consent_to_transmission_when_the_cv_is_built_then_it_is_refused(counter):
    candidate = _fresh_candidate(make_conferrable_candidate(consent=False))

    built = build_candidatura(candidate, code=_code(Module.CANDIDATURA, 7),
                              previous_code=None, closing=False, now=NOW)

    assert [p.field for p in built.problems] == [
        "Consenso alla trasmissione ai sistemi nazionali (Cliclavoro)"]
    assert "consenso" in built.problems[0].message


def test_given_a_withdrawn_consent_when_the_cv_is_closed_then_the_closure_chains_the_last_send(
        counter):
    candidate = make_conferrable_candidate()
    sent = _code(Module.CANDIDATURA, 8)
    give_transmission_consent(candidate.person, given=False)
    close = _code(Module.CANDIDATURA, 9, Kind.CLOSE)

    built = build_candidatura(_fresh_candidate(candidate), code=close, previous_code=sent,
                              closing=True, now=NOW)

    assert built.problems == ()
    assert _text(built.xml, C, "c:DatiSistema/c:tipocandidatura") == ["02"]
    assert _text(built.xml, C, "c:DatiSistema/c:codicecandidatura") == [close]
    assert _text(built.xml, C, "c:DatiSistema/c:codicecandidaturaprecedente") == [sent]


def test_given_a_closure_without_the_previous_code_when_built_then_it_is_refused(counter):
    vacancy = make_vacancy_here(employer=make_employer_here(
        ateco_code="56.10.11", email="info@trattoria.example.it"))

    built = build_vacancy(vacancy, code=_code(Module.VACANCY, 4, Kind.CLOSE),
                          previous_code=None, closing=True, now=NOW)

    assert [p.path for p in built.problems] == ["/Vacancy/DatiSistema/codiceoffertaprecedente"]


def test_given_a_send_code_used_for_a_closure_when_built_then_the_code_is_blamed(counter):
    vacancy = make_vacancy_here(employer=make_employer_here(
        ateco_code="56.10.11", email="info@trattoria.example.it"))

    built = build_vacancy(vacancy, code=_code(Module.VACANCY, 5), previous_code=_code(
        Module.VACANCY, 4), closing=True, now=NOW)

    assert [p.path for p in built.problems] == ["/Vacancy/DatiSistema/codiceofferta"]


def test_given_nul_bytes_and_huge_texts_when_built_then_they_are_dropped_and_cut_to_the_schema(
        counter):
    employer = make_employer_here(ateco_code="56.10.11", email="info@trattoria.example.it")
    vacancy = make_vacancy_here(employer=employer)
    # Not saved (PostgreSQL refuses NUL): as an unchecked form or import would hand it over.
    vacancy.title = "Cuoco\x00 capo\x0bpartita"
    vacancy.description = "Turni serali. " * 1000

    built = build_vacancy(vacancy, code=_code(Module.VACANCY, 6),
                          previous_code=None, closing=False, now=NOW)

    assert built.problems == ()
    text = _text(built.xml, V, "c:Richiesta/c:ProfiloRichiesto/c:descrizionericerca")[0]
    assert text.startswith("Cuoco capopartita") and len(text) == 5000 and text.endswith("…")


def test_given_no_authorisation_in_force_when_built_then_the_counter_cannot_confer(in_a):
    vocab.forget()
    vacancy = make_vacancy_here(employer=make_employer_here(
        ateco_code="56.10.11", email="info@trattoria.example.it"))

    built = build_vacancy(vacancy, code=_code(Module.VACANCY, 7), previous_code=None,
                          closing=False, now=NOW)

    assert [p.field for p in built.problems] == ["Numero di iscrizione all'Albo informatico"]
    assert "autorizzazione" in built.problems[0].message


def test_given_a_message_before_the_cv_was_sent_when_built_then_the_missing_code_is_named(
        counter):
    candidate = make_conferrable_candidate()
    vacancy = make_vacancy_here(employer=make_employer_here(
        ateco_code="56.10.11", email="info@trattoria.example.it"))
    application = Application.objects.create(vacancy=vacancy, candidate=candidate)

    built = build_messaggio(application, code=_code(Module.MESSAGGIO, 2), previous_code=None,
                            now=NOW, vacancy_code=_code(Module.VACANCY, 8))

    assert [p.field for p in built.problems] == ["Codice comunicazione del curriculum"]


def test_given_every_kind_when_listed_then_each_has_a_route_to_cliclavoro(counter):
    from integrations.outbox.registry import registry

    routes = {kind: registry.route("cliclavoro", kind) for kind in PAYLOAD_KINDS}

    assert set(routes) == {"vacancy", "candidatura", "messaggio"}
    assert all(route.verbose_kind for route in routes.values())


# --- The XSD's own errors, in Italian ---------------------------------------------------

def _valid_vacancy_xml() -> bytes:
    vacancy = make_vacancy_here(employer=make_employer_here(
        ateco_code="56.10.11", email="info@trattoria.example.it"))
    return build_vacancy(vacancy, code=_code(Module.VACANCY, 9), previous_code=None,
                         closing=False, now=NOW).xml


def _edited(xml: bytes, path: str, change) -> bytes:
    root = etree.fromstring(xml)
    change(root, root.find(path, {"c": V}))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_given_a_value_too_long_for_the_xsd_when_validated_then_the_operator_reads_the_field(
        counter):
    def lengthen(_root, node):
        node.text = "x" * 300

    xml = _edited(_valid_vacancy_xml(), "c:Richiesta/c:ProfiloRichiesto/c:descrprofessione",
                  lengthen)

    found = validate("vacancy", xml)

    assert [(p.path, p.field) for p in found] == [
        ("/Vacancy/Richiesta/ProfiloRichiesto/descrprofessione", "Professione (CP2011)")]
    assert found[0].message == ("Il campo «Professione (CP2011)» supera la lunghezza massima "
                                "di 250 caratteri ammessa da Cliclavoro.")
    assert "scheda dell'offerta" in found[0].hint


def test_given_a_required_element_missing_when_validated_then_it_is_named_as_missing(counter):
    def drop(_root, node):
        node.getparent().remove(node)

    xml = _edited(_valid_vacancy_xml(), "c:DatoreLavoro/c:DatiContatto/c:email", drop)

    found = validate("vacancy", xml)

    assert [(p.path, p.message) for p in found] == [
        ("/Vacancy/DatoreLavoro/DatiContatto/email",
         "Il campo «E-mail dell'azienda» è obbligatorio e manca.")]


def test_given_an_element_the_table_does_not_know_when_validated_then_the_message_is_still_italian(  # noqa: E501
        counter):
    def intrude(_root, node):
        node.append(etree.Element(f"{{{V}}}segreto"))

    xml = _edited(_valid_vacancy_xml(), "c:AltreInformazioni", intrude)

    found = validate("vacancy", xml)

    assert [p.path for p in found] == ["/Vacancy/AltreInformazioni/segreto"]
    assert found[0].field == "Campo «segreto» del tracciato Cliclavoro"
    assert found[0].message.startswith("Il campo «Campo «segreto» del tracciato Cliclavoro» "
                                       "non è previsto")


def test_given_a_wrong_yes_no_when_validated_then_the_allowed_values_are_listed(counter):
    def maybe(_root, node):
        node.text = "S"

    xml = _edited(_valid_vacancy_xml(), "c:AltreInformazioni/c:N.O.", maybe)

    found = validate("vacancy", xml)

    assert [p.path for p in found] == ["/Vacancy/AltreInformazioni/N.O."]
    assert "valori ammessi SI, NO" in found[0].message


@pytest.mark.parametrize("xml, words", [
    (b"<Vacancy", "ben formato"), (b"<?xml version='1.0'?><Altro/>", "non è un tracciato"),
    (b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Vacancy xmlns='
     b'"http://servizi.lavoro.gov.it/vacancy">&e;</Vacancy>', "DTD"),
])
def test_given_hostile_or_broken_documents_when_validated_then_one_italian_problem_comes_back(
        xml, words):
    found = validate("vacancy", xml)

    assert found and words in found[0].message
    assert all(b"root:" not in item.message.encode() for item in found)


def test_given_an_unknown_kind_when_validated_then_it_is_refused_in_italian():
    with pytest.raises(ValueError, match="sconosciuto"):
        validate("curriculum", b"<x/>")


def test_given_a_vacancy_with_every_requirement_when_built_then_each_is_in_its_place(counter):
    from tests.factories import DIPLOMA

    vacancy = make_vacancy_here(
        employer=make_employer_here(ateco_code="56.10.11", email="info@trattoria.example.it",
                                    size_code="2", phone="051 12 34 567"),
        education=DIPLOMA, languages=(("001", "B1"),), experience_months=24,
        licences=(("patente", "02"), ("albo", "0001"), ("patentino", "07")),
        working_mode_code="FT", ccnl_code="001", it_skills="Foglio di calcolo")
    code = _code(Module.VACANCY, 10)

    built = build_vacancy(vacancy, code=code, previous_code=None, closing=False, now=NOW)

    assert built.problems == ()
    assert _text(built.xml, V, "c:DatiSistema/c:codiceofferta") == [code]
    education = "c:Richiesta/c:IstruzioneFormazione"
    assert _text(built.xml, V, f"{education}/c:titolostudio/c:idtitolostudio") == ["40"]
    assert _text(built.xml, V, f"{education}/c:idalbo") == ["0001"]
    assert _text(built.xml, V, f"{education}/c:Lingua/c:idlivelloparlato") == ["B1"]
    assert _text(built.xml, V, f"{education}/c:idpatenteguida") == ["02"]
    assert _text(built.xml, V, "c:DatoreLavoro/c:DatiAnagrafici/c:ampiezza") == ["02"]
    assert _text(built.xml, V, "c:DatoreLavoro/c:DatiContatto/c:telefono") == ["0511234567"]
    assert _text(built.xml, V, "c:Richiesta/c:ProfiloRichiesto/c:esperienzarichiesta") == [
        "SI"]


def test_given_a_summer_moment_when_a_cv_is_built_then_its_times_are_rome_summer_time(counter):
    candidate = _fresh_candidate(make_conferrable_candidate())
    july = datetime(2026, 7, 1, 8, 0, tzinfo=timezone.get_fixed_timezone(0))  # 08:00 UTC

    built = build_candidatura(candidate, code=_code(Module.CANDIDATURA, 11),
                              previous_code=None, closing=False, now=july)

    assert _text(built.xml, C, "c:DatiSistema/c:datainserimento") == [
        "2026-07-01T10:00:00+02:00"]


def test_given_an_update_of_a_sent_cv_when_built_then_it_is_a_send_that_chains_the_last_code(
        counter):
    candidate = _fresh_candidate(make_conferrable_candidate())
    first, second = _code(Module.CANDIDATURA, 12), _code(Module.CANDIDATURA, 13)

    built = build_candidatura(candidate, code=second, previous_code=first, closing=False,
                              now=NOW)

    assert built.problems == ()
    assert _text(built.xml, C, "c:DatiSistema/c:tipocandidatura") == ["01"]
    assert _text(built.xml, C, "c:DatiSistema/c:codicecandidaturaprecedente") == [first]


def test_given_a_withdrawn_vacancy_when_its_closure_is_built_then_the_reason_is_03(counter):
    vacancy = make_vacancy_here(employer=make_employer_here(
        ateco_code="56.10.11", email="info@trattoria.example.it"))
    vacancy.status, vacancy.close_reason = "chiusa", "ritirata"
    sent, close = _code(Module.VACANCY, 20), _code(Module.VACANCY, 21, Kind.CLOSE)

    built = build_vacancy(vacancy, code=close, previous_code=sent, closing=True, now=NOW)

    assert built.problems == ()
    assert _text(built.xml, V, "c:DatiSistema/c:tipoofferta") == ["02"]
    assert _text(built.xml, V, "c:DatiSistema/c:motivochiusura") == ["03"]
    assert _text(built.xml, V, "c:DatiSistema/c:codiceoffertaprecedente") == [sent]


@pytest.mark.parametrize("person", [
    dict(codice_fiscale=MARIO_ROSSI_OMOCODE),
    dict(first_name="Arben", last_name="Hoxha", codice_fiscale=ARBEN_HOXHA,
         citizenship_code="201"),
    dict(first_name="Niccolò", last_name="D'Annunzio", codice_fiscale=NICCOLO_DANNUNZIO),
], ids=["omocodia", "nato-all-estero", "apostrofo-accento"])
def test_given_a_tricky_candidate_and_employer_when_the_vacancy_and_message_are_built_then_both_are_valid(  # noqa: E501
        counter, person):
    candidate = _cv(**person)
    employer = make_employer_here("Trattoria dell'Arcoveggio di Niccolò & C. s.n.c.",
                                  ateco_code="56.10.11", email="info@arcoveggio.example.it",
                                  address="Via dell'Arcoveggio 1", cap="40129")
    vacancy = make_vacancy_here(employer=employer, title="Cuoco/a «capopartita» – turni",
                                description="Cucina d'un tempo: tortellini & crescentine.")
    application = Application.objects.create(vacancy=vacancy, candidate=candidate)

    offer = build_vacancy(vacancy, code=_code(Module.VACANCY, 30), previous_code=None,
                          closing=False, now=NOW)
    message = build_messaggio(application, code=_code(Module.MESSAGGIO, 30), previous_code=None,
                              now=NOW, vacancy_code=offer.code,
                              candidatura_code=_code(Module.CANDIDATURA, 30))

    assert offer.problems == () and message.problems == ()
    assert validate("vacancy", offer.xml) == () and validate("messaggio", message.xml) == ()
    assert _text(offer.xml, V, "c:DatoreLavoro/c:DatiAnagrafici/c:denominazione") == [
        "Trattoria dell'Arcoveggio di Niccolò & C. s.n.c."]
    assert candidate.person.codice_fiscale.encode() not in message.xml


def test_given_an_intruder_among_optional_elements_when_validated_then_the_intruder_is_blamed(
        counter):
    def intrude(_root, node):
        node.addnext(etree.Element(f"{{{V}}}cognome"))

    xml = _edited(_valid_vacancy_xml(), "c:DatoreLavoro/c:DatiAnagrafici/c:denominazione",
                  intrude)

    found = validate("vacancy", xml)

    assert [p.path for p in found] == ["/Vacancy/DatoreLavoro/DatiAnagrafici/cognome"]
    assert "non è previsto" in found[0].message


def test_given_a_cv_without_desired_professions_when_built_then_that_alone_is_reported(counter):
    candidate = make_conferrable_candidate(desired=())

    built = build_candidatura(_fresh_candidate(candidate), code=_code(Module.CANDIDATURA, 40),
                              previous_code=None, closing=False, now=NOW)

    assert [p.field for p in built.problems] == ["Professioni desiderate"]
