"""A citizen who types a counter's address finds the counter: its public page
with contacts and hours, a link for the staff, only the services meant for
citizens; the national landing links each counter's page."""

from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEvent
from desks import selectors, services
from desks.errors import DeskError, TooManyBookings
from desks.models import CounterContact, Service
from tests.factories import set_counter_contact
from tests.support import text_of


@pytest.fixture
def admin_client(tenant_a, tenant_client):
    return tenant_client(tenant_a, Role.TENANT_ADMIN)


def _contacts(tenant, **values):
    with tenant_context(tenant):
        set_counter_contact(**{"address": "Piazza Maggiore 6, 40124 Alfa",
                               "phone": "051 219 3111",
                               "email": "sportello@alfa.example.it", **values})


def test_given_an_anonymous_visitor_when_opening_the_counters_address_then_its_public_page(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a).get("/", follow=True)

    assert response.redirect_chain[-1][0] == "/sportello/"
    page = text_of(response)
    assert "Sportello del Comune di Alfa" in page
    assert "Prenota un appuntamento" in page
    assert 'href="/accesso/"' in response.content.decode()
    assert "Area riservata al personale dello sportello" in page


def test_given_a_logged_in_operator_when_opening_the_counters_address_then_their_home(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a, Role.OPERATOR).get("/")

    assert response.status_code == 200
    assert "Area riservata al personale" not in text_of(response)


def test_given_published_contacts_when_opening_the_public_page_then_address_phone_email_hours(
        tenant_a, tenant_client):
    _contacts(tenant_a, hours_note="Si riceve su appuntamento.")

    response = tenant_client(tenant_a).get("/sportello/")

    page = text_of(response)
    assert "Indirizzo Piazza Maggiore 6, 40124 Alfa" in page
    assert "Telefono 051 219 3111" in page
    assert "E-mail sportello@alfa.example.it" in page
    assert "Lunedì 09:00–13:00" in page
    assert "Si riceve su appuntamento." in page
    assert 'href="tel:0512193111"' in response.content.decode()


def test_given_the_admin_when_saving_the_contacts_then_citizens_read_them_and_it_is_audited(
        tenant_a, tenant_client, admin_client):
    response = admin_client.post("/servizi/contatti/", {
        "address": "Via Indipendenza 2, Alfa", "phone": "051 000 1111",
        "email": "Info@Alfa.example.it", "hours_note": ""}, follow=True)

    assert "Contatti salvati" in text_of(response)
    booking = text_of(tenant_client(tenant_a).get("/prenota/"))
    assert "Via Indipendenza 2, Alfa" in booking
    assert "051 000 1111" in booking
    assert "info@alfa.example.it" in booking
    with tenant_context(tenant_a):
        assert AuditEvent.objects.filter(action=services.CONTACTS_CHANGED).exists()


def test_given_a_wrong_phone_when_saving_the_contacts_then_the_error_is_at_the_phone(
        tenant_a, admin_client):
    response = admin_client.post("/servizi/contatti/", {
        "address": "", "phone": "chiamare", "email": "non-una-email", "hours_note": ""})

    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_phone-errore"' in body
    assert "Numero di telefono non valido." in text_of(response)
    with tenant_context(tenant_a):
        assert not CounterContact.objects.exists()


def test_given_an_operator_when_opening_the_contacts_settings_then_not_allowed(
        tenant_a, tenant_client):
    assert tenant_client(tenant_a, Role.OPERATOR).get("/servizi/contatti/").status_code in (
        403, 404)


def test_given_internal_tutoring_services_when_a_citizen_looks_then_they_are_not_offered(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a)

    public = text_of(client.get("/sportello/"))
    booking = text_of(client.get("/prenota/"))

    assert "Informazione sul microcredito" in public
    assert "Tutoraggio" not in public
    assert "Tutoraggio" not in booking
    with tenant_context(tenant_a):
        assert Service.objects.filter(code__startswith="micro-tutoraggio-", is_public=False,
                                      is_active=True).count() == 4


def test_given_an_internal_service_when_a_citizen_posts_it_anyway_then_refused(in_a):
    tutoring = Service.objects.get(code="micro-tutoraggio-marketing")
    slot = selectors.free_slots()[0]

    with pytest.raises(DeskError) as refused:
        services.book_online(slot_start=slot.starts_at, name="Lucia Neri", email="l@example.it",
                             phone="347 1112223", reason="Informazioni",
                             privacy_acknowledged=True, service=tutoring)

    assert refused.value.field == "service"


def test_given_the_admin_when_marking_a_service_internal_then_citizens_no_longer_see_it(
        tenant_a, tenant_client, admin_client):
    with tenant_context(tenant_a):
        service = Service.objects.get(code="lavoro-borse-tirocini")
    connection.set_schema_to_public()

    admin_client.post(f"/servizi/{service.pk}/", {
        "name": service.name, "area": service.area, "description": "", "order": "1",
        "internal": "on"})

    assert "Borse di studio e tirocini" not in text_of(tenant_client(tenant_a).get("/sportello/"))
    assert "interno: non visibile ai cittadini" in text_of(admin_client.get("/servizi/"))


def test_given_no_published_phone_when_too_many_bookings_then_no_invitation_to_phone(
        in_a, settings):
    settings.DESK_COUNTER_BOOKINGS_PER_HOUR = 0
    slot = selectors.free_slots()[0]

    with pytest.raises(TooManyBookings) as refused:
        services.book_online(slot_start=slot.starts_at, name="L", email="l@example.it",
                             phone="347 1112223", reason="x", privacy_acknowledged=True)

    assert "telefoni" not in refused.value.message


def test_given_a_published_phone_when_too_many_bookings_then_the_number_is_given(
        in_a, settings):
    set_counter_contact(phone="051 219 3111")
    settings.DESK_COUNTER_BOOKINGS_PER_HOUR = 0
    slot = selectors.free_slots()[0]

    with pytest.raises(TooManyBookings) as refused:
        services.book_online(slot_start=slot.starts_at, name="L", email="l@example.it",
                             phone="347 1112223", reason="x", privacy_acknowledged=True)

    assert "telefoni allo sportello al numero 051 219 3111" in refused.value.message


def test_given_the_booking_page_when_rendered_then_slots_styled_from_a_static_file_no_inline(
        tenant_a, tenant_client):
    body = tenant_client(tenant_a).get("/prenota/").content.decode()

    assert "desks/citizen.css" in body and "desks/booking.js" in body
    assert "onclick=" not in body and "onchange=" not in body
    assert 'class="btn btn-outline-primary btn-sm rete-slot"' in body


def test_given_the_national_landing_when_a_citizen_looks_then_each_counter_links_its_page(
        tenant_a, tenant_client):
    response = tenant_client(None).get("/sportelli/")

    body = response.content.decode()
    assert 'href="http://alfa.localhost/sportello/"' in body
    assert 'href="http://beta.localhost/sportello/"' in body
    assert "Emilia-Romagna (BO)" in text_of(response)


def test_given_a_search_on_the_national_landing_when_typed_then_only_matching_counters(
        tenant_a, tenant_client):
    response = tenant_client(None).get("/sportelli/?q=alfa")

    body = response.content.decode()
    assert "alfa.localhost/sportello/" in body
    assert "beta.localhost/sportello/" not in body
    assert "1 sportello" in text_of(response)


def test_given_an_odd_region_on_the_national_landing_when_filtering_then_no_error(
        db, tenant_client):
    odd = tenant_client(None).get("/sportelli/?regione=XX%27%22<b>&q=%22%3Cscript%3E")
    nul = tenant_client(None).get("/sportelli/?regione=%00XX&q=%00")

    assert odd.status_code == 200
    assert "<script>" not in odd.content.decode()
    assert nul.status_code == 400  # the input boundary: a clear Italian page
    assert "carattere nullo" in nul.content.decode()
