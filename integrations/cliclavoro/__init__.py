"""Cliclavoro (the ministry's national job portal): payloads, their
validation against the ministry XSDs, the 25-character communication codes.

Kept light: importing the package loads no Django model, so the outbox can
import ``register_builders`` from its AppConfig.ready()."""

from __future__ import annotations

__all__ = ["register_builders"]


def register_builders(registry) -> None:
    """Fill the outbox's builder registry: for each kind in
    ``payloads.PAYLOAD_KINDS`` its builder, by ``registry.register(kind,
    builder)`` when the registry has that method, else ``registry[kind] =
    builder``."""
    from integrations.cliclavoro import payloads

    builders = {payloads.KIND_VACANCY: payloads.build_vacancy,
                payloads.KIND_CANDIDATURA: payloads.build_candidatura,
                payloads.KIND_MESSAGGIO: payloads.build_messaggio}
    for kind in payloads.PAYLOAD_KINDS:
        if hasattr(registry, "register"):
            registry.register(kind, builders[kind])
        else:
            registry[kind] = builders[kind]
