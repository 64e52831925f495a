"""Bill run work in PostgreSQL: plan the run's clients, claim them in batches
(`FOR UPDATE SKIP LOCKED`, so any number of workers share a run), read what each
client has not been billed yet (from the billed-days ledger, moved with the invoices),
record each client's result. And the contract ends to compare with the billed days."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, text

from mtf.billing.adapters.postgres.journal import head_of
from mtf.billing.application.credit_notes import EndToCredit
from mtf.billing.application.ports import ClientResult

_UNBILLED = """
    FROM billable_contracts b
    LEFT JOIN contract_billing cb ON cb.contract_id = b.contract_id
    WHERE b.status <> 'pending'
      AND b.start_date <= :up_to
      AND (b.end_date IS NULL OR b.end_date >= b.start_date)
      AND (cb.last_billed IS NULL OR cb.last_billed < LEAST(COALESCE(b.end_date, :up_to), :up_to))
"""
# a run (first or supplementary pass) invoices only clients with no invoice for its period
_NOT_INVOICED = """
      AND NOT EXISTS (SELECT 1 FROM invoice_ledger l WHERE l.client_id = b.client_id AND l.period = :period)
"""


class Claim:
    def __init__(self, conn: Connection, clients: list[UUID]) -> None:
        self.conn = conn
        self.clients = clients

    def unbilled(self, up_to: date) -> list[Any]:
        return list(
            self.conn.execute(
                text(
                    # the ids as text: the invoice lines carry them so (no UUID objects made
                    # and turned back into strings, per line)
                    "SELECT b.contract_id::text AS contract_id, b.client_id, "
                    "b.subscriber_id::text AS subscriber_id, b.offer_code, b.offer_name, "
                    "b.monthly_fee, b.start_date, b.end_date, cb.last_billed "
                    + _UNBILLED
                    + " AND b.client_id = ANY(:clients) ORDER BY b.client_id, b.start_date, b.contract_id"
                ),
                {"up_to": up_to, "clients": self.clients},
            ).all()
        )


_CLAIM = text(
    "SELECT client_id FROM bill_run_items WHERE run_id = :run AND status = 'pending' "
    "ORDER BY client_id LIMIT :n FOR UPDATE SKIP LOCKED"
)
_CLAIM_AFTER = text(
    "SELECT client_id FROM bill_run_items WHERE run_id = :run AND status = 'pending' "
    "AND client_id > :after ORDER BY client_id LIMIT :n FOR UPDATE SKIP LOCKED"
)


class SqlBillRunWork:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # run -> the last client this process claimed (where its next claim starts)
        self._claimed_up_to: dict[UUID, UUID | None] = {}

    def plan(self, run_id: UUID, up_to: date, period: str) -> tuple[int, int]:
        """Record every client with something unbilled up to the period's end and no invoice
        for the period yet (idempotent)."""
        with self.engine.begin() as conn:
            # one planner at a time: two workers inserting the same 800,000 clients at once
            # deadlocked on each other's rows (one worker died, at a million contracts);
            # the second finds the run planned (one statement, committed whole) and reads it
            conn.execute(
                text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                {"key": f"mtf-bill-run-plan-{run_id}"},
            )
            planned = conn.execute(
                text("SELECT EXISTS (SELECT 1 FROM bill_run_items WHERE run_id = :run)"),
                {"run": run_id},
            ).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO bill_run_items (run_id, client_id, status, contracts) "
                    "SELECT :run, b.client_id, 'pending', count(*) "
                    + _UNBILLED
                    + _NOT_INVOICED
                    + " AND NOT :planned GROUP BY b.client_id ON CONFLICT DO NOTHING"
                ),
                {"run": run_id, "up_to": up_to, "period": period, "planned": planned},
            )
            row = conn.execute(
                text(
                    "SELECT coalesce(sum(contracts), 0), count(*) FROM bill_run_items WHERE run_id = :run"
                ),
                {"run": run_id},
            ).one()
        return int(row[0]), int(row[1])

    def preview_rows(self, up_to: date, period: str) -> list[Any]:
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    text(
                        "SELECT b.contract_id, b.client_id, b.subscriber_id, b.offer_code, b.offer_name, "
                        "b.monthly_fee, b.start_date, b.end_date, cb.last_billed "
                        + _UNBILLED
                        + _NOT_INVOICED
                        + " ORDER BY b.client_id, b.start_date, b.contract_id"
                    ),
                    {"up_to": up_to, "period": period},
                ).all()
            )

    @contextmanager
    def claim(self, run_id: UUID, size: int) -> Iterator[Claim]:
        """The next pending clients in client order after the last ones this process
        claimed (the primary key's order: each claim reads about a batch or two of rows,
        where starting from the first client every time read every client done before it,
        quadratic in the run's size); from the first client again once nothing is left
        after them (clients another worker held, or released after a failure)."""
        after = self._claimed_up_to.get(run_id)
        with self.engine.begin() as conn:
            rows: Sequence[Any] = []
            if after is not None:
                rows = conn.execute(_CLAIM_AFTER, {"run": run_id, "n": size, "after": after}).all()
            if not rows:
                rows = conn.execute(_CLAIM, {"run": run_id, "n": size}).all()
            self._claimed_up_to[run_id] = rows[-1][0] if rows else None
            yield Claim(conn, [r[0] for r in rows])

    def record(self, conn: Connection, run_id: UUID, results: dict[UUID, ClientResult]) -> None:
        if not results:
            return
        clients = list(results)
        conn.execute(  # one statement for the batch, not one per client
            text(
                "UPDATE bill_run_items i SET status = v.status, invoice_id = v.invoice_id, "
                "amount = v.amount, error = v.error "
                "FROM unnest(CAST(:clients AS uuid[]), CAST(:statuses AS text[]), "
                "CAST(:invoices AS uuid[]), CAST(:amounts AS numeric[]), CAST(:errors AS text[])) "
                "AS v(client_id, status, invoice_id, amount, error) "
                "WHERE i.run_id = :run AND i.client_id = v.client_id"
            ),
            {
                "run": run_id,
                "clients": clients,
                "statuses": [results[c].status for c in clients],
                "invoices": [results[c].invoice_id for c in clients],
                "amounts": [results[c].amount for c in clients],
                "errors": [results[c].error for c in clients],
            },
        )

    def any_pending(self, run_id: UUID) -> bool:
        # asked after every batch: a count read every pending row each time (quadratic in
        # the run's size; minutes at a million contracts)
        with self.engine.connect() as conn:
            return bool(
                conn.execute(
                    text(
                        "SELECT EXISTS (SELECT 1 FROM bill_run_items "
                        "WHERE run_id = :run AND status = 'pending')"
                    ),
                    {"run": run_id},
                ).scalar_one()
            )

    def summary(self, run_id: UUID) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT coalesce(sum(contracts), 0) AS contracts, count(*) AS clients, count(invoice_id) AS invoices, "
                    "coalesce(sum(amount), 0) AS amount, count(*) FILTER (WHERE status = 'error') AS errors "
                    "FROM bill_run_items WHERE run_id = :run"
                ),
                {"run": run_id},
            ).one()
        return {
            "contracts": int(row.contracts),
            "clients": int(row.clients),
            "invoices_issued": int(row.invoices),
            "amount_billed": str(row.amount),
            "errors": int(row.errors),
        }

    def journal_head(self, series: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            return head_of(conn, series)

    def open_runs(self) -> list[UUID]:
        with self.engine.connect() as conn:
            return [
                r[0]
                for r in conn.execute(
                    text(
                        "SELECT id FROM bill_runs WHERE status IN ('planning', 'running') ORDER BY period"
                    )
                ).all()
            ]


class EndsClaim:
    """Contract ends held by this process (`FOR UPDATE SKIP LOCKED`) until the block ends."""

    def __init__(self, conn: Connection, ends: list[EndToCredit]) -> None:
        self.conn = conn
        self.ends = ends

    def last_billed(self, contract_id: UUID) -> date | None:
        value = self.conn.execute(
            text("SELECT last_billed FROM contract_billing WHERE contract_id = :c"),
            {"c": contract_id},
        ).scalar_one_or_none()
        return value if isinstance(value, date) else None

    def billed_lines(self, contract_id: UUID, after: date) -> dict[UUID, list[dict[str, Any]]]:
        found: dict[UUID, list[dict[str, Any]]] = {}
        for r in self.conn.execute(
            text(
                "SELECT invoice_id, start_date, end_date, days, monthly_fee, amount "
                "FROM invoice_lines WHERE contract_id = :c AND end_date > :after "
                "ORDER BY start_date"
            ),
            {"c": contract_id, "after": after},
        ):
            found.setdefault(r.invoice_id, []).append(
                {
                    "start_date": r.start_date.isoformat(),
                    "end_date": r.end_date.isoformat(),
                    "days": r.days,
                    "monthly_fee": str(r.monthly_fee),
                    "amount": str(r.amount),
                }
            )
        return found

    def done(self, end: EndToCredit, status: str) -> None:
        self.conn.execute(
            text("UPDATE credit_backs SET status = :s WHERE contract_id = :c AND end_date = :e"),
            {"s": status, "c": end.contract_id, "e": end.end_date},
        )


class SqlBackdatedEnds:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def claim(self, limit: int) -> Iterator[EndsClaim]:
        with self.engine.begin() as conn:
            rows = conn.execute(
                text(
                    "SELECT contract_id, end_date, kind FROM credit_backs WHERE status = 'pending' "
                    "ORDER BY end_date DESC, contract_id LIMIT :n FOR UPDATE SKIP LOCKED"
                ),
                {"n": limit},
            ).all()
            yield EndsClaim(conn, [EndToCredit(r.contract_id, r.end_date, r.kind) for r in rows])
