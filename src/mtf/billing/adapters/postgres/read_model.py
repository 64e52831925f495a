"""Billing read models: invoices (with lines, credit notes, last billed day per contract),
bill runs; and the billable view followed from the contracts feed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from sqlalchemy import ColumnElement, Connection, Engine, and_, func, not_, select, text, true
from sqlalchemy.dialects.postgresql import insert

from mtf.billing.adapters.postgres.tables import (
    bill_runs,
    billable_contracts,
    credit_backs,
    credit_note_lines,
    credit_notes,
    invoice_documents,
    invoice_ledger,
    invoice_lines,
    invoices,
    metadata,
)
from mtf.billing.domain.invoice import BillRun, CreditNote, Invoice
from mtf.billing.domain.invoice_status import ORDERED_RULES, amount_due, invoice_status
from mtf.collections.published import (
    COLLECTIONS,
    PaymentCreditAppliedV1,
    PaymentCreditReturnedV1,
    PaymentPostedV1,
    PaymentReversedV1,
)
from mtf.contracts.published import (
    CONTRACTS,
    ContractActivatedV1,
    ContractCancelledV1,
    ContractCreatedV1,
    ContractResumedV1,
    ContractSupersededV1,
    ContractSuspendedV1,
    ContractTerminatedV1,
)
from mtf.kernel.pagination import PageRequest
from mtf.kernel.sql import fetch_page

__all__ = [
    "BillingProjection",
    "SqlBillingViews",
    "apply_collections_event",
    "apply_contract_event",
    "metadata",
]

InvoiceEvent: Any = Invoice
CreditNoteEvent: Any = CreditNote
BillRunEvent: Any = BillRun


SETTLEMENTS_FOLLOWER = "billing.settlements<-collections"


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
    "position": "int",
    "contract_id": "uuid",
    "subscriber_id": "uuid",
    "description": "text",
    "start_date": "date",
    "end_date": "date",
    "days": "int",
    "monthly_fee": "numeric",
    "amount": "numeric",
}


def _unnest_insert(table: str, types: dict[str, str], conflict: str) -> Any:
    columns = ", ".join(types)
    arrays = ", ".join(f"CAST(:{c} AS {t}[])" for c, t in types.items())
    return text(
        f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}) "  # fixed names only
        f"ON CONFLICT {conflict} DO NOTHING"
    )


def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {column: [row[column] for row in rows] for column in rows[0]}


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
    )
    # filled in from collections' feed, not from billing's events (`mtf rebuild --check`
    # leaves them out of its comparison; `mtf rebuild` follows that feed again)
    feed_columns: dict[str, tuple[str, ...]] = {"invoices": ("paid",)}

    def reset(self, conn: Connection) -> None:
        """Before a replay: what is paid on each invoice comes from collections' feed, so
        that feed is followed again from its start onto the replayed invoices."""
        conn.execute(
            text("UPDATE feed_tracking SET position = 0 WHERE follower = :f"),
            {"f": SETTLEMENTS_FOLLOWER},
        )

    def apply(self, conn: Connection, event: DomainEventProtocol[UUID]) -> None:
        self.apply_many(conn, [event])

    def apply_many(self, conn: Connection, events: list[Any]) -> None:
        invoice_rows: list[dict[str, Any]] = []
        line_rows: list[dict[str, Any]] = []
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
                for position, line in enumerate(e.lines):
                    line_rows.append(
                        {
                            "invoice_id": e.originator_id,
                            "position": position,
                            "contract_id": UUID(line["contract_id"]),
                            "subscriber_id": UUID(line["subscriber_id"]),
                            "description": line["description"],
                            "start_date": date.fromisoformat(line["start_date"]),
                            "end_date": date.fromisoformat(line["end_date"]),
                            "days": line["days"],
                            "monthly_fee": Decimal(line["monthly_fee"]),
                            "amount": Decimal(line["amount"]),
                        }
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
        line_rows: list[dict[str, Any]],
    ) -> None:
        # one statement of parallel arrays per table: SQLAlchemy's executemany compiles every
        # row's parameters in Python, the largest cost of projecting a bill run
        if invoice_rows:
            conn.execute(_unnest_insert("invoices", _INVOICE_TYPES, "(id)"), _columns(invoice_rows))
        if line_rows:
            conn.execute(_unnest_insert("invoice_lines", _LINE_TYPES, ""), _columns(line_rows))

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


def apply_contract_event(conn: Connection, event: dict[str, Any]) -> None:
    """Billing's own view of what is billable, from the contracts' published events."""
    e = CONTRACTS.decode(event)
    if isinstance(e, ContractCreatedV1):
        conn.execute(
            insert(billable_contracts)
            .values(
                contract_id=e.contract_id,
                client_id=e.client_id,
                subscriber_id=e.subscriber_id,
                offer_id=e.offer_id,
                offer_version=e.offer_version,
                offer_code=e.offer_code,
                offer_name=e.offer_name,
                service=e.service,
                monthly_fee=e.monthly_fee,
                start_date=e.start_date,
                status="pending",
            )
            .on_conflict_do_nothing(index_elements=[billable_contracts.c.contract_id])
        )
        return
    values: dict[str, Any]
    if isinstance(e, ContractActivatedV1 | ContractResumedV1):
        values = {"status": "active"}
    elif isinstance(e, ContractSuspendedV1):
        values = {"status": "suspended"}
    elif isinstance(e, ContractCancelledV1):
        # a pending contract that never starts: it covers no day (ends before its start)
        values = {"status": "cancelled", "end_date": e.effective_date - timedelta(days=1)}
    elif isinstance(e, ContractTerminatedV1):
        values = {"status": "terminated", "end_date": e.effective_date}
    elif isinstance(e, ContractSupersededV1):
        values = {"status": "superseded", "end_date": e.effective_date}
    else:
        return
    contract_id = e.contract_id
    if values:
        conn.execute(
            billable_contracts.update()
            .where(billable_contracts.c.contract_id == contract_id)
            .values(**values)
        )
    if "end_date" in values:
        # to compare with the billed days (after this, no run can bill past the end: the
        # ledger refuses it); days billed after it are credited by the worker
        conn.execute(
            insert(credit_backs)
            .values(
                contract_id=contract_id,
                end_date=values["end_date"],
                kind=values["status"],
                status="pending",
            )
            .on_conflict_do_nothing()
        )


INVOICE_SORTS = ("issue_date", "number", "total", "period", "due_date")


class SqlBillingViews:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

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
        with self.engine.connect() as conn:
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
            ids = [r.id for r in rows]
            lines = self._lines(conn, ids)
            notes = self._notes(conn, ids)
        return [self._invoice(r, lines, notes, today) for r in rows], total

    def invoice(self, invoice_id: UUID, today: date) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
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
                row, self._lines(conn, [invoice_id]), self._notes(conn, [invoice_id]), today
            )

    @staticmethod
    def _lines(conn: Connection, ids: list[UUID]) -> dict[UUID, list[dict[str, Any]]]:
        found: dict[UUID, list[dict[str, Any]]] = {i: [] for i in ids}
        if ids:
            for r in conn.execute(
                select(invoice_lines)
                .where(invoice_lines.c.invoice_id.in_(ids))
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
                .where(credit_notes.c.invoice_id.in_(ids))
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
    """`status_condition` over any table holding the four figures (collections' too)."""
    facts: dict[str, ColumnElement[bool]] = {
        "credited_in_full": credited >= total,
        "settled": credited + paid >= total,
        "past_due": due_date < today,
        "paid_some": paid > 0,
    }
    conditions: list[ColumnElement[bool]] = []
    for name, fact in ORDERED_RULES:
        if name == status:
            return and_(true(), *conditions, *([facts[fact]] if fact else []))
        if fact is not None:
            conditions.append(not_(facts[fact]))
    raise ValueError(f"unknown invoice status {status!r}")


def apply_collections_event(conn: Connection, event: dict[str, Any]) -> None:
    """Settlements from collections' published events: what has been paid on each invoice."""
    e = COLLECTIONS.decode(event)
    if isinstance(e, PaymentPostedV1):
        changes = [(a.invoice_id, a.amount) for a in e.allocations]
    elif isinstance(e, PaymentCreditAppliedV1):
        changes = [(e.invoice_id, e.amount)]
    elif isinstance(e, PaymentCreditReturnedV1):  # a credit note took back paid money
        changes = [(e.invoice_id, -e.amount)]
    elif isinstance(e, PaymentReversedV1):
        changes = [(a.invoice_id, -a.amount) for a in e.undone]
    else:
        return
    net: dict[UUID, Decimal] = {}  # per invoice: a reversal's refund rows net out
    for invoice_id, amount in changes:
        net[invoice_id] = net.get(invoice_id, Decimal("0.00")) + amount
    for invoice_id, amount in sorted(net.items()):
        conn.execute(
            invoices.update()
            .where(invoices.c.id == invoice_id)
            .values(paid=invoices.c.paid + amount)
        )
