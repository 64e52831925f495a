"""Ports of the billing use cases."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.domain import Aggregate

from mtf.billing.domain.invoice import BillRun, CreditNote, Invoice, Numbering


@dataclass
class ClientResult:
    status: str  # done | nothing | error
    contracts: int
    invoice_id: UUID | None = None
    amount: Decimal | None = None
    error: str | None = None


class BillingStore(Protocol):
    def invoice(self, invoice_id: UUID) -> Invoice:
        """An issued invoice; NotFound otherwise."""
        ...

    def credit_note(self, credit_note_id: UUID) -> CreditNote:
        """A credit note; NotFound otherwise."""
        ...

    def bill_run(self, run_id: UUID) -> BillRun | None:
        """A bill run, or None."""
        ...

    def numbering(self, kind: str, year: int) -> Numbering:
        """The numbering of a kind of document for a year (new when none)."""
        ...

    def save(self, *aggregates: Aggregate) -> None:
        """Record the aggregates' events atomically; Conflict on a concurrent change."""
        ...

    def existing(self, conn: Any, ids: list[UUID]) -> set[UUID]:
        """Which of these documents were already recorded."""
        ...


class Claim(Protocol):
    conn: Any
    clients: list[UUID]

    def unbilled(self, up_to: date) -> list[Any]:
        """The claimed clients' contracts with days not billed up to that day."""
        ...


class BillRunWork(Protocol):
    def plan(self, run_id: UUID, up_to: date, period: str) -> tuple[int, int]:
        """Record the clients to bill (unbilled days up to that day, no invoice for the
        period yet); return (contracts, clients)."""
        ...

    def preview_rows(self, up_to: date, period: str) -> list[Any]:
        """The contracts the run would bill: of clients with no invoice for the period yet,
        with unbilled days up to that day (for a dry run)."""
        ...

    def claim(self, run_id: UUID, size: int) -> AbstractContextManager[Claim]:
        """Hold up to `size` pending clients of the run for this process."""
        ...

    def record(self, conn: Any, run_id: UUID, results: dict[UUID, ClientResult]) -> None:
        """Record each claimed client's result in the claim's transaction."""
        ...

    def any_pending(self, run_id: UUID) -> bool:
        """Whether any client of the run is still to bill."""
        ...

    def summary(self, run_id: UUID) -> dict[str, Any]:
        """Totals of the run."""
        ...

    def open_runs(self) -> list[UUID]:
        """Runs not completed yet."""
        ...

    def journal_head(self, series: str) -> dict[str, Any]:
        """The tamper-evident journal's head of a series (`FAC-2026`): its last recorded
        document, hash and count."""
        ...
