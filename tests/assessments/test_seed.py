"""The "Insieme per il lavoro" screening seeded in every new counter."""

import pytest
from django_tenants.utils import tenant_context

from assessments.models import Instrument, TriggerAction
from assessments.seed import CODE, seed_tenant
from tests.factories import screening

pytestmark = pytest.mark.django_db


def test_given_a_new_counter_when_reading_its_instruments_then_the_screening_is_there(tenant_a):
    instrument = screening(tenant_a)

    assert instrument.threshold == 11
    assert instrument.trigger_action == TriggerAction.SECOND_INTERVIEW
    assert instrument.is_unverified is True
    assert instrument.unverified_note == "tabella degli item non verificata: dati modificabili"
    texts = [item.text for item in instrument.items.all()]
    assert texts[:3] == ["Condizione lavorativa", "Situazione economica e reddito",
                         "Situazione abitativa"]
    assert len(texts) == 8
    assert all(len(item.options.all()) >= 2 for item in instrument.items.all())


def test_given_the_seed_ran_when_running_it_again_then_nothing_changes(tenant_a):
    with tenant_context(tenant_a):
        before = list(Instrument.objects.filter(code=CODE).values_list("id", "version"))
        seed_tenant(tenant=tenant_a)
        assert list(Instrument.objects.filter(code=CODE).values_list("id", "version")) == before
