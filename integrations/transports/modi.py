"""AgID ModI SOAP profiles ID_AUTH_SOAP_02 + INTEGRITY_SOAP_01.

``secure`` adds to a SOAP envelope the WS-Addressing headers (MessageID, To,
Action, From, ReplyTo; RelatesTo in a reply), a WS-Security header with a
``wsu:Timestamp``, our X.509 ``BinarySecurityToken`` and one ``ds:Signature``
(exclusive c14n, RSA-SHA256, SHA-256 digests) whose references cover the
Body, the Timestamp and every wsa header, its KeyInfo a
SecurityTokenReference to the token: the layout of the GovWay samples.

``verify`` checks a received envelope: that every required part is signed
(found where it must be, its id referenced, ids unique so no signature
wrapping), the algorithms, the digests and the signature value, the signer's
certificate (trusted and in date when asked), and the timestamp window. Each
refusal is a ``SecurityError`` with a stable code.

No Django here: the simulator, a process of its own, uses this module too.
"""

from __future__ import annotations

import base64
import datetime as dt
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import xmlsec
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree

from integrations.transports.keys import KeyPair

# libxmlsec's signing and verifying are not safe to run in parallel threads of
# one process: under the simulator's threads (one per connection) concurrent
# signatures failed with «xmlsec.Error: (1, 'failed to sign')» and a
# verification could fail the same way, which would turn a good message into
# a KO «firma non valida». One lock per process serialises the xmlsec calls
# (about 1-2 ms each); Celery workers (one task at a time) never wait on it.
_XMLSEC = threading.Lock()

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
WSA = "http://www.w3.org/2005/08/addressing"
DS = "http://www.w3.org/2000/09/xmldsig#"
X509_TOKEN = ("http://docs.oasis-open.org/wss/2004/01/"
              "oasis-200401-wss-x509-token-profile-1.0#X509v3")
BASE64_BINARY = ("http://docs.oasis-open.org/wss/2004/01/"
                 "oasis-200401-wss-soap-message-security-1.0#Base64Binary")
ANONYMOUS = "http://www.w3.org/2005/08/addressing/anonymous"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"

# The parts each profile signs (names as VerifiedMessage.signed gives them).
ID_AUTH_SOAP_02 = ("Timestamp", "To", "From", "Action", "MessageID", "ReplyTo")
REQUEST_PARTS = ("Body", *ID_AUTH_SOAP_02)  # + INTEGRITY_SOAP_01
REPLY_PARTS = ("Body", "Timestamp", "To", "From", "Action", "MessageID", "RelatesTo")
WSA_HEADERS = ("To", "From", "Action", "MessageID", "ReplyTo", "RelatesTo")

DEFAULT_TTL = 300.0  # seconds between Created and Expires
DEFAULT_SKEW = 60.0  # seconds of clock difference tolerated
MAX_ENVELOPE_BYTES = 5 * 1024 * 1024

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          remove_blank_text=False, remove_comments=False)


class SecurityError(Exception):
    """A received message refused; ``code`` is stable, ``message`` Italian."""

    CODES = ("firma_non_valida", "parte_non_firmata", "timestamp_scaduto", "token_assente",
             "certificato_non_attendibile", "certificato_non_valido", "messaggio_non_valido")

    def __init__(self, code: str, message: str):
        assert code in self.CODES, code
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class VerifiedMessage:
    message_id: str
    created: dt.datetime
    expires: dt.datetime
    certificate: x509.Certificate
    signed: tuple[str, ...]  # the parts signed, by name: "Body", "Timestamp", "To", ...
    signed_ids: tuple[str, ...]  # the wsu:Id of every signed element
    action: str = ""
    to: str = ""
    sender: str = ""  # wsa:From/Address
    relates_to: str = ""


def _now(now: dt.datetime | None) -> dt.datetime:
    now = now or dt.datetime.now(dt.UTC)
    return now if now.tzinfo else now.replace(tzinfo=dt.UTC)


def _stamp(moment: dt.datetime) -> str:
    moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def new_message_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def _wsu_id(element: etree._Element, prefix: str) -> str:
    value = f"{prefix}-{uuid.uuid4()}"
    element.set(f"{{{WSU}}}Id", value)
    return value


def secure(envelope: etree._Element, *, pair: KeyPair, to: str, action: str, message_id: str,
           sender: str, reply_to: str = ANONYMOUS, relates_to: str = "",
           now: dt.datetime | None = None, ttl: float = DEFAULT_TTL,
           sign_body: bool = True) -> etree._Element:
    """Sign ``envelope`` (an lxml SOAP Envelope) in place and return it."""
    soap = etree.QName(envelope).namespace
    if soap not in (SOAP11, SOAP12) or etree.QName(envelope).localname != "Envelope":
        raise ValueError("secure() vuole una SOAP Envelope")
    header = envelope.find(f"{{{soap}}}Header")
    body = envelope.find(f"{{{soap}}}Body")
    if header is None:
        header = etree.Element(f"{{{soap}}}Header")
        envelope.insert(0, header)
    if body is None:
        raise ValueError("secure(): la Envelope non ha Body")
    created = _now(now)

    signed: list[etree._Element] = []
    security = etree.Element(f"{{{WSSE}}}Security", nsmap={"wsse": WSSE, "wsu": WSU})
    security.set(f"{{{soap}}}mustUnderstand", "1")
    header.insert(0, security)
    timestamp = etree.SubElement(security, f"{{{WSU}}}Timestamp")
    etree.SubElement(timestamp, f"{{{WSU}}}Created").text = _stamp(created)
    etree.SubElement(timestamp, f"{{{WSU}}}Expires").text = _stamp(
        created + dt.timedelta(seconds=ttl))
    signed.append(timestamp)
    certificate = x509.load_pem_x509_certificate(pair.cert_pem)
    token = etree.SubElement(security, f"{{{WSSE}}}BinarySecurityToken",
                             EncodingType=BASE64_BINARY, ValueType=X509_TOKEN)
    token.text = base64.b64encode(
        certificate.public_bytes(serialization.Encoding.DER)).decode("ascii")
    token_id = _wsu_id(token, "X509")

    def address(name: str, value: str) -> None:
        element = etree.SubElement(header, f"{{{WSA}}}{name}", nsmap={"wsa": WSA, "wsu": WSU})
        if name in ("From", "ReplyTo"):
            etree.SubElement(element, f"{{{WSA}}}Address").text = value
        else:
            element.text = value
        signed.append(element)

    address("To", to)
    address("From", sender)
    address("Action", action)
    address("MessageID", message_id)
    if relates_to:
        address("RelatesTo", relates_to)
    else:
        address("ReplyTo", reply_to)
    if sign_body:
        signed.append(body)

    signature = xmlsec.template.create(envelope, xmlsec.constants.TransformExclC14N,
                                       xmlsec.constants.TransformRsaSha256, ns="ds")
    signature.set("Id", f"SIG-{uuid.uuid4()}")
    security.append(signature)  # after the token, as ModI and GovWay place it
    ids = []
    for element in signed:
        prefix = "TS" if element is timestamp else "id"
        element_id = element.get(f"{{{WSU}}}Id") or _wsu_id(element, prefix)
        ids.append(element_id)
        reference = xmlsec.template.add_reference(signature, xmlsec.constants.TransformSha256,
                                                  uri=f"#{element_id}")
        xmlsec.template.add_transform(reference, xmlsec.constants.TransformExclC14N)
    key_info = xmlsec.template.ensure_key_info(signature)
    key_info.set("Id", f"KI-{uuid.uuid4()}")
    reference_holder = etree.SubElement(key_info, f"{{{WSSE}}}SecurityTokenReference")
    _wsu_id(reference_holder, "STR")
    etree.SubElement(reference_holder, f"{{{WSSE}}}Reference", URI=f"#{token_id}",
                     ValueType=X509_TOKEN)

    context = xmlsec.SignatureContext()
    with _XMLSEC:
        context.key = xmlsec.Key.from_memory(pair.key_pem, xmlsec.constants.KeyDataFormatPem,
                                             None)
        for element in signed:
            context.register_id(element, "Id", WSU)
        context.sign(signature)
    return envelope


def parse(envelope: bytes) -> etree._Element:
    """An incoming envelope, parsed with entities and network off."""
    if len(envelope) > MAX_ENVELOPE_BYTES:
        raise SecurityError("messaggio_non_valido", "Messaggio troppo grande.")
    try:
        return etree.fromstring(envelope, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise SecurityError("messaggio_non_valido", f"XML non leggibile: {exc}") from exc


def _parse_time(text: str | None, what: str) -> dt.datetime:
    value = (text or "").strip()
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise SecurityError("timestamp_scaduto", f"{what} del Timestamp non leggibile.") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _one(parent: etree._Element, tag: str, *, what: str) -> etree._Element | None:
    found = parent.findall(tag)
    if len(found) > 1:
        raise SecurityError("firma_non_valida", f"{what} compare più di una volta.")
    return found[0] if found else None


def _certificates(trusted: Iterable | None) -> list[bytes] | None:
    if trusted is None:
        return None
    ders = []
    for item in trusted:
        if isinstance(item, x509.Certificate):
            ders.append(item.public_bytes(serialization.Encoding.DER))
        elif isinstance(item, bytes | str):
            data = item.encode() if isinstance(item, str) else item
            cert = (x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data
                    else x509.load_der_x509_certificate(data))
            ders.append(cert.public_bytes(serialization.Encoding.DER))
        else:
            raise TypeError("trusted_certs: certificati x509, PEM o DER")
    return ders


def verify(envelope: bytes | etree._Element, *, trusted_certs: Iterable | None = None,
           now: dt.datetime | None = None, max_skew: float = DEFAULT_SKEW,
           max_age: float | None = None,
           required: tuple[str, ...] = REQUEST_PARTS) -> VerifiedMessage:
    """Check a signed envelope; ``SecurityError`` with its code when refused.

    ``required``: the parts that must be signed (REQUEST_PARTS for a ModI
    request with integrity, ID_AUTH_SOAP_02 without the Body, REPLY_PARTS
    for the node's reply). ``trusted_certs``: when given, the signer's
    certificate must be one of them. ``max_age``: when given, a Timestamp
    created longer ago than that (seconds) is refused even if not expired.
    """
    root = parse(envelope) if isinstance(envelope, bytes) else envelope
    soap = etree.QName(root).namespace
    if soap not in (SOAP11, SOAP12) or etree.QName(root).localname != "Envelope":
        raise SecurityError("messaggio_non_valido", "Non è una SOAP Envelope.")
    header = _one(root, f"{{{soap}}}Header", what="Header")
    body = _one(root, f"{{{soap}}}Body", what="Body")
    if body is None:
        raise SecurityError("messaggio_non_valido", "La SOAP Envelope non ha Body.")
    if header is None:
        raise SecurityError("token_assente", "Intestazione WS-Security assente.")
    security = _one(header, f"{{{WSSE}}}Security",
                    what="wsse:Security")
    if security is None:
        raise SecurityError("token_assente", "Intestazione WS-Security assente.")
    tokens = [t for t in security.findall(f"{{{WSSE}}}BinarySecurityToken")
              if t.get("ValueType") == X509_TOKEN]
    if not tokens:
        raise SecurityError("token_assente", "BinarySecurityToken X.509 assente.")
    if len(tokens) > 1:
        raise SecurityError("firma_non_valida", "Più di un BinarySecurityToken X.509.")
    token = tokens[0]
    signatures = root.findall(f".//{{{DS}}}Signature")
    signature = _one(security, f"{{{DS}}}Signature", what="ds:Signature")
    if signature is None:
        raise SecurityError("firma_non_valida", "Firma (ds:Signature) assente.")
    if len(signatures) != 1:
        raise SecurityError("firma_non_valida", "Più di una ds:Signature nel messaggio.")

    # Every id once: a duplicate would let a reference point at a copy.
    by_id: dict[str, etree._Element] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in (f"{{{WSU}}}Id", "Id", "ID", "id"):
            value = element.get(name)
            if value is None:
                continue
            if value in by_id and by_id[value] is not element:
                raise SecurityError("firma_non_valida", f"Identificativo «{value}» ripetuto.")
            by_id[value] = element

    signed_info = signature.find(f"{{{DS}}}SignedInfo")
    if signed_info is None:
        raise SecurityError("firma_non_valida", "SignedInfo assente.")
    method = signed_info.find(f"{{{DS}}}SignatureMethod")
    c14n = signed_info.find(f"{{{DS}}}CanonicalizationMethod")
    if method is None or method.get("Algorithm") != RSA_SHA256:
        raise SecurityError("firma_non_valida", "Algoritmo di firma diverso da RSA-SHA256.")
    if c14n is None or c14n.get("Algorithm") != EXC_C14N:
        raise SecurityError("firma_non_valida", "Canonicalizzazione diversa da exclusive c14n.")
    referenced: list[str] = []
    for reference in signed_info.findall(f"{{{DS}}}Reference"):
        uri = reference.get("URI") or ""
        if not uri.startswith("#") or uri[1:] not in by_id:
            raise SecurityError("firma_non_valida", f"Riferimento «{uri}» non risolvibile.")
        digest = reference.find(f"{{{DS}}}DigestMethod")
        if digest is None or digest.get("Algorithm") != SHA256:
            raise SecurityError("firma_non_valida", "Digest diverso da SHA-256.")
        for transform in reference.iterfind(f"{{{DS}}}Transforms/{{{DS}}}Transform"):
            if transform.get("Algorithm") != EXC_C14N:
                raise SecurityError("firma_non_valida", "Trasformazione non ammessa.")
        referenced.append(uri[1:])

    parts: dict[str, etree._Element | None] = {
        "Body": body,
        "Timestamp": _one(security, f"{{{WSU}}}Timestamp",
                          what="wsu:Timestamp"),
    }
    for name in WSA_HEADERS:
        parts[name] = _one(header, f"{{{WSA}}}{name}", what=f"wsa:{name}")
    signed_names = []
    for name, element in parts.items():
        if element is not None and element.get(f"{{{WSU}}}Id") in referenced:
            signed_names.append(name)
    for name in required:
        element = parts.get(name)
        if element is None:
            raise SecurityError("parte_non_firmata", f"Manca {_label(name)} nel messaggio.")
        if name not in signed_names:
            raise SecurityError("parte_non_firmata", f"{_label(name)} non è coperto dalla firma.")

    reference = signature.find(
        f"{{{DS}}}KeyInfo/{{{WSSE}}}SecurityTokenReference/{{{WSSE}}}Reference")
    token_id = token.get(f"{{{WSU}}}Id")
    if reference is None or not token_id or reference.get("URI") != f"#{token_id}":
        raise SecurityError("token_assente",
                            "La firma non rimanda al BinarySecurityToken del messaggio.")
    try:
        der = base64.b64decode("".join((token.text or "").split()), validate=True)
        certificate = x509.load_der_x509_certificate(der)
    except ValueError as exc:
        raise SecurityError("token_assente", "Il BinarySecurityToken non è un certificato "
                                             "X.509 leggibile.") from exc
    moment = _now(now)
    trusted = _certificates(trusted_certs)
    if trusted is not None and der not in trusted:
        raise SecurityError("certificato_non_attendibile",
                            "Il certificato del firmatario non è tra quelli attendibili.")

    context = xmlsec.SignatureContext()
    try:
        with _XMLSEC:
            context.key = xmlsec.Key.from_memory(der, xmlsec.constants.KeyDataFormatCertDer,
                                                 None)
            for element_id in referenced:
                element = by_id[element_id]
                for name in (f"{{{WSU}}}Id", "Id", "ID", "id"):
                    if element.get(name) == element_id:
                        namespace, _, local = name[1:].partition("}") if name[0] == "{" else (
                            None, "", name)
                        context.register_id(element, local, namespace)
                        break
            context.verify(signature)
    except (xmlsec.Error, xmlsec.VerificationError) as exc:
        raise SecurityError("firma_non_valida",
                            "La firma o l'impronta di una parte firmata non corrisponde: "
                            "il messaggio è stato alterato o firmato con un'altra chiave.") from exc

    timestamp = parts["Timestamp"]
    if timestamp is None:
        raise SecurityError("parte_non_firmata", "Manca il Timestamp nel messaggio.")
    created = _parse_time(timestamp.findtext(f"{{{WSU}}}Created"), "Created")
    expires = _parse_time(timestamp.findtext(f"{{{WSU}}}Expires"), "Expires")
    skew = dt.timedelta(seconds=max_skew)
    if expires <= created:
        raise SecurityError("timestamp_scaduto", "Il Timestamp scade prima di essere creato.")
    if created > moment + skew:
        raise SecurityError("timestamp_scaduto",
                            f"Timestamp creato nel futuro ({_stamp(created)}).")
    if moment > expires + skew:
        raise SecurityError("timestamp_scaduto", f"Timestamp scaduto il {_stamp(expires)}.")
    if max_age is not None and moment - created > dt.timedelta(seconds=max_age) + skew:
        raise SecurityError("timestamp_scaduto",
                            f"Timestamp creato da troppo tempo ({_stamp(created)}).")

    if not (certificate.not_valid_before_utc <= moment <= certificate.not_valid_after_utc):
        raise SecurityError("certificato_non_valido",
                            "Il certificato del firmatario non è valido oggi.")

    def text(name: str) -> str:
        element = parts.get(name)
        if element is None:
            return ""
        inner = element.find(f"{{{WSA}}}Address")
        return ((inner if inner is not None else element).text or "").strip()

    return VerifiedMessage(
        message_id=text("MessageID"), created=created, expires=expires, certificate=certificate,
        signed=tuple(signed_names), signed_ids=tuple(referenced), action=text("Action"),
        to=text("To"), sender=text("From"), relates_to=text("RelatesTo"))


def _label(name: str) -> str:
    return {"Body": "il Body", "Timestamp": "il Timestamp"}.get(name, f"wsa:{name}")
