"""Billing's event store: invoices, credit notes, numbering, bill runs."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from sqlalchemy import Connection, text

from mtf.billing.domain.invoice import BillRun, CreditNote, Invoice, Numbering, numbering_id_for
from mtf.kernel.errors import Conflict, NotFound
from mtf.kernel.eventstore import ServiceEventStore


class BillingEventStore(ServiceEventStore):
    name = "billing"
    aggregates: ClassVar[dict[str, type[Aggregate]]] = {
        "invoice": Invoice,
        "credit-note": CreditNote,
        "bill-run": BillRun,
        "numbering": Numbering,
    }


class EventSourcedBilling:
    def __init__(self, events: BillingEventStore) -> None:
        self.events = events

    def _get(self, aggregate_id: UUID, kind: type[Aggregate], label: str) -> Aggregate:
        try:
            found: Aggregate = self.events.repository.get(aggregate_id)
        except AggregateNotFoundError as exc:
            raise NotFound(f"no {label} with id {aggregate_id}") from exc
        if not isinstance(found, kind):
            raise NotFound(f"no {label} with id {aggregate_id}")
        return found

    def invoice(self, invoice_id: UUID) -> Invoice:
        found = self._get(invoice_id, Invoice, "invoice")
        assert isinstance(found, Invoice)
        return found

    def credit_note(self, credit_note_id: UUID) -> CreditNote:
        found = self._get(credit_note_id, CreditNote, "credit note")
        assert isinstance(found, CreditNote)
        return found

    def bill_run(self, run_id: UUID) -> BillRun | None:
        try:
            found = self._get(run_id, BillRun, "bill run")
        except NotFound:
            return None
        assert isinstance(found, BillRun)
        return found

    def numbering(self, kind: str, year: int) -> Numbering:
        try:
            found = self._get(numbering_id_for(kind, year), Numbering, "numbering")
        except NotFound:
            return Numbering(kind=kind, year=year)
        assert isinstance(found, Numbering)
        return found

    def save(self, *aggregates: Aggregate) -> None:
        try:
            self.events.save(*aggregates)
        except IntegrityError as exc:
            raise Conflict("changed at the same time by another process; retry") from exc

    def existing(self, conn: Connection, ids: list[UUID]) -> set[UUID]:
        """Which of these aggregates exist (read straight from the event table)."""
        if not ids:
            return set()
        rows = conn.execute(
            text(
                "SELECT originator_id FROM billing_events "
                "WHERE originator_id = ANY(:ids) AND originator_version = 1"
            ),
            {"ids": ids},
        ).all()
        return {row[0] for row in rows}
