"""Searching a code table by code and by words (what a picker does)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codes import tables
from codes.selectors import search_codes
from codes.text import normalise, query_words
from tests.factories import make_code_entry

pytestmark = pytest.mark.django_db


def codes_of(entries) -> list[str]:
    return [entry.code for entry in entries]


def test_a_cook_is_found_by_cuoco():
    found = search_codes(table=tables.PROFESSIONS, text="cuoco")
    assert "5.2.2.1.0.14" in codes_of(found)  # CUOCO DI RISTORANTE
    assert all("CUOC" in entry.label for entry in found)
    # the most specific level first
    assert found[0].level == 6


def test_a_cook_is_found_by_its_code_with_its_professions():
    found = search_codes(table=tables.PROFESSIONS, text="5.2.2.1", limit=30)
    assert found[0].code == "5.2.2.1"
    assert {"5.2.2.1.0.1", "5.2.2.1.0.19"} <= set(codes_of(found))
    assert all(code.startswith("5.2.2.1") for code in codes_of(found))


def test_codes_in_their_natural_order():
    found = codes_of(search_codes(table=tables.PROFESSIONS, text="5.2.2.1.0.", limit=30))
    assert found.index("5.2.2.1.0.9") < found.index("5.2.2.1.0.10")


def test_case_and_plural_do_not_matter():
    assert "5.2.2.1.0.14" in codes_of(search_codes(table=tables.PROFESSIONS, text="CUOCHI",
                                                   limit=50))
    assert "5.2.2.1.0.0" in codes_of(search_codes(table=tables.PROFESSIONS, text="Cuochi"))


def test_every_word_must_match_as_a_prefix():
    found = search_codes(table=tables.PROFESSIONS, text="cuoco bordo")
    assert codes_of(found) == ["5.2.2.1.0.7"]
    assert search_codes(table=tables.PROFESSIONS, text="cuoco astronauta") == []


def test_accents_do_not_matter_either_way():
    # the ministry writes "FORLI'", ISTAT "Forlì": both found by forli and forlì
    assert "D704" in codes_of(search_codes(table=tables.COMUNI, text="forli"))
    assert "D704" in codes_of(search_codes(table=tables.COMUNI, text="FORLÌ"))
    assert normalise("perché") == normalise("PERCHE'") == "perche"
    assert query_words("perché") == query_words("perche")


def test_a_comune_by_its_belfiore_code_and_by_its_second_name():
    assert codes_of(search_codes(table=tables.COMUNI, text="a944"))[0] == "A944"
    assert "A952" in codes_of(search_codes(table=tables.COMUNI, text="bozen"))


def test_limit_is_kept_and_bounded():
    assert len(search_codes(table=tables.PROFESSIONS, text="5", limit=3)) == 3
    assert len(search_codes(table=tables.PROFESSIONS, text="5", limit=10_000)) == 100
    assert len(search_codes(table=tables.PROFESSIONS, text="5", limit=0)) == 1


def test_an_empty_text_lists_the_table():
    assert codes_of(search_codes(table=tables.DRIVING_LICENCES, text=""))[:2] == ["01", "02"]


def test_an_unknown_table_finds_nothing():
    assert search_codes(table="nessuna", text="cuoco") == []


def test_ended_codes_come_after_valid_ones_and_drop_out_on_a_day():
    # livelli 01-04 ended 2011-04-29, A1..C2 are valid
    found = search_codes(table=tables.LANGUAGE_LEVELS, text="")
    valid = [entry.valid_to is None for entry in found]
    assert valid == sorted(valid, reverse=True)
    on_day = search_codes(table=tables.LANGUAGE_LEVELS, text="", on=date(2026, 1, 1))
    assert all(entry.valid_to is None for entry in on_day)
    before = search_codes(table=tables.LANGUAGE_LEVELS, text="", on=date(2010, 1, 1))
    assert {"01", "02", "03", "04"} <= set(codes_of(before))


def test_a_level_restricts_the_search():
    found = search_codes(table=tables.PROFESSIONS, text="5.2.2.1", level=6, limit=50)
    assert found and all(entry.level == 6 for entry in found)


def test_a_code_valid_from_a_future_day_comes_after_the_valid_ones():
    make_code_entry(tables.CONTRACTS, "Z99", "CONTRATTO FUTURO", valid_from=date(2199, 1, 1))
    assert codes_of(search_codes(table=tables.CONTRACTS, text=""))[-1] == "Z99"
    assert "Z99" not in codes_of(search_codes(table=tables.CONTRACTS, text="",
                                              on=date(2026, 1, 1)))


@pytest.mark.parametrize("text", [
    "%", "_", "\\", "%%%_\\", "'; DROP TABLE codes_codeentry; --", "5.2.%", "cuo_o",
    "x" * 10_000, "ç" * 5000, "\u200b", "😀 cuoco", "\ud800", "\x00", "   ", "....", "-",
])
def test_hostile_strings_never_break_the_search(text):
    found = search_codes(table=tables.PROFESSIONS, text=text)
    assert isinstance(found, list)
    assert all("%" not in entry.code for entry in found)


def test_a_wildcard_is_a_character_not_a_pattern():
    assert search_codes(table=tables.PROFESSIONS, text="%") == []
    # what is not part of a code is dropped: "5.2.%" is "5.2.", not "5.2" and anything
    assert codes_of(search_codes(table=tables.PROFESSIONS, text="5.2.%")) == codes_of(
        search_codes(table=tables.PROFESSIONS, text="5.2."))
    assert "5.2" not in codes_of(search_codes(table=tables.PROFESSIONS, text="5.2.%"))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_any_text_is_a_search(text):
    assert isinstance(search_codes(table=tables.COMUNI, text=text, limit=5), list)


def test_an_entry_added_by_hand_is_found_like_a_loaded_one():
    make_code_entry(tables.LICENCES, "99", "Patentino per droni", valid_from=date(2020, 1, 1))
    assert codes_of(search_codes(table=tables.LICENCES, text="DRONI")) == ["99"]
