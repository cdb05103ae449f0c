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
    url = str(entry.get("url", "")).strip()
    if not url.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"Destinazione «{name}»: l'indirizzo del servizio (url) manca o non è http(s).")
    profile = str(entry.get("profile", "")).strip()
    if profile not in PROFILES:
        raise ImproperlyConfigured(
            f"Destinazione «{name}»: profilo «{profile}» sconosciuto "
            f"(ammessi: {', '.join(PROFILES)}).")
    try:
        timeout = float(entry.get("timeout", 30))
        ttl = float(entry.get("ttl", 300))
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"Destinazione «{name}»: timeout e ttl devono essere numeri di secondi.") from exc
    if not 0 < timeout <= 600 or not 0 < ttl <= 3600:
        raise ImproperlyConfigured(
            f"Destinazione «{name}»: timeout (fino a 600 s) o ttl (fino a 3600 s) fuori misura.")
    fields = {key: str(entry.get(key, "") or "") for key in (
        "username", "password", "sender", "receiver", "key_file", "cert_file", "peer_cert_file")}
    if profile == "plain" and not (fields["username"] and fields["password"]):
        raise ImproperlyConfigured(
            f"Destinazione «{name}»: il profilo plain richiede username e password.")
    if profile == "spcoop" and not (fields["sender"] and fields["receiver"]):
        raise ImproperlyConfigured(
            f"Destinazione «{name}»: il profilo spcoop richiede mittente (sender) e "
            "destinatario (receiver).")
    if profile == "modi" and not fields["sender"]:
        raise ImproperlyConfigured(
            f"Destinazione «{name}»: il profilo modi richiede il mittente (sender, wsa:From).")
    return Destination(name=name, url=url, profile=profile, timeout=timeout, ttl=ttl, **fields)
