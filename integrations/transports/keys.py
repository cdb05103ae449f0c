"""Our ModI key and certificate: from files named in settings or from the
environment (``RETE_MODI_KEY_PEM``, ``RETE_MODI_CERT_PEM`` holding the PEM),
never from the repository. ``ensure_pair`` makes a development pair once
(a self-signed RSA certificate, files readable by their owner only)."""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

KEY_ENV = "RETE_MODI_KEY_PEM"
CERT_ENV = "RETE_MODI_CERT_PEM"
KEY_NAME = "key.pem"
CERT_NAME = "cert.pem"


class KeyMaterialError(Exception):
    """The key or the certificate is missing or unreadable."""

    code = "chiave_non_disponibile"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class KeyPair:
    key_pem: bytes
    cert_pem: bytes

    def __repr__(self) -> str:  # never the private key in a log
        return "KeyPair(<chiave privata>, <certificato>)"


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise KeyMaterialError(
            f"Impossibile leggere {what} ModI da {path}: {exc.strerror}.") from exc


def load_pair(*, key_file: str = "", cert_file: str = "") -> KeyPair:
    """The environment's PEM when set, else the named files."""
    key = os.environ.get(KEY_ENV, "").encode() or (_read(key_file, "la chiave") if key_file
                                                   else b"")
    cert = os.environ.get(CERT_ENV, "").encode() or (
        _read(cert_file, "il certificato") if cert_file else b"")
    if not key or not cert:
        raise KeyMaterialError(
            "Chiave o certificato ModI non configurati: indicare i file (RETE_MODI_KEY_FILE, "
            f"RETE_MODI_CERT_FILE) o il PEM nelle variabili {KEY_ENV} e {CERT_ENV}.")
    return _checked(key, cert)


@functools.lru_cache(maxsize=8)
def _checked(key: bytes, cert: bytes) -> KeyPair:
    """The pair, once its PEM is known readable. Parsing an RSA key checks it
    (tens of milliseconds): done once per content, so the files are still
    read at every call and a replaced key takes effect at the next message."""
    try:
        serialization.load_pem_private_key(key, password=None)
        x509.load_pem_x509_certificate(cert)
    except (ValueError, TypeError) as exc:
        raise KeyMaterialError("Chiave o certificato ModI non leggibili come PEM.") from exc
    return KeyPair(key_pem=key, cert_pem=cert)


def load_certificate(path: str) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(_read(path, "il certificato"))
    except ValueError as exc:
        raise KeyMaterialError(f"Il certificato in {path} non è un PEM leggibile.") from exc


def generate_pair(*, common_name: str, days: int = 825) -> KeyPair:
    """A new RSA 2048 key and its self-signed certificate (development and tests)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Rete Sportelli (sviluppo)"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return KeyPair(
        key_pem=key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()),
        cert_pem=cert.public_bytes(serialization.Encoding.PEM))


def ensure_pair(folder: Path, *, common_name: str) -> tuple[Path, Path]:
    """``folder/key.pem`` and ``folder/cert.pem``, made once (0600) and then reused."""
    folder = Path(folder)
    key_path, cert_path = folder / KEY_NAME, folder / CERT_NAME
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    pair = generate_pair(common_name=common_name)
    for path, data in ((key_path, pair.key_pem), (cert_path, pair.cert_pem)):
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        path.chmod(0o600)
    return key_path, cert_path
