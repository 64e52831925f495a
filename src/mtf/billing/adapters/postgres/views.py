"""Billing's views: the invoice and bill-run queries its API answers with, and the invoice
status filter built from the domain's rule."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Connection, Engine, and_, func, not_, select, text, true

from mtf.billing.adapters.postgres.tables import (
    bill_runs,
    credit_notes,
    invoice_documents,
    invoice_ledger,
    invoice_lines,
    invoices,
)
from mtf.billing.domain.invoice_status import ORDERED_RULES, amount_due, facts, invoice_status
from mtf.kernel.db import any_of, reads
from mtf.kernel.pagination import PageRequest
from mtf.kernel.sql import fetch_page

INVOICE_SORTS = ("issue_date", "number", "total", "period", "due_date")


def _credited(rows: Any) -> list[UUID]:
    """The invoices that can have credit notes: a note always takes a positive amount from
    its invoice (`credited`, moved by the projection in the note's own transaction), so an
    invoice credited with nothing has none and costs no query for them."""
    return [r.id for r in rows if r.credited > 0]


class SqlBillingViews:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # the invoice list and detail in autocommit: no BEGIN and ROLLBACK around their
        # statements (each saw its own snapshot already, under READ COMMITTED)
        self._reads = reads(engine)

    def invoices(
        self,
        *,
        client_id: UUID | None,
        period: str | None,
        status: str | None,
        today: date,
        page: PageRequest,
    ) -> tuple[list[dict[str, Any]], int]:
        conditions: list[ColumnElement[bool]] = []
        if client_id:
            conditions.append(invoices.c.client_id == client_id)
        if period:
            conditions.append(invoices.c.period == period)
        if status:
            conditions.append(status_condition(status, today))
        column = invoices.c[page.sort_field]
        query = (
            select(invoices, invoice_documents.c.sha256, func.count().over().label("_total"))
            .select_from(
                invoices.outerjoin(
                    invoice_documents, invoice_documents.c.invoice_id == invoices.c.id
                )
            )
            .where(*conditions)
            .order_by(column.desc() if page.descending else column.asc(), invoices.c.id)
            .limit(page.limit)
            .offset(page.offset)
        )
        with self._reads.connect() as conn:
            rows = conn.execute(query).all()
            total = (
                int(rows[0]._total)
                if rows
                else int(
                    conn.execute(
                        select(func.count()).select_from(invoices).where(*conditions)
                    ).scalar_one()
                )
            )
            lines = self._lines(conn, [r.id for r in rows])
            notes = self._notes(conn, _credited(rows))
        return [self._invoice(r, lines, notes, today) for r in rows], total

    def invoice_rows(
        self, *, client_id: UUID | None, period: str | None, status: str | None, today: date
    ) -> Iterator[list[Any]]:
        """The invoices of the list's filters as CSV rows (`INVOICE_COLUMNS`), in number
        order, read through a server-side cursor: a few thousand rows in memory at a time,
        whatever the number of invoices. The query runs when the first row is asked for."""
        conditions: list[ColumnElement[bool]] = []
        if client_id:
            conditions.append(invoices.c.client_id == client_id)
        if period:
            conditions.append(invoices.c.period == period)
        if status:
            conditions.append(status_condition(status, today))
        query = (
            select(
                invoices.c.number,
                invoices.c.id,
                invoices.c.client_id,
                invoices.c.period,
                invoices.c.issue_date,
                invoices.c.due_date,
                invoices.c.currency,
                invoices.c.subtotal,
                invoices.c.vat,
                invoices.c.total,
                invoices.c.credited,
                invoices.c.paid,
            )
            .where(*conditions)
            .order_by(invoices.c.number)
        )
        with self.engine.connect() as conn:
            # one snapshot for the whole file, a server-side cursor for its rows
            result = conn.execution_options(
                isolation_level="REPEATABLE READ", stream_results=True, yield_per=2000
            ).execute(query)
            for r in result:
                yield [
                    r.number,
                    r.id,
                    r.client_id,
                    r.period,
                    r.issue_date.isoformat(),
                    r.due_date.isoformat(),
                    r.currency,
                    f"{r.subtotal:.2f}",
                    f"{r.vat:.2f}",
                    f"{r.total:.2f}",
                    f"{r.credited:.2f}",
                    f"{r.paid:.2f}",
                    f"{amount_due(r.total, r.credited, r.paid):.2f}",
                    invoice_status(r.total, r.credited, r.paid, r.due_date, today),
                ]

    def invoice(self, invoice_id: UUID, today: date) -> dict[str, Any] | None:
        with self._reads.connect() as conn:
            row = conn.execute(
                select(invoices, invoice_documents.c.sha256)
                .select_from(
                    invoices.outerjoin(
                        invoice_documents, invoice_documents.c.invoice_id == invoices.c.id
                    )
                )
                .where(invoices.c.id == invoice_id)
            ).first()
            if row is None:
                return None
            return self._invoice(
                row, self._lines(conn, [invoice_id]), self._notes(conn, _credited([row])), today
            )

    @staticmethod
    def _lines(conn: Connection, ids: list[UUID]) -> dict[UUID, list[dict[str, Any]]]:
        found: dict[UUID, list[dict[str, Any]]] = {i: [] for i in ids}
        if ids:
            for r in conn.execute(
                select(invoice_lines)
                .where(any_of(invoice_lines.c.invoice_id, ids))
                .order_by(invoice_lines.c.position)
            ):
                found[r.invoice_id].append(dict(r._mapping))
        return found

    @staticmethod
    def _notes(conn: Connection, ids: list[UUID]) -> dict[UUID, list[dict[str, Any]]]:
        found: dict[UUID, list[dict[str, Any]]] = {i: [] for i in ids}
        if ids:
            for r in conn.execute(
                select(credit_notes)
                .where(any_of(credit_notes.c.invoice_id, ids))
                .order_by(credit_notes.c.created_at)
            ):
                found[r.invoice_id].append(dict(r._mapping))
        return found

    @staticmethod
    def _invoice(
        row: Any,
        lines: dict[UUID, list[dict[str, Any]]],
        notes: dict[UUID, list[dict[str, Any]]],
        today: date,
    ) -> dict[str, Any]:
        found = dict(row._mapping)
        found.pop("_total", None)
        found["pdf_sha256"] = found.pop("sha256", None)
        found["amount_due"] = amount_due(found["total"], found["credited"], found["paid"])
        found["status"] = invoice_status(
            found["total"], found["credited"], found["paid"], found["due_date"], today
        )
        found["lines"] = lines.get(found["id"], [])
        found["credit_notes"] = notes.get(found["id"], [])
        return found

    def credit_note(self, credit_note_id: UUID) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(credit_notes).where(credit_notes.c.id == credit_note_id)
            ).first()
        return dict(row._mapping) if row else None

    def ledger_credited(self, invoice_id: UUID) -> Decimal:
        """What credit notes took from the invoice: the ledger, moved with the notes."""
        with self.engine.connect() as conn:
            value = conn.execute(
                select(invoice_ledger.c.credited).where(invoice_ledger.c.invoice_id == invoice_id)
            ).scalar_one_or_none()
        return Decimal(value or 0)

    def paid(self, invoice_id: UUID) -> Decimal:
        """What billing knows is paid on the invoice (collections' feed)."""
        with self.engine.connect() as conn:
            value = conn.execute(
                select(invoices.c.paid).where(invoices.c.id == invoice_id)
            ).scalar_one_or_none()
        return Decimal(value or 0)

    def bill_run(self, run_id: UUID) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(bill_runs).where(bill_runs.c.id == run_id)).first()
            if row is None:
                return None
            found = dict(row._mapping)
            found["progress"] = run_progress(
                conn, run_id, found["contracts_total"], found["clients_total"]
            )
        return found

    def bill_runs(
        self, *, period: str | None, status: str | None, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]:
        conditions: list[ColumnElement[bool]] = []
        if period:
            conditions.append(bill_runs.c.period == period)
        if status:
            conditions.append(bill_runs.c.status == status)
        with self.engine.connect() as conn:
            rows, total = fetch_page(conn, bill_runs, conditions, page, tiebreak="id")
            for found in rows:
                found["progress"] = run_progress(
                    conn, found["id"], found["contracts_total"], found["clients_total"]
                )
        return rows, total


def run_progress(
    conn: Connection, run_id: UUID, contracts_total: int, clients_total: int
) -> dict[str, Any]:
    row = conn.execute(
        text(
            "SELECT coalesce(sum(contracts) FILTER (WHERE status <> 'pending'), 0) AS contracts_done, "
            "count(*) FILTER (WHERE status <> 'pending') AS clients_done, "
            "count(invoice_id) AS invoices_issued, coalesce(sum(amount), 0) AS amount_billed, "
            "count(*) FILTER (WHERE status = 'error') AS errors "
            "FROM bill_run_items WHERE run_id = :r"
        ),
        {"r": run_id},
    ).one()
    samples = conn.execute(
        text(
            "SELECT client_id, error FROM bill_run_items WHERE run_id = :r AND status = 'error' LIMIT 5"
        ),
        {"r": run_id},
    ).all()
    return {
        "contracts_total": contracts_total,
        "contracts_done": int(row.contracts_done),
        "clients_total": clients_total,
        "clients_done": int(row.clients_done),
        "invoices_issued": int(row.invoices_issued),
        "amount_billed": Decimal(row.amount_billed),
        "errors": int(row.errors),
        "error_samples": [{"client_id": str(s.client_id), "message": s.error} for s in samples],
    }


def status_condition(status: str, today: date) -> ColumnElement[bool]:
    """The SQL filter for a status, built from the domain's ordered rules (the status holds
    when its fact does and no earlier rule's)."""
    return status_filter(
        status,
        today,
        total=invoices.c.total,
        credited=invoices.c.credited,
        paid=invoices.c.paid,
        due_date=invoices.c.due_date,
    )


def status_filter(
    status: str, today: date, *, total: Any, credited: Any, paid: Any, due_date: Any
) -> ColumnElement[bool]:
    """`status_condition` over any table holding the four figures (collections' too): the
    domain's own `facts`, evaluated on columns, give the SQL expressions."""
    facts_of: dict[str, ColumnElement[bool]] = facts(total, credited, paid, due_date, today)  # type: ignore[assignment]
    conditions: list[ColumnElement[bool]] = []
    for name, fact in ORDERED_RULES:
        if name == status:
            return and_(true(), *conditions, *([facts_of[fact]] if fact else []))
        if fact is not None:
            conditions.append(not_(facts_of[fact]))
    raise ValueError(f"unknown invoice status {status!r}")
