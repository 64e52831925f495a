"""Request and response bodies of the collections API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal

import msgspec

from mtf.kernel.api_types import NON_BLANK, Amount, Reason, text

Method = Literal["cash", "card", "bank_transfer", "direct_debit"]


class PaymentCreate(msgspec.Struct, forbid_unknown_fields=True):
    client_id: str
    amount: Amount
    method: Method
    reference: text(100, example="TRX-2026-0042")  # type: ignore[valid-type]
    received_on: date
    invoice_ids: list[str] | None = None
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [
            {
                "client_id": "3f1c2a9e-7d4b-5e6f-8a1b-2c3d4e5f6a7b",
                "amount": "237.60",
                "method": "bank_transfer",
                "reference": "VIR-2026-0042",
                "received_on": "2026-12-02",
            },
            {
                "client_id": "3f1c2a9e-7d4b-5e6f-8a1b-2c3d4e5f6a7b",
                "amount": "118.80",
                "method": "card",
                "reference": "TRX-88121",
                "received_on": "2026-12-02",
                "invoice_ids": ["c0a8012e-5b1f-5d2a-9e3c-4f5a6b7c8d9e"],
            },
        ]
    }


class AllocationOut(msgspec.Struct):
    invoice_id: str
    invoice_number: str
    amount: str


class AllocationPreview(msgspec.Struct):
    allocations: list[AllocationOut]
    credit: str


class PaymentOut(msgspec.Struct):
    id: str
    client_id: str
    amount: str
    method: Method
    reference: str
    received_on: date
    status: Literal["posted", "reversed"]
    allocations: list[AllocationOut]
    credit: str
    created_at: datetime | None
    reversed_at: datetime | None
    reversal_reason: str | None


class PaymentPage(msgspec.Struct):
    items: list[PaymentOut]
    next_cursor: str | None
    total: int


class PaymentReversal(msgspec.Struct, forbid_unknown_fields=True):
    reason: Reason = "payment bounced"
    __openapi_extra__: ClassVar[dict[str, Any]] = {"examples": [{"reason": "cheque bounced"}]}


class Balance(msgspec.Struct):
    client_id: str
    amount_due: str
    credit: str
    overdue_amount: str


class Receivable(msgspec.Struct):
    invoice_id: str
    number: str
    client_id: str
    issue_date: date
    due_date: date
    total: str
    credited: str
    paid: str
    amount_due: str
    days_past_due: int
    status: str


class ReceivablePage(msgspec.Struct):
    items: list[Receivable]
    next_cursor: str | None
    total: int


class CollectionsRunCreate(msgspec.Struct, forbid_unknown_fields=True):
    as_of: date
    __openapi_extra__: ClassVar[dict[str, Any]] = {"examples": [{"as_of": "2026-12-02"}]}


class CollectionsRunOut(msgspec.Struct):
    id: str
    as_of: date
    overdue_invoices: int
    cases_opened: int
    reminders: int
    suspensions: int
    resumptions: int
    terminations_proposed: int
    cases_closed: int
    created_at: datetime
    passes: int = 1  # passes of that date that acted; the figures above are this pass's


class AgingBucket(msgspec.Struct):
    bucket: str
    invoices: int
    amount: str


class Aging(msgspec.Struct):
    as_of: date
    buckets: list[AgingBucket]
    total_overdue: str


class CaseOut(msgspec.Struct):
    id: str
    client_id: str
    status: Literal["open", "closed"]
    stage: str
    days_past_due: int
    overdue_amount: str
    promise_to_pay_until: date | None
    suspended_contract_ids: list[str]
    opened_at: datetime
    closed_at: datetime | None


class CasePage(msgspec.Struct):
    items: list[CaseOut]
    next_cursor: str | None
    total: int


class TimelineEntry(msgspec.Struct):
    at: datetime
    kind: str
    detail: str
    actor: str


class CaseDetail(CaseOut):
    timeline: list[TimelineEntry] = msgspec.field(default_factory=list)


class CaseAction(msgspec.Struct, forbid_unknown_fields=True):
    """A note needs its text; a promise to pay its date (today or later)."""

    action: Literal["note", "promise_to_pay", "escalate", "close"]
    note: str | None = None
    promise_date: date | None = None
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [
            {"action": "note", "note": "called the client, promised to pay on Friday"},
            {"action": "promise_to_pay", "promise_date": "2026-12-11"},
            {"action": "escalate"},
        ],
        "allOf": [
            {
                "if": {"properties": {"action": {"const": "note"}}},
                "then": {
                    "required": ["note"],
                    "properties": {"note": {"type": "string", "pattern": NON_BLANK}},
                },
            },
            {
                "if": {"properties": {"action": {"const": "promise_to_pay"}}},
                "then": {
                    "required": ["promise_date"],
                    "properties": {"promise_date": {"type": "string", "format": "date"}},
                },
            },
        ],
    }


def money(value: Any) -> str:
    return f"{value:.2f}"


def payment_out(row: dict[str, Any]) -> PaymentOut:
    return PaymentOut(
        id=str(row["id"]),
        client_id=str(row["client_id"]),
        amount=money(row["amount"]),
        method=row["method"],
        reference=row["reference"],
        received_on=row["received_on"],
        status=row["status"],
        allocations=[
            AllocationOut(str(a["invoice_id"]), a["number"], money(a["amount"]))
            for a in row["allocations"]
        ],
        credit=money(row["credit"]),
        created_at=row["created_at"],
        reversed_at=row["reversed_at"],
        reversal_reason=row["reversal_reason"],
    )


def case_out(row: dict[str, Any]) -> CaseOut:
    return CaseOut(
        id=str(row["id"]),
        client_id=str(row["client_id"]),
        status=row["status"],
        stage=row["stage"],
        days_past_due=row["days_past_due"],
        overdue_amount=money(row["overdue_amount"]),
        promise_to_pay_until=row["promise_to_pay_until"],
        suspended_contract_ids=[str(c) for c in row["suspended_contract_ids"]],
        opened_at=row["opened_at"],
        closed_at=row["closed_at"],
    )


def case_detail(row: dict[str, Any]) -> CaseDetail:
    base = case_out(row)
    return CaseDetail(
        **{f: getattr(base, f) for f in base.__struct_fields__},
        timeline=[
            TimelineEntry(t["at"], t["kind"], t["detail"], t["actor"]) for t in row["timeline"]
        ],
    )


# -- bank statement imports ---------------------------------------------------------------

LineState = Literal["matched", "ambiguous", "unmatched", "already_posted"]


class StatementLineOut(msgspec.Struct):
    line: int  # the line in the file (the CSV header is line 1)
    date: date
    amount: str
    label: str
    bank_reference: str
    state: LineState
    client_id: str | None  # matched, or assigned by the operator
    invoice_ids: list[str]  # the invoices paid first (named in the label, or assigned)
    candidates: list[str]  # ambiguous: the clients the label names
    assigned: bool  # the operator chose the client at confirmation
    outcome: Literal["posted", "skipped"] | None  # once confirmed
    payment_id: str | None


class StatementCounts(msgspec.Struct):
    matched: int
    ambiguous: int
    unmatched: int
    already_posted: int


class StatementImportOut(msgspec.Struct):
    id: str
    status: Literal["preview", "posting", "posted"]
    format: Literal["csv", "camt053"]
    created_at: datetime
    lines_total: int
    lines_done: int  # lines posted or skipped so far (progress while posting)
    debits_ignored: int  # CAMT debit entries, not imported
    counts: StatementCounts
    posted: int
    skipped: int
    posted_amount: str
    lines: list[StatementLineOut]


class StatementAssignment(msgspec.Struct, forbid_unknown_fields=True):
    line: int
    client_id: str
    invoice_ids: list[str] | None = None


class StatementConfirm(msgspec.Struct, forbid_unknown_fields=True):
    assignments: list[StatementAssignment] | None = None
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [
            {},
            {
                "assignments": [
                    {"line": 4, "client_id": "3f1c2a9e-7d4b-5e6f-8a1b-2c3d4e5f6a7b"},
                    {
                        "line": 7,
                        "client_id": "3f1c2a9e-7d4b-5e6f-8a1b-2c3d4e5f6a7b",
                        "invoice_ids": ["c0a8012e-5b1f-5d2a-9e3c-4f5a6b7c8d9e"],
                    },
                ]
            },
        ]
    }


class StatementConfirmed(msgspec.Struct):
    id: str
    status: Literal["posted"]
    posted: int  # lines posted as payments (by this confirmation or an earlier one)
    skipped: int  # lines not posted: already posted before, or left without a client
    posted_amount: str


def statement_out(found: dict[str, Any]) -> StatementImportOut:
    lines = [
        StatementLineOut(
            line=one["line"],
            date=one["booked_on"],
            amount=money(one["amount"]),
            label=one["label"],
            bank_reference=one["bank_reference"],
            state=one["state"],
            client_id=str(one["client_id"]) if one["client_id"] else None,
            invoice_ids=[str(i) for i in one["invoice_ids"]],
            candidates=[str(i) for i in one["candidates"]],
            assigned=one["assigned"],
            outcome=one["outcome"],
            payment_id=str(one["payment_id"]) if one["payment_id"] else None,
        )
        for one in found["lines"]
    ]
    counts = {s: 0 for s in ("matched", "ambiguous", "unmatched", "already_posted")}
    for one in lines:
        counts[one.state] += 1
    return StatementImportOut(
        id=str(found["id"]),
        status=found["status"],
        format=found["format"],
        created_at=found["created_at"],
        lines_total=found["lines_total"],
        lines_done=found["lines_done"],
        debits_ignored=found["debits_ignored"],
        counts=StatementCounts(**counts),
        posted=found["posted"],
        skipped=found["skipped"],
        posted_amount=money(found["posted_amount"]),
        lines=lines,
    )
