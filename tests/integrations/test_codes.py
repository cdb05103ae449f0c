"""The 25-character communication code: its layout, its bounds, its round trip."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from codes.loader import DATA
from integrations.cliclavoro.codes import (
    MAX_SERIAL,
    MAX_TENANT_NUMBER,
    REGION_CODES,
    Kind,
    Module,
    communication_code,
    parse_code,
)
from integrations.cliclavoro.validation import lxml_schema
from tenants.models import Region


def _code(**overrides) -> str:
    values = dict(region="EMR", year=2026, module=Module.VACANCY, kind=Kind.SEND,
                  tenant_number=42, serial=1234)
    values.update(overrides)
    return communication_code(**values)


def test_given_the_parts_when_a_code_is_made_then_it_follows_the_ministry_layout():
    code = _code()

    assert code == "08" "000" "26" "2" "1" "1" "000042" "000001234"
    assert len(code) == 25 and code.isdigit()


def test_given_a_code_when_parsed_then_every_part_comes_back():
    parsed = parse_code(_code(module=Module.CANDIDATURA, kind=Kind.CLOSE, region="TAA"))

    assert (parsed.region, parsed.year, parsed.channel, parsed.module, parsed.kind,
            parsed.tenant_number, parsed.serial) == ("04", 2026, "2", Module.CANDIDATURA,
                                                     Kind.CLOSE, 42, 1234)
    assert parsed.sequence == "000042000001234"


@given(region=st.sampled_from(sorted(REGION_CODES)), year=st.integers(2000, 2099),
       module=st.sampled_from(list(Module)), kind=st.sampled_from(list(Kind)),
       tenant_number=st.integers(1, MAX_TENANT_NUMBER), serial=st.integers(0, MAX_SERIAL))
def test_given_any_valid_parts_when_made_and_parsed_then_the_round_trip_is_exact(
        region, year, module, kind, tenant_number, serial):
    code = communication_code(region=region, year=year, module=module, kind=kind,
                              tenant_number=tenant_number, serial=serial)
    parsed = parse_code(code)

    assert len(code) == 25
    assert (parsed.region, parsed.year, parsed.module, parsed.kind, parsed.tenant_number,
            parsed.serial) == (REGION_CODES[region], year, module, kind, tenant_number, serial)


def test_given_the_first_and_last_serials_when_made_then_both_fit_and_one_more_does_not():
    assert _code(serial=0).endswith("000042" "000000000")
    assert _code(serial=MAX_SERIAL).endswith("000042" "999999999")
    with pytest.raises(ValueError, match="progressivo"):
        _code(serial=MAX_SERIAL + 1)
    with pytest.raises(ValueError, match="progressivo"):
        _code(serial=-1)


def test_given_the_largest_tenant_number_when_made_then_it_fits_and_one_more_does_not():
    assert parse_code(_code(tenant_number=MAX_TENANT_NUMBER)).tenant_number == 999_999
    with pytest.raises(ValueError, match="numero dell'ente"):
        _code(tenant_number=MAX_TENANT_NUMBER + 1)
    with pytest.raises(ValueError, match="numero dell'ente"):
        _code(tenant_number=0)


@pytest.mark.parametrize("overrides, words", [
    (dict(year=1999), "anno"), (dict(year=2100), "anno"), (dict(year=True), "intero"),
    (dict(serial="12"), "intero"), (dict(region="XYZ"), "Regione"), (dict(region="21"),
                                                                       "Regione"),
    (dict(module=4), "Modulo"), (dict(kind=3), "Tipo"),
])
def test_given_a_part_out_of_range_when_made_then_the_refusal_is_in_italian(overrides, words):
    with pytest.raises(ValueError, match=words):
        _code(**overrides)


def test_given_two_tenants_with_the_same_serial_when_coded_then_their_codes_differ():
    assert _code(tenant_number=1, serial=5) != _code(tenant_number=2, serial=5)


def test_given_a_close_after_a_send_when_coded_then_only_the_kind_digit_tells_them_apart():
    sent = parse_code(_code(kind=Kind.SEND, serial=10))
    closed = parse_code(_code(kind=Kind.CLOSE, serial=11))

    assert (sent.kind, closed.kind) == (Kind.SEND, Kind.CLOSE)
    assert sent.code[:9] == closed.code[:9]


@pytest.mark.parametrize("text", [
    "", "0800026211000042000001234 ", "080002621100004200000123",  # 24
    "08000262110000420000012345",  # 26
    "0800026211000042000001X34", "0812326211000042000001234",  # not 000
    "0800026311000042000001234",  # channel 3
    "0800026241000042000001234",  # module 4
    "0800026213000042000001234",  # kind 3
    "9900026211000042000001234",  # region 99
    "0800026211000000000001234",  # tenant 0
    "٠٨000262110000420000012٣٤",  # Arabic-Indic digits
    None, 800026211000042000001234,
])
def test_given_a_malformed_code_when_parsed_then_it_is_refused_in_italian(text):
    with pytest.raises(ValueError, match="Codice comunicazione"):
        parse_code(text)


def test_given_every_region_of_a_tenant_when_mapped_then_it_is_a_ministry_region_code():
    with (DATA / "regioni.csv").open(encoding="utf-8") as handle:
        ministry = {row["codice"]: row["descrizione"] for row in csv.DictReader(handle)}

    assert set(REGION_CODES) == set(Region.values)
    for code in REGION_CODES.values():
        assert code in ministry and code != "00"
    assert ministry[REGION_CODES["EMR"]] == "EMILIA ROMAGNA"
    assert ministry[REGION_CODES["VDA"]] == "VAL D'AOSTA"


def test_given_a_messaggio_code_when_checked_by_its_xsd_then_the_25_digits_pattern_holds():
    ns = "http://servizi.lavoro.gov.it/messaggio"
    code = _code(module=Module.MESSAGGIO)
    document = etree.fromstring(
        f'<Messaggio xmlns="{ns}"><Mittente><tiposoggetto>3</tiposoggetto><Interlocutore/>'
        f'</Mittente><Destinatario><Interlocutore/></Destinatario><Corpo><testomessaggio>x'
        f'</testomessaggio></Corpo><DatiSistema><tipocomunicazione>03</tipocomunicazione>'
        f'<data>2026-12-02T10:00:00+01:00</data><codicemessaggio>{code}</codicemessaggio>'
        f'</DatiSistema></Messaggio>'.encode())

    assert lxml_schema("messaggio").validate(document)


def test_given_a_tenant_when_its_code_is_made_then_its_region_and_number_are_in_it(tenant_a):
    from integrations.cliclavoro.codes import code_for_tenant

    parsed = parse_code(code_for_tenant(tenant_a, module=Module.CANDIDATURA, kind=Kind.SEND,
                                        serial=3, year=2027))

    assert (parsed.region, parsed.year, parsed.tenant_number, parsed.serial) == (
        REGION_CODES[tenant_a.region], 2027, tenant_a.pk, 3)
