"""The collections event store: payments, cases, runs."""

from __future__ import annotations

from datetime import date
from typing import ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from mtf.collections.domain.case import CollectionCase, CollectionsRun
from mtf.collections.domain.payment import Payment
from mtf.kernel.errors import Conflict
from mtf.kernel.eventstore import ServiceEventStore
from mtf.kernel.ids import stable_id


class CollectionsEventStore(ServiceEventStore):
    name = "collections"
    aggregates: ClassVar[dict[str, type[Aggregate]]] = {
        "payment": Payment,
        "case": CollectionCase,
        "collections-run": CollectionsRun,
    }


class EventSourcedCollections:
    def __init__(self, events: CollectionsEventStore) -> None:
        self.events = events

    def _find(self, aggregate_id: UUID, kind: type[Aggregate]) -> Aggregate | None:
        try:
            found: Aggregate = self.events.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, kind) else None

    def payment(self, payment_id: UUID) -> Payment | None:
        found = self._find(payment_id, Payment)
        return found if isinstance(found, Payment) else None

    def case(self, case_id: UUID) -> CollectionCase | None:
        found = self._find(case_id, CollectionCase)
        return found if isinstance(found, CollectionCase) else None

    def run_exists(self, as_of: date) -> bool:
        return bool(
            self.events.recorder.select_events(stable_id("collections-run", as_of), limit=1)
        )

    def save(self, *aggregates: Aggregate) -> None:
        try:
            self.events.save(*aggregates)
        except IntegrityError as exc:
            raise Conflict("changed at the same time by another process; retry") from exc
