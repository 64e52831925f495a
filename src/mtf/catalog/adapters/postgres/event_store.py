"""The catalog's event store: offers as event-sourced aggregates in schema `catalog`."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from mtf.catalog.domain.offer import Offer
from mtf.kernel.errors import Conflict, NotFound, invalid
from mtf.kernel.eventstore import ServiceEventStore


class CatalogEventStore(ServiceEventStore):
    name = "catalog"
    aggregates: ClassVar[dict[str, type[Aggregate]]] = {"offer": Offer}

    def get(self, offer_id: UUID) -> Offer:
        try:
            offer = self.repository.get(offer_id)
        except AggregateNotFoundError as exc:
            raise NotFound(f"no offer with id {offer_id}") from exc
        if not isinstance(offer, Offer):
            raise NotFound(f"no offer with id {offer_id}")
        return offer

    def save(self, *objs: Aggregate | None, **kwargs: object) -> list:  # type: ignore[override,type-arg]
        first = objs[0] if objs else None
        is_new = isinstance(first, Aggregate) and first.version == len(first.pending_events)
        try:
            return super().save(*objs)
        except IntegrityError as exc:
            if is_new and isinstance(first, Offer):
                raise invalid("code", f"{first.code} is already used by another offer") from exc
            raise Conflict("the offer was changed at the same time by someone else; retry") from exc
