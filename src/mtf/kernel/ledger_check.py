"""Checking and rebuilding a write-side ledger from the events, through the caught-up views.

A ledger (billing's billed days and invoice totals, collections' settlements) is moved in the
same transaction as the events it follows; `check_or_rebuild` recomputes it from what the
views hold after catching up, lists the rows that differ and, when asked, replaces it. While
it works it holds the ledgers' table locks (in the recorder's order), so writers wait a moment
and none is lost (a write in flight commits its move after the rebuild, on top of it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text

from mtf.kernel.projection import Projector


@dataclass(frozen=True)
class Ledger:
    table: str
    columns: str  # the columns `from_events` gives, in its order
    from_events: str  # SELECT of the ledger's rows as the events give them
    differences: str  # SELECT of the rows where the ledger and the events disagree


def check_or_rebuild(
    engine: Engine, projector: Projector, ledgers: Sequence[Ledger], *, rebuild: bool
) -> list[dict[str, Any]]:
    """The ledger rows that differ from what the events give (before any fix)."""
    with engine.begin() as conn:
        tables = ", ".join(ledger.table for ledger in ledgers)  # fixed names, never input
        conn.execute(text(f"LOCK TABLE {tables} IN EXCLUSIVE MODE"))
        projector.catch_up()  # every event committed so far is in the views
        differences = [
            dict(r._mapping) for ledger in ledgers for r in conn.execute(text(ledger.differences))
        ]
        if rebuild:
            for ledger in ledgers:
                conn.execute(text(f"DELETE FROM {ledger.table}"))
                conn.execute(
                    text(f"INSERT INTO {ledger.table} ({ledger.columns}) {ledger.from_events}")
                )
    return differences
