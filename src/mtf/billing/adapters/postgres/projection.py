"""Billing's projection: its own events (invoices with lines and credit notes, the last
billed day per contract, bill runs) into the tables its API reads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from sqlalchemy import Connection, func, select, text
from sqlalchemy.dialects.postgresql import insert

from mtf.billing.adapters.postgres import analytics
from mtf.billing.adapters.postgres.followers import SETTLEMENTS_FOLLOWER
from mtf.billing.adapters.postgres.tables import (
    analytics_settled,
    bill_runs,
    credit_note_lines,
    credit_notes,
    invoices,
)
from mtf.billing.domain.invoice import BillRun, CreditNote, Invoice
from mtf.kernel.sql import insert_many

InvoiceEvent: Any = Invoice
CreditNoteEvent: Any = CreditNote
BillRunEvent: Any = BillRun

_INVOICE_TYPES = {
    "id": "uuid",
    "number": "text",
    "client_id": "uuid",
    "period": "text",
    "issue_date": "date",
    "due_date": "date",
    "currency": "text",
    "subtotal": "numeric",
    "vat": "numeric",
    "total": "numeric",
    "bill_run_id": "uuid",
    "created_at": "timestamptz",
}
_LINE_TYPES = {
    "invoice_id": "uuid",
    "position": "int4",
    "contract_id": "uuid",
    "subscriber_id": "uuid",
    "description": "text",
    "start_date": "date",
    "end_date": "date",
    "days": "int4",
    "monthly_fee": "numeric",
    "amount": "numeric",
}


class BillingProjection:
    name = "billing.views"
    # contract_billing and invoice_ledger are write-side ledgers (moved with the events),
    # not views: a replay leaves them; `mtf rebuild billing --check` compares them
    tables: tuple[str, ...] = (
        "invoice_lines",
        "credit_note_lines",
        "credit_notes",
        "invoices",
        "bill_runs",
        "analytics_periods",
        "analytics_due",
        "analytics_credit_months",
    )
    # filled in from collections' feed, not from billing's events (`mtf rebuild --check`
    # leaves them out of its comparison; `mtf rebuild` follows that feed again)
    feed_columns: dict[str, tuple[str, ...]] = {
        "invoices": ("paid",),
        "analytics_periods": ("collected",),
    }

    def reset(self, conn: Connection) -> None:
        """Before a replay: what is paid on each invoice comes from collections' feed, so
        that feed is followed again from its start onto the replayed invoices (and the
        analytics' settlements with it)."""
        conn.execute(analytics_settled.delete())
        conn.execute(
            text("UPDATE feed_tracking SET position = 0 WHERE follower = :f"),
            {"f": SETTLEMENTS_FOLLOWER},
        )

    def apply(self, conn: Connection, event: DomainEventProtocol[UUID]) -> None:
        self.apply_many(conn, [event])

    def apply_many(self, conn: Connection, events: list[Any]) -> None:
        invoice_rows: list[dict[str, Any]] = []
        line_rows: list[tuple[Any, ...]] = []
        for e in events:
            if isinstance(e, InvoiceEvent.Issued):
                invoice_rows.append(
                    {
                        "id": e.originator_id,
                        "number": e.number,
                        "client_id": e.client_id,
                        "period": e.period,
                        "issue_date": e.issue_date,
                        "due_date": e.due_date,
                        "currency": e.currency,
                        "subtotal": e.subtotal,
                        "vat": e.vat,
                        "total": e.total,
                        "bill_run_id": e.bill_run_id,
                        "created_at": e.timestamp,
                    }
                )
                line_rows.extend(
                    (  # in _LINE_TYPES' order
                        e.originator_id,
                        position,
                        UUID(line["contract_id"]),
                        UUID(line["subscriber_id"]),
                        line["description"],
                        date.fromisoformat(line["start_date"]),
                        date.fromisoformat(line["end_date"]),
                        line["days"],
                        Decimal(line["monthly_fee"]),
                        Decimal(line["amount"]),
                    )
                    for position, line in enumerate(e.lines)
                )
            else:
                self._flush(conn, invoice_rows, line_rows)
                invoice_rows, line_rows = [], []
                self._apply_one(conn, e)
        self._flush(conn, invoice_rows, line_rows)

    @staticmethod
    def _flush(
        conn: Connection,
        invoice_rows: list[dict[str, Any]],
        line_rows: list[tuple[Any, ...]],
    ) -> None:
        # a binary COPY per table (kernel.sql.insert_many): the largest cost of projecting a
        # bill run was compiling every row's parameters in Python
        if invoice_rows:
            inserted = set(
                insert_many(
                    conn, "invoices", _INVOICE_TYPES, invoice_rows, conflict="(id)", returning="id"
                )
            )
            analytics.invoices_issued(conn, [r for r in invoice_rows if r["id"] in inserted])
        insert_many(conn, "invoice_lines", _LINE_TYPES, line_rows)

    @staticmethod
    def _apply_one(conn: Connection, e: Any) -> None:
        if isinstance(e, CreditNoteEvent.Issued):
            # notes recorded before the VAT split carry only their amount (incl. VAT)
            total = getattr(e, "total", None) or e.amount
            subtotal = getattr(e, "subtotal", None)
            vat = getattr(e, "vat", None)
            if subtotal is None or vat is None:
                subtotal, vat = total, Decimal("0.00")
            inserted = conn.execute(
                insert(credit_notes)
                .values(
                    id=e.originator_id,
                    number=e.number,
                    invoice_id=e.invoice_id,
                    client_id=e.client_id,
                    amount=total,
                    subtotal=subtotal,
                    vat=vat,
                    total=total,
                    refundable=getattr(e, "refundable", None) or Decimal("0.00"),
                    reason=e.reason,
                    issue_date=e.issue_date,
                    created_at=e.timestamp,
                )
                .on_conflict_do_nothing(index_elements=[credit_notes.c.id])
            )
            if inserted.rowcount == 0:
                return
            lines = getattr(e, "lines", None) or []
            if lines:
                conn.execute(
                    insert(credit_note_lines).on_conflict_do_nothing(),
                    [
                        {
                            "credit_note_id": e.originator_id,
                            "position": position,
                            "contract_id": UUID(line["contract_id"]),
                            "start_date": date.fromisoformat(line["start_date"]),
                            "end_date": date.fromisoformat(line["end_date"]),
                            "days": line["days"],
                            "monthly_fee": Decimal(line["monthly_fee"]),
                            "amount": Decimal(line["amount"]),
                        }
                        for position, line in enumerate(lines)
                    ],
                )
            # the ledger capped the credit at the total when it was recorded
            invoice = conn.execute(
                select(
                    invoices.c.period, invoices.c.due_date, invoices.c.total, invoices.c.credited
                ).where(invoices.c.id == e.invoice_id)
            ).first()
            if invoice is not None:
                analytics.credit_noted(
                    conn,
                    period=invoice.period,
                    due_date=invoice.due_date,
                    issue_date=e.issue_date,
                    credited=min(invoice.total, invoice.credited + total) - invoice.credited,
                )
            conn.execute(
                invoices.update()
                .where(invoices.c.id == e.invoice_id)
                .values(credited=func.least(invoices.c.total, invoices.c.credited + total))
            )
        elif isinstance(e, BillRunEvent.Started):
            conn.execute(
                insert(bill_runs)
                .values(
                    id=e.originator_id,
                    period=e.period,
                    as_of=e.as_of,
                    issue_date=e.issue_date,
                    pass_number=getattr(e, "pass_number", 1) or 1,
                    status="planning",
                    created_at=e.timestamp,
                )
                .on_conflict_do_nothing(index_elements=[bill_runs.c.id])
            )
        elif isinstance(e, BillRunEvent.Planned):
            conn.execute(
                bill_runs.update()
                .where(bill_runs.c.id == e.originator_id)
                .values(
                    status="running",
                    contracts_total=e.contracts_total,
                    clients_total=e.clients_total,
                )
            )
        elif isinstance(e, BillRunEvent.Completed):
            conn.execute(
                bill_runs.update()
                .where(bill_runs.c.id == e.originator_id)
                .values(status="completed", summary=e.summary, completed_at=e.timestamp)
            )
