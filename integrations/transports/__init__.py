"""How a message reaches a national system: the destinations and their profiles.

A destination (one per national system, from ``settings.RETE_INTEGRATIONS``)
names its endpoint and one transport profile:

- ``plain``: SOAP with HTTP Basic toward a GovWay-style gateway (``plain``);
- ``spcoop``: the SPCoop e-Gov envelope, Busta 1.0 (``spcoop``);
- ``modi``: AgID ModI ID_AUTH_SOAP_02 + INTEGRITY_SOAP_01, WS-Addressing and
  one WS-Security signature (``modi``).

This package imports no Django at module level: the simulator, a process of
its own without Django, uses the profiles too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

PROFILES = ("plain", "spcoop", "modi")


@dataclass(frozen=True)
class Destination:
    """One national system, as configured."""

    name: str  # "cliclavoro"
    url: str  # endpoint
    profile: str  # "plain" | "spcoop" | "modi"
    timeout: float  # seconds
    # plain: HTTP Basic toward a GovWay-style gateway
    username: str = ""
    password: str = ""
    # spcoop: Mittente/Destinatario identificativoParte; modi: wsa:From (sender)
    sender: str = ""
    receiver: str = ""
    # modi: our key and certificate (PEM files; empty: RETE_MODI_KEY_PEM/RETE_MODI_CERT_PEM)
    key_file: str = ""
    cert_file: str = ""
    # modi: the node's certificate, to verify its replies (optional)
    peer_cert_file: str = ""
    # modi: how long our Timestamp is valid (seconds)
    ttl: float = 300.0

    def __repr__(self) -> str:  # never the password in a log or a traceback
        return (f"Destination(name={self.name!r}, url={self.url!r}, profile={self.profile!r}, "
                f"timeout={self.timeout!r})")


def destination(name: str) -> Destination:
    """The destination ``name`` of ``settings.RETE_INTEGRATIONS``."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    configured = getattr(settings, "RETE_INTEGRATIONS", {}) or {}
    if name not in configured:
        raise ImproperlyConfigured(
            f"Destinazione «{name}» non configurata in RETE_INTEGRATIONS "
            f"(configurate: {', '.join(sorted(configured)) or 'nessuna'}).")
    entry = dict(configured[name])
    prefix = str(entry.get("env_prefix", "") or "")

    def refuse(what: str, *variables: str) -> ImproperlyConfigured:
        names = ", ".join(prefix + v for v in variables) if prefix and variables else ""
        return ImproperlyConfigured(f"Destinazione «{name}»: {what}"
                                    + (f" (variabili d'ambiente {names})." if names else "."))

    url = str(entry.get("url", "")).strip()
    if not url.startswith(("http://", "https://")):
        raise refuse("l'indirizzo del servizio manca o non è http(s)", "URL")
    profile = str(entry.get("profile", "")).strip()
    if profile not in PROFILES:
        raise refuse(f"profilo «{profile}» sconosciuto (ammessi: {', '.join(PROFILES)})",
                     "PROFILE")
    try:
        timeout = float(entry.get("timeout", 30))
        ttl = float(entry.get("ttl", 300))
    except (TypeError, ValueError) as exc:
        raise refuse("timeout e ttl devono essere numeri di secondi", "TIMEOUT", "TTL") from exc
    if not 0 < timeout <= 600 or not 0 < ttl <= 3600:
        raise refuse("timeout (fino a 600 s) o ttl (fino a 3600 s) fuori misura",
                     "TIMEOUT", "TTL")
    fields = {key: str(entry.get(key, "") or "") for key in (
        "username", "password", "sender", "receiver", "key_file", "cert_file", "peer_cert_file")}
    if profile == "plain" and not (fields["username"] and fields["password"]):
        raise refuse("il profilo plain richiede utente e password", "USERNAME", "PASSWORD")
    if profile == "spcoop" and not (fields["sender"] and fields["receiver"]):
        raise refuse("il profilo spcoop richiede mittente e destinatario", "SENDER", "RECEIVER")
    if profile == "modi":
        if not fields["sender"]:
            raise refuse("il profilo modi richiede il mittente (wsa:From)", "SENDER")
        from integrations.transports.keys import CERT_ENV, KEY_ENV

        if not (fields["key_file"] or os.environ.get(KEY_ENV)) or not (
                fields["cert_file"] or os.environ.get(CERT_ENV)):
            raise ImproperlyConfigured(
                f"Destinazione «{name}»: il profilo modi richiede chiave e certificato "
                f"(RETE_MODI_KEY_FILE e RETE_MODI_CERT_FILE, oppure il PEM in {KEY_ENV} e "
                f"{CERT_ENV}).")
    return Destination(name=name, url=url, profile=profile, timeout=timeout, ttl=ttl, **fields)
