"""Ports of the collections use cases."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.domain import Aggregate

from mtf.collections.domain.allocation import OpenInvoice
from mtf.collections.domain.case import CollectionCase, CollectionsRun
from mtf.collections.domain.payment import Payment


class CollectionsStore(Protocol):
    def payment(self, payment_id: UUID) -> Payment | None:
        """A payment, or None."""
        ...

    def case(self, case_id: UUID) -> CollectionCase | None:
        """A collection case, or None."""
        ...

    def cases(self, case_ids: list[UUID]) -> dict[UUID, CollectionCase]:
        """The cases of these ids that exist (one read for many: a run's batch)."""
        ...

    def run(self, as_of: date) -> CollectionsRun | None:
        """The collections run of that date, if one was recorded."""
        ...

    def save(self, *aggregates: Aggregate) -> None:
        """Record the aggregates' events atomically; Conflict on a concurrent change."""
        ...


class Receivables(Protocol):
    def open_invoices(self, client_id: UUID) -> list[OpenInvoice]:
        """The client's invoices with something left to pay."""
        ...

    def invoice_owner(self, invoice_id: UUID) -> UUID | None:
        """The client an invoice belongs to, if known."""
        ...

    def invoices_numbered(self, numbers: list[str]) -> dict[str, tuple[UUID, UUID]]:
        """Invoice number -> (invoice id, client id), for the numbers known."""
        ...

    def clients_with_credit_and_open_invoices(self) -> list[UUID]:
        """Clients whose leftover credit could pay an open invoice."""
        ...

    def overcovered_invoices(self) -> list[tuple[UUID, UUID]]:
        """(client, invoice) where what is paid and credited exceeds the total."""
        ...

    def overcovered(self, invoice_id: UUID) -> dict[str, Any] | None:
        """The excess on an invoice, its paying payments (latest first), its credit note."""
        ...

    def payments_with_credit(self, client_id: UUID) -> list[UUID]:
        """The client's payments with credit left, oldest first."""
        ...

    def overdue_by_client(
        self, as_of: date, clients: list[UUID] | None = None
    ) -> dict[UUID, dict[str, Any]]:
        """Clients with overdue invoices: oldest due date, amount, contracts on them."""
        ...

    def open_cases(self) -> dict[UUID, UUID]:
        """Open case id by client."""
        ...

    def cases_opened_on(self, day: date) -> dict[UUID, int]:
        """How many cases each client had opened on `day` (open or closed since)."""
        ...

    def latest_run_date(self) -> date | None:
        """The date of the latest collections run recorded (caught up by the caller)."""
        ...


class Refresher(Protocol):
    def catch_up(self) -> int:
        """Apply what is new."""
        ...


class ReadModel(Refresher, Protocol):
    def refresh(self) -> int:
        """Apply what is new; a failure is logged and remembered, never raised (reads and
        writes already recorded go on from the last good state)."""
        ...


class FeedRefresher(Refresher, Protocol):
    def catch_up_within(self, seconds: float) -> int:
        """Apply what the source recorded up to `seconds` ago (shared between callers); how
        many events this caller's own catch-up applied."""
        ...


class Locks(Protocol):
    def hold(self, key: UUID) -> AbstractContextManager[bool]:
        """Try to hold a lock; False when someone else has it."""
        ...

    def wait(self, key: UUID) -> AbstractContextManager[None]:
        """Hold a lock, waiting for it."""
        ...

    def session(self) -> AbstractContextManager[Any]:
        """Several locks on one connection: try_lock(key) -> bool, lock(key)."""
        ...


class ContractLifecycle(Protocol):
    def current_contract(self, contract_id: UUID) -> UUID | None:
        """The contract the line of `contract_id` runs on now (after a plan change, the new
        one); None when the line has ended."""
        ...

    def suspend_for_dunning(self, contract_id: UUID, on: date) -> bool:
        """Suspend an active contract with reason `dunning`; False if it was not active."""
        ...

    def resume_after_dunning(self, contract_id: UUID, on: date) -> bool:
        """Resume a contract suspended for dunning; False if it is no longer suspended."""
        ...


class Clients(Protocol):
    def exists(self, client_id: UUID) -> bool:
        """Whether the customer service knows this client."""
        ...

    def with_cin(self, cin: str) -> list[UUID]:
        """The client holding this CIN (none or one), by the customer service's search."""
        ...

    def with_ice(self, ice: str) -> list[UUID]:
        """The businesses registered with this ICE (none or one)."""
        ...


class StatementImports(Protocol):
    def create(self, record: dict[str, Any], lines: list[dict[str, Any]]) -> None:
        """Record an import and its lines at once."""
        ...

    def get(self, import_id: UUID) -> dict[str, Any] | None:
        """The import with its lines (in line order) and how many are done."""
        ...

    def start_confirm(
        self, import_id: UUID, assignments: dict[int, tuple[UUID, list[UUID]]], actor: str
    ) -> None:
        """Record the operator's assignments and move the import to `posting`."""
        ...

    def line_done(self, import_id: UUID, line: int, outcome: str, payment_id: UUID | None) -> None:
        """A line's outcome (posted or skipped), written as soon as it is known."""
        ...

    def finish(
        self, import_id: UUID, posted: int, skipped: int, amount: Decimal, at: datetime
    ) -> None:
        """The import is posted: its counts."""
        ...

    def bank_transfers_posted(self, references: list[str]) -> set[str]:
        """Which references a posted bank transfer already carries."""
        ...


class Notifier(Protocol):
    def send(self, *, client_id: UUID, case_id: UUID, kind: str, body: str) -> None:
        """Queue a reminder for the client (outbox); delivery is the adapter's business."""
        ...

    def flush(self) -> int:
        """Write what was queued (after the cases that sent it were recorded)."""
        ...
