"""Citizen pages name the administration with its article and write dates in
lower case mid-sentence."""

from __future__ import annotations

from datetime import date

import pytest

from core.wording import counter_title, day_text, of_administration


@pytest.mark.parametrize("name,kind,expected", [
    ("Comune di Bologna", "comune", "del Comune di Bologna"),
    ("Camera di commercio di Roma", "cciaa", "della Camera di commercio di Roma"),
    ("Università di Palermo", "universita", "dell'Università di Palermo"),
    ("Università degli Studi di Palermo", "universita", "dell'Università degli Studi di Palermo"),
    ("Centro per l'impiego di Napoli", "cpi", "del Centro per l'impiego di Napoli"),
    ("Unione dei comuni dell'Appennino bolognese", "unione",
     "dell'Unione dei comuni dell'Appennino bolognese"),
    ("Istituto per il lavoro", "altro", "dell'Istituto per il lavoro"),
    ("Sportello unico", "altro", "dello Sportello unico"),
    ("L'Aquila", "comune", "dell'Aquila"),
    ("L’Aquila", "comune", "dell'Aquila"),  # the typographic apostrophe too
    ("La Spezia", "comune", "della Spezia"),
    ("Bologna", "comune", "di Bologna"),  # a place name takes no article
    ("  Comune   di  Bologna ", "comune", "del Comune di Bologna"),
])
def test_given_an_administration_when_naming_it_then_di_takes_its_article(name, kind, expected):
    assert of_administration(name, kind) == expected


def test_given_a_counter_when_titling_its_page_then_sportello_with_the_article():
    assert counter_title("Comune di Bologna", "comune") == "Sportello del Comune di Bologna"
    assert counter_title("Università di Palermo") == "Sportello dell'Università di Palermo"


def test_given_a_date_when_written_mid_sentence_then_weekday_and_month_are_lower_case():
    assert day_text(date(2026, 12, 8)) == "martedì 8 dicembre 2026"
    assert day_text(date(2026, 12, 8), year=False) == "martedì 8 dicembre"
