"""Bank statement imports in PostgreSQL: the import and its lines, each line's outcome
written as soon as its payment is recorded (a confirmation that stops half-way resumes).

A line's label is the bank's free text (often the payer's name): the one piece of personal
data an import keeps. It is blanked when its client is erased (`StatementLabelEraser`, on
the customer feed) and, for every line, once the import is older than the retention
(`expire_labels`): the payments posted keep the bank reference, never the label."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, func, insert, or_, select, update

from mtf.collections.adapters.postgres.tables import payments, statement_imports, statement_lines
from mtf.customer.published import CUSTOMER, ClientErasedV1
from mtf.kernel.logging import get_logger

log = get_logger("mtf.collections.statements")


class SqlStatementImports:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, record: dict[str, Any], lines: list[dict[str, Any]]) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(statement_imports).values(**record))
            for start in range(0, len(lines), 1000):
                conn.execute(
                    insert(statement_lines),
                    [{"import_id": record["id"], **one} for one in lines[start : start + 1000]],
                )

    def get(self, import_id: UUID) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(statement_imports).where(statement_imports.c.id == import_id)
            ).first()
            if row is None:
                return None
            found = dict(row._mapping)
            found["lines"] = [
                dict(r._mapping)
                for r in conn.execute(
                    select(statement_lines)
                    .where(statement_lines.c.import_id == import_id)
                    .order_by(statement_lines.c.line)
                )
            ]
            done = conn.execute(
                select(func.count()).where(
                    statement_lines.c.import_id == import_id, statement_lines.c.outcome.is_not(None)
                )
            ).scalar_one()
        found["lines_done"] = int(done)
        return found

    def start_confirm(
        self, import_id: UUID, assignments: dict[int, tuple[UUID, list[UUID]]], actor: str
    ) -> None:
        """The operator's assignments and status `posting`, at once (one transaction)."""
        with self.engine.begin() as conn:
            for line, (client_id, invoice_ids) in assignments.items():
                conn.execute(
                    update(statement_lines)
                    .where(statement_lines.c.import_id == import_id, statement_lines.c.line == line)
                    .values(client_id=client_id, invoice_ids=invoice_ids, assigned=True)
                )
            conn.execute(
                update(statement_imports)
                .where(statement_imports.c.id == import_id, statement_imports.c.status == "preview")
                .values(status="posting", confirmed_by=actor)
            )

    def line_done(self, import_id: UUID, line: int, outcome: str, payment_id: UUID | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(statement_lines)
                .where(statement_lines.c.import_id == import_id, statement_lines.c.line == line)
                .values(outcome=outcome, payment_id=payment_id)
            )

    def finish(
        self, import_id: UUID, posted: int, skipped: int, amount: Decimal, at: datetime
    ) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(statement_imports)
                .where(statement_imports.c.id == import_id)
                .values(
                    status="posted",
                    posted=posted,
                    skipped=skipped,
                    posted_amount=amount,
                    confirmed_at=at,
                )
            )

    def bank_transfers_posted(self, references: list[str]) -> set[str]:
        """Which of these references a posted bank transfer already carries (typed by hand,
        or imported before)."""
        found: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(references), 1000):
                found.update(
                    conn.execute(
                        select(payments.c.reference).where(
                            payments.c.reference.in_(references[start : start + 1000]),
                            payments.c.method == "bank_transfer",
                            payments.c.status == "posted",
                        )
                    ).scalars()
                )
        return found

    def expire_labels(self, uploaded_before: datetime) -> int:
        """Blank the labels of every import uploaded before this instant; how many lines."""
        with self.engine.begin() as conn:
            done = conn.execute(
                update(statement_lines)
                .where(
                    statement_lines.c.label != "",
                    statement_lines.c.import_id.in_(
                        select(statement_imports.c.id).where(
                            statement_imports.c.created_at < uploaded_before
                        )
                    ),
                )
                .values(label="")
            ).rowcount
        if done:
            log.info("statement_labels_expired", lines=done)
        return int(done)


class StatementLabelEraser:
    """Follows the customer feed: when a client is erased, the labels of the statement lines
    matched, assigned or proposed to that client are blanked (in the transaction that moves
    the follower's position: exactly once)."""

    def __call__(self, conn: Connection, event: dict[str, Any]) -> None:
        erased = CUSTOMER.decode(event)
        if not isinstance(erased, ClientErasedV1):
            return
        done = conn.execute(
            update(statement_lines)
            .where(
                statement_lines.c.label != "",
                or_(
                    statement_lines.c.client_id == erased.client_id,
                    statement_lines.c.candidates.any(erased.client_id),
                ),
            )
            .values(label="")
        ).rowcount
        log.info("statement_labels_erased", client_id=str(erased.client_id), lines=done)
