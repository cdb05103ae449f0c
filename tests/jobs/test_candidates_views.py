"""The CV and matching pages as an operator uses them; tenant B sees none of
tenant A's."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEvent
from tests.factories import make_candidate, make_vacancy_here, staff_here

pytestmark = pytest.mark.django_db


def test_the_cv_page_the_pdf_and_the_recommended_candidates(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        operator = staff_here()
        vacancy = make_vacancy_here(profession="5.2.2.1.0.6", operator=operator,
                                    licences=[("patente", "02")])
        candidate = make_candidate(operator=operator, first_name="Niccolò", last_name="D'Angelo",
                                   desired=["5.2.2.1.0.6"], licences=[("patente", "02")])
    client = tenant_client(tenant_a, Role.OPERATOR)
    page = client.get(f"/persone/{candidate.person_id}/curriculum/")
    assert page.status_code == 200
    assert "Offerte adatte" in page.content.decode()
    pdf = client.get(f"/persone/{candidate.person_id}/curriculum.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    with tenant_context(tenant_a):
        assert AuditEvent.objects.filter(action="jobs.cv_printed").exists()
    matches = client.get(f"/lavoro/offerte/{vacancy.pk}/candidati-consigliati/")
    text = matches.content.decode()
    assert "Niccolò D&#x27;Angelo" in text or "Niccolò D'Angelo" in text
    assert "stessa professione (6° livello)" in text
    assert "Patente B: posseduta" in text
    response = client.post(
        f"/lavoro/offerte/{vacancy.pk}/candidati-consigliati/{candidate.pk}/proponi/",
        {"rosa": "1"})
    assert response.status_code == 302
    with tenant_context(tenant_a):
        assert candidate.applications.get().status == "in_rosa"


def test_another_tenant_gets_404(tenant_a, tenant_b, tenant_client, high_ids_in_a):
    with tenant_context(tenant_a):
        operator = staff_here()
        vacancy = make_vacancy_here(profession="5.2.2.1.0.6", operator=operator)
        candidate = make_candidate(operator=operator, desired=["5.2.2.1.0.6"])
    client = tenant_client(tenant_b, Role.OPERATOR)
    for url in (f"/persone/{candidate.person_id}/curriculum/",
                f"/persone/{candidate.person_id}/curriculum.pdf",
                f"/lavoro/offerte/{vacancy.pk}/candidati-consigliati/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/lavoro/offerte/{vacancy.pk}/candidati-consigliati/"
                       f"{candidate.pk}/proponi/").status_code == 404


def test_a_cv_part_is_added_and_removed_with_htmx(tenant_a, tenant_client):
    from django_tenants.utils import tenant_context

    from tests.factories import make_candidate

    with tenant_context(tenant_a):
        candidate = make_candidate(first_name="Rita")
        person_id = candidate.person_id
    client = tenant_client(tenant_a, Role.OPERATOR)
    url = f"/persone/{person_id}/curriculum/patente/"
    wrong = client.post(url, {"patente-kind": "patente", "patente-code": "ZZ"},
                        HTTP_HX_REQUEST="true")
    # the block of the parts only, with the error at its field, swapped by htmx (200)
    assert wrong.status_code == 200 and b"<html" not in wrong.content
    assert 'id="cv-parti"' in wrong.content.decode()
    added = client.post(url, {"patente-kind": "patente", "patente-code": "02"},
                        HTTP_HX_REQUEST="true").content.decode()
    assert "Voce aggiunta al curriculum." in added and "Patente di guida" in added
    with tenant_context(tenant_a):
        licence_id = candidate.licences.get().pk
    removed = client.post(f"/persone/{person_id}/curriculum/patente/{licence_id}/elimina/",
                          HTTP_HX_REQUEST="true").content.decode()
    assert "Voce eliminata dal curriculum." in removed
    # and the page's code fields are the codes picker
    page = client.get(f"/persone/{person_id}/curriculum/").content.decode()
    assert 'data-code-table="cp2011"' in page and "/codici/cp2011/" in page
