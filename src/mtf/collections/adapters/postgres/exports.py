"""Collections' CSV exports: payments and the overdue invoices (aging), read through a
server-side cursor so that what is held at once is a few thousand rows, whatever the total."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, text

PAYMENT_COLUMNS = (
    "id",
    "client_id",
    "status",
    "method",
    "reference",
    "received_on",
    "amount",
    "credit",
    "credit_left",
    "invoice_numbers",
    "created_at",
    "reversed_at",
)
AGING_COLUMNS = (
    "invoice_id",
    "number",
    "client_id",
    "issue_date",
    "due_date",
    "days_past_due",
    "bucket",
    "total",
    "credited",
    "paid",
    "amount_due",
)
BUCKETS = ("1-30", "31-60", "61-90", "90+")
_BUCKET_SQL = (
    "CASE WHEN :t - due_date <= 30 THEN '1-30' WHEN :t - due_date <= 60 THEN '31-60' "
    "WHEN :t - due_date <= 90 THEN '61-90' ELSE '90+' END"
)


def _money(value: Any) -> str:
    return f"{value:.2f}"


def _stream(engine: Engine, query: str, params: dict[str, Any]) -> Iterator[Any]:
    with engine.connect() as conn:
        result = conn.execution_options(
            isolation_level="REPEATABLE READ", stream_results=True, yield_per=2000
        ).execute(text(query), params)
        yield from result


def payment_rows(
    engine: Engine, *, client_id: UUID | None, status: str | None
) -> Iterator[list[Any]]:
    """The payments of the list's filters, newest first (as the list), with the numbers of
    the invoices they paid."""
    where: list[str] = ["true"]
    params: dict[str, Any] = {}
    if client_id is not None:
        where.append("p.client_id = :c")
        params["c"] = client_id
    if status is not None:
        where.append("p.status = :s")
        params["s"] = status
    query = (
        "SELECT p.id, p.client_id, p.status, p.method, p.reference, p.received_on, p.amount, "
        "p.credit, p.credit_left, p.created_at, p.reversed_at, (SELECT string_agg(DISTINCT "
        "a.number, ' ' ORDER BY a.number) FROM allocations a WHERE a.payment_id = p.id) AS numbers "
        f"FROM payments p WHERE {' AND '.join(where)} ORDER BY p.created_at DESC, p.id"
    )
    for r in _stream(engine, query, params):
        yield [
            r.id,
            r.client_id,
            r.status,
            r.method,
            r.reference,
            r.received_on.isoformat(),
            _money(r.amount),
            _money(r.credit),
            _money(r.credit_left),
            r.numbers or "",
            r.created_at.isoformat(),
            r.reversed_at.isoformat() if r.reversed_at else "",
        ]


def aging_rows(
    engine: Engine, today: date, *, client_id: UUID | None, bucket: str | None
) -> Iterator[list[Any]]:
    """The invoices overdue on `today` (what the aging buckets add up), oldest due first."""
    where = ["due_date < :t", "credited + paid < total"]
    params: dict[str, Any] = {"t": today}
    if client_id is not None:
        where.append("client_id = :c")
        params["c"] = client_id
    if bucket is not None:
        where.append(f"{_BUCKET_SQL} = :b")
        params["b"] = bucket
    query = (
        f"SELECT invoice_id, number, client_id, issue_date, due_date, :t - due_date AS days, "
        f"{_BUCKET_SQL} AS bucket, total, credited, paid FROM receivables "
        f"WHERE {' AND '.join(where)} ORDER BY due_date, number"
    )
    for r in _stream(engine, query, params):
        yield [
            r.invoice_id,
            r.number,
            r.client_id,
            r.issue_date.isoformat(),
            r.due_date.isoformat(),
            int(r.days),
            r.bucket,
            _money(r.total),
            _money(r.credited),
            _money(r.paid),
            _money(r.total - r.credited - r.paid),
        ]
