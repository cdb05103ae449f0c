"""Staffing needs: the public form (CSRF, rate limit like booking, Italian
confirmation), the review and the conversion into a prefilled draft."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django_tenants.utils import tenant_context

from accounts.models import Role
from core.errors import ServiceError
from jobs.models import StaffingNeed
from jobs.services import needs as services
from tests.factories import PIVA_ACME, PIVA_WRONG_CHECK, make_need, make_user, vacancy_data

FORM = {"company_name": "Trattoria Da Mario srl", "tax_code": PIVA_ACME,
        "contact_name": "Mario Bianchi", "email": "mario@trattoria.example.it",
        "phone": "051 123456", "profession_text": "Cuoco", "positions": "2",
        "privacy": "on"}


def test_the_counter_page_links_to_the_need_form(tenant_a, tenant_client):
    page = tenant_client(tenant_a).get("/sportello/").content.decode()
    assert "/lavoro/richiesta-personale/" in page


def test_an_employer_sends_a_need_and_reads_the_confirmation(tenant_a, tenant_client):
    client = tenant_client(tenant_a)
    answer = client.post("/lavoro/richiesta-personale/", FORM, follow=True)
    assert answer.status_code == 200
    assert "Richiesta inviata" in answer.content.decode()
    with tenant_context(tenant_a):
        need = StaffingNeed.objects.get(email="mario@trattoria.example.it")
        assert need.status == "ricevuta" and need.submitted_online
        assert need.events.get().to_status == "ricevuta"


def test_the_public_form_refuses_a_wrong_partita_iva_at_its_field(tenant_a, tenant_client):
    answer = tenant_client(tenant_a).post("/lavoro/richiesta-personale/",
                                          {**FORM, "tax_code": PIVA_WRONG_CHECK})
    assert answer.status_code == 400
    assert "cifra di controllo" in answer.content.decode()


def test_the_public_form_needs_the_csrf_token(tenant_a, tenant_client):
    client = tenant_client(tenant_a, enforce_csrf_checks=True)
    assert client.post("/lavoro/richiesta-personale/", FORM).status_code == 403


@override_settings(DESK_BOOKINGS_PER_HOUR=2)
def test_the_public_form_is_rate_limited_like_booking(in_a):
    for _ in range(2):
        services.submit_need(**{k: v for k, v in FORM.items() if k not in ("privacy",
                                                                           "positions")},
                             positions=1, privacy_acknowledged=True, ip_address="10.0.0.1")
    with pytest.raises(ServiceError) as refused:
        services.submit_need(**{k: v for k, v in FORM.items() if k not in ("privacy",
                                                                           "positions")},
                             positions=1, privacy_acknowledged=True, ip_address="10.0.0.1")
    assert refused.value.status == 429 and refused.value.code == "troppe_richieste"


def test_the_desk_turns_a_need_into_a_prefilled_draft(tenant_a, tenant_client):
    with tenant_context(tenant_a):
        need = make_need()
    client = tenant_client(tenant_a, Role.OPERATOR)
    page = client.get(f"/lavoro/richieste/{need.pk}/offerta/")
    assert page.status_code == 200 and "Cuoco" in page.content.decode()
    assert client.post(f"/lavoro/richieste/{need.pk}/azienda/").status_code == 302
    with tenant_context(tenant_a):
        need.refresh_from_db()
        employer = need.employer
        assert employer.partita_iva == PIVA_ACME
        vacancy = services.convert_need(need=need, data=vacancy_data(employer),
                                        acting_user=make_user(tenant_a, Role.OPERATOR))
        need.refresh_from_db()
        assert need.status == "convertita" and vacancy.need_id == need.pk
        assert vacancy.status == "bozza"
        # a converted need is not refused afterwards
        with pytest.raises(ServiceError) as refused:
            services.refuse_need(need=need, note="no", acting_user=make_user(tenant_a,
                                                                               "operator"))
        assert refused.value.code == "transizione_non_ammessa"


def test_review_then_refuse_writes_the_events(in_a, tenant_a):
    need = make_need()
    operator = make_user(tenant_a, Role.OPERATOR)
    services.review_need(need=need, acting_user=operator)
    services.refuse_need(need=need, note="Figura non intermediabile", acting_user=operator)
    assert list(need.events.values_list("to_status", flat=True)) == [
        "ricevuta", "esaminata", "respinta"]


def test_another_tenant_gets_404_for_a_need(tenant_a, tenant_b, tenant_client):
    need = make_need(tenant_a)
    client = tenant_client(tenant_b, Role.TENANT_ADMIN)
    assert client.get(f"/lavoro/richieste/{need.pk}/").status_code == 404
    assert client.get(f"/lavoro/richieste/{need.pk}/offerta/").status_code == 404
    for part in ("esaminata", "respingi", "azienda", "offerta"):
        assert client.post(f"/lavoro/richieste/{need.pk}/{part}/").status_code == 404
