"""Contract lifecycle use cases: suspend, resume, terminate, cancel a pending contract, and
the worker's jobs (scheduled changes, contracts whose start date has come)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from mtf.contracts.application.ports import (
    ContractFilter,
    ContractStore,
    ContractViews,
    CustomerDirectory,
    OrderStore,
    ReadModelRefresher,
)
from mtf.contracts.domain.contract import (
    PENDING,
    PLAN_CHANGE,
    SCHEDULABLE,
    Contract,
    start_contract,
)
from mtf.kernel.clock import Clock
from mtf.kernel.errors import Conflict, NotFound, ValidationFailed
from mtf.kernel.logging import get_logger
from mtf.kernel.pagination import PageRequest

log = get_logger("mtf.contracts.lifecycle")
SCHEDULER = "system:scheduler"

CONTRACT_SORTS = ("start_date", "created_at", "updated_at", "status", "service", "monthly_fee")


class ContractCommands:
    def __init__(
        self,
        store: ContractStore,
        read_model: ReadModelRefresher,
        customers: CustomerDirectory,
        clock: Clock,
        views: ContractViews,
        orders: OrderStore,
    ) -> None:
        self.orders = orders
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
        """Cancel what is scheduled on the contract; for a future plan change, that is the
        pending new contract (cancelled too, in the same transaction)."""
        contract = self.store.get(contract_id)
        change = contract.scheduled_change
        if change is not None and change["action"] == PLAN_CHANGE:
            self.cancel(change["contract_id"], "scheduled plan change cancelled", actor)
            return
        contract.cancel_scheduled_change(reason="cancelled", actor=actor)
        self.store.save(contract)
        self.read_model.catch_up()

    def _previous_of(self, contract: Contract) -> Contract | None:
        """The contract a plan change replaces (from the checkout order that made it)."""
        order = self.orders.find(contract.order_id) if contract.order_id else None
        if order is None or order.previous_contract_id is None:
            return None
        return self.store.get(order.previous_contract_id)

    def cancel(self, contract_id: UUID, reason: str, actor: str) -> None:
        """A pending contract never starts (nothing is billed for it). A new line's line
        ends with it; a future plan change's current contract no longer shows it."""
        self.store.save(*self._cancelled(self.store.get(contract_id), reason, actor))
        self.read_model.catch_up()
        self.customers.contracts_changed()

    def _cancelled(self, contract: Contract, reason: str, actor: str) -> tuple[Contract, ...]:
        """The contract cancelled and, for a plan change, its current contract without the
        scheduled change: the aggregates to save together."""
        contract.cancel(reason=reason, actor=actor)
        previous = self._previous_of(contract)
        change = previous.scheduled_change if previous is not None else None
        if previous is None or change is None or change.get("contract_id") != contract.id:
            return (contract,)
        previous.cancel_scheduled_change(
            reason=f"plan change cancelled: {contract.status_reason}"[:500], actor=actor
        )
        return (contract, previous)

    def activate_due_contracts(self) -> int:
        """Pending contracts whose start date has come start (a worker job): a future plan
        change supersedes the current contract at that moment (it ends the day before).
        Safe on several workers: a contract changed by another at the same time is skipped.
        A contract that can no longer start as ordered is cancelled with the reason."""
        today = self.clock.today()
        started = 0
        for contract_id in self.views.due_pending_contracts(today):
            contract = self.store.get(contract_id)
            if contract.status != PENDING or contract.start_date > today:
                continue
            previous = self._previous_of(contract)
            try:
                changed = start_contract(contract, previous, today=today, actor=SCHEDULER)
            except (Conflict, ValidationFailed) as exc:
                log.warning("contract_not_started", contract_id=str(contract_id), reason=exc.detail)
                changed = self._cancelled(
                    self.store.get(contract_id), f"not started: {exc.detail}"[:500], SCHEDULER
                )
            try:
                self.store.save(*changed)
            except Conflict:
                continue
            started += 1
        if started:
            self.read_model.catch_up()
            self.customers.contracts_changed()
        return started

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
