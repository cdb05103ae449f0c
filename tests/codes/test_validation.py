"""A code that ended is refused for new records and kept on old ones."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from rest_framework import serializers

from codes import tables
from codes.fields import ApiCodeField, CodeField
from codes.validation import EXPIRED, UNKNOWN, check_code
from core.errors import ValidationFailed
from tests.factories import make_code_entry

pytestmark = pytest.mark.django_db


def test_a_valid_code_is_accepted_in_any_spelling():
    assert check_code(tables.PROFESSIONS, " 5.2.2.1.0.3 ").code == "5.2.2.1.0.3"
    assert check_code(tables.COMUNI, "a944").code == "A944"


def test_an_unknown_code_is_refused_in_italian():
    with pytest.raises(ValidationFailed) as refused:
        check_code(tables.PROFESSIONS, "9.9.9.9.9.9", field="professione")
    assert refused.value.code == UNKNOWN
    assert refused.value.message == ("Il codice «9.9.9.9.9.9» non è nella tabella "
                                     "Professioni CP2011.")
    assert refused.value.fields == {"professione": [refused.value.message]}


@pytest.mark.parametrize("code", ["", "   ", "%", "x" * 10_000, "\x00", None, 42])
def test_anything_that_is_not_a_code_is_refused(code):
    with pytest.raises(ValidationFailed) as refused:
        check_code(tables.PROFESSIONS, code)
    assert refused.value.code == UNKNOWN


def test_an_ended_code_is_refused_for_a_new_record_with_the_day_it_ended():
    # ATECO 2007 aggiornamento 2022 ended on 31/12/2024
    with pytest.raises(ValidationFailed) as refused:
        check_code(tables.ATECO_2022, "01.11.10", on=date(2025, 1, 1))
    assert refused.value.code == EXPIRED
    assert "non è più valido: è scaduto il 31/12/2024" in refused.value.message


def test_an_ended_code_was_valid_on_its_last_day():
    assert check_code(tables.ATECO_2022, "01.11.10", on=date(2024, 12, 31)).code == "01.11.10"


def test_an_ended_code_is_kept_on_the_record_that_holds_it():
    entry = check_code(tables.ATECO_2022, "01.11.10", keep="01.11.10")
    assert entry.valid_to == date(2024, 12, 31)
    # but not swapped for another ended code
    with pytest.raises(ValidationFailed):
        check_code(tables.ATECO_2022, "01.11.20", keep="01.11.10")


def test_a_code_valid_from_a_future_day_is_refused_until_then():
    make_code_entry(tables.CONTRACTS, "Z99", "CONTRATTO FUTURO", valid_from=date(2199, 1, 1))
    with pytest.raises(ValidationFailed) as refused:
        check_code(tables.CONTRACTS, "Z99")
    assert refused.value.code == UNKNOWN
    assert "sarà valido dal 01/01/2199" in refused.value.message
    assert check_code(tables.CONTRACTS, "Z99", on=date(2199, 1, 1)).code == "Z99"


def test_a_level_restricts_the_codes_accepted():
    assert check_code(tables.PROFESSIONS, "5.2.2.1.0.3", level=6).level == 6
    with pytest.raises(ValidationFailed) as refused:
        check_code(tables.PROFESSIONS, "5.2.2.1", level=6)
    assert "indicare un codice del 6° livello" in refused.value.message


class VacancyForm(forms.Form):
    professione = CodeField(table=tables.PROFESSIONS, level=6, label="Professione")
    settore = CodeField(table=tables.ATECO_2022, required=False, label="Settore")


def test_the_form_field_cleans_to_the_code_and_shows_the_error_at_the_field():
    form = VacancyForm({"professione": "5.2.2.1.0.3 ", "settore": "01.11.10"})
    assert not form.is_valid()
    assert form.errors["settore"][0].startswith("Il codice 01.11.10")
    assert "scaduto il 31/12/2024" in form.errors["settore"][0]
    assert form.cleaned_data["professione"] == "5.2.2.1.0.3"


def test_the_form_field_keeps_the_stored_ended_code():
    form = VacancyForm({"professione": "5.2.2.1.0.3", "settore": "01.11.10"})
    form.fields["settore"].keep = "01.11.10"
    assert form.is_valid(), form.errors
    assert form.cleaned_data["settore"] == "01.11.10"


def test_the_form_field_refuses_too_long_input_before_the_table():
    form = VacancyForm({"professione": "5" * 500})
    assert not form.is_valid()
    assert "professione" in form.errors


class VacancySerializer(serializers.Serializer):
    professione = ApiCodeField(table=tables.PROFESSIONS, level=6)
    settore = ApiCodeField(table=tables.ATECO_2022, required=False)


def test_the_api_field_refuses_an_ended_code_with_its_code():
    serializer = VacancySerializer(data={"professione": "5.2.2.1.0.3", "settore": "01.11.10"})
    assert not serializer.is_valid()
    assert serializer.errors["settore"][0].code == EXPIRED


def test_the_api_field_keeps_the_code_of_the_instance_being_edited():
    class Vacancy:
        professione = "5.2.2.1.0.3"
        settore = "01.11.10"

    serializer = VacancySerializer(Vacancy(), data={"professione": "5.2.2.1.0.3",
                                                    "settore": "01.11.10"})
    assert serializer.is_valid(), serializer.errors


def test_a_field_of_an_unknown_table_is_a_programming_error():
    with pytest.raises(ValueError):
        CodeField(table="nessuna")
