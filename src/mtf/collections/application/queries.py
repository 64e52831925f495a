"""What collections' API reads (payments, balances, receivables, runs, aging, cases and
their CSV exports), through the views port: the controllers ask these questions and never
the SQL views themselves. Dates are the business date of the clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

from mtf.collections.application.ports import Clients
from mtf.kernel.clock import Clock
from mtf.kernel.errors import NotFound
from mtf.kernel.pagination import PageRequest


class CollectionsViews(Protocol):
    def payments(
        self, *, client_id: UUID | None, status: str | None, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]: ...

    def payment(self, payment_id: UUID) -> dict[str, Any] | None: ...

    def balance(self, client_id: UUID, today: date) -> dict[str, Decimal]: ...

    def receivables(
        self, *, client_id: UUID | None, open_only: bool, today: date, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]: ...

    def run(self, as_of: date) -> dict[str, Any] | None: ...

    def aging(self, today: date) -> dict[str, Any]: ...

    def cases(
        self,
        *,
        status: str | None,
        client_id: UUID | None,
        min_days: int | None,
        today: date,
        page: PageRequest,
    ) -> tuple[list[dict[str, Any]], int]: ...

    def case(self, case_id: UUID, today: date) -> dict[str, Any] | None: ...

    def payment_rows(
        self, *, client_id: UUID | None, status: str | None
    ) -> Iterator[list[Any]]: ...

    def aging_rows(
        self, today: date, *, client_id: UUID | None, bucket: str | None
    ) -> Iterator[list[Any]]: ...


class CollectionsQueries:
    def __init__(self, views: CollectionsViews, clients: Clients, clock: Clock) -> None:
        self.views = views
        self.clients = clients
        self.clock = clock

    def today(self) -> date:
        return self.clock.today()

    def payments(
        self, *, client_id: UUID | None, status: str | None, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]:
        return self.views.payments(client_id=client_id, status=status, page=page)

    def payment(self, payment_id: UUID) -> dict[str, Any]:
        found = self.views.payment(payment_id)
        if found is None:
            raise NotFound(f"no payment with id {payment_id}")
        return found

    def balance(self, client_id: UUID) -> dict[str, Decimal]:
        """What the client owes, their credit and what is overdue today; 404 for a client
        the customer service does not know (an unknown client owes nothing, but says so)."""
        if not self.clients.exists(client_id):
            raise NotFound(f"no client with id {client_id}")
        return self.views.balance(client_id, self.clock.today())

    def receivables(
        self, *, client_id: UUID | None, open_only: bool, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]:
        return self.views.receivables(
            client_id=client_id, open_only=open_only, today=self.clock.today(), page=page
        )

    def run(self, as_of: date) -> dict[str, Any]:
        found = self.views.run(as_of)
        if found is None:
            raise NotFound(f"no collections run on {as_of.isoformat()}")
        return found

    def aging(self) -> dict[str, Any]:
        return self.views.aging(self.clock.today())

    def cases(
        self,
        *,
        status: str | None,
        client_id: UUID | None,
        min_days: int | None,
        page: PageRequest,
    ) -> tuple[list[dict[str, Any]], int]:
        return self.views.cases(
            status=status,
            client_id=client_id,
            min_days=min_days,
            today=self.clock.today(),
            page=page,
        )

    def case(self, case_id: UUID) -> dict[str, Any]:
        found = self.views.case(case_id, self.clock.today())
        if found is None:
            raise NotFound(f"no case with id {case_id}")
        return found

    def payment_export(self, *, client_id: UUID | None, status: str | None) -> Iterator[list[Any]]:
        """The rows of the payments list's filters, newest first (read as they stream)."""
        return self.views.payment_rows(client_id=client_id, status=status)

    def aging_export(
        self, *, client_id: UUID | None, bucket: str | None
    ) -> tuple[date, Iterator[list[Any]]]:
        """The invoices overdue today behind the aging buckets, and today's date."""
        today = self.clock.today()
        return today, self.views.aging_rows(today, client_id=client_id, bucket=bucket)
