"""The simulated national node (Cliclavoro) as a plain WSGI application.

Routes:
- ``GET /cliclavoro?wsdl``: our WSDL, its address this server's;
- ``POST /cliclavoro``: InvioCandidatura / InvioVacancy / InvioMessaggio, in any
  of the three profiles (HTTP Basic, e-Gov Busta, ModI WS-Security);
- ``GET /_simulatore/``: the page (Italian) with counts, knobs and effects;
- ``GET /_simulatore/ricevuti``: what was received, as JSON;
- ``POST /_simulatore/guasti``: set fault knobs (JSON object, or the page's form);
- ``POST /_simulatore/azzera``: forget everything (effects, journal, counts, knobs);
- ``GET /_simulatore/certificato.pem``: the certificate the node signs its ModI replies with.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import html
import json
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from lxml import etree

from integrations.simulator import anomalies
from integrations.simulator.anomalies import Anomaly
from integrations.simulator.state import (
    Effect,
    FaultError,
    Faults,
    NodeState,
    parse_faults,
    utc_now,
)
from integrations.transports import modi, spcoop
from integrations.transports.keys import KeyPair

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
WSDL = SCHEMAS / "cliclavoro.wsdl"
NAMESPACE = "http://servizi.lavoro.gov.it/cliclavoro"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
MAX_REQUEST_BYTES = 2 * 1024 * 1024
NODE_NAME = "Cliclavoro"

# kind -> (operation, payload element, XSD file, payload namespace, code, previous code, type)
KINDS = {
    "candidatura": ("InvioCandidatura", "Candidatura",
                    "Rev.038 - CL - Allegato 4 - Candidatura.xsd",
                    "http://servizi.lavoro.gov.it/candidatura", "codicecandidatura",
                    "codicecandidaturaprecedente", "tipocandidatura"),
    "vacancy": ("InvioVacancy", "Vacancy", "Rev.064 - CL - Allegato 4 - Ricerca personale.xsd",
                "http://servizi.lavoro.gov.it/vacancy", "codiceofferta",
                "codiceoffertaprecedente", "tipoofferta"),
    "messaggio": ("InvioMessaggio", "Messaggio", "Rev.038 - CL - Allegato 4 - Messaggio.xsd",
                  "http://servizi.lavoro.gov.it/messaggio", "codicemessaggio",
                  "codicemessaggioprecedente", "tipocomunicazione"),
}
KIND_LABELS = {"candidatura": "Candidatura", "vacancy": "Vacancy (ricerca personale)",
               "messaggio": "Messaggio"}
BY_OPERATION = {spec[0]: kind for kind, spec in KINDS.items()}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class DropConnection(Exception):
    """The effect is recorded; the server closes the connection without an answer."""


class Refusal(Exception):
    def __init__(self, anomaly: Anomaly, detail: str = ""):
        super().__init__(anomaly.code)
        self.anomaly = anomaly
        self.detail = detail


@dataclass
class Config:
    users: dict[str, str] = field(default_factory=lambda: {"rete": "simulatore"})
    party: str = "CLICLAVORO"  # our e-Gov identificativo parte (Destinatario)
    pair: KeyPair | None = None  # signs the ModI replies
    trusted: tuple = ()  # certificates accepted from ModI senders (empty: any in date)
    max_skew: float = modi.DEFAULT_SKEW
    max_age: float = 600.0


_local = threading.local()  # one compiled XSD per kind and thread: a validator's error log
                            # belongs to the last call, so threads do not share one


def schema_for(kind: str) -> etree.XMLSchema:
    schemas = _local.__dict__.setdefault("schemas", {})
    if kind not in schemas:
        path = SCHEMAS / "cliclavoro" / KINDS[kind][2]
        schemas[kind] = etree.XMLSchema(etree.parse(str(path), _PARSER))
    return schemas[kind]


def _response(start_response, status: str, body: bytes, content_type: str,
              extra: list[tuple[str, str]] = ()) -> list[bytes]:
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body))), *extra]
    start_response(status, headers)
    return [body]


def _json(start_response, data, status="200 OK"):
    return _response(start_response, status, json.dumps(data, ensure_ascii=False,
                                                        indent=1).encode(),
                     "application/json; charset=utf-8")


def _fault(start_response, status: str, code: str, text: str, extra=()):
    envelope = etree.Element(f"{{{SOAP11}}}Envelope", nsmap={"soapenv": SOAP11})
    fault = etree.SubElement(etree.SubElement(envelope, f"{{{SOAP11}}}Body"),
                             f"{{{SOAP11}}}Fault")
    etree.SubElement(fault, "faultcode").text = f"soapenv:{code}"
    etree.SubElement(fault, "faultstring").text = text
    return _response(start_response, status, etree.tostring(envelope, xml_declaration=True,
                                                            encoding="utf-8"),
                     "text/xml; charset=utf-8", extra)


class Simulator:
    def __init__(self, *, state: NodeState, config: Config):
        self.state = state
        self.config = config

    # --- WSGI ------------------------------------------------------------
    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "/")
        query = environ.get("QUERY_STRING", "")
        if path == "/cliclavoro" and method == "GET" and query.lower() == "wsdl":
            return self._wsdl(environ, start_response)
        if path == "/cliclavoro" and method == "POST":
            return self._soap(environ, start_response)
        if path in ("/_simulatore", "/_simulatore/") and method == "GET":
            return self._page(start_response)
        if path == "/_simulatore/ricevuti" and method == "GET":
            return _json(start_response, self.state.snapshot())
        if path == "/_simulatore/guasti" and method == "POST":
            return self._faults(environ, start_response)
        if path == "/_simulatore/guasti" and method == "GET":
            return _json(start_response, asdict(self.state.faults))
        if path == "/_simulatore/azzera" and method == "POST":
            self.state.reset()
            return self._after_form(environ, start_response, {"azzerato": True})
        if path == "/_simulatore/certificato.pem" and method == "GET" and self.config.pair:
            return _response(start_response, "200 OK", self.config.pair.cert_pem,
                             "application/x-pem-file")
        return _response(start_response, "404 Not Found", b"Risorsa inesistente.\n",
                         "text/plain; charset=utf-8")

    def _read_body(self, environ) -> bytes | None:
        try:
            length = int(environ.get("CONTENT_LENGTH") or "-1")
        except ValueError:
            length = -1
        if length < 0 or length > MAX_REQUEST_BYTES:
            return None
        return environ["wsgi.input"].read(length) if length else b""

    def _wsdl(self, environ, start_response):
        host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:" \
                                            f"{environ.get('SERVER_PORT')}"
        text = WSDL.read_bytes().replace(b"http://127.0.0.1:8790/cliclavoro",
                                         f"http://{host}/cliclavoro".encode())
        return _response(start_response, "200 OK", text, "text/xml; charset=utf-8")

    # --- the knobs and the page -------------------------------------------
    def _faults(self, environ, start_response):
        body = self._read_body(environ)
        if body is None:
            return _json(start_response, {"errore": "Richiesta troppo grande o senza "
                                                    "Content-Length."}, "413 Payload Too Large")
        form = environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded")
        try:
            if form:
                fields = {k: v[-1] for k, v in parse_qs(body.decode("utf-8"),
                                                        keep_blank_values=True).items()}
                changes = {name: fields.get(name, "") for name in Faults.LABELS
                           if name != "down"}
                changes["down"] = fields.get("down", "")
                for name in ("latency_ms", "rate_limit_per_second"):
                    changes[name] = changes[name] or "0"
                for name in ("error_rate", "malformed_reply", "lose_reply_after_effect"):
                    changes[name] = changes[name].replace(",", ".") or "0"
            else:
                changes = json.loads(body.decode("utf-8") or "{}")
            faults = parse_faults(self.state.faults, changes)
        except (FaultError, ValueError, UnicodeDecodeError) as exc:
            message = str(exc) if isinstance(exc, FaultError) else "JSON non leggibile."
            return _json(start_response, {"errore": message}, "400 Bad Request")
        self.state.set_faults(faults)
        return self._after_form(environ, start_response, asdict(faults))

    def _after_form(self, environ, start_response, data):
        if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
            start_response("303 See Other", [("Location", "/_simulatore/"),
                                             ("Content-Length", "0")])
            return [b""]
        return _json(start_response, data)

    def _page(self, start_response):
        snap = self.state.snapshot()
        counts, faults = snap["counts"], snap["faults"]
        esc = html.escape
        rows = "".join(
            f"<tr><td><code>{esc(e['code'])}</code></td><td>{esc(e['operation'])}</td>"
            f"<td>{esc(KIND_LABELS.get(e['kind'], e['kind']))}</td>"
            f"<td><code>{esc(e['message_id'])}</code></td>"
            f"<td>{esc(e['received_at'])}</td><td><code>{esc(e['previous'])}</code></td></tr>"
            for e in reversed(snap["effects"][-50:]))
        rejected = "".join(f"<li>{esc(reason)}: {count}</li>"
                           for reason, count in sorted(counts["rejected"].items())) or \
            "<li>nessuna</li>"
        inputs = []
        for name, label in Faults.LABELS.items():
            value = faults[name]
            if name == "down":
                checked = " checked" if value else ""
                inputs.append(f'<p><label><input type="checkbox" name="down" value="1"{checked}>'
                              f" {esc(label)}</label></p>")
            else:
                shown = "" if value is None else str(value)
                inputs.append(f'<p><label for="{name}">{esc(label)}</label><br>'
                              f'<input id="{name}" name="{name}" value="{esc(shown)}"></p>')
        page = f"""<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>Nodo nazionale simulato</title></head>
<body>
<h1>Nodo nazionale simulato (Cliclavoro)</h1>
<p>Servizio SOAP: <code>POST /cliclavoro</code>;
WSDL: <a href="/cliclavoro?wsdl">/cliclavoro?wsdl</a>;
dati in JSON: <a href="/_simulatore/ricevuti">/_simulatore/ricevuti</a>.</p>
<h2>Conteggi</h2>
<ul><li>Richieste ricevute: {counts['requests']}</li>
<li>Comunicazioni acquisite (effetti): {counts['effects']}</li>
<li>Invii ripetuti di comunicazioni già acquisite: {counts['duplicates']}</li>
<li>Rifiuti per motivo:<ul>{rejected}</ul></li></ul>
<h2>Guasti simulati</h2>
<p>«Fuori servizio» risponde HTTP 503 e chiude la connessione (il processo resta in ascolto).
Si impostano anche con <code>POST /_simulatore/guasti</code> e un oggetto JSON.</p>
<form method="post" action="/_simulatore/guasti">{''.join(inputs)}
<p><button type="submit">Applica</button></p></form>
<form method="post" action="/_simulatore/azzera">
<p><button type="submit">Azzera tutto (comunicazioni, registro, conteggi, guasti)</button></p>
</form>
<h2>Ultime comunicazioni acquisite</h2>
<table><thead><tr><th>Codice</th><th>Operazione</th><th>Tipo</th><th>Identificativo messaggio</th>
<th>Ricevuta il</th><th>Codice precedente</th></tr></thead><tbody>{rows}</tbody></table>
</body></html>"""
        return _response(start_response, "200 OK", page.encode(), "text/html; charset=utf-8")

    # --- the service ---------------------------------------------------------
    def _soap(self, environ, start_response):
        fate, faults = self.state.admit()
        if fate == "down":  # the server answers HTTP/1.0: the connection closes after it
            return _response(start_response, "503 Service Unavailable",
                             b"Servizio non disponibile.\n",
                             "text/plain; charset=utf-8", [("Retry-After", "1")])
        if fate == "limit":
            return _fault(start_response, "429 Too Many Requests", "Server",
                          "Limite di richieste superato: riprovare più tardi.",
                          [("Retry-After", "1")])
        if faults.latency_ms:
            time.sleep(faults.latency_ms / 1000)
        if fate == "error":
            return _fault(start_response, "500 Internal Server Error", "Server",
                          "Errore interno del nodo (simulato).")
        body = self._read_body(environ)
        if body is None:
            self.state.reject("richiesta_troppo_grande")
            return _fault(start_response, "413 Payload Too Large", "Client",
                          f"Richiesta oltre {MAX_REQUEST_BYTES} byte o senza Content-Length.")
        try:
            envelope = etree.fromstring(body, _PARSER)
        except etree.XMLSyntaxError:
            self.state.reject("richiesta_non_valida")
            return _fault(start_response, "500 Internal Server Error", "Client",
                          "La richiesta non è XML leggibile.")
        if etree.QName(envelope).namespace != SOAP11 or \
                etree.QName(envelope).localname != "Envelope":
            self.state.reject("richiesta_non_valida")
            return _fault(start_response, "500 Internal Server Error", "VersionMismatch",
                          "Serve una SOAP 1.1 Envelope.")
        request = envelope.find(f"{{{SOAP11}}}Body/*")
        operation = etree.QName(request).localname if request is not None else ""
        if request is None or etree.QName(request).namespace != NAMESPACE or \
                operation not in BY_OPERATION:
            self.state.reject("operazione_sconosciuta")
            return _fault(start_response, "500 Internal Server Error", "Client",
                          "Operazione sconosciuta per il servizio Cliclavoro.")
        kind = BY_OPERATION[operation]
        header = envelope.find(f"{{{SOAP11}}}Header")
        security = header.find(f"{{{modi.WSSE}}}Security") if header is not None else None
        busta = spcoop.find_header(envelope)
        # What a ModI reply relates to, read before any check (a KO relates to it too).
        relates_to = (header.findtext(f"{{{modi.WSA}}}MessageID") or "").strip() \
            if header is not None else ""
        if security is not None:
            profile = "modi"
        elif busta is not None:
            profile = "spcoop"
        else:
            profile = "plain"
            if not self._authorised(environ.get("HTTP_AUTHORIZATION", "")):
                self.state.reject("credenziali_errate")
                return _fault(start_response, "401 Unauthorized", "Client",
                              "Credenziali di accesso mancanti o errate.",
                              [("WWW-Authenticate", 'Basic realm="Cliclavoro"')])
        try:
            if profile == "modi":
                relates_to = self._check_modi(envelope, operation)
            elif profile == "spcoop":
                relates_to = self._check_busta(busta, operation)
            outcome = self._acquire(kind=kind, operation=operation, request=request,
                                    message_id=relates_to, profile=profile)
        except Refusal as refusal:
            self.state.reject(refusal.anomaly.reason)
            description = refusal.anomaly.description + (
                f": {refusal.detail}" if refusal.detail else "")
            return self._answer(start_response, operation=operation, outcome="KO",
                                description=description, code=refusal.anomaly.code,
                                profile=profile, relates_to=relates_to)
        if outcome == "effect" and self.state.draw(faults.lose_reply_after_effect):
            raise DropConnection
        if self.state.draw(faults.malformed_reply):
            return _response(start_response, "200 OK",
                             b"<?xml version='1.0'?><soapenv:Envelope xmlns:soapenv=\"" +
                             SOAP11.encode() + b"\"><soapenv:Body><Tipo_Risp",
                             "text/xml; charset=utf-8")
        if outcome == "already":
            return self._answer(start_response, operation=operation, outcome="OK",
                                description="Comunicazione già acquisita", code="GIA_ACQUISITA",
                                profile=profile, relates_to=relates_to)
        return self._answer(start_response, operation=operation, outcome="OK",
                            description="Comunicazione acquisita", code="", profile=profile,
                            relates_to=relates_to)

    def _authorised(self, header: str) -> bool:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(token.strip(), validate=True).decode(
                "utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        expected = self.config.users.get(user)
        return expected is not None and hmac.compare_digest(expected.encode(), password.encode())

    def _check_modi(self, envelope, operation: str) -> str:
        try:
            verified = modi.verify(envelope, trusted_certs=self.config.trusted or None,
                                   max_skew=self.config.max_skew, max_age=self.config.max_age,
                                   required=modi.REQUEST_PARTS)
        except modi.SecurityError as exc:
            raise Refusal(anomalies.FOR_SECURITY_ERROR[exc.code], exc.message) from exc
        if verified.action != f"{NAMESPACE}/{operation}":
            raise Refusal(anomalies.INDIRIZZAMENTO,
                          f"wsa:Action «{verified.action}» non corrisponde a {operation}")
        if not verified.message_id:
            raise Refusal(anomalies.INDIRIZZAMENTO, "wsa:MessageID vuoto")
        self._first_time(verified.message_id, "wsa:MessageID")
        return verified.message_id

    def _check_busta(self, busta, operation: str) -> str:
        problems = spcoop.validate_header(busta)
        if problems:
            raise Refusal(anomalies.BUSTA, problems[0])
        egov = f"{{{spcoop.EGOV}}}"
        message = busta.find(f"{egov}IntestazioneMessaggio")
        receiver = message.findtext(f"{egov}Destinatario/{egov}IdentificativoParte", "").strip()
        if receiver != self.config.party:
            raise Refusal(anomalies.BUSTA, f"destinatario «{receiver}» sconosciuto")
        action = message.findtext(f"{egov}Azione", "").strip()
        if action != operation:
            raise Refusal(anomalies.BUSTA, f"azione «{action}» diversa da {operation}")
        identifier = message.findtext(f"{egov}Messaggio/{egov}Identificatore", "").strip()
        self._first_time(identifier, "identificativo e-Gov")
        return identifier

    def _first_time(self, identifier: str, what: str) -> None:
        with self.state.lock:
            if identifier in self.state.seen_ids:
                raise Refusal(anomalies.DUPLICATO, f"{what} {identifier}")
            self.state.seen_ids.add(identifier)

    def _acquire(self, *, kind: str, operation: str, request, message_id: str,
                 profile: str) -> str:
        """Validate the payload and record its effect: "effect" or "already"."""
        _, element, _, payload_ns, code_name, previous_name, type_name = KINDS[kind]
        holder = request.find(f"{{{NAMESPACE}}}{element}")
        text = holder.text if holder is not None else None
        if not text or not text.strip():
            raise Refusal(anomalies.SCHEMA, f"elemento {element} vuoto o assente")
        try:
            document = etree.fromstring(text.encode("utf-8"), _PARSER)
        except etree.XMLSyntaxError as exc:
            raise Refusal(anomalies.SCHEMA, f"XML non leggibile ({exc})") from exc
        schema = schema_for(kind)
        if not schema.validate(document):
            error = schema.error_log[0]
            raise Refusal(anomalies.SCHEMA, f"riga {error.line}: {error.message}")
        ns = f"{{{payload_ns}}}"
        code = document.findtext(f"{ns}DatiSistema/{ns}{code_name}", "").strip()
        previous = document.findtext(f"{ns}DatiSistema/{ns}{previous_name}", "").strip()
        kind_code = document.findtext(f"{ns}DatiSistema/{ns}{type_name}", "").strip()
        if len(code) != 25 or not (code.isascii() and code.isdigit()):
            raise Refusal(anomalies.CODICE, f"«{code}» non è di 25 cifre")
        if previous and (len(previous) != 25 or not (previous.isascii() and previous.isdigit())):
            raise Refusal(anomalies.CODICE, f"codice precedente «{previous}» non è di 25 cifre")
        closing = (kind != "messaggio" and kind_code == "02") or code[9] == "2"
        digest = hashlib.sha256(etree.tostring(document, method="c14n")).hexdigest()
        with self.state.lock:
            known = self.state.effects.get(code)
            if known is not None:
                if known.digest == digest and known.kind == kind:
                    self.state.duplicates += 1
                    return "already"
                raise Refusal(anomalies.CONFLITTO, code)
            if previous:
                before = self.state.effects.get(previous)
                if before is None or before.kind != kind:
                    raise Refusal(anomalies.PRECEDENTE, previous)
            elif closing:
                raise Refusal(anomalies.PRECEDENTE, "una chiusura deve indicare il codice "
                                                    "della comunicazione che chiude")
            self.state.record(Effect(code=code, operation=operation, kind=kind,
                                     message_id=message_id, received_at=utc_now(),
                                     digest=digest, previous=previous, profile=profile))
        return "effect"

    def _answer(self, start_response, *, operation: str, outcome: str, description: str,
                code: str, profile: str, relates_to: str):
        envelope = etree.Element(f"{{{SOAP11}}}Envelope", nsmap={"soapenv": SOAP11})
        etree.SubElement(envelope, f"{{{SOAP11}}}Header")
        body = etree.SubElement(envelope, f"{{{SOAP11}}}Body")
        answer = etree.SubElement(body, f"{{{NAMESPACE}}}{operation}Response",
                                  nsmap={"cl": NAMESPACE})
        etree.SubElement(answer, f"{{{NAMESPACE}}}Tipo_Risposta").text = outcome
        etree.SubElement(answer, f"{{{NAMESPACE}}}Descr_Esito").text = description
        if code:
            etree.SubElement(answer, f"{{{NAMESPACE}}}Codice_Anomalia").text = code
        if profile == "modi" and self.config.pair is not None:
            modi.secure(envelope, pair=self.config.pair, to=modi.ANONYMOUS,
                        action=f"{NAMESPACE}/{operation}Response",
                        message_id=f"urn:uuid:{uuid.uuid4()}", sender=NODE_NAME,
                        relates_to=relates_to or "http://www.w3.org/2005/08/addressing/unspecified")
        return _response(start_response, "200 OK",
                         etree.tostring(envelope, xml_declaration=True, encoding="utf-8"),
                         "text/xml; charset=utf-8")
