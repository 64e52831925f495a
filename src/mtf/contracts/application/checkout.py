"""Checkout: one request turns "this client wants this offer" into client, line and
contract. The backend decides (new client, new line, plan change); the order is a saga
whose steps are recorded, idempotent and resumable."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from mtf.contracts.application.ports import (
    ContractStore,
    ContractViews,
    CustomerDirectory,
    OfferCatalog,
    OrderLocks,
    OrderStore,
    ReadModelRefresher,
)
from mtf.contracts.domain.checkout import NEW_CLIENT, PLAN_CHANGE, CurrentLine, decide
from mtf.contracts.domain.contract import (
    ACTIVE,
    PENDING,
    SUSPENDED,
    Contract,
    start_contract,
)
from mtf.contracts.domain.order import (
    COMPLETED,
    FAILED,
    RUNNING,
    ProvisioningOrder,
    child_id,
    order_id_for,
)
from mtf.kernel.client_registration import ClientRegistration
from mtf.kernel.clock import Clock
from mtf.kernel.errors import (
    Conflict,
    DomainError,
    ErrorList,
    ServiceUnavailable,
    ValidationFailed,
    invalid,
)
from mtf.kernel.logging import get_logger

log = get_logger("mtf.contracts.checkout")

# an order interrupted before its new client was created cannot go on without the caller's
# personal data (never stored by this service): after this long it fails, having changed nothing
ABANDON_AFTER = timedelta(minutes=10)
MAX_FUTURE = timedelta(days=366)

ALREADY_A_CLIENT = "already a client: look yourself up first"


class AlreadyAClient(Conflict):
    """An anonymous sign-up whose CIN is a client's: refused before anything is recorded,
    with one fixed answer (no status, no name) so it tells nothing more than "known"."""

    type_slug = "already-a-client"

    def __init__(self) -> None:
        super().__init__(ALREADY_A_CLIENT)


@dataclass(frozen=True)
class CheckoutRequest:
    offer_id: UUID
    client_id: UUID | None = None
    cin: str | None = None
    new_client: ClientRegistration | None = None
    subscriber_id: UUID | None = None
    intent: str = "auto"
    effective_date: date | None = None


@dataclass
class Plan:
    outcome: str
    offer: dict[str, Any]
    client_id: UUID | None
    client_known: bool
    subscriber_id: UUID | None
    line: CurrentLine | None
    effective_date: date
    numbers: dict[UUID, str] = field(default_factory=dict)

    def message(self) -> str:
        code = self.offer["code"]
        when = self.effective_date.isoformat()
        if self.outcome == NEW_CLIENT:
            return (
                f"New client, new {self.offer['service']} line and a {code} contract from {when}."
            )
        if self.outcome == PLAN_CHANGE and self.line is not None:
            number = self.line.number or str(self.line.subscriber_id)
            return (
                f"Plan change on line {number} from {self.line.offer_code} to {code} from {when}."
            )
        return f"New {self.offer['service']} line with a {code} contract from {when}."


class Checkout:
    def __init__(
        self,
        *,
        contracts: ContractStore,
        orders: OrderStore,
        views: ContractViews,
        catalog: OfferCatalog,
        customers: CustomerDirectory,
        locks: OrderLocks,
        read_model: ReadModelRefresher,
        clock: Clock,
    ) -> None:
        self.contracts = contracts
        self.orders = orders
        self.views = views
        self.catalog = catalog
        self.customers = customers
        self.locks = locks
        self.read_model = read_model
        self.clock = clock

    # ---- deciding (no writes) -------------------------------------------------------------
    def _check_request(self, request: CheckoutRequest, *, earliest: date | None) -> date:
        errors = ErrorList()
        given = [n for n in ("client_id", "cin", "new_client") if getattr(request, n) is not None]
        if len(given) != 1:
            errors.add("client_id", "give exactly one of client_id, cin or new_client")
        today = self.clock.today()
        effective = request.effective_date or today
        if earliest is not None and effective < earliest:
            errors.add("effective_date", "must be today or later")
        if effective > today + MAX_FUTURE:
            errors.add("effective_date", "must be within a year from today")
        if effective.year < 2000:
            errors.add("effective_date", "is too far in the past")
        errors.raise_if_any()
        return effective

    def plan(
        self,
        request: CheckoutRequest,
        *,
        order_id: UUID | None = None,
        earliest: date | None = None,
        new_clients_only: bool = False,
    ) -> Plan:
        """Decide what the checkout does, reading the catalog, the client and their lines.
        `new_clients_only` (the anonymous landing page): a CIN that is a client's is refused
        with `AlreadyAClient`, whatever that client's state, before any other decision."""
        effective = self._check_request(request, earliest=earliest)
        offer = self.catalog.sellable_offer(request.offer_id)
        client: dict[str, Any] | None
        if request.client_id is not None:
            client = self.customers.client(request.client_id)
            if client is None:
                raise invalid("client_id", "no client with this id")
        elif request.cin is not None:
            client = self.customers.client_by_cin(request.cin)
            if client is None:
                raise invalid("cin", "no client with this CIN")
        else:
            new = request.new_client
            assert new is not None  # exactly one of the three (checked above)
            checked = self.customers.check_new_client(new)
            # an individual is known by CIN, a business by ICE (the validation says who holds
            # it; an older customer service does not, and is asked)
            if checked is not None and "client" in checked:
                client = checked["client"]
            elif new.kind == "business":
                client = self.customers.client_by_ice(str(new.ice))
            else:
                client = self.customers.client_by_cin(str(new.cin))
        known = client is not None
        if known and new_clients_only:
            raise AlreadyAClient()
        if client is not None and client["status"] != "active":
            raise Conflict(
                f"the client is {client['status']}: no new sale until they are active again"
            )
        client_id = UUID(client["id"]) if client is not None else None
        lines = self.views.active_lines(client_id, offer["service"]) if client_id else []
        numbers: dict[UUID, str] = {}
        if client_id and lines:
            # a client read by id comes with their lines (at most 500, as line_numbers asks)
            numbers = (
                {UUID(line["id"]): line["number"] for line in client["subscribers"]}
                if client is not None and "subscribers" in client
                else self.customers.line_numbers(client_id)
            )
            lines = [
                CurrentLine(
                    line.subscriber_id,
                    line.contract_id,
                    line.offer_id,
                    line.offer_code,
                    line.start_date,
                    numbers.get(line.subscriber_id),
                )
                for line in lines
            ]
        decision = decide(
            client_known=known,
            lines=lines,
            offer_id=request.offer_id,
            intent=request.intent,
            subscriber_id=request.subscriber_id,
        )
        if decision.line is not None:
            self.contracts.get(decision.line.contract_id).check_can_be_superseded(effective)
        if order_id is not None and client_id is None:
            client_id = child_id(order_id, "client")
        subscriber_id = decision.line.subscriber_id if decision.line else None
        if order_id is not None and subscriber_id is None:
            subscriber_id = child_id(order_id, "subscriber")
        return Plan(
            decision.outcome,
            offer,
            client_id,
            known,
            subscriber_id,
            decision.line,
            effective,
            numbers,
        )

    def preview(self, request: CheckoutRequest, *, earliest: date | None = None) -> dict[str, Any]:
        plan = self.plan(request, earliest=earliest)
        return {
            "outcome": plan.outcome,
            "client_id": str(plan.client_id) if plan.client_id else None,
            "subscriber_id": str(plan.line.subscriber_id) if plan.line else None,
            "number": plan.line.number if plan.line else None,
            "current_contract_id": str(plan.line.contract_id) if plan.line else None,
            "current_offer_code": plan.line.offer_code if plan.line else None,
            "effective_date": plan.effective_date.isoformat(),
            "message": plan.message(),
        }

    # ---- placing and running the saga -------------------------------------------------------
    def place(
        self,
        request: CheckoutRequest,
        *,
        caller: str,
        idempotency_key: str,
        request_hash: str,
        actor: str,
        earliest: date | None = None,
        new_clients_only: bool = False,
    ) -> ProvisioningOrder:
        """Place (or replay, or resume) the order named by the caller's Idempotency-Key.
        With `new_clients_only` an order for an existing client is refused before it is
        recorded (no order, no event, no line)."""
        if not idempotency_key.strip() or len(idempotency_key) > 200:
            raise invalid("Idempotency-Key", "must be 1 to 200 characters")
        order_id = order_id_for(caller, idempotency_key)
        with self.locks.hold(order_id) as held:
            if not held:
                raise Conflict("a request with this Idempotency-Key is still being processed")
            order = self.orders.find(order_id)
            if order is not None:
                if order.request_hash != request_hash:
                    raise invalid("Idempotency-Key", "was already used with another request body")
                if order.status in (COMPLETED, FAILED):
                    return order
                return self._advance(order, request)
            plan = self.plan(
                request, order_id=order_id, earliest=earliest, new_clients_only=new_clients_only
            )
            assert plan.client_id is not None and plan.subscriber_id is not None
            order = ProvisioningOrder(
                order_id=order_id,
                request_hash=request_hash,
                offer_id=request.offer_id,
                intent=request.intent,
                effective_date=plan.effective_date,
                actor=actor,
                placed_at=self.clock.now(),
            )
            order.record_decision(
                outcome=plan.outcome,
                client_id=plan.client_id,
                subscriber_id=plan.subscriber_id,
                previous_contract_id=plan.line.contract_id if plan.line else None,
                offer=plan.offer,
                create_client=not plan.client_known,
                create_line=plan.line is None,
            )
            self.orders.save(order)
            return self._advance(order, request)

    def resume(self, order_id: UUID) -> ProvisioningOrder | None:
        """Carry on an interrupted order (the worker calls this); None if it is busy."""
        with self.locks.hold(order_id) as held:
            if not held:
                return None
            order = self.orders.find(order_id)
            if order is None or order.status != RUNNING:
                return order
            return self._advance(order, None)

    def resume_stalled(self, older_than_seconds: float = 5.0) -> int:
        resumed = 0
        for order_id in list(self.views.stalled_orders(older_than_seconds)):
            try:
                if self.resume(order_id) is not None:
                    resumed += 1
            except ServiceUnavailable as exc:
                log.warning("order_resume_deferred", order_id=str(order_id), reason=exc.detail)
        return resumed

    def _advance(
        self, order: ProvisioningOrder, request: CheckoutRequest | None
    ) -> ProvisioningOrder:
        """Run the order's next steps. A local step's effect (the contract created, started)
        is recorded with the order's progress in one transaction; a remote step's (the
        client, the line: idempotent calls) with the next local one, so a checkout commits
        three times (placed, contract, started and completed) rather than once per step and
        effect. A crash between two commits redoes the remote steps after the last one, which
        changes nothing the second time."""
        provisioned: set[UUID] = set()  # lines the client's call already provisioned
        while (step := order.next_step) is not None:
            try:
                finished, changed = self._run_step(order, step, request, provisioned)
            except ServiceUnavailable:
                if order.pending_events:  # the remote steps done so far, in the order's history
                    with contextlib.suppress(DomainError):
                        self.orders.save(order)
                self.read_model.catch_up()
                raise  # stays running: a retry with the same key, or the worker, carries on
            except DomainError as exc:
                self._fail(order, exc)
                return order
            if not finished:
                if order.pending_events:
                    self.orders.save(order)
                return order
            order.complete_step(step)
            if order.next_step is None:
                order.complete()
            if changed or order.status == COMPLETED:
                self.contracts.save(*changed, order)
        if order.status == RUNNING:  # every step recorded before an interruption
            order.complete()
            self.orders.save(order)
        self.read_model.catch_up()
        self.customers.contracts_changed()
        return order

    def _run_step(
        self,
        order: ProvisioningOrder,
        step: str,
        request: CheckoutRequest | None,
        provisioned: set[UUID],
    ) -> tuple[bool, tuple[Contract, ...]]:
        """Whether the step is done, and the contracts it changed (not yet recorded).
        `provisioned`: the lines already provisioned in this run (the client's call asks
        for its new line too: one call to the customer service, not two)."""
        assert (
            order.client_id is not None
            and order.subscriber_id is not None
            and order.contract_id is not None
        )
        plan = order.plan
        if step == "client":
            if request is not None and request.new_client is not None:
                line = (
                    (order.subscriber_id, plan["service"])
                    if "line" in order.steps_pending
                    else None
                )
                found = self.customers.ensure_client(
                    order.client_id, request.new_client, order.actor, line=line
                )
                provisioned.update(
                    UUID(s["id"]) for s in found.get("subscribers", []) if isinstance(s, dict)
                )
                return True, ()
            if self.customers.client(order.client_id) is not None:
                return True, ()  # created before an interruption
            if self.clock.now() - (order.placed_at or order.created_on) > ABANDON_AFTER:
                self._fail(
                    order,
                    Conflict(
                        "the order was interrupted before anything was provisioned; place it again"
                    ),
                )
            return False, ()
        if step == "line":
            if order.subscriber_id in provisioned:
                return True, ()
            self.customers.ensure_line(
                order.subscriber_id, order.client_id, plan["service"], order.actor
            )
            return True, ()
        if step == "contract":
            if self.contracts.exists(order.contract_id):
                return True, ()
            return True, (
                Contract(
                    contract_id=order.contract_id,
                    order_id=order.id,
                    client_id=order.client_id,
                    subscriber_id=order.subscriber_id,
                    offer_id=order.offer_id,
                    offer_version=plan["offer_version"],
                    offer_code=plan["offer_code"],
                    offer_name=plan["offer_name"],
                    service=plan["service"],
                    monthly_fee=plan["monthly_fee"],
                    commitment_months=plan["commitment_months"],
                    start_date=order.effective_date,
                    actor=order.actor,
                ),
            )
        if step == "activate":
            contract = self.contracts.get(order.contract_id)
            if contract.status != PENDING:
                return True, ()
            today = self.clock.today()
            previous = (
                self.contracts.get(order.previous_contract_id)
                if order.previous_contract_id is not None
                else None
            )
            if contract.start_date > today:
                # a future start: the contract (and its line) stay pending until that date,
                # when the worker activates it; a plan change shows on the current contract,
                # which stays current until the day before
                if previous is not None and previous.status in (ACTIVE, SUSPENDED):
                    previous.schedule_plan_change(
                        by_contract_id=contract.id,
                        new_start=contract.start_date,
                        offer_code=contract.offer_code,
                        today=today,
                        actor=order.actor,
                    )
                    return True, (previous,)
                return True, ()
            # the old contract ends and the new one starts in one transaction (with the
            # order's completion): the line never has two current contracts, nor none
            return True, start_contract(contract, previous, today=today, actor=order.actor)
        raise RuntimeError(f"unknown step {step}")

    def _fail(self, order: ProvisioningOrder, exc: DomainError) -> None:
        compensated: list[str] = []
        if (
            order.status == RUNNING
            and order.contract_id is not None
            and self.contracts.exists(order.contract_id)
        ):
            # a contract this order created but could not start never starts
            contract = self.contracts.get(order.contract_id)
            if contract.status == PENDING:
                contract.cancel(reason=f"order failed: {exc.detail}"[:500], actor=order.actor)
                self.contracts.save(contract)
                compensated.append("contract cancelled")
        if "client" in order.steps_done and order.client_id is not None and order.status == RUNNING:
            # a client this order created must not stay without its contract
            try:
                self.customers.remove_client(order.client_id, order.actor)
                compensated.append("client removed")
            except DomainError as undo_error:
                log.error("compensation_failed", order_id=str(order.id), error=undo_error.detail)
                raise ServiceUnavailable(
                    "the order failed and its undo is pending; it will be retried"
                ) from undo_error
        errors = (
            [{"field": e.field, "message": e.message} for e in exc.errors]
            if isinstance(exc, ValidationFailed)
            else []
        )
        order.fail(
            status=exc.status,
            title=exc.title,
            detail=exc.detail,
            errors=errors,
            compensated=compensated,
        )
        self.orders.save(order)
        self.read_model.catch_up()
        log.info("order_failed", order_id=str(order.id), status=exc.status, compensated=compensated)
