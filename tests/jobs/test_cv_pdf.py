"""The printable CV (jobs.cv_pdf) read back as a person reads it: the text of
the PDF, page by page."""

from datetime import date
from io import BytesIO

from pypdf import PdfReader

from jobs.cv_pdf import (
    CvDigitalSkill,
    CvDocument,
    CvEducation,
    CvExperience,
    CvLanguage,
    CvTraining,
    render,
)


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def _document(**overrides) -> CvDocument:
    values = dict(
        full_name="Niccolò D'Angelo", birth_date=date(1990, 3, 4), birth_place="Forlì (FC)",
        sex="Maschio", citizenship="Italiana", email="niccolo@example.it",
        desired_professions=["5.2.2.1.0.6 Cuoco di albergo"],
        experiences=[CvExperience(date(2018, 1, 15), date(2021, 6, 30),
                                  "5.2.2.1.0.1 Aiuto cuoco di ristorante",
                                  employer="Trattoria Dell'Orso", place="Bologna",
                                  contract="Lavoro a tempo determinato",
                                  tasks="Preparazione dei primi piatti.")],
        education=[CvEducation(2009, "Diploma di istruzione secondaria superiore",
                               institute="IPSSAR Bartolomeo Scappi")],
        training=[CvTraining(2019, "HACCP", hours=12, attestation="Frequenza")],
        mother_tongues=["Italiano"],
        languages=[CvLanguage("Inglese", "B2", "C1", "B1", "B1", "B2")],
        digital_skills=[CvDigitalSkill("Sicurezza", "Utente base")],
        driving_licences=["Patente B"],
        printed_on=date(2026, 12, 1))
    values.update(overrides)
    return CvDocument(**values)


def test_the_cv_shows_the_name_with_its_apostrophe_and_accent_and_the_europass_headings():
    # given a CV of Niccolò D'Angelo
    # when it is printed
    pages, text = _text(render(_document()))
    # then the name reads as typed, with every Europass heading in Italian
    assert pages == 1
    assert "Niccolò D'Angelo" in text
    for heading in ("Informazioni personali", "Esperienza professionale",
                    "Istruzione e formazione", "Competenze linguistiche",
                    "Competenze digitali", "Patente di guida"):
        assert heading in text
    # dates are dd/mm/yyyy
    assert "04/03/1990, Forlì (FC)" in text
    assert "15/01/2018 – 30/06/2021" in text
    assert "Patente B" in text


def test_the_languages_are_a_cefr_grid():
    pages, text = _text(render(_document(languages=[
        CvLanguage("Inglese", "B2", "C1", "B1", "A2", "B2"),
        CvLanguage("Français", "A1", "A2", "A1", "A1", "A1")])))
    for label in ("Comprensione", "Ascolto", "Lettura", "Parlato", "Interazione",
                  "Produzione orale", "Produzione scritta"):
        assert label in text
    assert "Inglese B2 C1 B1 A2 B2" in " ".join(text.split())
    assert "Français A1 A2 A1 A1 A1" in " ".join(text.split())
    assert "Lingua madre Italiano" in text


def test_other_latin_alphabets_render_too():
    pages, text = _text(render(_document(full_name="Ștefan Dvořák Łukasiewicz")))
    assert "Ștefan Dvořák Łukasiewicz" in text


def test_an_experience_still_in_progress_and_an_empty_cv():
    _, text = _text(render(_document(experiences=[
        CvExperience(date(2024, 2, 1), None, "Cameriere")])))
    assert "dal 01/02/2024 – in corso" in text
    _, text = _text(render(CvDocument(full_name="Anna Rossi")))
    assert "Nessuna esperienza indicata." in text
    assert "Patente di guida" in text


def test_a_huge_cv_runs_onto_numbered_pages():
    # given forty experiences with long descriptions
    experiences = [CvExperience(date(1980 + i % 40, 1, 1), date(1981 + i % 40, 1, 1),
                                f"Esperienza numero {i}", employer=f"Azienda {i}",
                                tasks="Attività svolte con responsabilità crescenti. " * 12)
                   for i in range(40)]
    # when printed
    pages, text = _text(render(_document(experiences=experiences)))
    # then it paginates, every experience is there, and the last section follows
    assert pages > 5
    for i in range(40):
        assert f"Esperienza numero {i}" in text
    assert f"Pagina {pages} di {pages}" in text
    assert text.index("Esperienza numero 39") < text.index("Competenze digitali")
