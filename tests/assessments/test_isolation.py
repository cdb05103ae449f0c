"""A counter's assessments and instruments do not exist on another counter's
domain: 404 on every route and API resource."""

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from assessments import services
from assessments.data import InstrumentData, ItemData, OptionData
from assessments.models import Assessment, Instrument
from people.models import Person
from tests.factories import (
    SCORE_11,
    answers_for,
    bump_ids,
    make_person,
    make_user,
    screening,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects_of_a(tenant_a, tenant_b):
    """An assessment, its person and a new instrument of A, with ids B has not."""
    bump_ids(tenant_a, ["assessments_assessment"])
    bump_ids(tenant_a, ["assessments_instrument"])
    bump_ids(tenant_a, ["people_person"])
    person = make_person(tenant_a)
    instrument = screening(tenant_a)
    with tenant_context(tenant_a):
        assessment = services.score_assessment(
            person=person, instrument=instrument, answers=answers_for(instrument, SCORE_11),
            acting_user=make_user(tenant_a, Role.OPERATOR))
        data = InstrumentData(
            name="Solo in A", threshold=1, items=[ItemData(
                text="Domanda", options=[OptionData("No", 0),
                                         OptionData("Sì", 1)])])
        own = services.create_instrument(code="solo-in-a", data=data,
                                         acting_user=make_user(tenant_a, Role.TENANT_ADMIN))
    with tenant_context(tenant_b):
        assert not Assessment.objects.filter(pk=assessment.pk).exists()
        assert not Instrument.objects.filter(pk=own.pk).exists()
        assert not Person.objects.filter(pk=person.pk).exists()
    return {"person": person.pk, "assessment": assessment.pk, "instrument": own.pk}


UI_ROUTES = [
    ("get", Role.OPERATOR, "/persone/{person}/valutazioni/nuova/"),
    ("post", Role.OPERATOR, "/persone/{person}/valutazioni/nuova/"),
    ("post", Role.OPERATOR, "/persone/{person}/valutazioni/nuova/totale/"),
    ("get", Role.OPERATOR, "/valutazioni/{assessment}/"),
    ("get", Role.OPERATOR, "/valutazioni/{assessment}/risposte/"),
    ("get", Role.TENANT_ADMIN, "/valutazioni/{assessment}/"),
    ("get", Role.TENANT_ADMIN, "/strumenti/{instrument}/"),
    ("get", Role.TENANT_ADMIN, "/strumenti/{instrument}/modifica/"),
    ("post", Role.TENANT_ADMIN, "/strumenti/{instrument}/modifica/"),
    ("post", Role.TENANT_ADMIN, "/strumenti/{instrument}/stato/"),
]


@pytest.mark.parametrize("method,role,route", UI_ROUTES)
def test_given_objects_of_tenant_a_when_tenant_b_staff_open_them_then_404(
        objects_of_a, tenant_b, tenant_client, method, role, route):
    client = tenant_client(tenant_b, role)

    response = getattr(client, method)(route.format(**objects_of_a))

    assert response.status_code == 404


API_ROUTES = [
    ("get", "/api/v1/strumenti/{instrument}/"),
    ("get", "/api/v1/valutazioni/{assessment}/"),
    ("get", "/api/v1/valutazioni/{assessment}/risposte/"),
    ("get", "/api/v1/valutazioni/?persona={person}"),
]


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.COORDINATOR, Role.TENANT_ADMIN])
@pytest.mark.parametrize("method,route", API_ROUTES)
def test_given_objects_of_tenant_a_when_tenant_b_reads_them_through_the_api_then_404(
        objects_of_a, tenant_b, tenant_client, method, route, role):
    client = tenant_client(tenant_b, role)

    response = getattr(client, method)(route.format(**objects_of_a))

    assert response.status_code == 404
    assert response.json()["errore"]["codice"] == "non_trovato"


def test_given_a_person_of_tenant_a_when_tenant_b_posts_an_assessment_then_404(
        objects_of_a, tenant_b, tenant_client):
    instrument = screening(tenant_b)

    response = tenant_client(tenant_b, Role.OPERATOR).post(
        "/api/v1/valutazioni/", {"persona": objects_of_a["person"], "strumento": instrument.pk,
                                 "risposte": answers_for(instrument, SCORE_11)},
        content_type="application/json")

    assert response.status_code == 404
    assert response.json()["errore"]["campi"] == {"persona": ["Persona non trovata."]}


def test_given_tenant_b_when_listing_instruments_then_none_of_a(
        objects_of_a, tenant_b, tenant_client):
    body = tenant_client(tenant_b, Role.OPERATOR).get("/api/v1/strumenti/").json()

    assert "solo-in-a" not in [i["codice"] for i in body["results"]]


def test_given_tenant_b_when_listing_assessments_then_none_of_a(
        objects_of_a, tenant_b, tenant_client):
    body = tenant_client(tenant_b, Role.COORDINATOR).get("/api/v1/valutazioni/").json()

    assert objects_of_a["assessment"] not in [a["id"] for a in body["results"]]
