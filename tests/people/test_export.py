"""Exports of the counter's own people: CSV and XLSX with the list's filters,
every export audited."""

import csv
import io

import pytest
from openpyxl import load_workbook

from accounts.models import Role
from tests.factories import GIULIA_BIANCHI, make_person, person_data
from tests.support import audit_events

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tenant_a, tenant_b):
    make_person(tenant_a, person_data(), consent=False)
    make_person(tenant_a, consent=False, data=person_data(
        first_name="Giulia", last_name="Bianchi", codice_fiscale=GIULIA_BIANCHI, phone="=1+1",
        email="", employment_status="neet", vulnerabilities=["genitore_solo", "disagio_abitativo"]))
    make_person(tenant_b, consent=False, data=person_data(
        first_name="Anna", last_name="Esposito", codice_fiscale="SPSNNA01S70F839M", phone="",
        email=""))


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_given_the_counter_people_when_exported_as_csv_then_its_own_people_only(
        tenant_a, tenant_client, people):
    response = tenant_client(tenant_a, Role.OPERATOR).get("/persone/esporta.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="persone-')
    rows = _csv_rows(response)
    header = rows[0]
    assert header[:4] == ["ID", "Cognome", "Nome", "Codice fiscale"]
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_name) == {"Bianchi", "Rossi"}
    rossi = by_name["Rossi"]
    assert (rossi["Data di nascita"], rossi["Luogo di nascita"], rossi["Cittadinanza"],
            rossi["Telefono"], rossi["Condizione occupazionale"]) == (
        "01/01/1980", "Roma", "Italiana", "+39 333 1234567", "Disoccupato con DID")
    assert by_name["Bianchi"]["Condizioni di vulnerabilità"] == (
        "Genitore solo con figli a carico; Disagio abitativo")
    assert by_name["Bianchi"]["Telefono"] == "'=1+1"  # never a formula


def test_given_filters_when_exported_then_the_export_follows_them_and_is_audited(
        tenant_a, tenant_client, people):
    client = tenant_client(tenant_a, Role.OPERATOR, REMOTE_ADDR="203.0.113.9")

    rows = _csv_rows(client.get("/persone/esporta.csv", {"stato": "neet"}))

    assert [row[1] for row in rows[1:]] == ["Bianchi"]
    events = audit_events(tenant_a, "person.export")
    assert len(events) == 1
    assert events[0].actor_label == "operator@alfa.example.it"
    assert events[0].ip_address == "203.0.113.9"
    assert events[0].details == {"formato": "csv", "righe": 1,
                                 "filtri": {"employment_status": "neet"}}


def test_given_the_counter_people_when_exported_as_xlsx_then_a_workbook_with_typed_cells(
        tenant_a, tenant_client, people):
    response = tenant_client(tenant_a, Role.COORDINATOR).get("/persone/esporta.xlsx",
                                                             {"q": "rossi"})

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("ID", "Cognome", "Nome")
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert (record["Cognome"], record["Codice fiscale"], record["E-mail"]) == (
        "Rossi", "RSSMRA80A01H501U", "mario.rossi@example.it")
    assert record["Data di nascita"].date().isoformat() == "1980-01-01"
    assert audit_events(tenant_a, "person.export")[0].details["formato"] == "xlsx"


def test_given_an_unknown_format_when_exported_then_404(tenant_a, tenant_client):
    assert tenant_client(tenant_a, Role.OPERATOR).get("/persone/esporta.pdf").status_code == 404
