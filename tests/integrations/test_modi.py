"""ModI ID_AUTH_SOAP_02 + INTEGRITY_SOAP_01: our signature and our verifier.

The GovWay samples (tests/integrations/data/govway-*.xml, copied unchanged
from standards/modi-govway/samples-soap-wssecurity/) verify as they are;
their Timestamp was created in 2022, so the verifier is given ``now``."""

from __future__ import annotations

import base64
import datetime as dt
import os
import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree

from integrations.cliclavoro import client
from integrations.transports import Destination, keys, modi
from tests.integrations.sample_payloads import DATA, payload

INTEGRITY_SAMPLES = ["govway-digest_1024B.xml", "govway-digest-no-duplicates_1024B.xml"]
AUTH_SAMPLES = ["govway-auth_1024B.xml", "govway-auth-no-duplicates_1024B.xml",
                "govway-auth-response_1024B.xml"]
NS = {"s": modi.SOAP11, "wsse": modi.WSSE, "wsu": modi.WSU, "wsa": modi.WSA, "ds": modi.DS}


def _sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def _created(envelope: bytes) -> dt.datetime:
    text = etree.fromstring(envelope).findtext(".//wsu:Created", namespaces=NS)
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _soon_after(envelope: bytes) -> dt.datetime:
    return _created(envelope) + dt.timedelta(minutes=1)


def _refusal(envelope: bytes, **options) -> modi.SecurityError:
    with pytest.raises(modi.SecurityError) as caught:
        modi.verify(envelope, **options)
    return caught.value


def _ours(modi_pair, *, now=None, ttl=300.0, kind="vacancy") -> bytes:
    key_file, cert_file = modi_pair
    destination = Destination(name="cliclavoro", url="http://127.0.0.1:9/cliclavoro",
                              profile="modi", timeout=5, sender="RETESPORTELLI",
                              key_file=key_file, cert_file=cert_file, ttl=ttl)
    request, _headers = client.build_request(
        kind=kind, payload=payload(kind), destination=destination,
        message_id="urn:uuid:7d3c1a4e-1111-4a2b-9c3d-0123456789ab", now=now)
    return request


# --- the GovWay samples -----------------------------------------------------

@pytest.mark.parametrize("name", INTEGRITY_SAMPLES)
def test_given_a_govway_integrity_sample_when_verified_then_it_is_accepted_as_it_is(name):
    envelope = _sample(name)

    verified = modi.verify(envelope, now=_soon_after(envelope))

    assert set(verified.signed) == set(modi.REQUEST_PARTS)
    assert verified.sender == "ApplicativoStressTest" and verified.to == "StressTestSoap"
    assert verified.message_id
    assert "ExampleServer" in verified.certificate.subject.rfc4514_string()


@pytest.mark.parametrize("name", AUTH_SAMPLES)
def test_given_a_govway_id_auth_sample_when_verified_for_id_auth_soap_02_then_it_is_accepted(
        name):
    envelope = _sample(name)

    verified = modi.verify(envelope, now=_soon_after(envelope), required=modi.ID_AUTH_SOAP_02)

    assert set(verified.signed) == set(modi.ID_AUTH_SOAP_02)


def test_given_a_govway_id_auth_sample_when_integrity_is_required_then_the_body_is_unsigned():
    envelope = _sample("govway-auth_1024B.xml")

    error = _refusal(envelope, now=_soon_after(envelope))

    assert error.code == "parte_non_firmata" and "Body" in error.message


@pytest.mark.parametrize("name", INTEGRITY_SAMPLES)
def test_given_a_govway_sample_when_one_byte_of_the_body_changes_then_the_signature_fails(name):
    envelope = _sample(name)
    tampered = envelope.replace(b"<ecirp>1.3</ecirp>", b"<ecirp>1.4</ecirp>", 1)
    assert tampered != envelope and len(tampered) == len(envelope)

    assert _refusal(tampered, now=_soon_after(envelope)).code == "firma_non_valida"


@pytest.mark.parametrize("header", [b"StressTestSoap</wsa:To>", b"ApplicativoStressTest<"])
def test_given_a_govway_sample_when_a_wsa_header_changes_then_the_signature_fails(header):
    envelope = _sample("govway-digest_1024B.xml")
    tampered = envelope.replace(header, header.replace(b"Stress", b"Strass"), 1)
    assert tampered != envelope

    assert _refusal(tampered, now=_soon_after(envelope)).code == "firma_non_valida"


def test_given_a_govway_sample_when_its_message_id_changes_then_the_signature_fails():
    envelope = _sample("govway-digest_1024B.xml")
    tampered = envelope.replace(b"0f8f185e-9942", b"0f8f185f-9942", 1)
    assert tampered != envelope

    assert _refusal(tampered, now=_soon_after(envelope)).code == "firma_non_valida"


def test_given_a_govway_sample_when_checked_after_its_expiry_then_timestamp_scaduto():
    envelope = _sample("govway-digest_1024B.xml")

    error = _refusal(envelope, now=dt.datetime(2091, 1, 1, tzinfo=dt.UTC))

    assert error.code == "timestamp_scaduto"


def test_given_a_govway_sample_when_older_than_the_maximum_age_then_timestamp_scaduto():
    envelope = _sample("govway-digest_1024B.xml")

    error = _refusal(envelope, now=_created(envelope) + dt.timedelta(hours=2), max_age=300)

    assert error.code == "timestamp_scaduto" and "troppo tempo" in error.message


def test_given_a_govway_sample_without_its_binary_security_token_then_token_assente():
    root = etree.fromstring(_sample("govway-digest_1024B.xml"))
    token = root.find(".//wsse:BinarySecurityToken", namespaces=NS)
    token.getparent().remove(token)

    error = _refusal(etree.tostring(root), now=dt.datetime(2022, 6, 1, tzinfo=dt.UTC))

    assert error.code == "token_assente"


def test_given_an_envelope_without_a_security_header_then_token_assente():
    envelope = (b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">'
                b"<s:Header/><s:Body><x/></s:Body></s:Envelope>")

    assert _refusal(envelope).code == "token_assente"


def test_given_a_govway_sample_when_only_its_certificate_is_trusted_then_another_is_refused(
        modi_pair):
    envelope = _sample("govway-digest_1024B.xml")
    ours = x509.load_pem_x509_certificate(open(modi_pair[1], "rb").read())

    error = _refusal(envelope, now=_soon_after(envelope), trusted_certs=[ours])

    assert error.code == "certificato_non_attendibile"


# --- our own signature ---------------------------------------------------------

def test_given_our_signed_request_when_verified_then_every_required_part_is_signed(modi_pair):
    envelope = _ours(modi_pair)

    verified = modi.verify(envelope, trusted_certs=[open(modi_pair[1], "rb").read()])

    assert set(verified.signed) == {"Body", "Timestamp", "To", "From", "Action", "MessageID",
                                    "ReplyTo"}
    assert verified.message_id == "urn:uuid:7d3c1a4e-1111-4a2b-9c3d-0123456789ab"
    assert verified.sender == "RETESPORTELLI"
    assert verified.to == "http://127.0.0.1:9/cliclavoro"
    assert verified.action == "http://servizi.lavoro.gov.it/cliclavoro/InvioVacancy"


def test_given_our_signed_request_then_it_has_the_layout_and_algorithms_modi_asks(modi_pair):
    root = etree.fromstring(_ours(modi_pair))
    security = root.find("s:Header/wsse:Security", namespaces=NS)
    children = [etree.QName(child).localname for child in security]

    assert children.index("BinarySecurityToken") < children.index("Signature")
    assert root.find("s:Header/wsse:Security", namespaces=NS).get(
        f"{{{modi.SOAP11}}}mustUnderstand") == "1"
    signed_info = security.find("ds:Signature/ds:SignedInfo", namespaces=NS)
    assert signed_info.find("ds:CanonicalizationMethod", namespaces=NS).get(
        "Algorithm") == modi.EXC_C14N
    assert signed_info.find("ds:SignatureMethod", namespaces=NS).get(
        "Algorithm") == modi.RSA_SHA256
    digests = {d.get("Algorithm") for d in signed_info.iterfind(".//ds:DigestMethod", NS)}
    assert digests == {modi.SHA256}
    assert len(signed_info.findall("ds:Reference", NS)) == 7
    token_id = security.find("wsse:BinarySecurityToken", NS).get(f"{{{modi.WSU}}}Id")
    assert security.find("ds:Signature/ds:KeyInfo/wsse:SecurityTokenReference/wsse:Reference",
                         NS).get("URI") == f"#{token_id}"
    assert root.findtext("s:Header/wsa:ReplyTo/wsa:Address", namespaces=NS) == modi.ANONYMOUS


def test_given_our_request_then_the_timestamp_lasts_five_minutes_unless_set_otherwise(
        modi_pair):
    now = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)

    default = etree.fromstring(_ours(modi_pair, now=now))
    longer = etree.fromstring(_ours(modi_pair, now=now, ttl=900))

    assert default.findtext(".//wsu:Created", namespaces=NS) == "2026-12-02T10:00:00.000Z"
    assert default.findtext(".//wsu:Expires", namespaces=NS) == "2026-12-02T10:05:00.000Z"
    assert longer.findtext(".//wsu:Expires", namespaces=NS) == "2026-12-02T10:15:00.000Z"


def test_given_our_signed_request_when_the_payload_string_changes_then_firma_non_valida(
        modi_pair):
    envelope = _ours(modi_pair)
    tampered = envelope.replace(b"Panettiere", b"Panettiera", 1)
    assert tampered != envelope

    assert _refusal(tampered).code == "firma_non_valida"


def test_given_our_signed_request_when_it_has_expired_then_timestamp_scaduto(modi_pair):
    envelope = _ours(modi_pair, now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))

    assert _refusal(envelope).code == "timestamp_scaduto"


def test_given_a_timestamp_created_in_the_future_then_timestamp_scaduto(modi_pair):
    envelope = _ours(modi_pair, now=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))

    assert _refusal(envelope).code == "timestamp_scaduto"


def test_given_a_reference_removed_from_the_signature_then_that_part_is_unsigned(modi_pair):
    root = etree.fromstring(_ours(modi_pair))
    reply_to = root.find("s:Header/wsa:ReplyTo", NS).get(f"{{{modi.WSU}}}Id")
    reference = root.find(f".//ds:Reference[@URI='#{reply_to}']", NS)
    reference.getparent().remove(reference)

    error = _refusal(etree.tostring(root))

    assert error.code == "parte_non_firmata" and "ReplyTo" in error.message


def test_given_a_signed_body_copied_aside_and_a_new_body_in_its_place_then_refused(modi_pair):
    """Signature wrapping: the signed Body kept in the header under its id, a forged
    Body (same id) where the service reads it."""
    root = etree.fromstring(_ours(modi_pair))
    body = root.find("s:Body", NS)
    hidden = etree.SubElement(root.find("s:Header", NS), "Nascosto")
    hidden.append(etree.fromstring(etree.tostring(body)))
    body.find(".//{http://servizi.lavoro.gov.it/cliclavoro}Vacancy").text = "<falso/>"

    assert _refusal(etree.tostring(root)).code == "firma_non_valida"


def test_given_a_token_that_is_not_the_signing_key_then_firma_non_valida(modi_pair):
    root = etree.fromstring(_ours(modi_pair))
    other = keys.generate_pair(common_name="Altro")
    der = x509.load_pem_x509_certificate(other.cert_pem).public_bytes(
        serialization.Encoding.DER)
    root.find(".//wsse:BinarySecurityToken", NS).text = base64.b64encode(der).decode()

    assert _refusal(etree.tostring(root)).code == "firma_non_valida"


def test_given_two_signatures_then_firma_non_valida(modi_pair):
    root = etree.fromstring(_ours(modi_pair))
    signature = root.find(".//ds:Signature", NS)
    root.find("s:Body", NS).append(etree.fromstring(etree.tostring(signature)))

    assert _refusal(etree.tostring(root)).code == "firma_non_valida"


def test_given_an_envelope_declaring_an_external_entity_then_it_is_never_resolved(tmp_path):
    secret = tmp_path / "segreto.txt"
    secret.write_text("NON-DEVE-USCIRE")
    envelope = (f'<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY e SYSTEM '
                f'"file://{secret}">]><s:Envelope xmlns:s="{modi.SOAP11}"><s:Body>&e;'
                f"</s:Body></s:Envelope>").encode()

    root = modi.parse(envelope)

    assert b"NON-DEVE-USCIRE" not in etree.tostring(root)
    assert _refusal(envelope).code == "token_assente"


def test_given_an_envelope_that_is_not_xml_then_messaggio_non_valido():
    assert _refusal(b"\x00\x01 non XML").code == "messaggio_non_valido"


# --- keys ---------------------------------------------------------------------------

def test_given_no_pair_when_ensured_then_it_is_made_private_and_then_reused(tmp_path):
    key_path, cert_path = keys.ensure_pair(tmp_path / "modi", common_name="Prova")
    first = key_path.read_bytes()

    again = keys.ensure_pair(tmp_path / "modi", common_name="Prova")

    assert again == (key_path, cert_path) and key_path.read_bytes() == first
    assert stat.S_IMODE(os.stat(key_path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(cert_path).st_mode) == 0o600


def test_given_the_pem_in_the_environment_then_it_wins_over_the_files(tmp_path, monkeypatch):
    files = keys.ensure_pair(tmp_path / "file", common_name="Da file")
    environment = keys.generate_pair(common_name="Da ambiente")
    monkeypatch.setenv(keys.KEY_ENV, environment.key_pem.decode())
    monkeypatch.setenv(keys.CERT_ENV, environment.cert_pem.decode())

    pair = keys.load_pair(key_file=str(files[0]), cert_file=str(files[1]))

    assert pair.cert_pem == environment.cert_pem and "chiave" in repr(pair)


def test_given_no_key_anywhere_then_an_italian_error_names_the_settings(monkeypatch):
    monkeypatch.delenv(keys.KEY_ENV, raising=False)
    monkeypatch.delenv(keys.CERT_ENV, raising=False)

    with pytest.raises(keys.KeyMaterialError) as caught:
        keys.load_pair()

    assert "RETE_MODI_KEY_FILE" in caught.value.message and keys.KEY_ENV in caught.value.message
