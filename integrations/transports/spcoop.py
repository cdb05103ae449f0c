"""The SPCoop e-Gov envelope, Busta 1.0 (CNIPA): an ``eGov_IT:Intestazione``
SOAP header naming sender, receiver, service, action and the message's
e-Gov identifier. ``validate_header`` checks it against Busta.xsd (the copy in
``integrations/schemas/spcoop/``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading
from pathlib import Path

from lxml import etree

from integrations.transports import Destination

EGOV = "http://www.cnipa.it/schemas/2003/eGovIT/Busta1_0/"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
ACTOR = "http://www.cnipa.it/eGov_it/portadominio"
SERVICE = "Cliclavoro"
BUSTA_XSD = Path(__file__).resolve().parents[1] / "schemas" / "spcoop" / "Busta.xsd"
# Busta.xsd's IdentificatoreType: <codice>_<codice>SPCoopIT_<7 cifre>_<aaaa-mm-gg>_<hh:mm>
IDENTIFIER = re.compile(r"[\w]+_[\w]+_\d{7}_\d{4}-\d{2}-\d{2}_\d{2}:\d{2}", re.ASCII)
PARTY = re.compile(r"[A-Za-z0-9]{1,60}")


def egov_identifier(*, sender: str, message_id: str, when: dt.datetime) -> str:
    """The busta identifier derived from our message id (7 digits of its
    SHA-256) and the registration minute, as the GovWay samples write it."""
    if not PARTY.fullmatch(sender):
        raise ValueError("Il codice SPCoop del mittente ammette solo lettere e cifre.")
    progressive = int.from_bytes(hashlib.sha256(message_id.encode()).digest()[:8]) % 10_000_000
    when = when.astimezone(dt.UTC)
    return f"{sender}_{sender}SPCoopIT_{progressive:07d}_{when:%Y-%m-%d_%H:%M}"


def _party(parent: etree._Element, tag: str, code: str) -> None:
    holder = etree.SubElement(parent, f"{{{EGOV}}}{tag}")
    etree.SubElement(holder, f"{{{EGOV}}}IdentificativoParte", tipo="SPC").text = code


def intestazione(*, sender: str, receiver: str, operation: str, message_id: str,
                 now: dt.datetime | None = None) -> etree._Element:
    when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    registered = when.strftime("%Y-%m-%dT%H:%M:%S")
    header = etree.Element(f"{{{EGOV}}}Intestazione", nsmap={"eGov_IT": EGOV, "SOAP_ENV": SOAP11})
    header.set(f"{{{SOAP11}}}actor", ACTOR)
    header.set(f"{{{SOAP11}}}mustUnderstand", "1")
    message = etree.SubElement(header, f"{{{EGOV}}}IntestazioneMessaggio")
    _party(message, "Mittente", sender)
    _party(message, "Destinatario", receiver)
    etree.SubElement(message, f"{{{EGOV}}}ProfiloCollaborazione").text = "EGOV_IT_ServizioSincrono"
    etree.SubElement(message, f"{{{EGOV}}}Servizio", tipo="SPC").text = SERVICE
    etree.SubElement(message, f"{{{EGOV}}}Azione").text = operation
    identity = etree.SubElement(message, f"{{{EGOV}}}Messaggio")
    etree.SubElement(identity, f"{{{EGOV}}}Identificatore").text = egov_identifier(
        sender=sender, message_id=message_id, when=when)
    etree.SubElement(identity, f"{{{EGOV}}}OraRegistrazione", tempo="EGOV_IT_SPC").text = registered
    etree.SubElement(message, f"{{{EGOV}}}ProfiloTrasmissione", inoltro="EGOV_IT_ALPIUUNAVOLTA",
                     confermaRicezione="false")
    hops = etree.SubElement(header, f"{{{EGOV}}}ListaTrasmissioni")
    hop = etree.SubElement(hops, f"{{{EGOV}}}Trasmissione")
    _party(hop, "Origine", sender)
    _party(hop, "Destinazione", receiver)
    etree.SubElement(hop, f"{{{EGOV}}}OraRegistrazione", tempo="EGOV_IT_SPC").text = registered
    return header


def wrap(envelope: etree._Element, *, destination: Destination, operation: str,
         message_id: str, now: dt.datetime | None = None, **_) -> dict[str, str]:
    soap = etree.QName(envelope).namespace
    header = envelope.find(f"{{{soap}}}Header")
    if header is None:
        header = etree.Element(f"{{{soap}}}Header")
        envelope.insert(0, header)
    header.insert(0, intestazione(sender=destination.sender, receiver=destination.receiver,
                                  operation=operation, message_id=message_id, now=now))
    return {}


_local = threading.local()


def busta_schema() -> etree.XMLSchema:
    """Busta.xsd compiled once per thread (a validator's error log is its last call's)."""
    if not hasattr(_local, "schema"):
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        _local.schema = etree.XMLSchema(etree.parse(str(BUSTA_XSD), parser))
    return _local.schema


def validate_header(element: etree._Element) -> list[str]:
    """Busta.xsd's complaints about an ``eGov_IT:Intestazione`` ([] when valid)."""
    document = etree.fromstring(etree.tostring(element))
    schema = busta_schema()
    if schema.validate(document):
        return []
    return [f"riga {error.line}: {error.message}" for error in schema.error_log]


def find_header(envelope: etree._Element) -> etree._Element | None:
    soap = etree.QName(envelope).namespace
    return envelope.find(f"{{{soap}}}Header/{{{EGOV}}}Intestazione")
