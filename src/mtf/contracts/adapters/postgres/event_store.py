"""The contracts service's event store (contracts and provisioning orders)."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from mtf.contracts.domain.contract import Contract
from mtf.contracts.domain.order import ProvisioningOrder
from mtf.contracts.published import CONTRACTS
from mtf.kernel.eventstore import ServiceEventStore
from mtf.kernel.repository import EventSourcedRepository


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
        self.repository = EventSourcedRepository(events)

    def get(self, contract_id: UUID) -> Contract:
        return self.repository.get(contract_id, Contract, "contract")

    def exists(self, contract_id: UUID) -> bool:
        return self.repository.exists(contract_id)

    def existing(self, contract_ids: list[UUID]) -> set[UUID]:
        return self.repository.existing(contract_ids)

    def save(self, *aggregates: Contract | ProvisioningOrder) -> None:
        self.repository.save(
            *aggregates,
            conflict="the contract was changed at the same time by someone else; retry",
        )

    def find(self, order_id: UUID) -> ProvisioningOrder | None:
        return self.repository.find(order_id, ProvisioningOrder)
