"""The demo data of the boards and the rete delle reti (config.demo_exchange)."""

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from config import demo_exchange
from exchange.models import ContactRequest, ExchangeEntry
from jobs.models import BoardItem
from tests.factories import authorise_here, make_user

pytestmark = pytest.mark.django_db


def test_the_demo_fills_boards_and_exchange_once(tenant_a, tenant_b):
    # given two counters with an operator each, A a job desk with its authorisation
    make_user(tenant_a, Role.OPERATOR)
    make_user(tenant_b, Role.OPERATOR)
    tenant_a.offers_job_desk = True
    tenant_a.save(update_fields=["offers_job_desk"])
    with tenant_context(tenant_a):
        authorise_here()
    # when the demo runs twice
    for _ in range(2):
        demo_exchange.seed(["alfa", "beta"], contact=("beta", "alfa"))
    # then each board has its published items, A's vacancy is in the exchange,
    # B asked A for contact: once each
    with tenant_context(tenant_a):
        assert BoardItem.objects.filter(state="pubblicata").count() == len(
            demo_exchange.BOARD_ITEMS)
    assert ExchangeEntry.objects.filter(tenant=tenant_a, kind="offerta").count() == 1
    assert not ExchangeEntry.objects.filter(tenant=tenant_b).exists()
    assert ContactRequest.objects.filter(from_tenant=tenant_b, to_tenant=tenant_a).count() == 1
    tenant_a.offers_job_desk = False
    tenant_a.save(update_fields=["offers_job_desk"])
