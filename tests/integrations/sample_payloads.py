"""Valid Cliclavoro payloads for the transport tests (fixtures under data/,
valid against the ministry XSDs), with their communication codes changed
where a test needs another one."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

DATA = Path(__file__).resolve().parent / "data"
NAMESPACES = {"vacancy": "http://servizi.lavoro.gov.it/vacancy",
              "candidatura": "http://servizi.lavoro.gov.it/candidatura",
              "messaggio": "http://servizi.lavoro.gov.it/messaggio"}
CODES = {"vacancy": ("codiceofferta", "codiceoffertaprecedente", "tipoofferta"),
         "candidatura": ("codicecandidatura", "codicecandidaturaprecedente", "tipocandidatura"),
         "messaggio": ("codicemessaggio", "codicemessaggioprecedente", "tipocomunicazione")}
# region 08 + 000 + year 26 + channel 2 + module + type + 15 digits
MODULE = {"vacancy": "1", "candidatura": "2", "messaggio": "3"}


def code(kind: str, number: int, *, closing: bool = False) -> str:
    return f"0800026{2}{MODULE[kind]}{2 if closing else 1}{number:015d}"


def payload(kind: str, *, number: int = 1, previous: str = "", closing: bool = False,
            text: str = "") -> bytes:
    """The fixture of ``kind`` with code ``number`` (chained to ``previous``)."""
    root = etree.parse(str(DATA / f"{kind}.xml")).getroot()
    ns = f"{{{NAMESPACES[kind]}}}"
    code_name, previous_name, type_name = CODES[kind]
    system = root.find(f"{ns}DatiSistema")
    system.find(f"{ns}{code_name}").text = code(kind, number, closing=closing)
    if closing and kind != "messaggio":
        system.find(f"{ns}{type_name}").text = "02"
        if kind == "vacancy":
            system.find(f"{ns}{type_name}").addnext(etree.Element(f"{ns}motivochiusura"))
            system.find(f"{ns}motivochiusura").text = "01"
    if previous:
        element = etree.Element(f"{ns}{previous_name}")
        element.text = previous
        system.find(f"{ns}{code_name}").addnext(element)
    if text:
        if kind == "vacancy":
            root.find(f".//{ns}descrizionericerca").text = text
        elif kind == "messaggio":
            root.find(f".//{ns}testomessaggio").text = text
        else:
            root.find(f".//{ns}descrprofessione").text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
