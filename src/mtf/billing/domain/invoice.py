"""Invoices, credit notes, their legal numbering, and the bill run.

An invoice is issued once and never changes: it has no command that alters it. Credit
notes are separate documents that reduce what is due. Numbers are gapless per year and in
issue order: a numbering aggregate per year and kind is saved in the same transaction as
the documents it numbers, and its version check serialises concurrent issuers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from mtf.kernel.errors import Conflict
from mtf.kernel.ids import stable_id


def invoice_id_for(client_id: UUID, period: str) -> UUID:
    """At most one invoice per client and period: the database refuses a second one."""
    return stable_id("invoice", client_id, period)


def bill_run_id_for(period: str) -> UUID:
    return stable_id("bill-run", period)


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

    def take(self, document_ids: list[UUID]) -> list[str]:
        """Numbers for these documents, in this order, continuing without a gap."""
        first = self.last + 1
        # the documents carry their numbers; this stream only records the ranges given
        self._assigned(first=first, count=len(document_ids))
        return [self.format(n) for n in range(first, first + len(document_ids))]

    @event("Assigned")
    def _assigned(self, first: int, count: int) -> None:
        self.last = first + count - 1

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
    ) -> None:
        self.invoice_id = invoice_id
        self.client_id = client_id
        self.number = number
        self.amount = amount
        self.reason = reason
        self.issue_date = issue_date


PLANNING, RUNNING, COMPLETED, FAILED = "planning", "running", "completed", "failed"


class BillRun(Aggregate):
    """The monthly run for one period (one per period: its id follows from the period)."""

    @staticmethod
    def create_id(period: str, **_: Any) -> UUID:
        return bill_run_id_for(period)

    @event("Started")
    def __init__(self, period: str, as_of: date, issue_date: date, actor: str) -> None:
        self.period = period
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
        self._completed(summary=summary)

    @event("Completed")
    def _completed(self, summary: dict[str, Any]) -> None:
        self.status = COMPLETED
        self.summary = summary
