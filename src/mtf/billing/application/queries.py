"""What billing's API reads (bill runs, invoices, credit notes), through the views port:
the controllers ask these questions and never the SQL views themselves."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol
from uuid import UUID

from mtf.kernel.clock import Clock
from mtf.kernel.errors import NotFound
from mtf.kernel.pagination import PageRequest


class BillingViews(Protocol):
    def bill_run(self, run_id: UUID) -> dict[str, Any] | None: ...

    def bill_runs(
        self, *, period: str | None, status: str | None, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]: ...

    def invoices(
        self,
        *,
        client_id: UUID | None,
        period: str | None,
        status: str | None,
        today: date,
        page: PageRequest,
    ) -> tuple[list[dict[str, Any]], int]: ...

    def invoice(self, invoice_id: UUID, today: date) -> dict[str, Any] | None: ...

    def credit_note(self, credit_note_id: UUID) -> dict[str, Any] | None: ...


class BillingQueries:
    def __init__(self, views: BillingViews, clock: Clock) -> None:
        self.views = views
        self.clock = clock

    def bill_run(self, run_id: UUID) -> dict[str, Any]:
        found = self.views.bill_run(run_id)
        if found is None:
            raise NotFound(f"no bill run with id {run_id}")
        return found

    def bill_runs(
        self, *, period: str | None, status: str | None, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]:
        return self.views.bill_runs(period=period, status=status, page=page)

    def invoices(
        self,
        *,
        client_id: UUID | None,
        period: str | None,
        status: str | None,
        page: PageRequest,
    ) -> tuple[list[dict[str, Any]], int]:
        """Statuses (overdue, paid...) as of the business date."""
        return self.views.invoices(
            client_id=client_id, period=period, status=status, today=self.clock.today(), page=page
        )

    def invoice(self, invoice_id: UUID) -> dict[str, Any]:
        found = self.views.invoice(invoice_id, self.clock.today())
        if found is None:
            raise NotFound(f"no invoice with id {invoice_id}")
        return found

    def credit_note(self, credit_note_id: UUID) -> dict[str, Any]:
        found = self.views.credit_note(credit_note_id)
        if found is None:
            raise NotFound(f"no credit note with id {credit_note_id}")
        return found
