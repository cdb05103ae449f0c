"""Cliclavoro (the ministry's national job portal): payloads, their
validation against the ministry XSDs, the 25-character communication codes
and the SOAP client.

The outbox reaches the builders and the client through its registry of
routes, filled by ``integrations.routes.register`` (named in
settings.RETE_OUTBOX["routes"]); nothing here registers itself."""
