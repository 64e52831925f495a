"""Ports of the customer use cases."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

from mtf.customer.domain.client import Client
from mtf.kernel.pagination import PageRequest


class ClientStore(Protocol):
    def get(self, client_id: UUID) -> Client:
        """The client rebuilt from its events; NotFound when there is none."""
        ...

    def exists(self, client_id: UUID) -> bool:
        """True when the client has been registered."""
        ...

    def save(self, client: Client) -> None:
        """Record new events; Conflict on a concurrent change."""
        ...


class PersonalDataVault(Protocol):
    def ensure_key(self, client_id: UUID) -> None:
        """Create the client's data key if it has none."""
        ...

    def seal(self, client_id: UUID, data: dict[str, Any]) -> str:
        """Encrypt personal data with the client's key."""
        ...

    def open(self, client_id: UUID, sealed: str) -> dict[str, Any] | None:
        """Decrypt; None once the key was destroyed (erased client)."""
        ...


class CinRegistry(Protocol):
    def reserve(self, cin_hash: str, client_id: UUID) -> UUID:
        """Reserve the CIN for client_id; return the client that holds it (maybe another)."""
        ...

    def reassign(self, cin_hash: str, client_id: UUID) -> None:
        """Give a CIN whose holder was never registered (a crash) to client_id."""
        ...

    def holder(self, cin_hash: str) -> UUID | None:
        """The client holding this CIN, if any."""
        ...


class IceRegistry(Protocol):
    def reserve(self, ice: str, client_id: UUID) -> UUID:
        """Reserve the ICE for client_id; return the client that holds it (maybe another)."""
        ...

    def reassign(self, ice: str, client_id: UUID) -> None:
        """Give an ICE whose holder was never registered (a crash) to client_id."""
        ...


@dataclass(frozen=True)
class ContractCounts:
    current: int  # active or suspended
    ever: int


class ContractsDirectory(Protocol):
    def counts(self, client_id: UUID) -> ContractCounts:
        """How many contracts the client holds now, and has ever had."""
        ...


class BalanceDirectory(Protocol):
    def amount_due(self, client_id: UUID) -> Decimal:
        """What the client still owes on issued invoices (collections)."""
        ...


class ReadModelRefresher(Protocol):
    def catch_up(self) -> int:
        """Bring the read model up to the last recorded event."""
        ...


@dataclass(frozen=True)
class ClientFilter:
    q: str | None = None
    q_cin_hash: str | None = None  # when the search text is a CIN, its hash
    cin_hash: str | None = None
    status: str | None = None
    ice: str | None = None
    q_ice: str | None = None  # when the search text is an ICE
    q_phone: str | None = None  # when the search text is a phone or line number, normalised
    q_line: str | None = None  # when the search text is an internet line id (NET...)
    ids: tuple[UUID, ...] = ()  # only these clients (a batch lookup)
    kind: str | None = None


class ClientViews(Protocol):
    def list(self, filters: ClientFilter, page: PageRequest) -> tuple[list[dict[str, Any]], int]:
        """One page of clients and the total."""
        ...

    def get(self, client_id: UUID) -> dict[str, Any] | None:
        """One client row, or None."""
        ...


class SubscriberRegistry(Protocol):
    def ensure(self, subscriber_id: UUID, client_id: UUID, service: str) -> dict[str, Any]:
        """Create the line with freshly allocated numbers unless it exists; return it."""
        ...

    def get(self, subscriber_id: UUID) -> dict[str, Any] | None:
        """One line, or None."""
        ...

    def list(
        self, client_id: UUID | None, status: str | None, service: str | None, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of lines and the total."""
        ...


class ErasureFollowers(Protocol):
    def client_erased(self, client_id: UUID) -> None:
        """Ask the services that follow erasures (billing's PDFs) to apply them now; never
        fails (they follow the feed anyway)."""
        ...


class ClientBatchStore(ClientStore, Protocol):
    def existing(self, client_ids: list[UUID]) -> set[UUID]:
        """Which of these clients have been registered (one query)."""
        ...

    def get_many(self, client_ids: list[UUID]) -> dict[UUID, Client]:
        """These clients rebuilt from their events (one query)."""
        ...

    def save(self, *clients: Client) -> None:
        """Record the clients' new events in one transaction."""
        ...


class BatchVault(PersonalDataVault, Protocol):
    def ensure_keys(self, client_ids: list[UUID]) -> None:
        """Data keys for every client of a batch that has none (one statement)."""
        ...


class BatchRegistry(Protocol):
    """A unique key (a CIN's hash, an ICE) reserved per client, for a batch at once."""

    def reserve_many(self, wanted: dict[str, UUID]) -> dict[str, UUID]:
        """Reserve each key for its client; return each key's holder (maybe another)."""
        ...

    def holders(self, keys: list[str]) -> dict[str, UUID]:
        """The clients holding these keys (absent keys are left out)."""
        ...

    def reassign(self, key: str, client_id: UUID) -> None:
        """Give a key whose holder was never registered (a crash) to client_id."""
        ...


class BatchLines(Protocol):
    def ensure_many(self, wanted: list[tuple[UUID, UUID, str]]) -> dict[UUID, dict[str, Any]]:
        """Create the lines (subscriber id, client id, service) that do not exist yet, with
        their numbers, in one transaction; return every line of the batch by id."""
        ...
