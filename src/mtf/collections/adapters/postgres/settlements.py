"""Checking and rebuilding the settlements ledger from the payment events.

The ledger is moved in the same transaction as each payment event; this recomputes it from
the allocations the events record (through the caught-up views) and compares or replaces it.
`kernel.ledger_check` does the work under the ledger's table lock, so payments wait a moment
and none is lost."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from mtf.kernel.ledger_check import Ledger, check_or_rebuild
from mtf.kernel.projection import Projector

_FROM_EVENTS = (
    "SELECT invoice_id, min(client_id::text)::uuid AS client_id, sum(amount) AS paid "
    "FROM allocations WHERE NOT reversed GROUP BY invoice_id HAVING sum(amount) <> 0"
)
_DIFFERENCES = (
    f"SELECT coalesce(e.invoice_id, s.invoice_id) AS invoice_id, coalesce(s.paid, 0) AS ledger, "
    f"coalesce(e.paid, 0) AS events FROM ({_FROM_EVENTS}) e "
    "FULL JOIN (SELECT * FROM settlements WHERE paid <> 0) s ON s.invoice_id = e.invoice_id "
    "WHERE coalesce(s.paid, 0) <> coalesce(e.paid, 0)"
)


SETTLEMENTS = Ledger("settlements", "invoice_id, client_id, paid", _FROM_EVENTS, _DIFFERENCES)


def check_or_rebuild_settlements(
    engine: Engine, projector: Projector, *, rebuild: bool
) -> list[dict[str, Any]]:
    """The invoices whose ledger amount differs from what the events give (before any fix)."""
    return check_or_rebuild(engine, projector, (SETTLEMENTS,), rebuild=rebuild)
