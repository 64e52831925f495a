"""Ports of the contracts use cases."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from mtf.contracts.domain.checkout import CurrentLine
from mtf.contracts.domain.contract import Contract
from mtf.contracts.domain.order import ProvisioningOrder
from mtf.kernel.client_registration import ClientRegistration
from mtf.kernel.pagination import PageRequest


class ContractStore(Protocol):
    def get(self, contract_id: UUID) -> Contract:
        """The contract rebuilt from its events; NotFound when there is none."""
        ...

    def exists(self, contract_id: UUID) -> bool:
        """True when the contract was created."""
        ...

    def save(self, *aggregates: Contract | ProvisioningOrder) -> None:
        """Record the aggregates' new events atomically; Conflict on a concurrent change."""
        ...


class OrderStore(Protocol):
    def find(self, order_id: UUID) -> ProvisioningOrder | None:
        """The order, or None."""
        ...

    def save(self, order: ProvisioningOrder) -> None:
        """Record the order's new events."""
        ...


class OfferCatalog(Protocol):
    def sellable_offer(self, offer_id: UUID) -> dict[str, Any]:
        """The offer (id, code, name, service, version, monthly_fee, commitment_months) if it
        is published; a field error on offer_id otherwise."""
        ...


class CustomerDirectory(Protocol):
    def client(self, client_id: UUID) -> dict[str, Any] | None:
        """A client (id, status, ...) or None."""
        ...

    def client_by_cin(self, cin: str) -> dict[str, Any] | None:
        """The client holding that CIN, or None."""
        ...

    def client_by_ice(self, ice: str) -> dict[str, Any] | None:
        """The business holding this ICE, if any."""
        ...

    def check_new_client(self, data: ClientRegistration) -> dict[str, Any] | None:
        """Field errors (prefixed new_client.) for personal data that would be refused. The
        answer may say who already holds the CIN or ICE (`client`: id and status, or None);
        without `client` the caller asks by CIN or ICE."""
        ...

    def ensure_client(
        self,
        client_id: UUID,
        data: ClientRegistration,
        actor: str,
        line: tuple[UUID, str] | None = None,
    ) -> dict[str, Any]:
        """Register the client under that id unless it exists (idempotent); with `line`
        (subscriber id, service) that line too, in the same call, when the customer service
        can: the answer's `subscribers` then lists it."""
        ...

    def ensure_line(
        self, subscriber_id: UUID, client_id: UUID, service: str, actor: str
    ) -> dict[str, Any]:
        """Create the line with its numbers unless it exists (idempotent)."""
        ...

    def line_numbers(self, client_id: UUID) -> dict[UUID, str]:
        """The numbers of a client's lines, by subscriber id."""
        ...

    def remove_client(self, client_id: UUID, actor: str) -> None:
        """Compensation: remove a client this order created and nothing else uses."""
        ...

    def contracts_changed(self) -> None:
        """Ask the customer service to follow the contracts feed now (best effort)."""
        ...


class OrderLocks(Protocol):
    def hold(self, order_id: UUID) -> AbstractContextManager[bool]:
        """Try to hold the order's lock for the block; yields False when another process has it."""
        ...


class ReadModelRefresher(Protocol):
    def catch_up(self) -> int:
        """Bring the read model up to the last recorded event."""
        ...


@dataclass(frozen=True)
class ContractFilter:
    client_id: UUID | None = None
    subscriber_id: UUID | None = None
    status: str | None = None
    service: str | None = None


class ContractViews(Protocol):
    def page(self, filters: ContractFilter, page: PageRequest) -> tuple[list[dict[str, Any]], int]:
        """One page of contracts and the total."""
        ...

    def get(self, contract_id: UUID) -> dict[str, Any] | None:
        """One contract row, or None."""
        ...

    def active_lines(self, client_id: UUID, service: str) -> list[CurrentLine]:
        """The client's lines with an active contract of that service."""
        ...

    def order(self, order_id: UUID) -> dict[str, Any] | None:
        """One provisioning order row, or None."""
        ...

    def due_scheduled_changes(self, today: date) -> list[UUID]:
        """Contracts with a scheduled change whose date has come."""
        ...

    def due_pending_contracts(self, today: date) -> list[UUID]:
        """Pending contracts of completed checkouts whose start date has come."""
        ...

    def stalled_orders(self, older_than_seconds: float) -> Iterator[UUID]:
        """Running orders not touched for a while (interrupted)."""
        ...
