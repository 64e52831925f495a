"""Billing's feed followers: the billable view from the contracts' published events, the
settlements (what is paid on each invoice) from collections'."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select
from sqlalchemy.dialects.postgresql import insert

from mtf.billing.adapters.postgres import analytics
from mtf.billing.adapters.postgres.tables import (
    billable_contracts,
    credit_backs,
    credit_notes,
    invoices,
)
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
    ContractImportedV1,
    ContractResumedV1,
    ContractSupersededV1,
    ContractSuspendedV1,
    ContractTerminatedV1,
)
from mtf.kernel.clock import DEFAULT_TIMEZONE

SETTLEMENTS_FOLLOWER = "billing.settlements<-collections"


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
    if isinstance(e, ContractImportedV1):
        # taken over from another system: the days before the cut-over were billed there
        # (recorded before the contract is activated, so no run sees the historical start)
        conn.execute(
            billable_contracts.update()
            .where(billable_contracts.c.contract_id == e.contract_id)
            .where(billable_contracts.c.start_date < e.billing_from)
            .values(start_date=e.billing_from)
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
    before = analytics.contract_before(conn, contract_id)
    analytics.contract_changed(
        conn,
        contract_id,
        before,
        values["status"],
        e.effective_date,
        activated=isinstance(e, ContractActivatedV1),
    )
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


def _business_day(event: dict[str, Any], timezone: str) -> date | None:
    try:
        return datetime.fromisoformat(str(event["timestamp"])).astimezone(ZoneInfo(timezone)).date()
    except (KeyError, ValueError):
        return None


def apply_collections_event(
    conn: Connection, event: dict[str, Any], timezone: str = DEFAULT_TIMEZONE
) -> None:
    """Settlements from collections' published events: what has been paid on each invoice
    (and, for the analytics, on which day: the payment's receipt date, the issue date of the
    invoice a credit paid or of the credit note that took money back, the reversal's day)."""
    e = COLLECTIONS.decode(event)
    on: date | None = None
    if isinstance(e, PaymentPostedV1):
        changes = [(a.invoice_id, a.amount) for a in e.allocations]
        on = e.received_on
    elif isinstance(e, PaymentCreditAppliedV1):
        changes = [(e.invoice_id, e.amount)]  # on the invoice's issue date
    elif isinstance(e, PaymentCreditReturnedV1):  # a credit note took back paid money
        changes = [(e.invoice_id, -e.amount)]
        if e.credit_note_id is not None:
            on = conn.execute(
                select(credit_notes.c.issue_date).where(credit_notes.c.id == e.credit_note_id)
            ).scalar_one_or_none()
        on = on or _business_day(event, timezone)
    elif isinstance(e, PaymentReversedV1):
        changes = [(a.invoice_id, -a.amount) for a in e.undone]
        on = _business_day(event, timezone)
    else:
        return
    net: dict[UUID, Decimal] = {}  # per invoice: a reversal's refund rows net out
    for invoice_id, amount in changes:
        net[invoice_id] = net.get(invoice_id, Decimal("0.00")) + amount
    for invoice_id, amount in sorted(net.items()):
        row = conn.execute(
            invoices.update()
            .where(invoices.c.id == invoice_id)
            .values(paid=invoices.c.paid + amount)
            .returning(invoices.c.period, invoices.c.due_date, invoices.c.issue_date)
        ).first()
        if row is not None:
            analytics.settled(
                conn,
                period=row.period,
                due_date=row.due_date,
                on_date=on or row.issue_date,
                amount=amount,
            )
