"""Adapters to the national systems (DESIGN.md, "Integration rules"): the
Cliclavoro payloads and communication codes (``integrations.cliclavoro``),
the data contracts (``integrations.contracts``), the transports, the outbox
and the national-node simulator. Domain packages reach it only through
``integrations.outbox.enqueue``."""
