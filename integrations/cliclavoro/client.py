"""The Cliclavoro SOAP client: one payload, one call, one ``Reply``.

zeep builds the request from our WSDL (``integrations/schemas/cliclavoro.wsdl``,
loaded from the package, no network) and reads the answer; the destination's
profile (plain, spcoop, modi) adds its headers or its signature; the HTTP call
goes through zeep's transport (a requests Session, the destination's
timeout). A KO is a ``Reply``: the node read the message and refused it. Any
failure to get a trustworthy answer raises ``TransientFailure``: try again
later (with a new message id: the node refuses a replayed one).

``TransientFailure.code``: ``timeout``, ``connessione_rifiutata``,
``risposta_persa`` (the connection dropped after the request was sent: the
node may have acquired it), ``limite_richieste`` (429, see ``retry_after``),
``servizio_non_disponibile`` (503), ``errore_server`` (other 5xx, SOAP faults),
``accesso_negato`` (401/403), ``risposta_http_inattesa`` (other statuses),
``risposta_non_valida`` (not our WSDL's answer), ``firma_risposta_non_valida``
(ModI reply not signed by the node's certificate), ``chiave_non_disponibile``
(our ModI key cannot be read).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import requests
import zeep
from lxml import etree

from integrations.transports import Destination, modi, plain, spcoop
from integrations.transports.keys import KeyMaterialError, load_certificate, load_pair

WSDL_PATH = Path(__file__).resolve().parents[1] / "schemas" / "cliclavoro.wsdl"
NAMESPACE = "http://servizi.lavoro.gov.it/cliclavoro"
OPERATIONS = {"vacancy": "InvioVacancy", "candidatura": "InvioCandidatura",
              "messaggio": "InvioMessaggio"}
# The request element that carries the escaped payload, per kind.
PAYLOAD_ELEMENTS = {"vacancy": "Vacancy", "candidatura": "Candidatura", "messaggio": "Messaggio"}
ALREADY_RECEIVED = "GIA_ACQUISITA"  # Codice_Anomalia of an idempotent OK (our extension)
MAX_PAYLOAD_BYTES = 1024 * 1024
MAX_REPLY_BYTES = 2 * 1024 * 1024
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"

# Characters XML 1.0 does not allow (controls but tab, newline, return; U+FFFE, U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def soap_action(operation: str) -> str:
    return f"{NAMESPACE}/{operation}"


@dataclass(frozen=True)
class Reply:
    outcome: str  # "OK" | "KO"
    description: str  # Descr_Esito as received
    anomaly_code: str  # the node's anomaly code for a KO ("" for OK)
    already_received: bool  # the node already had this communication code (idempotent OK)
    request_xml: bytes
    response_xml: bytes
    http_status: int
    elapsed_ms: float


class TransientFailure(Exception):
    """No trustworthy answer: retry later (see the module's list of codes)."""

    def __init__(self, code: str, message: str, *, retry_after: float | None = None,
                 request_xml: bytes = b"", response_xml: bytes = b"", elapsed_ms: float = 0.0,
                 http_status: int = 0):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.retry_after = retry_after
        self.request_xml = request_xml
        self.response_xml = response_xml
        self.elapsed_ms = elapsed_ms
        self.http_status = http_status


class InvalidPayload(ValueError):
    """The payload cannot travel as XML text (never sent: fix the record)."""

    code = "payload_non_valido"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@functools.lru_cache(maxsize=32)
def _client(destination: Destination) -> zeep.Client:
    session = requests.Session()
    session.trust_env = False  # no proxy or .netrc from the environment: the destination says all
    transport = zeep.Transport(session=session, timeout=destination.timeout,
                               operation_timeout=destination.timeout)
    settings = zeep.Settings(strict=True, xml_huge_tree=False, forbid_dtd=True,
                             forbid_entities=True, forbid_external=True)
    return zeep.Client(wsdl=str(WSDL_PATH), transport=transport, settings=settings)


@functools.lru_cache(maxsize=32)
def _peer_certificate(path: str):
    return load_certificate(path)


def _payload_text(payload: bytes) -> str:
    if not isinstance(payload, bytes):
        raise InvalidPayload("Il documento da inviare deve essere XML in byte.")
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise InvalidPayload("Il documento da inviare supera 1 MiB.")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidPayload("Il documento da inviare non è testo UTF-8.") from exc
    text = text.removeprefix("\ufeff")
    found = _NOT_XML.search(text)
    if found:
        raise InvalidPayload(
            f"Il documento contiene un carattere non ammesso in XML (U+{ord(found[0]):04X}).")
    if not text.strip():
        raise InvalidPayload("Il documento da inviare è vuoto.")
    return text


def build_request(*, kind: str, payload: bytes, destination: Destination, message_id: str,
                  now: dt.datetime | None = None) -> tuple[bytes, dict[str, str]]:
    """The SOAP request (bytes) and its HTTP headers, as ``send`` would post them."""
    if kind not in OPERATIONS:
        raise ValueError(f"Tipo di comunicazione «{kind}» sconosciuto "
                         f"(ammessi: {', '.join(OPERATIONS)}).")
    if not message_id or not message_id.strip() or len(message_id) > 200:
        raise ValueError("Serve l'identificativo del messaggio (wsa:MessageID, un urn:uuid).")
    operation = OPERATIONS[kind]
    client = _client(destination)
    envelope = client.create_message(client.service, operation,
                                     **{PAYLOAD_ELEMENTS[kind]: _payload_text(payload)})
    action = soap_action(operation)
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'}
    if destination.profile == "plain":
        headers.update(plain.wrap(envelope, destination=destination))
    elif destination.profile == "spcoop":
        spcoop.wrap(envelope, destination=destination, operation=operation,
                    message_id=message_id, now=now)
    elif destination.profile == "modi":
        pair = load_pair(key_file=destination.key_file, cert_file=destination.cert_file)
        modi.secure(envelope, pair=pair, to=destination.url, action=action,
                    message_id=message_id, sender=destination.sender, now=now,
                    ttl=destination.ttl)
    else:
        raise ValueError(f"Profilo «{destination.profile}» sconosciuto.")
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8"), headers


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _connection_failure(exc: requests.ConnectionError) -> tuple[str, str]:
    chain, seen = [], exc
    while seen is not None and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__ or (
            seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None)
    names = " ".join(type(item).__name__ + " " + str(item) for item in chain)
    if "RemoteDisconnected" in names or "ProtocolError" in names or "reset" in names.lower():
        return ("risposta_persa", "Il nodo ha chiuso la connessione senza rispondere: la "
                                  "comunicazione potrebbe essere stata acquisita.")
    return ("connessione_rifiutata", "Il nodo nazionale non è raggiungibile (connessione "
                                     "rifiutata o interrotta prima dell'invio).")


def _text(value) -> str:
    return "" if value is None else str(value)


def send(*, kind: str, payload: bytes, destination: Destination, message_id: str) -> Reply:
    """Send one communication; a ``Reply`` (OK or KO) or ``TransientFailure``."""
    try:
        request_xml, headers = build_request(kind=kind, payload=payload,
                                             destination=destination, message_id=message_id)
    except KeyMaterialError as exc:
        raise TransientFailure(exc.code, exc.message) from exc
    operation = OPERATIONS[kind]
    client = _client(destination)
    started = time.perf_counter()

    def failure(code, message, *, response_xml=b"", status=0, retry_after=None, cause=None):
        error = TransientFailure(code, message, retry_after=retry_after, request_xml=request_xml,
                                 response_xml=response_xml, http_status=status,
                                 elapsed_ms=(time.perf_counter() - started) * 1000)
        error.__cause__ = cause
        return error

    try:
        response = client.transport.post(destination.url, request_xml, headers)
    except requests.Timeout as exc:
        raise failure("timeout", f"Nessuna risposta dal nodo entro {destination.timeout:g} "
                                 "secondi.", cause=exc) from exc
    except requests.ConnectionError as exc:
        code, message = _connection_failure(exc)
        raise failure(code, message, cause=exc) from exc
    except requests.RequestException as exc:
        raise failure("connessione_rifiutata", f"Invio non riuscito: {exc}", cause=exc) from exc
    elapsed_ms = (time.perf_counter() - started) * 1000
    response_xml = response.content[:MAX_REPLY_BYTES]
    status = response.status_code
    if status == 429:
        raise failure("limite_richieste", "Il nodo nazionale limita le richieste: riprovare "
                                          "più tardi.", response_xml=response_xml, status=status,
                      retry_after=_retry_after(response))
    if status == 503:
        raise failure("servizio_non_disponibile", "Il nodo nazionale non è disponibile.",
                      response_xml=response_xml, status=status,
                      retry_after=_retry_after(response))
    if status in (401, 403):
        raise failure("accesso_negato", "Il nodo nazionale rifiuta le credenziali di accesso "
                                        f"(HTTP {status}).", response_xml=response_xml,
                      status=status)
    if status >= 500:
        raise failure("errore_server", f"Errore del nodo nazionale (HTTP {status}).",
                      response_xml=response_xml, status=status)
    if status != 200:
        raise failure("risposta_http_inattesa", f"Risposta HTTP {status} inattesa.",
                      response_xml=response_xml, status=status)
    if len(response.content) > MAX_REPLY_BYTES:
        raise failure("risposta_non_valida", "Risposta del nodo troppo grande.",
                      response_xml=response_xml, status=status)
    try:
        root = etree.fromstring(response.content, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise failure("risposta_non_valida", "Risposta del nodo non leggibile come XML.",
                      response_xml=response_xml, status=status, cause=exc) from exc
    if destination.profile == "modi" and destination.peer_cert_file:
        try:
            verified = modi.verify(root, trusted_certs=[_peer_certificate(
                destination.peer_cert_file)], required=modi.REPLY_PARTS)
        except (modi.SecurityError, KeyMaterialError) as exc:
            raise failure("firma_risposta_non_valida",
                          f"La risposta del nodo non ha una firma valida: {exc.message}",
                          response_xml=response_xml, status=status, cause=exc) from exc
        if verified.relates_to != message_id:
            raise failure("firma_risposta_non_valida",
                          "La risposta firmata non si riferisce al messaggio inviato "
                          "(wsa:RelatesTo diverso).", response_xml=response_xml, status=status)
    body = root.find(f"{{{SOAP11}}}Body")
    answer = body[0] if body is not None and len(body) else None
    expected = f"{{{NAMESPACE}}}{operation}Response"
    if answer is None or answer.tag != expected:
        fault = body.find(f"{{{SOAP11}}}Fault") if body is not None else None
        if fault is not None:
            raise failure("errore_server", "Il nodo ha risposto con un SOAP Fault: "
                          f"{fault.findtext('faultstring', '').strip()}",
                          response_xml=response_xml, status=status)
        raise failure("risposta_non_valida", f"La risposta non contiene {operation}Response.",
                      response_xml=response_xml, status=status)
    try:
        result = client.get_element(expected).parse(answer, client.wsdl.types)
    except Exception as exc:  # zeep's own errors for a reply outside the WSDL
        raise failure("risposta_non_valida", f"Risposta fuori dal WSDL: {exc}",
                      response_xml=response_xml, status=status, cause=exc) from exc
    outcome = _text(result.Tipo_Risposta).strip()
    if outcome not in ("OK", "KO"):
        raise failure("risposta_non_valida", f"Tipo_Risposta «{outcome}» non previsto.",
                      response_xml=response_xml, status=status)
    description = _text(result.Descr_Esito)
    code = _text(getattr(result, "Codice_Anomalia", None)).strip()
    already = outcome == "OK" and (code == ALREADY_RECEIVED or "gia acquisita" in _folded(
        description))
    return Reply(outcome=outcome, description=description,
                 anomaly_code=code if outcome == "KO" else "", already_received=already,
                 request_xml=request_xml, response_xml=response.content, http_status=status,
                 elapsed_ms=elapsed_ms)


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
