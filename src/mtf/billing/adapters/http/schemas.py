"""Request and response bodies of the billing API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal

import msgspec

from mtf.kernel.api_types import Amount, Period, Reason

InvoiceStatus = Literal["issued", "partially_paid", "paid", "credited", "overdue"]
RunStatus = Literal["planning", "running", "completed", "failed"]


class BillRunCreate(msgspec.Struct, forbid_unknown_fields=True):
    period: Period
    as_of: date | None = None
    dry_run: bool = False
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [
            {"period": "2026-11"},
            {"period": "2026-11", "as_of": "2026-12-01", "dry_run": True},
        ]
    }


class ErrorSample(msgspec.Struct):
    client_id: str
    message: str | None


class BillRunProgress(msgspec.Struct):
    contracts_total: int
    contracts_done: int
    clients_total: int
    clients_done: int
    invoices_issued: int
    amount_billed: str
    errors: int


class JournalHead(msgspec.Struct):
    """The tamper-evident journal's head of a series: keep it to check later that the series
    still ends there (GET /api/v1/audit/journal)."""

    series: str
    documents: int
    head: str | None
    head_number: str | None


class BillRunOut(msgspec.Struct):
    id: str | None
    period: str
    pass_number: int
    as_of: date
    issue_date: date
    dry_run: bool
    status: RunStatus
    progress: BillRunProgress
    error_samples: list[ErrorSample]
    created_at: datetime | None
    completed_at: datetime | None
    # the invoice series' chain head once the run completed (runs completed before the
    # journal existed, dry runs and runs in progress: null)
    journal: JournalHead | None = None


class BillRunPage(msgspec.Struct):
    items: list[BillRunOut]
    next_cursor: str | None
    total: int


class InvoiceLineOut(msgspec.Struct):
    contract_id: str
    subscriber_id: str
    description: str
    start_date: date
    end_date: date
    days: int
    monthly_fee: str
    amount: str


class CreditNoteOut(msgspec.Struct):
    id: str
    number: str
    invoice_id: str
    amount: str
    subtotal: str
    vat: str
    total: str
    refundable: str
    reason: str
    issue_date: date
    created_at: datetime


class InvoiceOut(msgspec.Struct):
    id: str
    number: str
    client_id: str
    period: str
    issue_date: date
    due_date: date
    status: InvoiceStatus
    currency: str
    subtotal: str
    vat: str
    total: str
    credited: str
    paid: str
    amount_due: str
    pdf_sha256: str | None
    bill_run_id: str | None
    lines: list[InvoiceLineOut]
    credit_notes: list[CreditNoteOut]


class InvoicePage(msgspec.Struct):
    items: list[InvoiceOut]
    next_cursor: str | None
    total: int


class CreditNoteCreate(msgspec.Struct, forbid_unknown_fields=True):
    reason: Reason
    amount: Amount | None = None
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [
            {"reason": "billing error on the plan"},
            {"reason": "goodwill gesture", "amount": "20.00"},
        ]
    }


def run_out(row: dict[str, Any]) -> BillRunOut:
    p = row["progress"]
    return BillRunOut(
        id=str(row["id"]),
        period=row["period"],
        pass_number=row["pass_number"],
        as_of=row["as_of"],
        issue_date=row["issue_date"],
        dry_run=False,
        status=row["status"],
        progress=BillRunProgress(
            contracts_total=max(p["contracts_total"], p["contracts_done"]),
            contracts_done=p["contracts_done"],
            clients_total=max(p["clients_total"], p["clients_done"]),
            clients_done=p["clients_done"],
            invoices_issued=p["invoices_issued"],
            amount_billed=f"{p['amount_billed']:.2f}",
            errors=p["errors"],
        ),
        error_samples=[ErrorSample(**s) for s in p["error_samples"]],
        created_at=row["created_at"],
        completed_at=row["completed_at"],
        journal=_journal_head((row.get("summary") or {}).get("journal")),
    )


def _journal_head(found: dict[str, Any] | None) -> JournalHead | None:
    if not found:
        return None
    return JournalHead(
        series=found["series"],
        documents=int(found["documents"]),
        head=found.get("head"),
        head_number=found.get("head_number"),
    )


def dry_run_out(report: dict[str, Any]) -> BillRunOut:
    return BillRunOut(
        id=None,
        period=report["period"],
        pass_number=report["pass_number"],
        as_of=report["as_of"],
        issue_date=report["as_of"],
        dry_run=True,
        status="completed",
        progress=BillRunProgress(
            contracts_total=report["contracts"],
            contracts_done=report["contracts"],
            clients_total=report["clients"],
            clients_done=report["clients"],
            invoices_issued=report["invoices"],
            amount_billed=f"{report['amount']:.2f}",
            errors=0,
        ),
        error_samples=[],
        created_at=None,
        completed_at=None,
    )


def credit_note_out(row: dict[str, Any]) -> CreditNoteOut:
    return CreditNoteOut(
        id=str(row["id"]),
        number=row["number"],
        invoice_id=str(row["invoice_id"]),
        amount=f"{row['total']:.2f}",
        subtotal=f"{row['subtotal']:.2f}",
        vat=f"{row['vat']:.2f}",
        total=f"{row['total']:.2f}",
        refundable=f"{row['refundable']:.2f}",
        reason=row["reason"],
        issue_date=row["issue_date"],
        created_at=row["created_at"],
    )


def invoice_out(row: dict[str, Any]) -> InvoiceOut:
    return InvoiceOut(
        id=str(row["id"]),
        number=row["number"],
        client_id=str(row["client_id"]),
        period=row["period"],
        issue_date=row["issue_date"],
        due_date=row["due_date"],
        status=row["status"],
        currency=row["currency"],
        subtotal=f"{row['subtotal']:.2f}",
        vat=f"{row['vat']:.2f}",
        total=f"{row['total']:.2f}",
        credited=f"{row['credited']:.2f}",
        paid=f"{row['paid']:.2f}",
        amount_due=f"{row['amount_due']:.2f}",
        pdf_sha256=row["pdf_sha256"],
        bill_run_id=str(row["bill_run_id"]) if row["bill_run_id"] else None,
        lines=[
            InvoiceLineOut(
                contract_id=str(line["contract_id"]),
                subscriber_id=str(line["subscriber_id"]),
                description=line["description"],
                start_date=line["start_date"],
                end_date=line["end_date"],
                days=line["days"],
                monthly_fee=f"{line['monthly_fee']:.2f}",
                amount=f"{line['amount']:.2f}",
            )
            for line in row["lines"]
        ],
        credit_notes=[credit_note_out(n) for n in row["credit_notes"]],
    )


BreakReason = Literal["altered", "missing", "inserted", "chain"]


class JournalBreak(msgspec.Struct):
    """The first document where the journal and the stored documents disagree."""

    number: str
    document_id: str | None
    reason: BreakReason
    detail: str


class KeptHead(msgspec.Struct):
    """A head hash kept earlier (from a bill run's report): `found` when it is still in the
    series' journal, at `number`. Not found: the series was rewritten or cut short."""

    hash: str
    found: bool
    number: str | None


class JournalVerificationOut(msgspec.Struct):
    """A series' chain recomputed from its first document: `valid` when every stored
    document matches what was recorded when it was issued and the chain is whole."""

    series: str
    documents: int
    head: str | None
    head_number: str | None
    valid: bool
    verified: int
    stored: int
    breaks: int  # how many documents disagree (the first is `first_break`)
    first_break: JournalBreak | None
    kept_head: KeptHead | None = None  # only when asked (`?kept_head=`)


def journal_verification_out(found: Any) -> JournalVerificationOut:
    fb = found.first_break
    return JournalVerificationOut(
        series=found.series,
        documents=found.documents,
        head=found.head,
        head_number=found.head_number,
        valid=found.valid,
        verified=found.verified,
        stored=found.stored,
        breaks=found.breaks,
        first_break=None
        if fb is None
        else JournalBreak(
            number=fb["number"],
            document_id=fb["document_id"],
            reason=fb["reason"],
            detail=fb["detail"],
        ),
        kept_head=None if found.kept_head is None else KeptHead(**found.kept_head),
    )
