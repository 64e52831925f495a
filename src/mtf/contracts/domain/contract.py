"""The Contract aggregate: pending -> active <-> suspended -> terminated, or superseded by
a plan change; a pending contract (one that starts after today) may be cancelled before
it starts. Every transition records actor, reason and effective date."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from mtf.kernel.errors import Conflict, ErrorList, ValidationFailed, invalid
from mtf.kernel.rules import check_reason

PENDING, ACTIVE, SUSPENDED, TERMINATED, SUPERSEDED, CANCELLED = (
    "pending",
    "active",
    "suspended",
    "terminated",
    "superseded",
    "cancelled",
)
STATUSES = (PENDING, ACTIVE, SUSPENDED, TERMINATED, SUPERSEDED, CANCELLED)
SCHEDULABLE = ("suspend", "terminate")
PLAN_CHANGE = "plan_change"  # the scheduled change a future-dated plan change leaves


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Contract(Aggregate):
    """One offer version sold on one line, from a start date."""

    @staticmethod
    def create_id(contract_id: UUID, **_: Any) -> UUID:
        return contract_id

    @event("Created")
    def __init__(
        self,
        contract_id: UUID,
        order_id: UUID | None,
        client_id: UUID,
        subscriber_id: UUID,
        offer_id: UUID,
        offer_version: int,
        offer_code: str,
        offer_name: str,
        service: str,
        monthly_fee: Decimal,
        commitment_months: int,
        start_date: date,
        actor: str,
    ) -> None:
        self.order_id = order_id
        self.client_id = client_id
        self.subscriber_id = subscriber_id
        self.offer_id = offer_id
        self.offer_version = offer_version
        self.offer_code = offer_code
        self.offer_name = offer_name
        self.service = service
        self.monthly_fee = monthly_fee
        self.commitment_months = commitment_months
        self.start_date = start_date
        self.end_date: date | None = None
        self.commitment_end = (
            add_months(start_date, commitment_months) if commitment_months else None
        )
        self.status = PENDING
        self.status_reason: str | None = None
        self.last_change = start_date
        self.superseded_by: UUID | None = None
        # a suspension or termination an operator asked for a later date
        self.scheduled_change: dict[str, Any] | None = None
        # an imported contract's first billable day (the import's cut-over date)
        self.billing_from: date | None = None

    def activate(self, *, today: date, actor: str) -> None:
        """The contract starts: on its start date (the worker activates a future one then)."""
        if self.status != PENDING:
            raise Conflict(f"only a pending contract can be activated; this one is {self.status}")
        if self.start_date > today:
            raise Conflict(
                f"the contract starts on {self.start_date.isoformat()}: it is activated that day"
            )
        self._activated(
            effective_date=self.start_date,
            client_id=self.client_id,
            subscriber_id=self.subscriber_id,
            offer_id=self.offer_id,
            offer_version=self.offer_version,
            service=self.service,
            monthly_fee=self.monthly_fee,
            actor=actor,
        )

    @event("Activated")
    def _activated(
        self,
        effective_date: date,
        client_id: UUID,
        subscriber_id: UUID,
        offer_id: UUID,
        offer_version: int,
        service: str,
        monthly_fee: Decimal,
        actor: str,
    ) -> None:
        self.status = ACTIVE

    def record_import(
        self, *, import_id: UUID, source_row: str, billing_from: date, actor: str
    ) -> None:
        """A contract taken over from another system (a migration import): it started on its
        source start date, but the days before `billing_from` (the import's cut-over date)
        were billed by the previous system, so billing starts on that day. Recorded once,
        before the contract is activated."""
        if self.status != PENDING:
            raise Conflict("only a contract being entered can be recorded as imported")
        self._imported(
            import_id=import_id,
            source_row=source_row,
            billing_from=max(billing_from, self.start_date),
            subscriber_id=self.subscriber_id,
            actor=actor,
        )

    @event("Imported")
    def _imported(
        self,
        import_id: UUID,
        source_row: str,
        billing_from: date,
        subscriber_id: UUID,
        actor: str,
    ) -> None:
        self.billing_from = billing_from

    def cancel(self, *, reason: str, actor: str) -> None:
        """A pending contract never starts: cancelled before its start date, it bills nothing
        (a plan change's current contract then no longer shows it as scheduled)."""
        if self.status != PENDING:
            raise Conflict(f"only a pending contract can be cancelled; this one is {self.status}")
        errors = ErrorList()
        check_reason(errors, reason)
        errors.raise_if_any()
        self._cancelled(
            reason=reason.strip(),
            effective_date=self.start_date,
            subscriber_id=self.subscriber_id,
            actor=actor,
        )

    @event("Cancelled")
    def _cancelled(
        self, reason: str, effective_date: date, subscriber_id: UUID, actor: str
    ) -> None:
        self.status = CANCELLED
        self.status_reason = reason

    def _refuse_if_plan_change_scheduled(self, what: str) -> None:
        change = self.scheduled_change
        if change is not None and change["action"] == PLAN_CHANGE:
            raise Conflict(
                f"a plan change is scheduled from {change['effective_date'].isoformat()}: "
                f"cancel it first (POST /api/v1/contracts/{change['contract_id']}/cancel) "
                f"before you {what}"
            )

    def _check_transition(self, reason: str, effective_date: date, today: date) -> str:
        errors = ErrorList()
        if effective_date > today:
            errors.add("effective_date", "cannot be in the future")
        return self._check_reason_and_date(errors, reason, effective_date)

    def _check_reason_and_date(self, errors: ErrorList, reason: str, effective_date: date) -> str:
        """A reason (at most 500 characters) and a date not before the last change."""
        check_reason(errors, reason)
        if not errors.has("effective_date") and effective_date < self.last_change:
            errors.add(
                "effective_date",
                f"cannot be before the contract's last change ({self.last_change.isoformat()})",
            )
        errors.raise_if_any()
        return reason.strip()

    def suspend(self, *, reason: str, effective_date: date, today: date, actor: str) -> None:
        if self.status != ACTIVE:
            raise Conflict(f"only an active contract can be suspended; this one is {self.status}")
        clean = self._check_transition(reason, effective_date, today)
        self._suspended(
            reason=clean,
            effective_date=effective_date,
            subscriber_id=self.subscriber_id,
            actor=actor,
        )

    @event("Suspended")
    def _suspended(
        self, reason: str, effective_date: date, subscriber_id: UUID, actor: str
    ) -> None:
        self.status = SUSPENDED
        self.status_reason = reason
        self.last_change = effective_date
        if self.scheduled_change and self.scheduled_change["action"] == "suspend":
            self.scheduled_change = None

    def resume(self, *, reason: str, effective_date: date, today: date, actor: str) -> None:
        if self.status != SUSPENDED:
            raise Conflict(f"only a suspended contract can be resumed; this one is {self.status}")
        clean = self._check_transition(reason, effective_date, today)
        self._resumed(
            reason=clean,
            effective_date=effective_date,
            subscriber_id=self.subscriber_id,
            actor=actor,
        )

    @event("Resumed")
    def _resumed(self, reason: str, effective_date: date, subscriber_id: UUID, actor: str) -> None:
        self.status = ACTIVE
        self.status_reason = reason
        self.last_change = effective_date

    def terminate(self, *, reason: str, effective_date: date, today: date, actor: str) -> None:
        if self.status not in (ACTIVE, SUSPENDED):
            raise Conflict(
                f"only an active or suspended contract can be terminated; this one is {self.status}"
            )
        self._refuse_if_plan_change_scheduled("terminate the contract")
        clean = self._check_transition(reason, effective_date, today)
        self._terminated(
            reason=clean,
            effective_date=effective_date,
            subscriber_id=self.subscriber_id,
            actor=actor,
        )

    @event("Terminated")
    def _terminated(
        self, reason: str, effective_date: date, subscriber_id: UUID, actor: str
    ) -> None:
        self.status = TERMINATED
        self.status_reason = reason
        self.end_date = effective_date
        self.last_change = effective_date
        self.scheduled_change = None

    def check_can_be_superseded(self, new_start: date, by_contract_id: UUID | None = None) -> None:
        """A plan change from `new_start` (this contract then ends the day before). Refused
        while another change is scheduled on the contract: nothing scheduled is ever dropped
        silently (only the plan change scheduled for `by_contract_id` itself may go on)."""
        if self.status not in (ACTIVE, SUSPENDED):
            raise Conflict(f"only a current contract can be changed; this one is {self.status}")
        change = self.scheduled_change
        if change is not None and not (
            change["action"] == PLAN_CHANGE and change.get("contract_id") == by_contract_id
        ):
            if change["action"] == PLAN_CHANGE:
                raise Conflict(
                    f"a plan change is already scheduled from "
                    f"{change['effective_date'].isoformat()}: cancel it first "
                    f"(POST /api/v1/contracts/{change['contract_id']}/cancel)"
                )
            kind = "suspension" if change["action"] == "suspend" else "termination"
            raise Conflict(
                f"a {kind} is scheduled on {change['effective_date'].isoformat()}: cancel the "
                f"scheduled change first (DELETE /api/v1/contracts/{self.id}/scheduled-change)"
            )
        if new_start <= self.start_date:
            errors = ErrorList()
            errors.add(
                "effective_date",
                f"a plan change must start after the current contract's start ({self.start_date.isoformat()})",
            )
            errors.raise_if_any()
        if new_start <= self.last_change:
            errors = ErrorList()
            errors.add(
                "effective_date",
                f"a plan change must start after the contract's last change ({self.last_change.isoformat()})",
            )
            errors.raise_if_any()

    def supersede(self, *, by_contract_id: UUID, new_start: date, actor: str) -> None:
        """A plan change: this contract ends the day before the new one starts."""
        self.check_can_be_superseded(new_start, by_contract_id)
        self._superseded(
            by_contract_id=by_contract_id,
            effective_date=new_start - timedelta(days=1),
            subscriber_id=self.subscriber_id,
            reason="plan change",
            actor=actor,
        )

    @event("Superseded")
    def _superseded(
        self,
        by_contract_id: UUID,
        effective_date: date,
        subscriber_id: UUID,
        reason: str,
        actor: str,
    ) -> None:
        self.status = SUPERSEDED
        self.status_reason = reason
        self.end_date = effective_date
        self.superseded_by = by_contract_id
        self.last_change = effective_date
        self.scheduled_change = None

    # -- changes scheduled for a later date ---------------------------------------------

    def schedule(
        self, *, action: str, reason: str, effective_date: date, today: date, actor: str
    ) -> None:
        """Suspend or terminate on a later date: recorded now, applied on that date by the
        workers (a later request replaces it; it can be cancelled until then)."""
        if action not in SCHEDULABLE:
            raise Conflict(f"only {' and '.join(SCHEDULABLE)} can be scheduled")
        self._refuse_if_plan_change_scheduled(f"schedule a {action}")
        allowed = (ACTIVE,) if action == "suspend" else (ACTIVE, SUSPENDED)
        if self.status not in allowed:
            raise Conflict(f"a contract that is {self.status} cannot be scheduled to {action}")
        errors = ErrorList()
        if effective_date <= today:
            errors.add("effective_date", "a scheduled change must be after today")
        elif effective_date > add_months(today, 24):
            errors.add("effective_date", "can be scheduled at most 24 months ahead")
        clean = self._check_reason_and_date(errors, reason, effective_date)
        self._change_scheduled(
            action=action, reason=clean, effective_date=effective_date, actor=actor
        )

    @event("ChangeScheduled")
    def _change_scheduled(self, action: str, reason: str, effective_date: date, actor: str) -> None:
        self.scheduled_change = {
            "action": action,
            "reason": reason,
            "effective_date": effective_date,
            "actor": actor,
        }

    def schedule_plan_change(
        self, *, by_contract_id: UUID, new_start: date, offer_code: str, today: date, actor: str
    ) -> None:
        """A plan change dated after today: this contract stays current until the day before
        `new_start` and shows the change as scheduled; the worker supersedes it on that date
        (when it activates the new contract), and cancelling the new contract clears it."""
        change = self.scheduled_change
        if change is not None and change.get("contract_id") == by_contract_id:
            return  # already recorded (a resumed checkout)
        self.check_can_be_superseded(new_start)
        if new_start <= today:
            raise invalid("effective_date", "a scheduled plan change must start after today")
        self._plan_change_scheduled(
            contract_id=by_contract_id,
            effective_date=new_start,
            reason=f"plan change to {offer_code}",
            actor=actor,
        )

    @event("PlanChangeScheduled")
    def _plan_change_scheduled(
        self, contract_id: UUID, effective_date: date, reason: str, actor: str
    ) -> None:
        self.scheduled_change = {
            "action": PLAN_CHANGE,
            "reason": reason,
            "effective_date": effective_date,
            "actor": actor,
            "contract_id": contract_id,
        }

    def cancel_scheduled_change(self, *, reason: str, actor: str) -> None:
        if self.scheduled_change is None:
            raise Conflict("no change is scheduled on this contract")
        self._scheduled_change_cancelled(reason=reason, actor=actor)

    @event("ScheduledChangeCancelled")
    def _scheduled_change_cancelled(self, reason: str, actor: str) -> None:
        self.scheduled_change = None

    def apply_scheduled_change(self, *, today: date, actor: str) -> bool:
        """On its date, the scheduled change happens (effective that date). If the contract
        moved on meanwhile so that it no longer can, the schedule is dropped with the reason."""
        change = self.scheduled_change
        if change is None or change["action"] == PLAN_CHANGE or change["effective_date"] > today:
            return False  # a plan change happens when the worker activates the new contract
        requested = f"{change['reason']} (scheduled by {change['actor']})"
        try:
            getattr(self, change["action"])(
                reason=requested[:500],
                effective_date=change["effective_date"],
                today=today,
                actor=actor,
            )
        except (Conflict, ValidationFailed) as exc:
            self._scheduled_change_cancelled(reason=f"not applied: {exc}"[:500], actor=actor)
        return True


def start_contract(
    contract: Contract, previous: Contract | None, *, today: date, actor: str
) -> tuple[Contract, ...]:
    """A contract starts on its start date (at checkout, or by the worker for a future one).

    For a plan change the previous contract is superseded at that moment (it ends the day
    before), so a line never has two current contracts nor none. A line suspended on its
    previous contract stays suspended (same reason) on the new one: a plan change never lifts
    a suspension. Returns the aggregates to save together."""
    contract.activate(today=today, actor=actor)
    if previous is None:
        return (contract,)
    if previous.status in (ACTIVE, SUSPENDED):
        was_suspended = previous.status == SUSPENDED
        carried = previous.status_reason or "suspended before the plan change"
        previous.supersede(by_contract_id=contract.id, new_start=contract.start_date, actor=actor)
        if was_suspended:
            contract.suspend(
                reason=carried,
                effective_date=contract.start_date,
                today=today,
                actor=actor,
            )
    return (previous, contract)
