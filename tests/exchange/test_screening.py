"""Free text in the rete delle reti is screened for what identifies a person."""

import pytest

from exchange.screening import identifying_data, screening_message


@pytest.mark.parametrize("text", [
    "RSSMRA85T10A562S", "rssmra85t10a562s", "RSS MRA 85T10 A562S",
    "r.s.s.m.r.a.8.5.t.1.0.a.5.6.2.s",
    "codice RSSMRA8RT1MA562S (omocodico)", "RSSMRALRTMLA562S", "cf: DLNNCL90A41Z404X.",
])
def test_a_codice_fiscale_in_any_spelling_is_found(text):
    assert identifying_data(text) == ["codice_fiscale"]


@pytest.mark.parametrize("text", [
    "mario.rossi@example.it", "scrivere a MARIO @ GMAIL . COM", "mario (at) gmail (dot) com",
    "m.d'angelo+lavoro@posta.it",
])
def test_an_email_address_is_found(text):
    assert "email" in identifying_data(text)


@pytest.mark.parametrize("text", [
    "+39 333 123 4567", "333.123.4567", "3331234567", "051 123456", "051-6493111",
    "0039 3331234567", "tel. +39.051.64.93.111", "+44 20 7946 0958", "３３３１２３４５６７",
])
def test_a_phone_number_is_found(text):
    assert identifying_data(text) == ["telefono"]


@pytest.mark.parametrize("text", [
    "Disponibile dal 01/02/2020", "dal 2015-2020 in cucina", "Esperienza di 10 anni, 3 lingue",
    "Patente B, 40 ore settimanali", "CAP 40100", "Codice CP2011 5.2.2.1.0.1",
    "Cerco lavoro come cuoco nell'Appennino", "",
])
def test_ordinary_text_passes(text):
    assert identifying_data(text) == []


def test_the_message_names_everything_found_in_italian():
    message = screening_message(["codice_fiscale", "email", "telefono"])
    assert "un codice fiscale, un indirizzo e-mail e un numero di telefono" in message
    assert "chiede il contatto allo sportello" in message
