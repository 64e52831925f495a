"""The catalog's event store: offers as event-sourced aggregates in schema `catalog`."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from mtf.catalog.domain.offer import Offer
from mtf.catalog.published import CATALOG
from mtf.kernel.errors import Conflict, NotFound, invalid
from mtf.kernel.eventstore import ServiceEventStore


class CatalogEventStore(ServiceEventStore):
    name = "catalog"
    published = CATALOG
    aggregates: ClassVar[dict[str, type[Aggregate]]] = {"offer": Offer}


class EventSourcedOfferStore:
    """The OfferStore port on the catalog's event store."""

    def __init__(self, events: CatalogEventStore) -> None:
        self.events = events

    def get(self, offer_id: UUID) -> Offer:
        try:
            offer: Aggregate = self.events.repository.get(offer_id)
        except AggregateNotFoundError as exc:
            raise NotFound(f"no offer with id {offer_id}") from exc
        if not isinstance(offer, Offer):
            raise NotFound(f"no offer with id {offer_id}")
        return offer

    def save(self, offer: Offer) -> None:
        is_new = offer.version == len(offer.pending_events)
        try:
            self.events.save(offer)
        except IntegrityError as exc:
            if is_new:
                # the id follows from the code: the database refuses a second offer with it
                raise invalid("code", f"{offer.code} is already used by another offer") from exc
            raise Conflict("the offer was changed at the same time by someone else; retry") from exc
