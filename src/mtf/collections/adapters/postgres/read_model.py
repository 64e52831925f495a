"""Collections read models (receivables, payments, allocations, cases and their timeline,
runs) and the follower of billing's feed (invoices and credit notes)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from sqlalchemy import Connection, func, literal, select, text
from sqlalchemy.dialects.postgresql import insert

from mtf.billing.published import BILLING, CreditNoteIssuedV1, InvoiceIssuedV1
from mtf.collections.adapters.postgres.tables import (
    allocations,
    case_timeline,
    cases,
    collections_runs,
    credit_notes,
    metadata,
    payments,
    receivables,
)
from mtf.collections.domain.case import CollectionCase, CollectionsRun
from mtf.collections.domain.payment import Payment
from mtf.kernel.sql import insert_many

__all__ = ["CollectionsProjection", "apply_billing_event", "metadata"]

PaymentEvent: Any = Payment
CaseEvent: Any = CollectionCase
RunEvent: Any = CollectionsRun

TIMELINE_KINDS = {
    "reminder": "reminder_sent",
    "second_reminder": "second_reminder_sent",
    "suspend_lines": "lines_suspended",
    "propose_termination": "termination_proposed",
}


_CASE_TYPES = {"id": "uuid", "client_id": "uuid", "opened_at": "timestamptz", "opened_on": "date"}
_TIMELINE_TYPES = {
    "case_id": "uuid",
    "version": "int4",
    "at": "timestamptz",
    "kind": "text",
    "detail": "text",
    "actor": "text",
}


class CollectionsProjection:
    name = "collections.views"
    tables: tuple[str, ...] = (
        "allocations",
        "payments",
        "case_timeline",
        "cases",
        "collections_runs",
    )

    def apply(self, conn: Connection, event: DomainEventProtocol[UUID]) -> None:
        self._apply(conn, event)

    def reset(self, conn: Connection) -> None:
        """Before a replay: what payments added to the receivables (followed from billing)."""
        conn.execute(receivables.update().where(receivables.c.paid != 0).values(paid=0))

    def apply_many(self, conn: Connection, events: list[Any]) -> None:
        """Opened cases and plain steps (what a daily run records by the thousand) are written
        set-based; anything else in order, one by one."""
        new_cases: list[dict[str, Any]] = []
        timeline: list[dict[str, Any]] = []
        # a case's stage only moves forward within one batch of steps: its last one counts
        stage_of: dict[UUID, str] = {}

        def flush() -> None:
            # a binary COPY per table (kernel.sql.insert_many), not a statement per row
            insert_many(
                conn,
                "cases",
                _CASE_TYPES,
                new_cases,
                conflict="(id)",
                constants={
                    "status": "'open'",
                    "stage": "'opened'",
                    "suspended_contract_ids": "'{}'::uuid[]",
                },
            )
            stages: dict[str, list[UUID]] = {}
            for case_id, stage in stage_of.items():
                stages.setdefault(stage, []).append(case_id)
            for stage, ids in stages.items():
                conn.execute(
                    text("UPDATE cases SET stage = :stage WHERE id = ANY(CAST(:ids AS uuid[]))"),
                    {"stage": stage, "ids": ids},
                )
            insert_many(conn, "case_timeline", _TIMELINE_TYPES, timeline)
            new_cases.clear()
            timeline.clear()
            stage_of.clear()

        from mtf.collections.domain.case import STAGE_AFTER

        for e in events:
            if isinstance(e, CaseEvent.Opened):
                new_cases.append(
                    {
                        "id": e.originator_id,
                        "client_id": e.client_id,
                        "opened_at": e.timestamp,
                        "opened_on": e.opened_on,
                    }
                )
                timeline.append(self._entry(e, "opened", f"{e.days_past_due} days past due"))
            elif isinstance(e, CaseEvent.StepTaken) and not e.contract_ids:
                stage_of.pop(e.originator_id, None)  # insertion order: the latest last
                stage_of[e.originator_id] = STAGE_AFTER[e.action]
                timeline.append(self._entry(e, TIMELINE_KINDS[e.action], e.detail))
            else:
                flush()
                self._apply(conn, e)
        flush()

    @staticmethod
    def _entry(e: Any, kind: str, detail: str) -> dict[str, Any]:
        return {
            "case_id": e.originator_id,
            "version": e.originator_version,
            "at": e.timestamp,
            "kind": kind,
            "detail": detail,
            "actor": e.actor,
        }

    def _add_allocations(
        self,
        conn: Connection,
        payment_id: UUID,
        client_id: UUID,
        rows: list[dict[str, Any]],
        start: int,
        kind: str,
        at: Any,
    ) -> None:
        values = [
            {
                "payment_id": payment_id,
                "position": start + i,
                "invoice_id": UUID(a["invoice_id"]),
                "client_id": client_id,
                "number": a["number"],
                "amount": Decimal(a["amount"]),
                "kind": kind,
                "created_at": at,
            }
            for i, a in enumerate(rows)
        ]
        if values:
            conn.execute(insert(allocations).on_conflict_do_nothing(), values)
            for a in values:
                conn.execute(
                    receivables.update()
                    .where(receivables.c.invoice_id == a["invoice_id"])
                    .values(paid=receivables.c.paid + a["amount"])
                )

    def _timeline(self, conn: Connection, e: Any, kind: str, detail: str) -> None:
        conn.execute(
            insert(case_timeline)
            .values(
                case_id=e.originator_id,
                version=e.originator_version,
                at=e.timestamp,
                kind=kind,
                detail=detail,
                actor=e.actor,
            )
            .on_conflict_do_nothing()
        )

    def _apply(self, conn: Connection, e: Any) -> None:
        if isinstance(e, PaymentEvent.Posted):
            conn.execute(
                insert(payments)
                .values(
                    id=e.originator_id,
                    client_id=e.client_id,
                    amount=e.amount,
                    method=e.method,
                    reference=e.reference,
                    received_on=e.received_on,
                    status="posted",
                    credit=e.credit,
                    credit_left=e.credit,
                    created_at=e.timestamp,
                )
                .on_conflict_do_nothing(index_elements=[payments.c.id])
            )
            self._add_allocations(
                conn, e.originator_id, e.client_id, e.allocations, 0, "payment", e.timestamp
            )
        elif isinstance(e, PaymentEvent.CreditApplied):
            client_id, start = conn.execute(
                payments.select()
                .with_only_columns(payments.c.client_id, func.count(allocations.c.position))
                .select_from(
                    payments.outerjoin(allocations, allocations.c.payment_id == payments.c.id)
                )
                .where(payments.c.id == e.originator_id)
                .group_by(payments.c.client_id)
            ).one()
            row = {"invoice_id": str(e.invoice_id), "number": e.number, "amount": str(e.amount)}
            self._add_allocations(
                conn, e.originator_id, client_id, [row], int(start), "credit", e.timestamp
            )
            conn.execute(
                payments.update()
                .where(payments.c.id == e.originator_id)
                .values(credit_left=payments.c.credit_left - e.amount)
            )
        elif isinstance(e, PaymentEvent.CreditReturned):
            start = conn.execute(
                select(func.count()).where(allocations.c.payment_id == e.originator_id)
            ).scalar_one()
            client_id = conn.execute(
                select(payments.c.client_id).where(payments.c.id == e.originator_id)
            ).scalar_one()
            row = {"invoice_id": str(e.invoice_id), "number": e.number, "amount": str(-e.amount)}
            self._add_allocations(
                conn, e.originator_id, client_id, [row], int(start), "refund", e.timestamp
            )
            conn.execute(
                payments.update()
                .where(payments.c.id == e.originator_id)
                .values(credit_left=payments.c.credit_left + e.amount)
            )
        elif isinstance(e, PaymentEvent.Reversed):
            net: dict[UUID, Decimal] = {}  # per invoice (a refund's negative row nets out)
            for a in e.undone:
                key = UUID(a["invoice_id"])
                net[key] = net.get(key, Decimal("0.00")) + Decimal(a["amount"])
            for invoice_id, amount in sorted(net.items()):
                conn.execute(
                    receivables.update()
                    .where(receivables.c.invoice_id == invoice_id)
                    .values(paid=receivables.c.paid - amount)
                )
            conn.execute(
                allocations.update()
                .where(allocations.c.payment_id == e.originator_id)
                .values(reversed=True)
            )
            conn.execute(
                payments.update()
                .where(payments.c.id == e.originator_id)
                .values(
                    status="reversed",
                    credit_left=0,
                    reversed_at=e.timestamp,
                    reversal_reason=e.reason,
                )
            )
        elif isinstance(e, CaseEvent.Opened):
            conn.execute(
                insert(cases)
                .values(
                    id=e.originator_id,
                    client_id=e.client_id,
                    status="open",
                    stage="opened",
                    suspended_contract_ids=[],
                    opened_at=e.timestamp,
                    opened_on=e.opened_on,
                )
                .on_conflict_do_nothing(index_elements=[cases.c.id])
            )
            self._timeline(conn, e, "opened", f"{e.days_past_due} days past due")
        elif isinstance(e, CaseEvent.StepTaken):
            from mtf.collections.domain.case import STAGE_AFTER

            values: dict[str, Any] = {"stage": STAGE_AFTER[e.action]}
            if e.contract_ids:
                values["suspended_contract_ids"] = func.array_cat(
                    cases.c.suspended_contract_ids,
                    literal(
                        [UUID(c) for c in e.contract_ids], type_=cases.c.suspended_contract_ids.type
                    ),
                )
            conn.execute(cases.update().where(cases.c.id == e.originator_id).values(**values))
            self._timeline(conn, e, TIMELINE_KINDS[e.action], e.detail)
        elif isinstance(e, CaseEvent.NoteAdded):
            self._timeline(conn, e, "note", e.note)
        elif isinstance(e, CaseEvent.PromisedToPay):
            conn.execute(
                cases.update()
                .where(cases.c.id == e.originator_id)
                .values(promise_to_pay_until=e.until)
            )
            self._timeline(conn, e, "promise_to_pay", f"until {e.until.isoformat()}")
        elif isinstance(e, CaseEvent.Closed):
            conn.execute(
                cases.update()
                .where(cases.c.id == e.originator_id)
                .values(status="closed", closed_at=e.timestamp)
            )
            if e.resumed_contract_ids:
                self._timeline(
                    conn, e, "lines_resumed", f"{len(e.resumed_contract_ids)} line(s) resumed"
                )
            conn.execute(
                insert(case_timeline)
                .values(
                    case_id=e.originator_id,
                    version=e.originator_version * 1000,
                    at=e.timestamp,
                    kind="closed",
                    detail=e.reason,
                    actor=e.actor,
                )
                .on_conflict_do_nothing()
            )
        elif isinstance(e, RunEvent.Ran):
            conn.execute(
                insert(collections_runs)
                .values(
                    id=e.originator_id,
                    as_of=e.as_of,
                    figures=e.figures,
                    passes=1,
                    created_at=e.timestamp,
                    updated_at=e.timestamp,
                )
                .on_conflict_do_nothing(index_elements=[collections_runs.c.id])
            )
        elif isinstance(e, RunEvent.PassRan):
            day: dict[str, Any] = conn.execute(
                collections_runs.select()
                .with_only_columns(collections_runs.c.figures)
                .where(collections_runs.c.id == e.originator_id)
            ).scalar_one()
            totals = {k: int(day.get(k, 0)) + int(v) for k, v in e.figures.items()}
            conn.execute(
                collections_runs.update()
                .where(collections_runs.c.id == e.originator_id)
                .values(
                    figures=totals,
                    passes=collections_runs.c.passes + 1,
                    updated_at=e.timestamp,
                )
            )


def apply_billing_event(conn: Connection, event: dict[str, Any]) -> None:
    """What each client owes, from billing's published events: invoices, credit notes."""
    e = BILLING.decode(event)
    if isinstance(e, InvoiceIssuedV1):
        conn.execute(
            insert(receivables)
            .values(
                invoice_id=e.invoice_id,
                client_id=e.client_id,
                number=e.number,
                issue_date=e.issue_date,
                due_date=e.due_date,
                total=e.total,
                contract_ids=sorted({line.contract_id for line in e.lines}),
            )
            .on_conflict_do_nothing(index_elements=[receivables.c.invoice_id])
        )
    elif isinstance(e, CreditNoteIssuedV1):
        # what it credits incl. VAT. The part of it already paid (`refundable`, informative)
        # is worked out from collections' own ledger when the client's credit is updated
        # (Payments.return_credited_payments): exact whatever the lag between the services.
        inserted = conn.execute(
            insert(credit_notes)
            .values(
                credit_note_id=e.credit_note_id,
                invoice_id=e.invoice_id,
                client_id=e.client_id,
                number=e.number[:20],
                amount=e.total,
                refundable=e.refundable,
            )
            .on_conflict_do_nothing(index_elements=[credit_notes.c.credit_note_id])
        ).rowcount
        if inserted:
            conn.execute(
                receivables.update()
                .where(receivables.c.invoice_id == e.invoice_id)
                .values(credited=receivables.c.credited + e.total)
            )
