"""Contract lifecycle use cases: suspend, resume, terminate."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from mtf.contracts.application.ports import (
    ContractFilter,
    ContractStore,
    ContractViews,
    CustomerDirectory,
    ReadModelRefresher,
)
from mtf.contracts.domain.contract import SCHEDULABLE
from mtf.kernel.clock import Clock
from mtf.kernel.errors import Conflict, NotFound
from mtf.kernel.pagination import PageRequest

CONTRACT_SORTS = ("start_date", "created_at", "updated_at", "status", "service", "monthly_fee")


class ContractCommands:
    def __init__(
        self,
        store: ContractStore,
        read_model: ReadModelRefresher,
        customers: CustomerDirectory,
        clock: Clock,
        views: ContractViews,
    ) -> None:
        self.store = store
        self.read_model = read_model
        self.customers = customers
        self.clock = clock
        self.views = views

    def _transition(
        self, action: str, contract_id: UUID, reason: str, effective_date: date | None, actor: str
    ) -> None:
        contract = self.store.get(contract_id)
        today = self.clock.today()
        if effective_date is not None and effective_date > today and action in SCHEDULABLE:
            # a later date: recorded now, applied by the workers on that date
            contract.schedule(
                action=action,
                reason=reason,
                effective_date=effective_date,
                today=today,
                actor=actor,
            )
        else:
            getattr(contract, action)(
                reason=reason, effective_date=effective_date or today, today=today, actor=actor
            )
        self.store.save(contract)
        self.read_model.catch_up()
        self.customers.contracts_changed()

    def cancel_scheduled_change(self, contract_id: UUID, actor: str) -> None:
        contract = self.store.get(contract_id)
        contract.cancel_scheduled_change(reason="cancelled", actor=actor)
        self.store.save(contract)
        self.read_model.catch_up()

    def apply_due_scheduled_changes(self) -> int:
        """The scheduled suspensions and terminations whose date has come (a worker job; safe
        on several workers: a contract changed by another at the same time is skipped)."""
        today = self.clock.today()
        applied = 0
        for contract_id in self.views.due_scheduled_changes(today):
            contract = self.store.get(contract_id)
            if not contract.apply_scheduled_change(today=today, actor="system:scheduler"):
                continue
            try:
                self.store.save(contract)
            except Conflict:
                continue
            applied += 1
        if applied:
            self.read_model.catch_up()
            self.customers.contracts_changed()
        return applied

    def suspend(
        self, contract_id: UUID, reason: str, effective_date: date | None, actor: str
    ) -> None:
        """Suspend an active contract (its line stops, billing continues per the rules)."""
        self._transition("suspend", contract_id, reason, effective_date, actor)

    def resume(
        self, contract_id: UUID, reason: str, effective_date: date | None, actor: str
    ) -> None:
        """Resume a suspended contract."""
        self._transition("resume", contract_id, reason, effective_date, actor)

    def terminate(
        self, contract_id: UUID, reason: str, effective_date: date | None, actor: str
    ) -> None:
        """End an active or suspended contract on the effective date."""
        self._transition("terminate", contract_id, reason, effective_date, actor)


class ContractQueries:
    def __init__(self, views: ContractViews) -> None:
        self.views = views

    def list_contracts(
        self, filters: ContractFilter, page: PageRequest
    ) -> tuple[list[dict[str, Any]], int]:
        return self.views.page(filters, page)

    def contract(self, contract_id: UUID) -> dict[str, Any]:
        found = self.views.get(contract_id)
        if found is None:
            raise NotFound(f"no contract with id {contract_id}")
        return found

    def order(self, order_id: UUID) -> dict[str, Any]:
        found = self.views.order(order_id)
        if found is None:
            raise NotFound(f"no provisioning order with id {order_id}")
        return found
