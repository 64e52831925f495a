"""The Payment aggregate: posted with its allocations, its leftover credit applied later to
new invoices, reversed (bounced) with every allocation undone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from mtf.kernel.errors import Conflict
from mtf.kernel.ids import stable_id

POSTED, REVERSED = "posted", "reversed"


def payment_id_for(caller: str, idempotency_key: str) -> UUID:
    return stable_id("payment", caller, idempotency_key)


class Payment(Aggregate):
    @staticmethod
    def create_id(payment_id: UUID, **_: Any) -> UUID:
        return payment_id

    @event("Posted")
    def __init__(
        self,
        payment_id: UUID,
        client_id: UUID,
        amount: Decimal,
        method: str,
        reference: str,
        received_on: date,
        request_hash: str,
        allocations: list[dict[str, Any]],
        credit: Decimal,
        actor: str,
    ) -> None:
        self.client_id = client_id
        self.amount = amount
        self.method = method
        self.reference = reference
        self.received_on = received_on
        self.request_hash = request_hash
        self.allocations = list(allocations)
        self.credit = credit
        self.credit_left = credit
        self.status = POSTED
        self.reversal_reason: str | None = None

    def apply_credit(self, invoice_id: UUID, number: str, amount: Decimal, *, actor: str) -> None:
        """Use some of this payment's credit for a newly issued invoice."""
        if self.status != POSTED:
            raise Conflict("a reversed payment has no credit")
        if amount <= 0 or amount > self.credit_left:
            raise Conflict("not that much credit left on this payment")
        self._credit_applied(invoice_id=invoice_id, number=number, amount=amount, actor=actor)

    @event("CreditApplied")
    def _credit_applied(self, invoice_id: UUID, number: str, amount: Decimal, actor: str) -> None:
        self.credit_left -= amount
        self.allocations.append(
            {
                "invoice_id": str(invoice_id),
                "number": number,
                "amount": str(amount),
                "kind": "credit",
            }
        )

    def allocated_to(self, invoice_id: UUID) -> Decimal:
        """What this payment pays on an invoice now (allocations net of credit returned)."""
        if self.status != POSTED:
            return Decimal("0.00")
        return sum(
            (Decimal(a["amount"]) for a in self.allocations if a["invoice_id"] == str(invoice_id)),
            Decimal("0.00"),
        )

    def return_credit(
        self,
        invoice_id: UUID,
        number: str,
        amount: Decimal,
        *,
        credit_note_id: UUID | None,
        actor: str,
    ) -> None:
        """A credit note took back money this payment had paid on the invoice: that much is
        the client's credit again (used by the next invoices, or refunded)."""
        if self.status != POSTED:
            raise Conflict("a reversed payment pays nothing")
        if amount <= 0 or amount > self.allocated_to(invoice_id):
            raise Conflict("not that much of this payment is on the invoice")
        self._credit_returned(
            invoice_id=invoice_id,
            number=number,
            amount=amount,
            credit_note_id=credit_note_id,
            actor=actor,
        )

    @event("CreditReturned")
    def _credit_returned(
        self,
        invoice_id: UUID,
        number: str,
        amount: Decimal,
        credit_note_id: UUID | None,
        actor: str,
    ) -> None:
        self.credit_left += amount
        self.allocations.append(
            {
                "invoice_id": str(invoice_id),
                "number": number,
                "amount": str(-amount),
                "kind": "refund",
            }
        )

    def reverse(self, *, reason: str, actor: str) -> None:
        if self.status == REVERSED:
            raise Conflict("this payment was already reversed")
        if not reason.strip() or len(reason.strip()) > 500:
            from mtf.kernel.errors import invalid

            raise invalid("reason", "is required (at most 500 characters)")
        self._reversed(reason=reason.strip(), undone=list(self.allocations), actor=actor)

    @event("Reversed")
    def _reversed(self, reason: str, undone: list[dict[str, Any]], actor: str) -> None:
        self.status = REVERSED
        self.reversal_reason = reason
        self.credit_left = Decimal("0.00")
