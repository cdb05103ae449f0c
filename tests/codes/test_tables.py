"""The job desk's code tables are loaded, whole, in the public schema."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from django.db import connection

from codes import tables
from codes.loader import DATA
from codes.models import CodeEntry
from codes.selectors import code_entry, place_of
from tests.support import in_schema

pytestmark = pytest.mark.django_db


def csv_rows(table: str) -> int:
    with (DATA / tables.TABLES[table][1]).open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


@pytest.mark.parametrize("table", tables.ALL)
def test_every_table_holds_every_row_of_its_csv(table):
    # given the migrations have run
    # when the table's entries are counted
    loaded = CodeEntry.objects.filter(table=table).count()
    # then there is one entry per row of its CSV
    assert loaded == csv_rows(table) > 0


def test_the_expected_sizes_of_the_national_tables():
    assert csv_rows(tables.PROFESSIONS) == 8203
    assert CodeEntry.objects.filter(table=tables.PROFESSIONS, level=6).count() == 7517
    assert csv_rows(tables.COMUNI) == 7896
    assert CodeEntry.objects.filter(table=tables.ATECO_2025, level=6).count() == 1290


def test_cp2011_keeps_its_levels_and_parents():
    cook = code_entry(table=tables.PROFESSIONS, code="5.2.2.1.0.3")
    assert (cook.label, cook.level, cook.parent_code) == ("CUOCO AL FRIGORIFERO", 6, "5.2.2.1")
    category = code_entry(table=tables.PROFESSIONS, code=cook.parent_code)
    assert (category.level, category.parent_code) == (4, "5.2.2")
    assert code_entry(table=tables.PROFESSIONS, code="5").level == 1


def test_the_2022_ateco_update_ends_where_the_source_ends_it():
    entry = code_entry(table=tables.ATECO_2022, code="01.11.10")
    assert entry.valid_to == date(2024, 12, 31)
    assert code_entry(table=tables.ATECO_2025, code="A").valid_from == date(2025, 1, 1)
    assert code_entry(table=tables.ATECO_2025, code="A").valid_to is None
    assert code_entry(table=tables.ATECO_2007, code="01").level == 2


def test_a_comune_carries_province_region_and_istat_code():
    bologna = code_entry(table=tables.COMUNI, code="a944")
    assert bologna.label == "Bologna"
    assert bologna.extra["provincia"] == "BO"
    assert bologna.extra["regione"] == "08"
    assert bologna.extra["istat"] == "037006"
    assert bologna.extra["capoluogo"] is True
    assert code_entry(table=tables.REGIONS, code=bologna.extra["regione"]).label == "EMILIA ROMAGNA"


def test_place_of_a_comune_without_coordinates():
    assert place_of("A944") == ("BO", "08", None, None)
    assert place_of("ZZZZ") is None
    assert place_of("") is None


def test_titoli_di_studio_carry_the_cliclavoro_code():
    master = code_entry(table=tables.EDUCATION, code="82000000")
    assert master.extra == {"livello": "10", "cliclavoro": "80"}
    assistant = code_entry(table=tables.EDUCATION, code="30102066")
    assert (assistant.level, assistant.parent_code) == (4, "30102000")


def test_ccnl_labels_are_the_full_text_where_it_fits():
    ccnl = code_entry(table=tables.CCNL, code="003")
    assert not ccnl.label.endswith("...")
    assert ccnl.extra["settore"] == "Abbigliamento"


def test_code_tables_live_in_the_public_schema_only(tenant_a):
    # given a provisioned counter
    with in_schema(tenant_a):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM information_schema.tables "
                           "WHERE table_schema = %s AND table_name = 'codes_codeentry'",
                           [tenant_a.schema_name])
            # then its schema has no copy of the tables
            assert cursor.fetchone()[0] == 0
        # and its code still reads the national ones
        assert code_entry(table=tables.LANGUAGES, code="001").label == "INGLESE"
