"""In-memory adapters for the contracts use cases (the fast tier): the same ports as
PostgreSQL and HTTP adapters, no infrastructure."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from mtf.contracts.application.checkout import Checkout
from mtf.contracts.application.contract_commands import ContractCommands
from mtf.contracts.domain.checkout import CurrentLine
from mtf.contracts.domain.contract import Contract
from mtf.contracts.domain.order import ProvisioningOrder
from mtf.kernel.client_registration import ClientRegistration
from mtf.kernel.errors import Conflict, NotFound, ServiceUnavailable, ValidationFailed, invalid


class FixedClock:
    def __init__(self, today: date) -> None:
        self.day = today

    def now(self) -> datetime:
        return datetime(self.day.year, self.day.month, self.day.day, 12, tzinfo=UTC)

    def today(self) -> date:
        return self.day


class MemoryStore:
    def __init__(self) -> None:
        self.aggregates: dict[UUID, Any] = {}

    def get(self, contract_id: UUID) -> Contract:
        found = self.aggregates.get(contract_id)
        if not isinstance(found, Contract):
            raise NotFound("no contract")
        return copy.deepcopy(found)

    def exists(self, contract_id: UUID) -> bool:
        return contract_id in self.aggregates

    def save(self, *aggregates: Any) -> None:
        for aggregate in aggregates:
            stored = self.aggregates.get(aggregate.id)
            pending = aggregate.collect_events()
            if stored is not None and stored.version != pending[0].originator_version - 1:
                raise Conflict("concurrent change")
            if stored is None and pending[0].originator_version != 1:
                raise Conflict("unknown aggregate")
        for aggregate in aggregates:
            self.aggregates[aggregate.id] = copy.deepcopy(aggregate)

    def find(self, order_id: UUID) -> ProvisioningOrder | None:
        found = self.aggregates.get(order_id)
        return copy.deepcopy(found) if isinstance(found, ProvisioningOrder) else None

    def contracts(self) -> list[Contract]:
        return [a for a in self.aggregates.values() if isinstance(a, Contract)]

    def orders(self) -> list[ProvisioningOrder]:
        return [a for a in self.aggregates.values() if isinstance(a, ProvisioningOrder)]


class MemoryViews:
    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def active_lines(self, client_id: UUID, service: str) -> list[CurrentLine]:
        return [
            CurrentLine(c.subscriber_id, c.id, c.offer_id, c.offer_code, c.start_date)
            for c in sorted(self.store.contracts(), key=lambda c: c.start_date)
            if c.client_id == client_id and c.service == service and c.status == "active"
        ]

    def stalled_orders(self, older_than_seconds: float) -> Iterator[UUID]:
        return iter([o.id for o in self.store.orders() if o.status == "running"])

    def due_pending_contracts(self, today: date) -> list[UUID]:
        completed = {o.id for o in self.store.orders() if o.status == "completed"}
        return [
            c.id
            for c in sorted(self.store.contracts(), key=lambda c: c.start_date)
            if c.status == "pending" and c.start_date <= today and c.order_id in completed
        ]

    def due_scheduled_changes(self, today: date) -> list[UUID]:
        return [
            c.id
            for c in self.store.contracts()
            if c.scheduled_change
            and c.scheduled_change["action"] != "plan_change"
            and c.scheduled_change["effective_date"] <= today
        ]


class MemoryCatalog:
    def __init__(self) -> None:
        self.offers: dict[UUID, dict[str, Any]] = {}

    def add(
        self, offer_id: UUID, code: str, service: str, fee: str = "99.00", status: str = "published"
    ) -> UUID:
        self.offers[offer_id] = {
            "id": str(offer_id),
            "code": code,
            "name": code,
            "service": service,
            "version": 1,
            "monthly_fee": fee,
            "commitment_months": 0,
            "status": status,
        }
        return offer_id

    def sellable_offer(self, offer_id: UUID) -> dict[str, Any]:
        offer = self.offers.get(offer_id)
        if offer is None:
            raise invalid("offer_id", "no offer with this id")
        if offer["status"] != "published":
            raise invalid("offer_id", "only published offers can be sold")
        return offer


class MemoryCustomers:
    def __init__(self) -> None:
        self.clients: dict[UUID, dict[str, Any]] = {}
        self.lines: dict[UUID, dict[str, Any]] = {}
        self.fail_next: dict[str, Exception] = {}
        self.calls: list[str] = []

    def _maybe_fail(self, name: str) -> None:
        self.calls.append(name)
        if name in self.fail_next:
            raise self.fail_next.pop(name)

    def client(self, client_id: UUID) -> dict[str, Any] | None:
        return self.clients.get(client_id)

    def client_by_cin(self, cin: str) -> dict[str, Any] | None:
        return next((c for c in self.clients.values() if c.get("cin") == cin.upper()), None)

    def client_by_ice(self, ice: str) -> dict[str, Any] | None:
        return next((c for c in self.clients.values() if c.get("ice") == ice), None)

    def check_new_client(self, data: ClientRegistration) -> None:
        if not data.cin and not data.ice:
            raise ValidationFailed([])

    def ensure_client(
        self,
        client_id: UUID,
        data: ClientRegistration,
        actor: str,
        line: tuple[UUID, str] | None = None,
    ) -> dict[str, Any]:
        self._maybe_fail("ensure_client")
        self.clients.setdefault(
            client_id,
            {
                "id": str(client_id),
                "cin": (data.cin or "").upper() or None,
                "ice": data.ice,
                "status": "active",
            },
        )
        return self.clients[client_id]

    def ensure_line(
        self, subscriber_id: UUID, client_id: UUID, service: str, actor: str
    ) -> dict[str, Any]:
        self._maybe_fail("ensure_line")
        self.lines.setdefault(
            subscriber_id,
            {
                "id": str(subscriber_id),
                "client_id": client_id,
                "service": service,
                "number": f"06{len(self.lines):08d}",
            },
        )
        return self.lines[subscriber_id]

    def line_numbers(self, client_id: UUID) -> dict[UUID, str]:
        return {
            sid: line["number"]
            for sid, line in self.lines.items()
            if line["client_id"] == client_id
        }

    def remove_client(self, client_id: UUID, actor: str) -> None:
        self.clients.pop(client_id, None)

    def contracts_changed(self) -> None:
        self.calls.append("contracts_changed")


class MemoryLocks:
    def __init__(self) -> None:
        self.held: set[UUID] = set()

    @contextmanager
    def hold(self, order_id: UUID) -> Iterator[bool]:
        if order_id in self.held:
            yield False
            return
        self.held.add(order_id)
        try:
            yield True
        finally:
            self.held.discard(order_id)


class NoReadModel:
    def catch_up(self) -> int:
        return 0


class World:
    def __init__(self, today: date = date(2026, 11, 27)) -> None:
        self.store = MemoryStore()
        self.catalog = MemoryCatalog()
        self.customers = MemoryCustomers()
        self.locks = MemoryLocks()
        self.clock = FixedClock(today)
        self.checkout = Checkout(
            contracts=self.store,
            orders=self.store,
            views=MemoryViews(self.store),  # type: ignore[arg-type]
            catalog=self.catalog,
            customers=self.customers,
            locks=self.locks,
            read_model=NoReadModel(),
            clock=self.clock,
        )
        self.commands = ContractCommands(
            self.store,
            NoReadModel(),
            self.customers,
            self.clock,
            MemoryViews(self.store),  # type: ignore[arg-type]
            orders=self.store,
        )

    def current_contracts_per_line(self) -> dict[UUID, int]:
        counts: dict[UUID, int] = {}
        for c in self.store.contracts():
            if c.status in ("active", "suspended"):
                counts[c.subscriber_id] = counts.get(c.subscriber_id, 0) + 1
        return counts


__all__ = ["ServiceUnavailable", "World"]
