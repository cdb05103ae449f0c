"""Hooks of the rete delle reti on a vacancy's transitions.

Filled by the exchange helper: this module is theirs. The vacancy services
call these functions inside the transition's own transaction, so whatever
they write (or remove) commits or rolls back with the transition."""

from __future__ import annotations


def on_vacancy_published(vacancy) -> None:
    """A vacancy has just been published (called inside the transaction)."""


def on_vacancy_closed(vacancy) -> None:
    """A vacancy has just been closed: filled, expired or withdrawn (called
    inside the transaction)."""
