"""What billing publishes (its feed, the partners' webhooks): invoices and credit notes as
issued, bill runs as completed. Versioned types mapped explicitly from the Invoice,
CreditNote and BillRun domain events; see `mtf.kernel.published`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec

from mtf.billing.domain.invoice_status import STATUSES, amount_due, invoice_status
from mtf.kernel.published import EventType, Payload, PublishedLanguage

# what an invoice's `status` and `amount_due` mean, for the services that show them from the
# published figures (collections): billing's own rules, never recomputed another way
__all__ = ["BILLING", "STATUSES", "amount_due", "invoice_status"]


class InvoiceLineV1(msgspec.Struct, kw_only=True):
    """Days of one contract on the invoice, prorated from its monthly fee (excl. VAT)."""

    contract_id: UUID
    subscriber_id: UUID | None = None
    description: str = ""
    start_date: date
    end_date: date
    days: int
    monthly_fee: Decimal
    amount: Decimal


class InvoiceIssuedV1(Payload):
    invoice_id: UUID
    number: str
    client_id: UUID
    period: str
    issue_date: date
    due_date: date
    currency: str
    vat_rate: Decimal
    subtotal: Decimal
    vat: Decimal
    total: Decimal
    bill_run_id: UUID
    lines: list[InvoiceLineV1]


class CreditNoteLineV1(msgspec.Struct, kw_only=True):
    """Days of one contract taken back (a backdated end over billed days)."""

    contract_id: UUID
    start_date: date
    end_date: date
    days: int
    monthly_fee: Decimal
    amount: Decimal


class CreditNoteIssuedV1(Payload):
    """`total` (= `amount`, incl. VAT) is taken off the invoice's amount due; `refundable`
    is the part of it the client had already paid (it becomes the client's credit)."""

    credit_note_id: UUID
    number: str
    invoice_id: UUID
    client_id: UUID
    issue_date: date
    reason: str
    amount: Decimal
    subtotal: Decimal | None
    vat: Decimal | None
    total: Decimal
    refundable: Decimal | None
    lines: list[CreditNoteLineV1]


class BillRunCompletedV1(Payload):
    bill_run_id: UUID
    period: str
    contracts: int
    clients: int
    invoices_issued: int
    amount_billed: Decimal
    errors: int


def _invoice(e: Any) -> InvoiceIssuedV1:
    return InvoiceIssuedV1(
        invoice_id=e.originator_id,
        number=e.number,
        client_id=e.client_id,
        period=e.period,
        issue_date=e.issue_date,
        due_date=e.due_date,
        currency=e.currency,
        vat_rate=e.vat_rate,
        subtotal=e.subtotal,
        vat=e.vat,
        total=e.total,
        bill_run_id=e.bill_run_id,
        lines=msgspec.convert(e.lines, list[InvoiceLineV1], strict=False),
    )


def _credit_note(e: Any) -> CreditNoteIssuedV1:
    return CreditNoteIssuedV1(
        credit_note_id=e.originator_id,
        number=e.number,
        invoice_id=e.invoice_id,
        client_id=e.client_id,
        issue_date=e.issue_date,
        reason=e.reason,
        amount=e.amount,
        subtotal=getattr(e, "subtotal", None),
        vat=getattr(e, "vat", None),
        total=getattr(e, "total", None) or e.amount,
        refundable=getattr(e, "refundable", None),
        lines=msgspec.convert(
            getattr(e, "lines", None) or [], list[CreditNoteLineV1], strict=False
        ),
    )


def _run_completed(e: Any) -> BillRunCompletedV1:
    s = e.summary
    return BillRunCompletedV1(
        bill_run_id=e.originator_id,
        period=getattr(e, "period", ""),
        contracts=int(s.get("contracts", 0)),
        clients=int(s.get("clients", 0)),
        invoices_issued=int(s.get("invoices_issued", 0)),
        amount_billed=Decimal(str(s.get("amount_billed", "0.00"))),
        errors=int(s.get("errors", 0)),
    )


BILLING = PublishedLanguage(
    "billing",
    [
        EventType(
            "invoice.issued",
            1,
            "invoice",
            "Issued",
            InvoiceIssuedV1,
            _invoice,
            "An invoice was issued (numbered, final: it never changes).",
        ),
        EventType(
            "credit_note.issued",
            1,
            "credit-note",
            "Issued",
            CreditNoteIssuedV1,
            _credit_note,
            "A credit note was issued against an invoice.",
        ),
        EventType(
            "bill_run.completed",
            1,
            "bill-run",
            "Completed",
            BillRunCompletedV1,
            _run_completed,
            "A bill run (or a supplementary pass) completed.",
        ),
    ],
    internal={
        (
            "bill-run",
            "Started",
        ): "a run's start; its progress is read from GET /api/v1/bill-runs/{id}",
        ("bill-run", "Planned"): "a run's plan (how many contracts and clients)",
        (
            "numbering",
            "Opened",
        ): "a number series opened for a year (internal to gapless numbering)",
        ("numbering", "Assigned"): "numbers taken from a series (the invoices carry them)",
    },
)
