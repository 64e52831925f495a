"""The customer's event store (clients) and the ClientStore port on it."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from mtf.customer.domain.client import Client
from mtf.customer.published import CUSTOMER
from mtf.kernel.errors import Conflict, NotFound
from mtf.kernel.eventstore import ServiceEventStore


class CustomerEventStore(ServiceEventStore):
    name = "customer"
    published = CUSTOMER
    aggregates: ClassVar[dict[str, type[Aggregate]]] = {"client": Client}


class EventSourcedClientStore:
    def __init__(self, events: CustomerEventStore) -> None:
        self.events = events

    def get(self, client_id: UUID) -> Client:
        try:
            client: Aggregate = self.events.repository.get(client_id)
        except AggregateNotFoundError as exc:
            raise NotFound(f"no client with id {client_id}") from exc
        if not isinstance(client, Client):
            raise NotFound(f"no client with id {client_id}")
        return client

    def exists(self, client_id: UUID) -> bool:
        return bool(self.events.recorder.select_events(client_id, limit=1))

    def save(self, client: Client) -> None:
        try:
            self.events.save(client)
        except IntegrityError as exc:
            raise Conflict(
                "the client was changed at the same time by someone else; retry"
            ) from exc
