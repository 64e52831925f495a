"""Queries on the collections read models."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Engine, Select, func, select, text

from mtf.billing.published import amount_due, invoice_status
from mtf.collections.adapters.postgres import exports
from mtf.collections.adapters.postgres.tables import (
    allocations,
    case_timeline,
    cases,
    collections_runs,
    payment_counts,
    payments,
    receivables,
    settlements,
)
from mtf.collections.domain.allocation import OpenInvoice
from mtf.kernel.pagination import PageRequest
from mtf.kernel.sql import fetch_page

ZERO = Decimal("0.00")


def _plain(row: Any) -> dict[str, Any]:
    found = dict(row._mapping)
    found.pop("_total", None)
    return found


def _due(r: Any) -> Decimal:
    return max(ZERO, Decimal(r.total) - Decimal(r.credited) - Decimal(r.paid))


def _payment_count(status: str | None) -> Select[Any]:
    """How many payments there are (of `status`, or of any), from `payment_counts`."""
    query = select(func.coalesce(func.sum(payment_counts.c.payments), 0))
    return query.where(payment_counts.c.status == status) if status else query


class SqlCollectionsViews:
    def __init__(self, engine: Engine, refresh: Callable[[], object] | None = None) -> None:
        """`refresh` (the projector's catch-up) runs before each read the API serves, so what
        a caller wrote is what it reads next, whichever process wrote it."""
        self._refresh = refresh
        self.engine = engine

    def _fresh(self) -> None:
        if self._refresh is not None:
            self._refresh()

    def payment_rows(self, *, client_id: UUID | None, status: str | None) -> Iterator[list[Any]]:
        """The payments export's rows (caught up first, then streamed)."""
        self._fresh()
        return exports.payment_rows(self.engine, client_id=client_id, status=status)

    def aging_rows(
        self, today: date, *, client_id: UUID | None, bucket: str | None
    ) -> Iterator[list[Any]]:
        """The aging export's rows (caught up first, then streamed)."""
        self._fresh()
        return exports.aging_rows(self.engine, today, client_id=client_id, bucket=bucket)

    def open_invoices(self, client_id: UUID) -> list[OpenInvoice]:
        """What is still due, paid amounts taken from the settlements ledger (written with the
        payment events, so exact even while the views catch up)."""
        paid = func.coalesce(settlements.c.paid, 0).label("paid")
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    receivables.c.invoice_id,
                    receivables.c.number,
                    receivables.c.due_date,
                    receivables.c.total,
                    receivables.c.credited,
                    paid,
                )
                .select_from(
                    receivables.outerjoin(
                        settlements, settlements.c.invoice_id == receivables.c.invoice_id
                    )
                )
                .where(
                    receivables.c.client_id == client_id,
                    receivables.c.credited + paid < receivables.c.total,
                )
            ).all()
        return [OpenInvoice(r.invoice_id, r.number, r.due_date, _due(r)) for r in rows]

    def invoice_owner(self, invoice_id: UUID) -> UUID | None:
        with self.engine.connect() as conn:
            owner: UUID | None = conn.execute(
                select(receivables.c.client_id).where(receivables.c.invoice_id == invoice_id)
            ).scalar_one_or_none()
        return owner

    def invoices_numbered(self, numbers: list[str]) -> dict[str, tuple[UUID, UUID]]:
        """Invoice number -> (invoice id, client id), for the numbers known."""
        if not numbers:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(receivables.c.number, receivables.c.invoice_id, receivables.c.client_id)
                .where(receivables.c.number.in_(numbers))
            ).all()
        return {r.number: (r.invoice_id, r.client_id) for r in rows}

    def receivables(
        self, *, client_id: UUID | None, open_only: bool, today: date, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]:
        self._fresh()
        conditions: list[ColumnElement[bool]] = []
        if client_id:
            conditions.append(receivables.c.client_id == client_id)
        if open_only:
            conditions.append(receivables.c.credited + receivables.c.paid < receivables.c.total)
        with self.engine.connect() as conn:
            rows, total = fetch_page(conn, receivables, conditions, page, tiebreak="invoice_id")
        for found in rows:
            # billing's rules, the same function billing's API answers with
            figures = (found["total"], found["credited"], found["paid"])
            due = amount_due(*figures)
            found["amount_due"] = due
            found["days_past_due"] = max(0, (today - found["due_date"]).days) if due > 0 else 0
            found["status"] = invoice_status(*figures, found["due_date"], today)
        return rows, total

    def balance(self, client_id: UUID, today: date) -> dict[str, Decimal]:
        self._fresh()
        with self.engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT coalesce(sum(greatest(total - credited - paid, 0)), 0) AS due, "
                    "coalesce(sum(greatest(total - credited - paid, 0)) FILTER (WHERE due_date < :today), 0) AS overdue "
                    "FROM receivables WHERE client_id = :c"
                ),
                {"c": client_id, "today": today},
            ).one()
            credit = conn.execute(
                select(func.coalesce(func.sum(payments.c.credit_left), 0)).where(
                    payments.c.client_id == client_id, payments.c.status == "posted"
                )
            ).scalar_one()
            # paid money a credit note took back, not yet returned to the payments' credit
            # (a moment, until the next credit use): already the client's
            returning = conn.execute(
                text(
                    "SELECT coalesce(sum(greatest(paid + credited - total, 0)), 0) "
                    "FROM receivables WHERE client_id = :c"
                ),
                {"c": client_id},
            ).scalar_one()
        return {
            "amount_due": Decimal(row.due),
            "overdue_amount": Decimal(row.overdue),
            "credit": Decimal(credit) + Decimal(returning),
        }

    def overcovered_invoices(self) -> list[tuple[UUID, UUID]]:
        """(client, invoice) where paid (the ledger) and credited exceed the total: a credit
        note took back money already paid."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT r.client_id, r.invoice_id FROM receivables r JOIN settlements s "
                    "USING (invoice_id) WHERE s.paid + r.credited > r.total "
                    "ORDER BY r.client_id, r.due_date"
                )
            ).all()
        return [(r[0], r[1]) for r in rows]

    def overcovered(self, invoice_id: UUID) -> dict[str, Any] | None:
        """How much paid money a credit note took back on an invoice, the payments that paid
        it (latest first) and its latest credit note."""
        with self.engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT r.number, s.paid + r.credited - r.total AS excess, "
                    "(SELECT c.credit_note_id FROM credit_notes c WHERE c.invoice_id = "
                    "r.invoice_id ORDER BY c.number DESC LIMIT 1) AS credit_note_id "
                    "FROM receivables r JOIN settlements s USING (invoice_id) "
                    "WHERE r.invoice_id = :i"
                ),
                {"i": invoice_id},
            ).first()
            if row is None or row.excess <= 0:
                return None
            paid_by = conn.execute(
                text(
                    "SELECT payment_id FROM allocations WHERE invoice_id = :i AND NOT reversed "
                    "GROUP BY payment_id HAVING sum(amount) > 0 "
                    "ORDER BY max(created_at) DESC, payment_id"
                ),
                {"i": invoice_id},
            ).all()
        return {
            "number": row.number,
            "excess": Decimal(row.excess),
            "credit_note_id": row.credit_note_id,
            "payments": [r[0] for r in paid_by],
        }

    def clients_with_credit_and_open_invoices(self) -> list[UUID]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT DISTINCT p.client_id FROM payments p JOIN receivables r ON r.client_id = p.client_id "
                    "WHERE p.status = 'posted' AND p.credit_left > 0 AND r.credited + r.paid < r.total"
                )
            ).all()
        return [r[0] for r in rows]

    def payments_with_credit(self, client_id: UUID) -> list[UUID]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(payments.c.id)
                .where(
                    payments.c.client_id == client_id,
                    payments.c.status == "posted",
                    payments.c.credit_left > 0,
                )
                .order_by(payments.c.created_at)
            ).all()
        return [r[0] for r in rows]

    def overdue_by_client(
        self, as_of: date, clients: list[UUID] | None = None
    ) -> dict[UUID, dict[str, Any]]:
        """Clients with invoices past due and a balance: oldest due date, amount, contracts."""
        query = (
            "SELECT client_id, min(due_date) AS oldest, sum(total - credited - paid) AS amount, "
            "array_agg(DISTINCT c) AS contract_ids "
            "FROM receivables, unnest(contract_ids) AS c "
            "WHERE due_date < :as_of AND credited + paid < total "
        )
        params: dict[str, Any] = {"as_of": as_of}
        if clients is not None:
            query += "AND client_id = ANY(:clients) "
            params["clients"] = clients
        query += "GROUP BY client_id"
        with self.engine.connect() as conn:
            rows = conn.execute(text(query), params).all()
        return {
            r.client_id: {
                "oldest": r.oldest,
                "amount": Decimal(r.amount),
                "contract_ids": list(r.contract_ids),
            }
            for r in rows
        }

    def open_cases(self) -> dict[UUID, UUID]:
        """Open case id by client."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(cases.c.client_id, cases.c.id).where(cases.c.status == "open")
            ).all()
        return {r.client_id: r.id for r in rows}

    def cases_opened_on(self, day: date) -> dict[UUID, int]:
        """Cases opened on `day` per client (a case's id follows from its client, its date
        and how many that client had that day before it)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(cases.c.client_id, func.count())
                .where(cases.c.opened_on == day)
                .group_by(cases.c.client_id)
            ).all()
        return {r[0]: r[1] for r in rows}

    def latest_run_date(self) -> date | None:
        with self.engine.connect() as conn:
            latest: date | None = conn.execute(
                select(func.max(collections_runs.c.as_of))
            ).scalar_one()
        return latest

    def aging(self, today: date) -> dict[str, Any]:
        self._fresh()
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT CASE WHEN :t - due_date <= 30 THEN '1-30' WHEN :t - due_date <= 60 THEN '31-60' "
                    "WHEN :t - due_date <= 90 THEN '61-90' ELSE '90+' END AS bucket, count(*) AS invoices, "
                    "sum(total - credited - paid) AS amount FROM receivables "
                    "WHERE due_date < :t AND credited + paid < total GROUP BY 1"
                ),
                {"t": today},
            ).all()
        found = {r.bucket: r for r in rows}
        buckets = [
            {
                "bucket": b,
                "invoices": int(found[b].invoices) if b in found else 0,
                "amount": Decimal(found[b].amount) if b in found else ZERO,
            }
            for b in ("1-30", "31-60", "61-90", "90+")
        ]
        return {
            "as_of": today,
            "buckets": buckets,
            "total_overdue": sum((b["amount"] for b in buckets), ZERO),
        }

    def payment(self, payment_id: UUID) -> dict[str, Any] | None:
        self._fresh()
        with self.engine.connect() as conn:
            row = conn.execute(select(payments).where(payments.c.id == payment_id)).first()
            if row is None:
                return None
            found = _plain(row)
            found["allocations"] = [
                _plain(a)
                for a in conn.execute(
                    select(allocations)
                    .where(allocations.c.payment_id == payment_id)
                    .order_by(allocations.c.position)
                )
            ]
        return found

    def payments(
        self, *, client_id: UUID | None, status: str | None, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]:
        self._fresh()
        conditions: list[ColumnElement[bool]] = []
        if client_id:
            conditions.append(payments.c.client_id == client_id)
        if status:
            conditions.append(payments.c.status == status)
        with self.engine.connect() as conn:
            # every payment (or every one of a status): the kept counts say how many; a
            # client's are few, counted on the page
            rows, total = fetch_page(
                conn,
                payments,
                conditions,
                page,
                tiebreak="id",
                count=None if client_id else _payment_count(status),
            )
            ids = [r["id"] for r in rows]
            allocs: dict[UUID, list[dict[str, Any]]] = {i: [] for i in ids}
            if ids:
                for a in conn.execute(
                    select(allocations)
                    .where(allocations.c.payment_id.in_(ids))
                    .order_by(allocations.c.position)
                ):
                    allocs[a.payment_id].append(_plain(a))
        for found in rows:
            found["allocations"] = allocs[found["id"]]
        return rows, total

    def _case_row(self, conn: Any, row: Any, today: date) -> dict[str, Any]:
        found = _plain(row)
        overdue = conn.execute(
            text(
                "SELECT min(due_date) AS oldest, coalesce(sum(total - credited - paid), 0) AS amount FROM receivables "
                "WHERE client_id = :c AND due_date < :t AND credited + paid < total"
            ),
            {"c": row.client_id, "t": today},
        ).one()
        found["overdue_amount"] = Decimal(overdue.amount)
        found["days_past_due"] = (today - overdue.oldest).days if overdue.oldest else 0
        return found

    def cases(
        self,
        *,
        status: str | None,
        client_id: UUID | None,
        min_days: int | None,
        today: date,
        page: PageRequest,
    ) -> tuple[list[dict[str, Any]], int]:
        self._fresh()
        conditions: list[ColumnElement[bool]] = []
        if status:
            conditions.append(cases.c.status == status)
        if client_id:
            conditions.append(cases.c.client_id == client_id)
        sort = cases.c.opened_at if page.sort_field == "opened_at" else cases.c.opened_on
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(cases)
                .where(*conditions)
                .order_by(sort.desc() if page.descending else sort.asc(), cases.c.id)
            ).all()
            found = [self._case_row(conn, r, today) for r in rows]
        if min_days is not None:
            found = [c for c in found if c["days_past_due"] >= min_days]
        if page.sort_field in ("days_past_due", "overdue_amount"):
            found.sort(key=lambda c: c[page.sort_field], reverse=page.descending)
        return found[page.offset : page.offset + page.limit], len(found)

    def case(self, case_id: UUID, today: date) -> dict[str, Any] | None:
        self._fresh()
        with self.engine.connect() as conn:
            row = conn.execute(select(cases).where(cases.c.id == case_id)).first()
            if row is None:
                return None
            found = self._case_row(conn, row, today)
            found["timeline"] = [
                _plain(t)
                for t in conn.execute(
                    select(case_timeline)
                    .where(case_timeline.c.case_id == case_id)
                    .order_by(case_timeline.c.at, case_timeline.c.version)
                )
            ]
        return found

    def run(self, as_of: date) -> dict[str, Any] | None:
        self._fresh()
        with self.engine.connect() as conn:
            row = conn.execute(
                select(collections_runs).where(collections_runs.c.as_of == as_of)
            ).first()
        return _plain(row) if row else None
