"""Allocation of a payment: to the named invoices first, then to the oldest due; what is
left becomes the client's credit, used by the next invoices issued."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from mtf.kernel.errors import ErrorList

METHODS = ("cash", "card", "bank_transfer", "direct_debit")


@dataclass(frozen=True)
class OpenInvoice:
    invoice_id: UUID
    number: str
    due_date: date
    amount_due: Decimal


@dataclass(frozen=True)
class Allocation:
    invoice_id: UUID
    number: str
    amount: Decimal


def allocate(
    amount: Decimal, open_invoices: list[OpenInvoice], named: list[UUID]
) -> tuple[list[Allocation], Decimal]:
    """Split `amount` over the invoices; never more than an invoice's amount due."""
    by_id = {inv.invoice_id: inv for inv in open_invoices}
    first = [by_id[i] for i in dict.fromkeys(named) if i in by_id]
    rest = sorted(
        (inv for inv in open_invoices if inv.invoice_id not in set(named)),
        key=lambda inv: (inv.due_date, inv.number),
    )
    remaining = amount
    allocations: list[Allocation] = []
    for inv in [*first, *rest]:
        if remaining <= 0:
            break
        take = min(remaining, inv.amount_due)
        if take > 0:
            allocations.append(Allocation(inv.invoice_id, inv.number, take))
            remaining -= take
    return allocations, remaining


def check_payment(
    *,
    amount: Decimal | None,
    method: str,
    reference: str,
    received_on: date,
    today: date,
    errors: ErrorList,
) -> None:
    if amount is not None and amount <= 0:
        errors.add("amount", "must be greater than 0")
    if method not in METHODS:
        errors.add("method", f"must be one of {', '.join(METHODS)}")
    if not reference.strip() or len(reference) > 100:
        errors.add("reference", "is required (at most 100 characters)")
    if received_on > today:
        errors.add("received_on", "cannot be in the future")
