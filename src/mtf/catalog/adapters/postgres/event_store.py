"""The catalog's event store: offers as event-sourced aggregates in schema `catalog`."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from mtf.catalog.domain.offer import Offer
from mtf.catalog.published import CATALOG
from mtf.kernel.errors import Conflict, already_exists
from mtf.kernel.eventstore import ServiceEventStore
from mtf.kernel.repository import EventSourcedRepository


class CatalogEventStore(ServiceEventStore):
    name = "catalog"
    published = CATALOG
    aggregates: ClassVar[dict[str, type[Aggregate]]] = {"offer": Offer}


class EventSourcedOfferStore:
    """The OfferStore port on the kernel's repository."""

    def __init__(self, events: CatalogEventStore) -> None:
        self.events = events
        self.repository = EventSourcedRepository(events)

    def get(self, offer_id: UUID) -> Offer:
        return self.repository.get(offer_id, Offer, "offer")

    def save(self, offer: Offer) -> None:
        is_new = offer.version == len(offer.pending_events)
        try:
            self.events.save(offer)
        except IntegrityError as exc:
            if is_new:
                # the id follows from the code: the database refuses a second offer with it
                raise already_exists(
                    "code", f"{offer.code} is already used by another offer"
                ) from exc
            raise Conflict("the offer was changed at the same time by someone else; retry") from exc
