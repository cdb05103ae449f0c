"""Consultations: consent first, the counter's services, documents checked by
their content and size, stored per schema and served only through the page."""

from __future__ import annotations

import csv
import io
import os
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from casework import services
from casework.models import Consultation, ConsultationDocument
from core.errors import ServiceError
from people.errors import ConsentMissing
from tests.factories import (
    docx_bytes,
    give_consent,
    jpg_bytes,
    make_person,
    make_service,
    odt_bytes,
    pdf_bytes,
    png_bytes,
    upload,
)
from tests.support import audit_events, text_of


def _record(person, user, **overrides):
    values = dict(person=person, acting_user=user, occurred_at=timezone.now(),
                  duration_minutes=45, mode="presenza", topics=["business plan", "Resto al Sud"])
    values.update(overrides)
    return services.record_consultation(**values)


# --- Consent -------------------------------------------------------------------------

def test_given_a_person_without_consent_when_recording_a_consultation_then_refused_and_nothing_written(  # noqa: E501
        tenant_a, operator_a):
    person = make_person(tenant_a, consent=False)
    with tenant_context(tenant_a):
        with pytest.raises(ConsentMissing) as refused:
            _record(person, operator_a)

        assert refused.value.code == "consenso_mancante"
        assert "Erogazione dei servizi" in refused.value.message
        assert not Consultation.objects.filter(person=person).exists()


def test_given_a_withdrawn_consent_when_recording_a_consultation_then_refused(
        tenant_a, operator_a):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        give_consent(person, operator_a, given=False)

        with pytest.raises(ConsentMissing):
            _record(person, operator_a)


def test_given_a_person_without_consent_when_the_operator_submits_the_form_then_the_page_says_why(
        tenant_a, tenant_client):
    person = make_person(tenant_a, consent=False)
    client = tenant_client(tenant_a, Role.OPERATOR)

    page = client.get(f"/persone/{person.pk}/consulenze/nuova/")
    response = client.post(f"/persone/{person.pk}/consulenze/nuova/", {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "30", "mode": "presenza"})

    assert "Manca il consenso della persona all'erogazione dei servizi" in text_of(page)
    assert response.status_code == 200
    assert "Manca il consenso della persona per: Erogazione dei servizi" in text_of(response)
    with tenant_context(tenant_a):
        assert not Consultation.objects.filter(person=person).exists()


# --- Recording -----------------------------------------------------------------------

def test_given_consent_when_recording_then_the_consultation_keeps_services_topics_and_is_audited(
        tenant_a, operator_a):
    person = make_person(tenant_a)
    plan = make_service(tenant_a, "micro-business-plan")
    info = make_service(tenant_a, "micro-informazione")
    with tenant_context(tenant_a):
        consultation = _record(person, operator_a, services=[plan, info],
                               next_steps="Portare il preventivo")

        assert set(consultation.services.values_list("code", flat=True)) == {
            "micro-business-plan", "micro-informazione"}
        assert consultation.topics == ["business plan", "Resto al Sud"]
        assert consultation.operator == operator_a
    events = audit_events(tenant_a, "consultation.recorded", target_id=str(person.pk))
    assert events[-1].details["consultation"] == consultation.pk


def test_given_an_inactive_service_when_recording_then_refused_at_the_services_field(
        tenant_a, operator_a):
    person = make_person(tenant_a)
    retired = make_service(tenant_a, "servizio-dismesso", active=False)
    with tenant_context(tenant_a):
        with pytest.raises(ServiceError) as refused:
            _record(person, operator_a, services=[retired])

    assert refused.value.field == "services"


@pytest.mark.parametrize("overrides,field", [
    ({"duration_minutes": 0}, "duration_minutes"),
    ({"duration_minutes": "tanto"}, "duration_minutes"),
    ({"mode": "piccione"}, "mode"),
    ({"occurred_at": None}, "occurred_at"),
])
def test_given_invalid_data_when_recording_then_refused_at_the_field(
        tenant_a, operator_a, overrides, field):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        with pytest.raises(ServiceError) as refused:
            _record(person, operator_a, **overrides)

    assert field in refused.value.fields


def test_given_a_date_in_the_future_when_recording_then_refused(tenant_a, operator_a):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        with pytest.raises(ServiceError) as refused:
            _record(person, operator_a, occurred_at=timezone.now() + timedelta(days=1))

    assert refused.value.field == "occurred_at"


def test_given_the_form_when_the_operator_records_a_consultation_with_a_document_then_it_is_saved(
        tenant_a, tenant_client, media_root):
    person = make_person(tenant_a)
    plan = make_service(tenant_a, "micro-business-plan")
    client = tenant_client(tenant_a, Role.OPERATOR)

    form = client.get(f"/persone/{person.pk}/consulenze/nuova/")
    response = client.post(f"/persone/{person.pk}/consulenze/nuova/", {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "40", "mode": "telefono", "topics": "idea d'impresa",
        "services": [str(plan.pk)], "notes": "Prima consulenza",
        "documents": [upload("preventivo.pdf", pdf_bytes())]}, follow=True)

    assert f'value="{plan.pk}"' in form.content.decode() and 'type="checkbox"' in \
        form.content.decode()
    assert "Consulenza registrata." in text_of(response)
    with tenant_context(tenant_a):
        consultation = Consultation.objects.get(person=person)
        document = consultation.documents.get()
    assert consultation.mode == "telefono" and consultation.duration_minutes == 40
    assert document.original_name == "preventivo.pdf"
    assert document.file.name.startswith(f"{tenant_a.schema_name}/consulenze/{consultation.pk}/")
    assert (media_root / document.file.name).read_bytes() == pdf_bytes()


def test_given_the_form_with_a_bad_document_when_submitted_then_the_error_is_at_the_field_and_nothing_saved(  # noqa: E501
        tenant_a, tenant_client):
    person = make_person(tenant_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/persone/{person.pk}/consulenze/nuova/", {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "40", "mode": "presenza",
        "documents": [upload("virus.pdf", b"MZ\x90\x00 not a pdf")]})

    assert response.status_code == 200
    assert 'id="id_documents-errore"' in response.content.decode()
    assert "non è un PDF, JPG, PNG, ODT o DOCX valido" in text_of(response)
    with tenant_context(tenant_a):
        assert not Consultation.objects.filter(person=person).exists()


# --- Documents ---------------------------------------------------------------------------

@pytest.mark.parametrize("name,content,doc_type", [
    ("verbale.pdf", pdf_bytes(), "pdf"),
    ("foto.jpg", jpg_bytes(), "jpg"),
    ("foto.JPEG", jpg_bytes(), "jpg"),
    ("scansione.png", png_bytes(), "png"),
    ("piano.odt", odt_bytes(), "odt"),
    ("piano.docx", docx_bytes(), "docx"),
])
def test_given_an_allowed_file_when_attaching_then_its_type_comes_from_its_content(
        tenant_a, operator_a, name, content, doc_type):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        consultation = _record(person, operator_a)
        document = services.add_document(consultation=consultation, upload=upload(name, content),
                                         acting_user=operator_a)

    assert document.doc_type == doc_type and document.size == len(content)


@pytest.mark.parametrize("name,content,message", [
    ("programma.exe", b"MZ\x90\x00", "Tipo di file non ammesso"),
    ("finto.pdf", b"MZ\x90\x00" + b"\x00" * 50, "non è un PDF, JPG, PNG, ODT o DOCX valido"),
    ("immagine.pdf", png_bytes(), "non corrisponde all'estensione"),
    ("archivio.docx", b"PK\x03\x04" + b"\x00" * 60, "non è un PDF, JPG, PNG, ODT o DOCX valido"),
    ("documento.odt", docx_bytes(), "non corrisponde all'estensione"),
    ("vuoto.pdf", b"", "Il file è vuoto."),
    ("senza-estensione", pdf_bytes(), "Tipo di file non ammesso"),
])
def test_given_a_file_not_allowed_when_attaching_then_refused_and_nothing_stored(
        tenant_a, operator_a, media_root, name, content, message):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        consultation = _record(person, operator_a)

        with pytest.raises(ServiceError) as refused:
            services.add_document(consultation=consultation, upload=upload(name, content),
                                  acting_user=operator_a)

        assert refused.value.code == "documento_non_ammesso"
        assert message in refused.value.message
        assert not ConsultationDocument.objects.filter(consultation=consultation).exists()
    assert not list(media_root.rglob("*.*")) if media_root.exists() else True


def test_given_a_file_over_the_size_limit_when_attaching_then_refused(
        tenant_a, operator_a, settings):
    settings.CASEWORK_DOCUMENT_MAX_BYTES = 1024 * 1024
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        consultation = _record(person, operator_a)
        big = upload("grande.pdf", pdf_bytes() + b"0" * (1024 * 1024))

        with pytest.raises(ServiceError) as refused:
            services.add_document(consultation=consultation, upload=big, acting_user=operator_a)

    assert refused.value.message == "Il file supera la dimensione massima di 1 MB."


def test_given_the_default_limit_then_it_is_ten_megabytes():
    from casework.documents import max_bytes

    assert max_bytes() == 10 * 1024 * 1024


def test_given_a_document_when_downloaded_through_the_page_then_the_bytes_come_with_safe_headers_and_the_read_is_audited(  # noqa: E501
        tenant_a, operator_a, tenant_client):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        consultation = _record(person, operator_a)
        document = services.add_document(consultation=consultation,
                                         upload=upload("verbale.pdf", pdf_bytes()),
                                         acting_user=operator_a)
    client = tenant_client(tenant_a, Role.COORDINATOR)

    response = client.get(f"/consulenze/{consultation.pk}/documenti/{document.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert audit_events(tenant_a, "consultation.document_read",
                        details__document=document.pk)


def test_given_a_document_row_pointing_outside_the_schema_folder_when_downloaded_then_404(
        tenant_a, tenant_b, operator_a, tenant_client, media_root):
    secret = media_root / tenant_b.schema_name / "consulenze" / "1" / "altrui.pdf"
    secret.parent.mkdir(parents=True)
    secret.write_bytes(pdf_bytes())
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        consultation = _record(person, operator_a)
        document = services.add_document(consultation=consultation,
                                         upload=upload("mio.pdf", pdf_bytes()),
                                         acting_user=operator_a)
        ConsultationDocument.objects.filter(pk=document.pk).update(
            file=f"{tenant_b.schema_name}/consulenze/1/altrui.pdf")
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.get(f"/consulenze/{consultation.pk}/documenti/{document.pk}/")

    assert response.status_code == 404


def test_given_a_consultation_page_when_uploading_a_bad_file_then_the_error_is_shown_at_the_field(
        tenant_a, operator_a, tenant_client):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        consultation = _record(person, operator_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.post(f"/consulenze/{consultation.pk}/documenti/",
                           {"file": upload("nota.txt", b"ciao")})

    assert response.status_code == 400
    assert 'id="id_file-errore"' in response.content.decode()
    assert "Tipo di file non ammesso" in text_of(response)


# --- The list, its filters and exports ---------------------------------------------------

def _two_consultations(tenant, operator):
    other = make_person(tenant, last_name="Bianchi")
    person = make_person(tenant, last_name="Rossi")
    service = make_service(tenant, "micro-informazione")
    with tenant_context(tenant):
        _record(person, operator, mode="video", occurred_at=timezone.now() - timedelta(days=40))
        _record(other, operator, mode="presenza", services=[service],
                topics=["=SOMMA(A1:A2)"])
    return service


def test_given_consultations_when_filtering_the_list_by_mode_then_only_those_are_shown(
        tenant_a, operator_a, tenant_client):
    _two_consultations(tenant_a, operator_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.get("/consulenze/?modalita=video")

    page = text_of(response)
    assert "Rossi" in page and "Bianchi" not in page


def test_given_consultations_when_filtering_by_service_and_period_then_only_those_are_shown(
        tenant_a, operator_a, tenant_client):
    service = _two_consultations(tenant_a, operator_a)
    client = tenant_client(tenant_a, Role.OPERATOR)
    today = timezone.localdate()

    by_service = text_of(client.get(f"/consulenze/?servizio={service.pk}"))
    by_period = text_of(client.get(f"/consulenze/?dal={today - timedelta(days=2)}&al={today}"))

    assert "Bianchi" in by_service and "Rossi" not in by_service
    assert "Bianchi" in by_period and "Rossi" not in by_period


def test_given_many_consultations_when_listing_then_the_list_is_paginated(
        tenant_a, operator_a, tenant_client):
    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        for minutes in range(1, 28):
            _record(person, operator_a, duration_minutes=minutes)
    client = tenant_client(tenant_a, Role.OPERATOR)

    first = client.get("/consulenze/")
    second = client.get("/consulenze/?pagina=2")

    assert "Pagina 1 di 2" in text_of(first)
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 2


def test_given_consultations_when_exporting_csv_then_the_filtered_rows_come_with_formulas_neutralised_and_audited(  # noqa: E501
        tenant_a, operator_a, tenant_client):
    _two_consultations(tenant_a, operator_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.get("/consulenze/esporta.csv?modalita=presenza")

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][:3] == ["Data e ora", "Cognome", "Nome"]
    assert [row[1] for row in rows[1:]] == ["Bianchi"]
    assert rows[1][7] == "'=SOMMA(A1:A2)"
    assert audit_events(tenant_a, "consultation.exported")[-1].details["count"] == 1


def test_given_consultations_when_exporting_xlsx_then_a_workbook_with_the_rows_comes_back(
        tenant_a, operator_a, tenant_client):
    from openpyxl import load_workbook

    _two_consultations(tenant_a, operator_a)
    client = tenant_client(tenant_a, Role.OPERATOR)

    response = client.get("/consulenze/esporta.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    names = sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert names == ["Bianchi", "Rossi"]


def test_given_an_unknown_format_when_exporting_then_404(tenant_a, tenant_client):
    assert tenant_client(tenant_a, Role.OPERATOR).get("/consulenze/esporta.pdf").status_code \
        == 404


def test_given_an_upload_rolled_back_when_orphans_are_removed_then_only_its_old_file_goes(
        tenant_a, operator_a, media_root):
    from django.db import transaction

    person = make_person(tenant_a)
    with tenant_context(tenant_a):
        consultation = _record(person, operator_a)
        kept = services.add_document(consultation=consultation,
                                     upload=upload("carta.pdf", pdf_bytes()),
                                     acting_user=operator_a)
        try:
            with transaction.atomic():
                lost = services.add_document(consultation=consultation,
                                             upload=upload("perso.pdf", pdf_bytes()),
                                             acting_user=operator_a)
                raise RuntimeError("la transazione fallisce dopo il salvataggio del file")
        except RuntimeError:
            pass
        orphan = media_root / lost.file.name
        assert orphan.exists()  # the rollback took the row, not the file

        assert services.remove_orphan_files() == 0  # too recent: maybe an upload in flight
        old = (timezone.now() - timedelta(hours=2)).timestamp()
        os.utime(orphan, (old, old))
        os.utime(media_root / kept.file.name, (old, old))

        assert services.remove_orphan_files() == 1

    assert not orphan.exists()
    assert (media_root / kept.file.name).exists()


def test_given_old_orphans_in_two_tenants_when_the_hourly_task_runs_then_both_are_removed(
        tenant_a, tenant_b, media_root):
    from casework.tasks import remove_orphan_files

    orphans = []
    for tenant in (tenant_a, tenant_b):
        orphan = media_root / tenant.schema_name / "consulenze" / "999" / "dimenticato.pdf"
        orphan.parent.mkdir(parents=True)
        orphan.write_bytes(pdf_bytes())
        old = (timezone.now() - timedelta(hours=2)).timestamp()
        os.utime(orphan, (old, old))
        orphans.append(orphan)

    assert remove_orphan_files() == 2
    assert not any(orphan.exists() for orphan in orphans)
