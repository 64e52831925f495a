"""The contracts service's event store (contracts and provisioning orders)."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from mtf.contracts.domain.contract import Contract
from mtf.contracts.domain.order import ProvisioningOrder
from mtf.contracts.published import CONTRACTS
from mtf.kernel.errors import Conflict, NotFound
from mtf.kernel.eventstore import ServiceEventStore


class ContractsEventStore(ServiceEventStore):
    name = "contracts"
    published = CONTRACTS
    aggregates: ClassVar[dict[str, type[Aggregate]]] = {
        "contract": Contract,
        "order": ProvisioningOrder,
    }


class EventSourcedContracts:
    """ContractStore and OrderStore on the event store."""

    def __init__(self, events: ContractsEventStore) -> None:
        self.events = events

    def get(self, contract_id: UUID) -> Contract:
        try:
            contract: Aggregate = self.events.repository.get(contract_id)
        except AggregateNotFoundError as exc:
            raise NotFound(f"no contract with id {contract_id}") from exc
        if not isinstance(contract, Contract):
            raise NotFound(f"no contract with id {contract_id}")
        return contract

    def exists(self, contract_id: UUID) -> bool:
        return bool(self.events.recorder.select_events(contract_id, limit=1))

    def save(self, *aggregates: Contract | ProvisioningOrder) -> None:
        try:
            self.events.save(*aggregates)
        except IntegrityError as exc:
            raise Conflict(
                "the contract was changed at the same time by someone else; retry"
            ) from exc

    def find(self, order_id: UUID) -> ProvisioningOrder | None:
        try:
            order: Aggregate = self.events.repository.get(order_id)
        except AggregateNotFoundError:
            return None
        return order if isinstance(order, ProvisioningOrder) else None
