"""Checking and rebuilding billing's write-side ledgers from the invoice and credit-note
events (through the caught-up views):
- `contract_billing`: each contract's last billed day = the last day its invoice lines bill,
  moved back to the day before the first day a credit note gives back;
- `invoice_ledger`: each invoice's total and the sum of its credit notes.
Both are checked and rebuilt together (`kernel.ledger_check`), so invoices and credit notes
wait a moment and none is lost."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from mtf.kernel.ledger_check import Ledger, check_or_rebuild
from mtf.kernel.projection import Projector

_BILLED_FROM_EVENTS = (
    "SELECT b.contract_id, LEAST(b.last_day, COALESCE(k.back, b.last_day)) AS last_billed "
    "FROM (SELECT contract_id, max(end_date) AS last_day FROM invoice_lines GROUP BY contract_id) b "
    "LEFT JOIN (SELECT contract_id, min(start_date) - 1 AS back FROM credit_note_lines "
    "GROUP BY contract_id) k ON k.contract_id = b.contract_id"
)
_BILLED_DIFFERENCES = (
    f"SELECT 'contract_billing' AS ledger, coalesce(e.contract_id, l.contract_id)::text AS id, "
    f"l.last_billed::text AS ledger_value, e.last_billed::text AS events_value "
    f"FROM ({_BILLED_FROM_EVENTS}) e FULL JOIN contract_billing l ON l.contract_id = e.contract_id "
    "WHERE l.last_billed IS DISTINCT FROM e.last_billed"
)
_INVOICES_FROM_EVENTS = (
    "SELECT i.id AS invoice_id, i.client_id, i.period, i.total, "
    "coalesce((SELECT sum(c.total) FROM credit_notes c WHERE c.invoice_id = i.id), 0) AS credited "
    "FROM invoices i"
)
_INVOICE_DIFFERENCES = (
    f"SELECT 'invoice_ledger' AS ledger, coalesce(e.invoice_id, l.invoice_id)::text AS id, "
    "(l.total::text || ' credited ' || l.credited::text) AS ledger_value, "
    "(e.total::text || ' credited ' || e.credited::text) AS events_value "
    f"FROM ({_INVOICES_FROM_EVENTS}) e FULL JOIN invoice_ledger l ON l.invoice_id = e.invoice_id "
    "WHERE l.total IS DISTINCT FROM e.total OR l.credited IS DISTINCT FROM e.credited "
    "OR l.client_id IS DISTINCT FROM e.client_id OR l.period IS DISTINCT FROM e.period"
)


LEDGERS = (
    Ledger(
        "contract_billing", "contract_id, last_billed", _BILLED_FROM_EVENTS, _BILLED_DIFFERENCES
    ),
    Ledger(
        "invoice_ledger",
        "invoice_id, client_id, period, total, credited",
        _INVOICES_FROM_EVENTS,
        _INVOICE_DIFFERENCES,
    ),
)


def check_or_rebuild_ledgers(
    engine: Engine, projector: Projector, *, rebuild: bool
) -> list[dict[str, Any]]:
    """The ledger rows that differ from what the events give (before any fix)."""
    return check_or_rebuild(engine, projector, LEDGERS, rebuild=rebuild)
