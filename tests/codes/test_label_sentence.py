"""Code-table labels in capitals read as Italian sentences."""

import pytest

from codes.names import label_sentence


@pytest.mark.parametrize(("label", "shown"), [
    ("CUOCHI IN ALBERGHI E RISTORANTI", "Cuochi in alberghi e ristoranti"),
    ("PATENTE B", "Patente B"),
    ("PATENTE C1E", "Patente C1E"),
    ("LIVELLO B2", "Livello B2"),
    ("LAVORO A TEMPO DETERMINATO", "Lavoro a tempo determinato"),
    ("ADDETTO ALLA SICUREZZA HACCP", "Addetto alla sicurezza HACCP"),
    ("Produzioni vegetali e animali", "Produzioni vegetali e animali"),
    ("", ""),
])
def test_given_a_label_in_capitals_when_shown_then_a_sentence_keeping_classes(label, shown):
    assert label_sentence(label) == shown
