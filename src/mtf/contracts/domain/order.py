"""The checkout saga: a ProvisioningOrder records its decision and each step, so an
interrupted order is resumed (or compensated) and never provisions anything twice.

Child ids are derived from the order id, so every step is idempotent: repeating "create
the client" or "create the contract" lands on the same record."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from mtf.kernel.errors import Conflict
from mtf.kernel.ids import stable_id

RUNNING, COMPLETED, FAILED = "running", "completed", "failed"
STEPS = ("client", "line", "contract", "activate")  # activate also ends a replaced contract


def order_id_for(caller: str, idempotency_key: str) -> UUID:
    """Keys are scoped to the caller: two partners may use the same key."""
    return stable_id("order", caller, idempotency_key)


def child_id(order_id: UUID, kind: str) -> UUID:
    return stable_id("order-child", order_id, kind)


class ProvisioningOrder(Aggregate):
    @staticmethod
    def create_id(order_id: UUID, **_: Any) -> UUID:
        return order_id

    @event("Placed")
    def __init__(
        self,
        order_id: UUID,
        request_hash: str,
        offer_id: UUID,
        intent: str,
        effective_date: date,
        actor: str,
        placed_at: datetime | None = None,
    ) -> None:
        self.request_hash = request_hash
        # when the order was placed by the business clock (orders placed before this was
        # recorded fall back to the event's own timestamp)
        self.placed_at = placed_at
        self.offer_id = offer_id
        self.intent = intent
        self.effective_date = effective_date
        self.actor = actor
        self.status = RUNNING
        self.outcome: str | None = None
        self.client_id: UUID | None = None
        self.subscriber_id: UUID | None = None
        self.contract_id: UUID | None = None
        self.previous_contract_id: UUID | None = None
        self.plan: dict[str, Any] = {}
        self.steps_pending: list[str] = []
        self.steps_done: list[str] = []
        self.failure: dict[str, Any] | None = None

    def record_decision(
        self,
        *,
        outcome: str,
        client_id: UUID,
        subscriber_id: UUID,
        previous_contract_id: UUID | None,
        offer: dict[str, Any],
        create_client: bool,
        create_line: bool,
    ) -> None:
        if self.outcome is not None:
            raise Conflict("this order has already decided")
        steps = [
            *(["client"] if create_client else []),
            *(["line"] if create_line else []),
            "contract",
            "activate",
        ]
        self._decided(
            outcome=outcome,
            client_id=client_id,
            subscriber_id=subscriber_id,
            contract_id=child_id(self.id, "contract"),
            previous_contract_id=previous_contract_id,
            offer_version=int(offer["version"]),
            offer_code=str(offer["code"]),
            offer_name=str(offer["name"]),
            service=str(offer["service"]),
            monthly_fee=Decimal(str(offer["monthly_fee"])),
            commitment_months=int(offer["commitment_months"]),
            steps=steps,
        )

    @event("Decided")
    def _decided(
        self,
        outcome: str,
        client_id: UUID,
        subscriber_id: UUID,
        contract_id: UUID,
        previous_contract_id: UUID | None,
        offer_version: int,
        offer_code: str,
        offer_name: str,
        service: str,
        monthly_fee: Decimal,
        commitment_months: int,
        steps: list[str],
    ) -> None:
        self.outcome = outcome
        self.client_id = client_id
        self.subscriber_id = subscriber_id
        self.contract_id = contract_id
        self.previous_contract_id = previous_contract_id
        self.plan = {
            "offer_version": offer_version,
            "offer_code": offer_code,
            "offer_name": offer_name,
            "service": service,
            "monthly_fee": monthly_fee,
            "commitment_months": commitment_months,
        }
        self.steps_pending = list(steps)

    @property
    def next_step(self) -> str | None:
        return self.steps_pending[0] if self.steps_pending and self.status == RUNNING else None

    def complete_step(self, step: str) -> None:
        if step != self.next_step:
            raise Conflict(f"step {step} is not the next one ({self.next_step})")
        self._step_completed(step=step)

    @event("StepCompleted")
    def _step_completed(self, step: str) -> None:
        self.steps_pending.remove(step)
        self.steps_done.append(step)

    def complete(self) -> None:
        if self.steps_pending or self.status != RUNNING:
            raise Conflict("the order still has steps to run")
        self._completed(
            outcome=self.outcome,
            client_id=self.client_id,
            subscriber_id=self.subscriber_id,
            contract_id=self.contract_id,
        )

    @event("Completed")
    def _completed(
        self,
        outcome: str | None = None,
        client_id: UUID | None = None,
        subscriber_id: UUID | None = None,
        contract_id: UUID | None = None,
    ) -> None:
        """What the order did, recorded with its completion so that it can be published
        (`order.completed`); orders completed before carry None (the Decided event has it)."""
        self.status = COMPLETED

    def fail(
        self,
        *,
        status: int,
        title: str,
        detail: str,
        errors: list[dict[str, str]],
        compensated: list[str],
    ) -> None:
        if self.status != RUNNING:
            raise Conflict(f"the order is already {self.status}")
        self._failed(
            status=status, title=title, detail=detail, errors=errors, compensated=compensated
        )

    @event("Failed")
    def _failed(
        self,
        status: int,
        title: str,
        detail: str,
        errors: list[dict[str, str]],
        compensated: list[str],
    ) -> None:
        self.status = FAILED
        self.failure = {
            "status": status,
            "title": title,
            "detail": detail,
            "errors": errors,
            "compensated": compensated,
        }
