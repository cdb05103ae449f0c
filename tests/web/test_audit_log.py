"""The activity log ("Registro attività"): filters, pages and the export, on a
counter and on the national site."""

import csv
import io
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import load_workbook

from accounts import audit_actions as actions
from accounts.models import Role
from audit.audit_actions import AUDIT_EXPORTED
from audit.models import AuditEvent
from tenants.audit_actions import TENANT_PROVISIONED
from tests.factories import PASSWORD, host_of, make_user
from tests.support import audit_events, in_schema, text_of

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
ADMIN_IP = "192.0.2.10"


def admin_client(tenant, role=Role.TENANT_ADMIN) -> Client:
    admin = make_user(tenant, role)
    client = Client(HTTP_HOST=host_of(tenant) if tenant else "localhost", REMOTE_ADDR=ADMIN_IP)
    assert client.post("/accesso/", {"username": admin.email, "password": PASSWORD}
                       ).status_code == 302
    return client


def event_at(tenant, when: datetime, action: str = actions.ROLE_CHANGED, *,
             actor_label: str = "mario.rossi@alfa.example.it", target_label: str = "",
             details: dict | None = None) -> AuditEvent:
    """An event recorded at ``when`` (the record is append-only: it is written then)."""
    with in_schema(tenant), mock.patch("django.utils.timezone.now", return_value=when):
        return AuditEvent.objects.create(
            action=action, actor_label=actor_label, details=details or {},
            target_type="people.person" if target_label else "",
            target_id="41" if target_label else "", target_label=target_label)


def table_rows(response) -> list[str]:
    """The log's rows as a reader sees them, one string a row."""
    html = response.content.decode()
    body = html.split('data-testid="eventi"', 1)[1].split("</tbody>", 1)[0]
    return [text_of(type("R", (), {"content": row.encode()})()) for row in
            body.split("<tr>")[2:]]


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content), delimiter=";"))


# --- filters ------------------------------------------------------------------------

def test_given_events_on_several_days_when_filtering_a_date_range_then_only_those_days_show(
        tenant_a):
    for day in (1, 15, 31):
        event_at(tenant_a, datetime(2026, 3, day, 10, 0, tzinfo=ROME),
                 actor_label=f"giorno{day}@alfa.example.it")
    client = admin_client(tenant_a)

    response = client.get("/registro-attivita/", {"dal": "2026-03-15", "al": "2026-03-31",
                                                  "azione": actions.ROLE_CHANGED})

    rows = table_rows(response)
    assert [row.split()[2] for row in rows] == ["giorno31@alfa.example.it",
                                               "giorno15@alfa.example.it"]
    assert "2 eventi" in text_of(response)


def test_given_an_event_just_before_midnight_in_rome_when_filtering_that_day_then_it_shows(
        tenant_a):
    event_at(tenant_a, datetime(2026, 6, 30, 23, 30, tzinfo=ROME), actor_label="tardi@alfa.it")
    client = admin_client(tenant_a)

    same_day = client.get("/registro-attivita/", {"dal": "30/06/2026", "al": "30/06/2026"})
    next_day = client.get("/registro-attivita/", {"dal": "01/07/2026", "al": "01/07/2026"})

    assert "tardi@alfa.it" in text_of(same_day)
    assert "tardi@alfa.it" not in text_of(next_day)


@pytest.mark.parametrize("field,value", [("dal", "0001-01-01"), ("al", "9999-12-31"),
                                         ("dal", "01/01/0001"), ("al", "31/12/9999")])
def test_given_a_date_at_the_end_of_the_calendar_when_filtering_then_an_error_at_the_field(
        tenant_a, field, value):
    client = admin_client(tenant_a)

    response = client.get("/registro-attivita/", {field: value})

    assert response.status_code == 200
    assert f'id="id_{field}-errore">Data fuori dall&#x27;intervallo ammesso' in \
        response.content.decode()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_given_a_date_at_the_end_of_the_calendar_when_exporting_then_refused_not_a_crash(
        tenant_a, file_format):
    client = admin_client(tenant_a)

    response = client.get(f"/registro-attivita/esporta.{file_format}",
                          {"dal": "0001-01-01", "al": "9999-12-31"})

    assert response.status_code == 400
    assert "Data fuori dall'intervallo ammesso" in text_of(response)
    assert audit_events(tenant_a, AUDIT_EXPORTED) == []


@pytest.mark.parametrize("value", ["2026-02-30", "domani", "32/13/2026"])
def test_given_a_date_that_does_not_exist_when_filtering_then_data_non_valida(tenant_a, value):
    client = admin_client(tenant_a)

    response = client.get("/registro-attivita/", {"dal": value})

    assert response.status_code == 200
    assert "Data non valida" in text_of(response)


def test_given_a_range_that_ends_before_it_starts_when_filtering_then_the_error_says_so(
        tenant_a):
    client = admin_client(tenant_a)

    response = client.get("/registro-attivita/", {"dal": "2026-05-10", "al": "2026-05-01"})

    assert 'id="id_al-errore">La data finale precede quella iniziale.' in \
        response.content.decode()


def test_given_several_actors_when_filtering_by_part_of_an_address_then_only_that_actor(
        tenant_a):
    when = datetime(2026, 3, 1, 9, 0, tzinfo=ROME)
    event_at(tenant_a, when, actor_label="mario.rossi@alfa.example.it")
    event_at(tenant_a, when, actor_label="anna.bianchi@alfa.example.it")
    client = admin_client(tenant_a)

    response = client.get("/registro-attivita/", {"chi": "ROSSI"})

    page = text_of(response)
    assert "mario.rossi@alfa.example.it" in page
    assert "anna.bianchi@alfa.example.it" not in page


def test_given_several_actions_when_filtering_one_then_only_it_with_its_italian_label(tenant_a):
    when = datetime(2026, 3, 1, 9, 0, tzinfo=ROME)
    event_at(tenant_a, when, actions.USER_REACTIVATED)
    event_at(tenant_a, when, actions.USER_DEACTIVATED)
    client = admin_client(tenant_a)

    response = client.get("/registro-attivita/", {"azione": actions.USER_REACTIVATED})

    rows = table_rows(response)
    assert len(rows) == 1
    assert "Utente riattivato" in rows[0]
    assert '<option value="user.invitation_resent">Invito inviato di nuovo</option>' in \
        response.content.decode()


def test_given_an_action_without_a_label_in_the_record_then_it_can_still_be_chosen(tenant_a):
    event_at(tenant_a, datetime(2026, 3, 1, 9, 0, tzinfo=ROME), "futuro.azione_nuova")
    client = admin_client(tenant_a)

    response = client.get("/registro-attivita/", {"azione": "futuro.azione_nuova"})

    assert len(table_rows(response)) == 1
    assert "Scelta non valida" not in text_of(response)


def test_given_an_unknown_action_in_the_filter_then_an_italian_error_not_a_crash(tenant_a):
    client = admin_client(tenant_a)

    response = client.get("/registro-attivita/", {"azione": "non.esiste"})

    assert response.status_code == 200
    assert "Scelta non valida." in text_of(response)


def test_given_events_on_several_objects_when_searching_the_object_then_only_its_events(
        tenant_a):
    when = datetime(2026, 3, 1, 9, 0, tzinfo=ROME)
    event_at(tenant_a, when, actions.ROLE_CHANGED, target_label="Giulia Verdi")
    event_at(tenant_a, when, actions.ROLE_CHANGED, target_label="Paolo Neri")
    client = admin_client(tenant_a)

    response = client.get("/registro-attivita/", {"oggetto": "verdi"})

    page = text_of(response)
    assert "Giulia Verdi" in page
    assert "Paolo Neri" not in page


def test_given_a_nul_byte_in_a_text_filter_then_an_italian_error_not_a_server_error(tenant_a):
    client = admin_client(tenant_a)

    response = client.get("/registro-attivita/", {"chi": "ma\x00rio", "oggetto": "\x00"})

    html = response.content.decode()
    # The input boundary (core.middleware) names each parameter, in Italian.
    assert response.status_code == 400
    assert "carattere nullo" in html
    assert "<strong>chi</strong>" in html and "<strong>oggetto</strong>" in html


# --- pages ----------------------------------------------------------------------------

def test_given_sixty_events_when_reading_the_log_then_two_pages_that_keep_the_filters(tenant_a):
    for minute in range(60):
        event_at(tenant_a, datetime(2026, 3, 1, 9, minute, tzinfo=ROME),
                 actor_label=f"utente{minute:02d}@alfa.example.it")
    client = admin_client(tenant_a)

    first = client.get("/registro-attivita/", {"azione": actions.ROLE_CHANGED})
    second = client.get("/registro-attivita/", {"azione": actions.ROLE_CHANGED, "pagina": "2"})

    assert "60 eventi · pagina 1 di 2" in text_of(first)
    assert f"azione={actions.ROLE_CHANGED}&amp;pagina=2" in first.content.decode()
    assert f'esporta.csv?azione={actions.ROLE_CHANGED}"' in first.content.decode()
    assert len(table_rows(first)) == 50
    assert len(table_rows(second)) == 10
    assert "utente00@alfa.example.it" in text_of(second)


# --- export ---------------------------------------------------------------------------

def test_given_filters_when_exporting_csv_then_the_file_holds_those_events_in_italian(tenant_a):
    event_at(tenant_a, datetime(2026, 3, 2, 9, 5, tzinfo=ROME), actions.USER_REACTIVATED,
             actor_label="mario.rossi@alfa.example.it", details={"via": "prova"})
    event_at(tenant_a, datetime(2026, 3, 2, 9, 6, tzinfo=ROME), actions.USER_DEACTIVATED)
    client = admin_client(tenant_a)

    response = client.get("/registro-attivita/esporta.csv",
                          {"azione": actions.USER_REACTIVATED, "dal": "2026-03-01"})

    rows = csv_rows(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="registro-attivita-' in response["Content-Disposition"]
    assert rows[0][:4] == ["Data e ora", "Chi", "Azione", "Codice azione"]
    assert rows[1:] == [["02/03/2026 09:05", "mario.rossi@alfa.example.it", "Utente riattivato",
                         "user.reactivated", "", "", "", "", "", '{"via": "prova"}']]


def test_given_an_export_then_it_is_audited_with_its_filters_and_not_inside_itself(tenant_a):
    event_at(tenant_a, datetime(2026, 3, 2, 9, 5, tzinfo=ROME))
    client = admin_client(tenant_a)

    response = client.get("/registro-attivita/esporta.csv", {"chi": "mario"})

    rows = csv_rows(response)
    [event] = audit_events(tenant_a, AUDIT_EXPORTED)
    assert event.actor_label == "tenant_admin@alfa.example.it"
    assert event.ip_address == ADMIN_IP
    assert event.details == {"format": "csv", "events": 1, "filters": {"actor": "mario"}}
    assert [row[3] for row in rows[1:]] == [actions.ROLE_CHANGED]
    assert "Esportazione del registro delle attività" in text_of(
        client.get("/registro-attivita/"))


def test_given_the_log_when_exporting_xlsx_then_a_sheet_with_the_same_rows(tenant_a):
    event_at(tenant_a, datetime(2026, 3, 2, 9, 5, tzinfo=ROME), actions.USER_REACTIVATED,
             actor_label="=HYPERLINK(\"http://evil\")")
    client = admin_client(tenant_a)

    response = client.get("/registro-attivita/esporta.xlsx", {"azione": actions.USER_REACTIVATED})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Registro attività"
    assert rows[0][:3] == ["Data e ora", "Chi", "Azione"]
    assert rows[1][0] == datetime(2026, 3, 2, 9, 5)
    assert rows[1][1] == "'=HYPERLINK(\"http://evil\")"  # never run as a formula
    assert rows[1][2] == "Utente riattivato"
    [event] = audit_events(tenant_a, AUDIT_EXPORTED)
    assert event.details["format"] == "xlsx"


def test_given_an_unknown_format_when_exporting_then_404_and_nothing_audited(tenant_a):
    client = admin_client(tenant_a)

    response = client.get("/registro-attivita/esporta.pdf")

    assert response.status_code == 404
    assert audit_events(tenant_a, AUDIT_EXPORTED) == []


def test_given_an_operator_when_exporting_the_log_then_403_and_nothing_audited(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.COORDINATOR)

    response = client.get("/registro-attivita/esporta.csv")

    assert response.status_code == 403
    assert audit_events(tenant_a, AUDIT_EXPORTED) == []


def test_given_two_counters_when_one_exports_its_log_then_no_event_of_the_other_is_in_it(
        tenant_a, tenant_b):
    event_at(tenant_b, datetime(2026, 3, 2, 9, 5, tzinfo=ROME), actor_label="estraneo@beta.it")
    client = admin_client(tenant_a)

    rows = csv_rows(client.get("/registro-attivita/esporta.csv"))

    assert all("estraneo@beta.it" not in row for row in rows)
    assert audit_events(tenant_b, AUDIT_EXPORTED) == []


def test_given_the_national_site_when_the_platform_admin_exports_then_national_events_only(
        tenant_a):
    event_at(None, datetime(2026, 3, 2, 9, 5, tzinfo=ROME), TENANT_PROVISIONED,
             actor_label="nazionale@enm.example.it")
    event_at(tenant_a, datetime(2026, 3, 2, 9, 5, tzinfo=ROME), actor_label="locale@alfa.it")
    client = admin_client(None, Role.PLATFORM_ADMIN)

    rows = csv_rows(client.get("/registro-attivita/esporta.csv", {"dal": "2026-03-02",
                                                                  "al": "2026-03-02"}))

    assert [row[1] for row in rows[1:]] == ["nazionale@enm.example.it"]
    assert rows[1][2] == "Ente attivato"
    assert audit_events(None, AUDIT_EXPORTED)


def test_given_the_ends_of_the_calendar_when_the_selector_filters_then_no_overflow(tenant_a):
    from datetime import date

    from audit import selectors
    from audit.forms import AuditFilters

    event_at(tenant_a, datetime(2026, 3, 2, 9, 5, tzinfo=ROME), actor_label="ai-limiti@alfa.it")

    with in_schema(tenant_a):
        found = list(selectors.audit_log(filters=AuditFilters(
            date_from=date.min, date_to=date.max, actor="ai-limiti")))

    assert [e.actor_label for e in found] == ["ai-limiti@alfa.it"]
