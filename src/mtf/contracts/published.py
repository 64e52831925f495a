"""What the contracts service publishes (its feed, the partners' webhooks): versioned types
mapped explicitly from the Contract and ProvisioningOrder domain events. See
`mtf.kernel.published`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from mtf.kernel.published import EventType, Payload, PublishedLanguage


class ContractCreatedV1(Payload):
    contract_id: UUID
    order_id: UUID | None
    client_id: UUID
    subscriber_id: UUID
    offer_id: UUID
    offer_version: int
    offer_code: str
    offer_name: str
    service: str
    monthly_fee: Decimal
    commitment_months: int
    start_date: date


class ContractActivatedV1(Payload):
    contract_id: UUID
    client_id: UUID
    subscriber_id: UUID
    offer_id: UUID
    offer_version: int
    service: str
    monthly_fee: Decimal
    effective_date: date


class ContractStatusChangedV1(Payload):
    """Suspended, resumed, terminated or cancelled (a pending contract that never starts),
    from `effective_date` (for a termination: the last day of service)."""

    contract_id: UUID
    subscriber_id: UUID
    reason: str
    effective_date: date


class ContractSuspendedV1(ContractStatusChangedV1):
    pass


class ContractResumedV1(ContractStatusChangedV1):
    pass


class ContractTerminatedV1(ContractStatusChangedV1):
    pass


class ContractCancelledV1(ContractStatusChangedV1):
    pass


class ContractSupersededV1(Payload):
    """Replaced by a plan change: `effective_date` is this contract's last day; the line
    goes on under `by_contract_id` from the day after."""

    contract_id: UUID
    subscriber_id: UUID
    by_contract_id: UUID
    reason: str
    effective_date: date


class ContractChangeScheduledV1(Payload):
    """A suspension, resumption or termination that takes effect on a later date."""

    contract_id: UUID
    action: str
    reason: str
    effective_date: date


class ContractPlanChangeScheduledV1(Payload):
    """A plan change dated after today: this contract stays current until the day before
    `effective_date`, when `new_contract_id` starts."""

    contract_id: UUID
    new_contract_id: UUID
    reason: str
    effective_date: date


class ContractScheduledChangeCancelledV1(Payload):
    contract_id: UUID
    reason: str


class ContractImportedV1(Payload):
    """A contract taken over from another system by a migration import: it started on its
    `start_date` (contract.created), but billing starts on `billing_from` (the import's
    cut-over date; the days before were billed by the previous system)."""

    contract_id: UUID
    subscriber_id: UUID
    import_id: UUID
    billing_from: date


class OrderCompletedV1(Payload):
    """A checkout that went through; the ids are those it created or changed (None only for
    orders completed before they were recorded with the completion)."""

    order_id: UUID
    outcome: str | None
    client_id: UUID | None
    subscriber_id: UUID | None
    contract_id: UUID | None


def _created(e: Any) -> ContractCreatedV1:
    return ContractCreatedV1(
        contract_id=e.originator_id,
        order_id=e.order_id,
        client_id=e.client_id,
        subscriber_id=e.subscriber_id,
        offer_id=e.offer_id,
        offer_version=e.offer_version,
        offer_code=e.offer_code,
        offer_name=e.offer_name,
        service=e.service,
        monthly_fee=e.monthly_fee,
        commitment_months=e.commitment_months,
        start_date=e.start_date,
    )


def _activated(e: Any) -> ContractActivatedV1:
    return ContractActivatedV1(
        contract_id=e.originator_id,
        client_id=e.client_id,
        subscriber_id=e.subscriber_id,
        offer_id=e.offer_id,
        offer_version=e.offer_version,
        service=e.service,
        monthly_fee=e.monthly_fee,
        effective_date=e.effective_date,
    )


def _status(cls: type[ContractStatusChangedV1]) -> Any:
    def build(e: Any) -> ContractStatusChangedV1:
        return cls(
            contract_id=e.originator_id,
            subscriber_id=e.subscriber_id,
            reason=e.reason,
            effective_date=e.effective_date,
        )

    return build


def _superseded(e: Any) -> ContractSupersededV1:
    return ContractSupersededV1(
        contract_id=e.originator_id,
        subscriber_id=e.subscriber_id,
        by_contract_id=e.by_contract_id,
        reason=e.reason,
        effective_date=e.effective_date,
    )


def _change_scheduled(e: Any) -> ContractChangeScheduledV1:
    return ContractChangeScheduledV1(
        contract_id=e.originator_id,
        action=e.action,
        reason=e.reason,
        effective_date=e.effective_date,
    )


def _plan_change_scheduled(e: Any) -> ContractPlanChangeScheduledV1:
    return ContractPlanChangeScheduledV1(
        contract_id=e.originator_id,
        new_contract_id=e.contract_id,
        reason=e.reason,
        effective_date=e.effective_date,
    )


def _change_cancelled(e: Any) -> ContractScheduledChangeCancelledV1:
    return ContractScheduledChangeCancelledV1(contract_id=e.originator_id, reason=e.reason)


def _imported(e: Any) -> ContractImportedV1:
    return ContractImportedV1(
        contract_id=e.originator_id,
        subscriber_id=e.subscriber_id,
        import_id=e.import_id,
        billing_from=e.billing_from,
    )


def _order_completed(e: Any) -> OrderCompletedV1:
    return OrderCompletedV1(
        order_id=e.originator_id,
        outcome=getattr(e, "outcome", None),
        client_id=getattr(e, "client_id", None),
        subscriber_id=getattr(e, "subscriber_id", None),
        contract_id=getattr(e, "contract_id", None),
    )


CONTRACTS = PublishedLanguage(
    "contracts",
    [
        EventType(
            "contract.created",
            1,
            "contract",
            "Created",
            ContractCreatedV1,
            _created,
            "A contract was entered (pending until it is activated on its start date).",
        ),
        EventType(
            "contract.activated",
            1,
            "contract",
            "Activated",
            ContractActivatedV1,
            _activated,
            "A contract started: its line is in service and billed.",
        ),
        EventType(
            "contract.suspended",
            1,
            "contract",
            "Suspended",
            ContractSuspendedV1,
            _status(ContractSuspendedV1),
            "A contract was suspended.",
        ),
        EventType(
            "contract.resumed",
            1,
            "contract",
            "Resumed",
            ContractResumedV1,
            _status(ContractResumedV1),
            "A suspended contract was resumed.",
        ),
        EventType(
            "contract.terminated",
            1,
            "contract",
            "Terminated",
            ContractTerminatedV1,
            _status(ContractTerminatedV1),
            "A contract ended; `effective_date` is its last day of service.",
        ),
        EventType(
            "contract.cancelled",
            1,
            "contract",
            "Cancelled",
            ContractCancelledV1,
            _status(ContractCancelledV1),
            "A pending (future-dated) contract was cancelled before it started.",
        ),
        EventType(
            "contract.superseded",
            1,
            "contract",
            "Superseded",
            ContractSupersededV1,
            _superseded,
            "A contract was replaced by a plan change.",
        ),
        EventType(
            "contract.change_scheduled",
            1,
            "contract",
            "ChangeScheduled",
            ContractChangeScheduledV1,
            _change_scheduled,
            "A suspension, resumption or termination was scheduled for a later date.",
        ),
        EventType(
            "contract.plan_change_scheduled",
            1,
            "contract",
            "PlanChangeScheduled",
            ContractPlanChangeScheduledV1,
            _plan_change_scheduled,
            "A plan change was scheduled for a later date.",
        ),
        EventType(
            "contract.scheduled_change_cancelled",
            1,
            "contract",
            "ScheduledChangeCancelled",
            ContractScheduledChangeCancelledV1,
            _change_cancelled,
            "A scheduled change was cancelled.",
        ),
        EventType(
            "contract.imported",
            1,
            "contract",
            "Imported",
            ContractImportedV1,
            _imported,
            "A contract was taken over from another system; billing starts on `billing_from`.",
        ),
        EventType(
            "order.completed",
            1,
            "order",
            "Completed",
            OrderCompletedV1,
            _order_completed,
            "A checkout (provisioning order) went through.",
        ),
    ],
    internal={
        (
            "order",
            "Placed",
        ): "the request as received (its hash, the intent): the saga's own record",
        ("order", "Decided"): "the saga's plan; order.completed carries its outcome",
        ("order", "StepCompleted"): "a saga step",
        ("order", "Failed"): "the saga's failure, answered to the caller as a problem",
    },
)
