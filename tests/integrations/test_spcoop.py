"""The SPCoop e-Gov envelope (Busta 1.0): our header validates against
Busta.xsd, names the parties, the service and the action, and carries an
e-Gov identifier derived from our message id; the simulated node accepts it
over HTTP and refuses a replayed identifier or a header Busta.xsd rejects."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from lxml import etree

from integrations.cliclavoro import client
from integrations.transports import Destination, spcoop
from tests.integrations.sample_payloads import payload
from tests.integrations.simulator import post

E = {"e": spcoop.EGOV}
WHEN = dt.datetime(2026, 12, 2, 9, 30, 15, tzinfo=dt.UTC)


def _request(message_id="urn:uuid:5f1e0a52-8c5b-4f0e-9a51-3a8f1b7e2c11", *, now=WHEN,
             destination=None) -> etree._Element:
    destination = destination or Destination(
        name="cliclavoro", url="http://127.0.0.1:9/cliclavoro", profile="spcoop", timeout=5,
        sender="RETESPORTELLI", receiver="CLICLAVORO")
    request, headers = client.build_request(kind="candidatura", payload=payload("candidatura"),
                                            destination=destination, message_id=message_id,
                                            now=now)
    assert "Authorization" not in headers
    return etree.fromstring(request)


def test_given_an_spcoop_request_then_its_egov_header_validates_against_busta_xsd():
    header = spcoop.find_header(_request())

    assert header is not None
    assert spcoop.validate_header(header) == []


def test_given_an_spcoop_request_then_the_header_names_parties_service_action_and_time():
    header = spcoop.find_header(_request())
    message = header.find("e:IntestazioneMessaggio", E)

    assert message.findtext("e:Mittente/e:IdentificativoParte", namespaces=E) == "RETESPORTELLI"
    assert message.findtext("e:Destinatario/e:IdentificativoParte",
                            namespaces=E) == "CLICLAVORO"
    assert message.findtext("e:Servizio", namespaces=E) == "Cliclavoro"
    assert message.findtext("e:Azione", namespaces=E) == "InvioCandidatura"
    assert message.findtext("e:Messaggio/e:OraRegistrazione",
                            namespaces=E) == "2026-12-02T09:30:15"
    assert header.get(f"{{{spcoop.SOAP11}}}actor") == "http://www.cnipa.it/eGov_it/portadominio"
    assert header.get(f"{{{spcoop.SOAP11}}}mustUnderstand") == "1"


def test_given_a_message_id_then_the_busta_identifier_follows_the_egov_format():
    identifier = spcoop.find_header(_request()).findtext(
        "e:IntestazioneMessaggio/e:Messaggio/e:Identificatore", namespaces=E)

    assert re.fullmatch(r"RETESPORTELLI_RETESPORTELLISPCoopIT_\d{7}_2026-12-02_09:30", identifier)


def test_given_the_same_message_id_then_the_same_identifier_and_another_id_another_one():
    same = spcoop.egov_identifier(sender="RETE", message_id="urn:uuid:1", when=WHEN)
    again = spcoop.egov_identifier(sender="RETE", message_id="urn:uuid:1",
                                   when=WHEN + dt.timedelta(seconds=20))
    other = spcoop.egov_identifier(sender="RETE", message_id="urn:uuid:2", when=WHEN)

    assert same == again
    assert other != same


def test_given_a_sender_code_with_an_apostrophe_or_accent_then_it_is_refused():
    for sender in ("D'ANGELO", "CITTÀ", "RETE SPORTELLI", ""):
        with pytest.raises(ValueError):
            spcoop.egov_identifier(sender=sender, message_id="urn:uuid:1", when=WHEN)


def test_given_an_identifier_outside_the_format_then_busta_xsd_refuses_the_header():
    header = spcoop.find_header(_request())
    header.find(".//e:Identificatore", E).text = "RETESPORTELLI-1"

    problems = spcoop.validate_header(header)

    assert problems and "Identificatore" in problems[0]


def test_given_a_header_without_destinatario_then_busta_xsd_refuses_it():
    header = spcoop.find_header(_request())
    receiver = header.find("e:IntestazioneMessaggio/e:Destinatario", E)
    receiver.getparent().remove(receiver)

    assert spcoop.validate_header(header)


def test_given_the_simulated_node_when_an_spcoop_request_arrives_then_it_is_acquired(
        destination_for, node):
    reply = client.send(kind="candidatura", payload=payload("candidatura"),
                        destination=destination_for("spcoop"),
                        message_id=f"urn:uuid:{uuid.uuid4()}")

    assert (reply.outcome, reply.description) == ("OK", "Comunicazione acquisita")
    [effect] = node.effects()
    assert effect["profile"] == "spcoop" and effect["kind"] == "candidatura"
    assert re.fullmatch(r"RETESPORTELLI_RETESPORTELLISPCoopIT_\d{7}_\d{4}-\d\d-\d\d_\d\d:\d\d",
                        effect["message_id"])


def test_given_the_same_busta_sent_twice_then_the_node_refuses_the_replayed_identifier(
        destination_for, node):
    request, headers = client.build_request(
        kind="vacancy", payload=payload("vacancy"), destination=destination_for("spcoop"),
        message_id=f"urn:uuid:{uuid.uuid4()}")

    first = post(node.service_url, request, headers)
    second = post(node.service_url, request, headers)

    assert first[0] == second[0] == 200
    assert b"<cl:Tipo_Risposta>OK" in first[1]
    assert b"<cl:Codice_Anomalia>E004" in second[1] and "duplicato" in second[1].decode()
    assert node.counts()["effects"] == 1


def test_given_a_busta_for_another_party_then_the_node_answers_ko(destination_for, node):
    reply = client.send(kind="vacancy", payload=payload("vacancy"),
                        destination=destination_for("spcoop", receiver="ALTROENTE"),
                        message_id=f"urn:uuid:{uuid.uuid4()}")

    assert (reply.outcome, reply.anomaly_code) == ("KO", "E010")
    assert "ALTROENTE" in reply.description
    assert node.counts()["effects"] == 0
