"""The national catalogue: lender rules and the dated microcredit limits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from accounts.models import Role
from catalog import selectors, services
from catalog.models import MicrocreditLimit
from catalog.services import LenderData
from core.errors import ServiceError
from core.fields import parse_amount
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor():
    return make_user(None, Role.SUPERVISOR)


def test_given_a_new_installation_then_the_limits_are_seeded_and_marked_to_verify():
    with schema_context("public"):
        current = {t: selectors.limit_for(beneficiary_type=t, on=date(2026, 1, 1))
                   for t in ("ordinario", "srl", "sociale")}

    assert {t: limit.max_amount for t, limit in current.items()} == {
        "ordinario": Decimal("75000.00"), "srl": Decimal("100000.00"),
        "sociale": Decimal("10000.00")}
    assert all(limit.to_verify for limit in current.values())


def test_given_dated_limits_when_asking_for_a_date_then_the_rule_in_force_that_day_applies():
    with schema_context("public"):
        assert selectors.limit_for(beneficiary_type="ordinario",
                                   on=date(2018, 5, 1)).max_amount == Decimal("25000")
        assert selectors.limit_for(beneficiary_type="srl", on=date(2018, 5, 1)) is None


def test_given_two_limits_on_the_same_date_when_saving_then_refused(supervisor):
    with schema_context("public"):
        with pytest.raises(ServiceError) as refused:
            services.save_limit(beneficiary_type="srl", valid_from=date(2023, 1, 1),
                                max_amount=Decimal("90000"), acting_user=supervisor)

    assert refused.value.field == "valid_from"


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5"), "abc",
                                    parse_amount("10,001")])
def test_given_an_invalid_amount_when_saving_a_limit_then_refused(supervisor, amount):
    with schema_context("public"):
        with pytest.raises(ServiceError) as refused:
            services.save_limit(beneficiary_type="srl", valid_from=date(2027, 1, 1),
                                max_amount=amount, acting_user=supervisor)

    assert refused.value.field == "max_amount"


def test_given_a_new_limit_when_saved_then_it_applies_from_its_date(supervisor):
    with schema_context("public"):
        services.save_limit(beneficiary_type="sociale", valid_from=date(2030, 1, 1),
                            max_amount=parse_amount("15.000"), acting_user=supervisor)

        assert selectors.limit_for(beneficiary_type="sociale",
                                   on=date(2030, 1, 1)).max_amount == Decimal("15000")
        assert selectors.limit_for(beneficiary_type="sociale",
                                   on=date(2029, 12, 31)).max_amount == Decimal("10000")
        assert MicrocreditLimit.objects.filter(beneficiary_type="sociale").count() == 2


def _lender(**overrides) -> LenderData:
    values = dict(name="Banca Popolare di Prova", kind="banca", abi_code="12345",
                  codice_fiscale="12345678903")
    values.update(overrides)
    return LenderData(**values)


@pytest.mark.parametrize("overrides,field", [
    ({"name": "  "}, "name"),
    ({"kind": "usuraio"}, "kind"),
    ({"codice_fiscale": "12345678901"}, "codice_fiscale"),
    ({"abi_code": "12a45"}, "abi_code"),
    ({"kind": "operatore_microcredito", "abi_code": "", "codice_fiscale": ""},
     "codice_fiscale"),
    ({"regions": ["XYZ"]}, "regions"),
    ({"website": "javascript:alert(1)"}, "website"),
    ({"agreement_date": date(2999, 1, 1)}, "agreement_date"),
])
def test_given_invalid_lender_data_when_creating_then_refused_at_the_field(
        supervisor, overrides, field):
    with schema_context("public"):
        with pytest.raises(ServiceError) as refused:
            services.create_lender(data=_lender(**overrides), acting_user=supervisor)

    assert field in refused.value.fields


def test_given_an_existing_lender_when_adding_the_same_name_or_abi_then_refused(supervisor):
    with schema_context("public"):
        services.create_lender(data=_lender(), acting_user=supervisor)

        with pytest.raises(ServiceError) as same_name:
            services.create_lender(data=_lender(abi_code="54321", codice_fiscale=""),
                                   acting_user=supervisor)
        with pytest.raises(ServiceError) as same_abi:
            services.create_lender(data=_lender(name="Altra banca", codice_fiscale=""),
                                   acting_user=supervisor)

    assert same_name.value.code == same_abi.value.code == "finanziatore_duplicato"
    assert same_abi.value.field == "abi_code"


def test_given_a_lender_serving_some_regions_when_filtering_by_region_then_national_ones_are_included(  # noqa: E501
        supervisor):
    with schema_context("public"):
        regional = services.create_lender(data=_lender(regions=["PIE"]), acting_user=supervisor)
        names = set(selectors.lenders(region="PIE").values_list("name", flat=True))
        elsewhere = set(selectors.lenders(region="SAR").values_list("name", flat=True))

    assert regional.name in names and "Microcredito Solidale Esempio S.p.A." in names
    assert regional.name not in elsewhere
