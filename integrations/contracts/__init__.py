"""Data contracts: what each destination may receive, and why (the legal basis).

A contract is code the builders must pass: every element of a payload must
be one of the contract's ``allowed_paths`` (by element path, no positions),
else the payload is refused before it is sent. The Cliclavoro contracts are
in ``integrations.contracts.cliclavoro``; ``CONTRACTS`` gathers them by
(destination, kind)."""

from __future__ import annotations

from integrations.contracts.base import DataContract, contract_problems
from integrations.contracts.cliclavoro import CANDIDATURA, MESSAGGIO, VACANCY

__all__ = ["CONTRACTS", "DataContract", "contract_for", "contract_problems"]

CONTRACTS: dict[tuple[str, str], DataContract] = {
    (contract.destination, contract.kind): contract
    for contract in (CANDIDATURA, VACANCY, MESSAGGIO)
}


def contract_for(destination: str, kind: str) -> DataContract:
    """The contract for ``kind`` sent to ``destination``; KeyError when none:
    nothing leaves a tenant without one."""
    return CONTRACTS[(destination, kind)]

