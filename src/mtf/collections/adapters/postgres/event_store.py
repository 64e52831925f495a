"""The collections event store: payments, cases, runs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from mtf.collections.domain.case import CollectionCase, CollectionsRun
from mtf.collections.domain.payment import Payment
from mtf.collections.published import COLLECTIONS
from mtf.kernel.eventstore import BinaryInsertRecorder, ServiceEventStore
from mtf.kernel.ids import stable_id
from mtf.kernel.repository import EventSourcedRepository

PaymentEvent: Any = Payment  # the event classes live on the aggregate


class CollectionsRecorder(BinaryInsertRecorder):
    """Records the events and, in the same transaction, moves the settlements ledger (what is
    paid on each invoice) by what those events allocate or undo: allocating a payment reads
    the ledger, never a read model that may lag behind."""

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        moves: list[tuple[UUID, UUID, Decimal]] = kwargs.get("settlements") or []
        if moves:
            curs.executemany(
                # the CHECK (paid >= 0) applies to the proposed row too, hence GREATEST
                SQL(
                    "INSERT INTO {}.settlements AS s (invoice_id, client_id, paid) "
                    "VALUES (%s, %s, GREATEST(%s, 0)) ON CONFLICT (invoice_id) "
                    "DO UPDATE SET paid = s.paid + %s"
                ).format(Identifier(self.datastore.schema)),
                [(invoice, client, amount, amount) for invoice, client, amount in moves],
            )
        super()._insert_events(curs, stored_events, **kwargs)


def settlement_moves(aggregates: Sequence[Aggregate]) -> list[tuple[UUID, UUID, Decimal]]:
    """How much each invoice's paid amount moves with the pending events of these payments."""
    moves: dict[UUID, list[Any]] = {}

    def move(client_id: UUID, invoice_id: str, amount: Decimal | str) -> None:
        key = UUID(invoice_id)
        moves.setdefault(key, [client_id, Decimal("0.00")])[1] += Decimal(amount)

    for aggregate in aggregates:
        if not isinstance(aggregate, Payment):
            continue
        for e in aggregate.pending_events:
            if isinstance(e, PaymentEvent.Posted):
                for a in e.allocations:
                    move(e.client_id, a["invoice_id"], a["amount"])
            elif isinstance(e, PaymentEvent.CreditApplied):
                move(aggregate.client_id, str(e.invoice_id), e.amount)
            elif isinstance(e, PaymentEvent.CreditReturned):
                move(aggregate.client_id, str(e.invoice_id), -e.amount)
            elif isinstance(e, PaymentEvent.Reversed):
                for a in e.undone:
                    move(aggregate.client_id, a["invoice_id"], -Decimal(a["amount"]))
    return [(invoice, client, amount) for invoice, (client, amount) in sorted(moves.items())]


class CollectionsEventStore(ServiceEventStore):
    name = "collections"
    recorder_topic = "mtf.collections.adapters.postgres.event_store:CollectionsRecorder"
    published = COLLECTIONS
    aggregates: ClassVar[dict[str, type[Aggregate]]] = {
        "payment": Payment,
        "case": CollectionCase,
        "collections-run": CollectionsRun,
    }


class EventSourcedCollections:
    def __init__(self, events: CollectionsEventStore) -> None:
        self.events = events
        self.repository = EventSourcedRepository(events)

    def payment(self, payment_id: UUID) -> Payment | None:
        return self.repository.find(payment_id, Payment)

    def case(self, case_id: UUID) -> CollectionCase | None:
        return self.repository.find(case_id, CollectionCase)

    def cases(self, case_ids: list[UUID]) -> dict[UUID, CollectionCase]:
        return self.repository.find_many(case_ids, CollectionCase)

    def run(self, as_of: date) -> CollectionsRun | None:
        return self.repository.find(stable_id("collections-run", as_of), CollectionsRun)

    def save(self, *aggregates: Aggregate) -> None:
        self.repository.save(*aggregates, settlements=settlement_moves(aggregates))
