"""The customer's event store (clients) and the ClientStore port on it."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from mtf.customer.domain.client import Client
from mtf.customer.published import CUSTOMER
from mtf.kernel.eventstore import ServiceEventStore
from mtf.kernel.repository import EventSourcedRepository


class CustomerEventStore(ServiceEventStore):
    name = "customer"
    published = CUSTOMER
    aggregates: ClassVar[dict[str, type[Aggregate]]] = {"client": Client}


class EventSourcedClientStore:
    """The ClientStore port on the kernel's repository."""

    def __init__(self, events: CustomerEventStore) -> None:
        self.events = events
        self.repository = EventSourcedRepository(events)

    def get(self, client_id: UUID) -> Client:
        return self.repository.get(client_id, Client, "client")

    def exists(self, client_id: UUID) -> bool:
        return self.repository.exists(client_id)

    def existing(self, client_ids: list[UUID]) -> set[UUID]:
        return self.repository.existing(client_ids)

    def get_many(self, client_ids: list[UUID]) -> dict[UUID, Client]:
        return self.repository.find_many(client_ids, Client)

    def save(self, *clients: Client) -> None:
        """One client, or a batch of them (an import) in one transaction."""
        self.repository.save(
            *clients, conflict="the client was changed at the same time by someone else; retry"
        )
