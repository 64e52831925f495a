"""Invoices, credit notes, their legal numbering, and the bill run.

An invoice is issued once and never changes: it has no command that alters it. Credit
notes are separate documents that reduce what is due. Numbers are gapless per year and in
issue order: a numbering aggregate per year and kind is saved in the same transaction as
the documents it numbers, and its version check serialises concurrent issuers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from mtf.kernel.errors import Conflict
from mtf.kernel.ids import stable_id


@lru_cache(maxsize=8192)  # a bill run asks three times per client (a uuid5 each)
def invoice_id_for(client_id: UUID, period: str) -> UUID:
    """At most one invoice per client and period: the database refuses a second one."""
    return stable_id("invoice", client_id, period)


def bill_run_id_for(period: str, pass_number: int = 1) -> UUID:
    """A period's first run keeps the id it always had; a supplementary pass has its own."""
    if pass_number == 1:
        return stable_id("bill-run", period)
    return stable_id("bill-run", period, pass_number)


def credit_note_id_for(invoice_id: UUID, idempotency_key: str) -> UUID:
    """A credit note asked with an Idempotency-Key: a retry finds the same note."""
    return stable_id("credit-note", invoice_id, idempotency_key)


def credit_back_id_for(contract_id: UUID, end_date: date, invoice_id: UUID) -> UUID:
    """The automatic credit note of a backdated end, for one invoice: issued once."""
    return stable_id("credit-back", contract_id, end_date, invoice_id)


class AlreadyBilled(Conflict):
    """Some of these days were billed meanwhile (by another run in flight), or the contract
    ended before them: the invoice was not recorded; read the unbilled days again."""


class CreditCapReached(Conflict):
    """The invoice's credit notes would exceed its total: not recorded."""


class IssueDateBehind(Conflict):
    """Numbers already went to a later issue date in this year."""


def numbering_id_for(kind: str, year: int) -> UUID:
    return stable_id("numbering", kind, year)


class Numbering(Aggregate):
    """The last number given for one kind of document (FAC, AV) in one year."""

    @staticmethod
    def create_id(kind: str, year: int, **_: Any) -> UUID:
        return numbering_id_for(kind, year)

    @event("Opened")
    def __init__(self, kind: str, year: int) -> None:
        self.kind = kind
        self.year = year
        self.last = 0
        self.last_issue_date: date | None = None

    def take(self, document_ids: list[UUID], issue_date: date | None = None) -> list[str]:
        """Numbers for these documents, in this order, continuing without a gap; issue dates
        never go backward as numbers grow."""
        last_date = getattr(self, "last_issue_date", None)
        if issue_date is not None and last_date is not None and issue_date < last_date:
            raise IssueDateBehind(
                f"{self.kind}-{self.year} numbers already went to documents issued on "
                f"{last_date.isoformat()}, after {issue_date.isoformat()}"
            )
        first = self.last + 1
        # the documents carry their numbers; this stream only records the ranges given
        self._assigned(first=first, count=len(document_ids), issue_date=issue_date)
        return [self.format(n) for n in range(first, first + len(document_ids))]

    @event("Assigned")
    def _assigned(self, first: int, count: int, issue_date: date | None = None) -> None:
        self.last = first + count - 1
        if issue_date is not None:
            current = getattr(self, "last_issue_date", None)
            self.last_issue_date = issue_date if current is None else max(current, issue_date)

    def format(self, n: int) -> str:
        return f"{self.kind}-{self.year:04d}-{n:06d}"


class Invoice(Aggregate):
    """One client's invoice for one period. Issued once; corrected only by credit notes."""

    @staticmethod
    def create_id(client_id: UUID, period: str, **_: Any) -> UUID:
        return invoice_id_for(client_id, period)

    @event("Issued")
    def __init__(
        self,
        client_id: UUID,
        period: str,
        number: str,
        issue_date: date,
        due_date: date,
        currency: str,
        vat_rate: Decimal,
        lines: list[dict[str, Any]],
        subtotal: Decimal,
        vat: Decimal,
        total: Decimal,
        bill_run_id: UUID,
        actor: str,
    ) -> None:
        self.client_id = client_id
        self.period = period
        self.number = number
        self.issue_date = issue_date
        self.due_date = due_date
        self.currency = currency
        self.vat_rate = vat_rate
        self.lines = lines
        self.subtotal = subtotal
        self.vat = vat
        self.total = total
        self.bill_run_id = bill_run_id


class CreditNote(Aggregate):
    """A correction of an issued invoice: reduces the amount due, whole or in part."""

    @staticmethod
    def create_id(credit_note_id: UUID, **_: Any) -> UUID:
        return credit_note_id

    @event("Issued")
    def __init__(
        self,
        credit_note_id: UUID,
        invoice_id: UUID,
        client_id: UUID,
        number: str,
        amount: Decimal,
        reason: str,
        issue_date: date,
        actor: str,
        subtotal: Decimal | None = None,
        vat: Decimal | None = None,
        total: Decimal | None = None,
        vat_rate: Decimal | None = None,
        refundable: Decimal | None = None,
        lines: list[dict[str, Any]] | None = None,
        request_hash: str | None = None,
    ) -> None:
        """`amount` = `total` (incl. VAT); `refundable` is how much of it exceeds what was
        still due on the invoice (already paid: it becomes client credit); `lines` are the
        contract days given back (an automatic credit of a backdated end)."""
        self.invoice_id = invoice_id
        self.client_id = client_id
        self.number = number
        self.amount = amount
        self.reason = reason
        self.issue_date = issue_date
        self.subtotal = amount if subtotal is None else subtotal
        self.vat = Decimal("0.00") if vat is None else vat
        self.total = amount if total is None else total
        self.vat_rate = vat_rate
        self.refundable = Decimal("0.00") if refundable is None else refundable
        self.lines = lines or []
        self.request_hash = request_hash


PLANNING, RUNNING, COMPLETED, FAILED = "planning", "running", "completed", "failed"


class BillRun(Aggregate):
    """One pass of the monthly run for one period: the first pass bills the period, a
    supplementary pass (started once the previous one is completed) invoices the clients
    with nothing invoiced for that period yet. Its id follows from the period and pass."""

    @staticmethod
    def create_id(period: str, pass_number: int = 1, **_: Any) -> UUID:
        return bill_run_id_for(period, pass_number)

    @event("Started")
    def __init__(
        self, period: str, as_of: date, issue_date: date, actor: str, pass_number: int = 1
    ) -> None:
        self.period = period
        self.pass_number = pass_number
        self.as_of = as_of
        self.issue_date = issue_date
        self.status = PLANNING
        self.contracts_total = 0
        self.clients_total = 0
        self.summary: dict[str, Any] = {}

    def planned(self, *, contracts_total: int, clients_total: int) -> None:
        if self.status != PLANNING:
            raise Conflict(f"the run is already {self.status}")
        self._planned(contracts_total=contracts_total, clients_total=clients_total)

    @event("Planned")
    def _planned(self, contracts_total: int, clients_total: int) -> None:
        self.status = RUNNING
        self.contracts_total = contracts_total
        self.clients_total = clients_total

    def complete(self, *, summary: dict[str, Any]) -> None:
        if self.status != RUNNING:
            raise Conflict(f"the run is {self.status}")
        self._completed(summary=summary, period=self.period)

    @event("Completed")
    def _completed(self, summary: dict[str, Any], period: str = "") -> None:
        """`period` is recorded with the completion for `bill_run.completed` (runs completed
        before carry "": their Started event has it)."""
        self.status = COMPLETED
        self.summary = summary
