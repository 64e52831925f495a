"""What collections publishes (its feed, the partners' webhooks): payments and their
allocations, collection cases. Versioned types mapped explicitly from the Payment and
CollectionCase domain events; see `mtf.kernel.published`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec

from mtf.kernel.published import EventType, Payload, PublishedLanguage


class AllocationV1(msgspec.Struct, kw_only=True):
    """Money put on (or, negative, taken back from) one invoice. `kind`: `payment` (from
    the payment itself), `credit` (its leftover credit used later), `refund` (a credit note
    took back paid money: credit again)."""

    invoice_id: UUID
    number: str
    amount: Decimal
    kind: str = "payment"


class PaymentPostedV1(Payload):
    """`credit` is what was left over after the allocations: the client's credit."""

    payment_id: UUID
    client_id: UUID
    amount: Decimal
    method: str
    reference: str
    received_on: date
    allocations: list[AllocationV1]
    credit: Decimal


class PaymentCreditAppliedV1(Payload):
    payment_id: UUID
    invoice_id: UUID
    number: str
    amount: Decimal


class PaymentCreditReturnedV1(Payload):
    payment_id: UUID
    invoice_id: UUID
    number: str
    amount: Decimal
    credit_note_id: UUID | None


class PaymentReversedV1(Payload):
    """A bounced payment: every allocation in `undone` is taken off its invoice."""

    payment_id: UUID
    reason: str
    undone: list[AllocationV1]


class CaseOpenedV1(Payload):
    case_id: UUID
    client_id: UUID
    opened_on: date
    days_past_due: int


class CaseStepTakenV1(Payload):
    """A dunning step (`reminder`, `suspension`...) done on `on` for these contracts."""

    case_id: UUID
    step: str
    action: str
    on: date
    contract_ids: list[UUID]


class CaseClosedV1(Payload):
    case_id: UUID
    reason: str
    resumed_contract_ids: list[UUID]


def _allocations(items: Any) -> list[AllocationV1]:
    return msgspec.convert(list(items or []), list[AllocationV1], strict=False)


def _posted(e: Any) -> PaymentPostedV1:
    return PaymentPostedV1(
        payment_id=e.originator_id,
        client_id=e.client_id,
        amount=e.amount,
        method=e.method,
        reference=e.reference,
        received_on=e.received_on,
        allocations=_allocations(e.allocations),
        credit=e.credit,
    )


def _credit_applied(e: Any) -> PaymentCreditAppliedV1:
    return PaymentCreditAppliedV1(
        payment_id=e.originator_id, invoice_id=e.invoice_id, number=e.number, amount=e.amount
    )


def _credit_returned(e: Any) -> PaymentCreditReturnedV1:
    return PaymentCreditReturnedV1(
        payment_id=e.originator_id,
        invoice_id=e.invoice_id,
        number=e.number,
        amount=e.amount,
        credit_note_id=e.credit_note_id,
    )


def _reversed(e: Any) -> PaymentReversedV1:
    return PaymentReversedV1(
        payment_id=e.originator_id, reason=e.reason, undone=_allocations(e.undone)
    )


def _opened(e: Any) -> CaseOpenedV1:
    return CaseOpenedV1(
        case_id=e.originator_id,
        client_id=e.client_id,
        opened_on=e.opened_on,
        days_past_due=e.days_past_due,
    )


def _step(e: Any) -> CaseStepTakenV1:
    return CaseStepTakenV1(
        case_id=e.originator_id,
        step=e.step,
        action=e.action,
        on=e.on,
        contract_ids=[UUID(str(c)) for c in e.contract_ids],
    )


def _closed(e: Any) -> CaseClosedV1:
    return CaseClosedV1(
        case_id=e.originator_id,
        reason=e.reason,
        resumed_contract_ids=[UUID(str(c)) for c in e.resumed_contract_ids],
    )


COLLECTIONS = PublishedLanguage(
    "collections",
    [
        EventType(
            "payment.posted",
            1,
            "payment",
            "Posted",
            PaymentPostedV1,
            _posted,
            "A payment was received and allocated to the client's oldest invoices.",
        ),
        EventType(
            "payment.credit_applied",
            1,
            "payment",
            "CreditApplied",
            PaymentCreditAppliedV1,
            _credit_applied,
            "A payment's leftover credit paid (part of) a newly issued invoice.",
        ),
        EventType(
            "payment.credit_returned",
            1,
            "payment",
            "CreditReturned",
            PaymentCreditReturnedV1,
            _credit_returned,
            "A credit note took back money paid on an invoice: it is credit again.",
        ),
        EventType(
            "payment.reversed",
            1,
            "payment",
            "Reversed",
            PaymentReversedV1,
            _reversed,
            "A payment was reversed (bounced): its allocations are undone.",
        ),
        EventType(
            "case.opened",
            1,
            "case",
            "Opened",
            CaseOpenedV1,
            _opened,
            "A collection case was opened for a client with overdue invoices.",
        ),
        EventType(
            "case.step_taken",
            1,
            "case",
            "StepTaken",
            CaseStepTakenV1,
            _step,
            "A dunning step (reminder, suspension...) was taken on a case.",
        ),
        EventType(
            "case.closed",
            1,
            "case",
            "Closed",
            CaseClosedV1,
            _closed,
            "A collection case was closed (paid, or closed by an operator).",
        ),
    ],
    internal={
        ("case", "NoteAdded"): "an operator's free-text note: may hold personal data",
        ("case", "PromisedToPay"): "a promise noted by an operator (read from the case)",
        ("collections-run", "Ran"): "a daily run's figures (read from the runs API)",
        ("collections-run", "PassRan"): "a further pass of a daily run",
    },
)
