"""Plain SOAP with HTTP Basic, toward a GovWay-style gateway that does the
security on our behalf (the gateway authenticates us by the credentials)."""

from __future__ import annotations

import base64

from lxml import etree

from integrations.transports import Destination


def basic_authorization(username: str, password: str) -> str:
    token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def wrap(envelope: etree._Element, *, destination: Destination, **_) -> dict[str, str]:
    """Nothing in the envelope; the credentials in the HTTP header."""
    return {"Authorization": basic_authorization(destination.username, destination.password)}
