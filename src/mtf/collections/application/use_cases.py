"""Collections use cases: payments (post, preview, reverse), credit use, the daily run
(overdue, dunning), case actions, and settlement (close and resume when paid)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from mtf.collections.application.ports import (
    Clients,
    CollectionsStore,
    ContractLifecycle,
    FeedRefresher,
    Locks,
    Notifier,
    ReadModel,
    Receivables,
    Refresher,
)
from mtf.collections.domain.allocation import allocate, check_payment
from mtf.collections.domain.case import (
    CollectionCase,
    CollectionsRun,
    Step,
    changed_anything,
)
from mtf.collections.domain.payment import POSTED, Payment, payment_id_for
from mtf.kernel.clock import Clock
from mtf.kernel.errors import Conflict, ErrorList, NotFound, invalid
from mtf.kernel.ids import stable_id
from mtf.kernel.logging import get_logger
from mtf.kernel.money import parse_amount

log = get_logger("mtf.collections")


@dataclass(frozen=True)
class PostPayment:
    """A payment as asked for (the API's body, its ids parsed): what `Payments.post` and
    `Payments.preview` take. The amount stays text until the domain's money rule reads it."""

    client_id: UUID
    amount: str
    method: str
    reference: str
    received_on: date
    invoice_ids: tuple[UUID, ...] = ()


# what billing recorded before a read or a payment is known to it: no staleness allowed (a
# credit note, then the balance, shows the credit); concurrent callers still share catch-ups
BILLING_STALENESS_SECONDS = 0.0
RUN_LOCK = stable_id("collections-runs")
# clients handled per read of their cases and per save of what changed
RUN_BATCH = 500
# the worker's run of today: its first pass at once, then another pass this often (what
# became overdue or was settled since); an operator's run may come any time
DAILY_PASS_SECONDS = 900.0


def client_lock(client_id: UUID) -> UUID:
    return stable_id("client-allocations", client_id)


class Payments:
    def __init__(
        self,
        *,
        store: CollectionsStore,
        receivables: Receivables,
        billing_feed: FeedRefresher,
        read_model: ReadModel,
        locks: Locks,
        clients: Clients,
        clock: Clock,
    ) -> None:
        self.store = store
        self.receivables = receivables
        self.billing_feed = billing_feed
        self.read_model = read_model
        self.locks = locks
        self.clients = clients
        self.clock = clock

    def _follow_billing(self, body: PostPayment) -> None:
        """Invoices billing issued until a moment ago are known before allocating (a payment
        posted right after a bill run pays its invoices rather than becoming credit). Done
        before any lock is taken: concurrent payments share catch-ups (one running, the next
        shared by all who arrived meanwhile) and hold no lock or connection while it runs."""
        if any(self.receivables.invoice_owner(i) is None for i in body.invoice_ids):
            self.billing_feed.catch_up()  # an invoice issued a moment ago: follow billing now
        else:
            self.billing_feed.catch_up_within(BILLING_STALENESS_SECONDS)

    def _check(self, body: PostPayment) -> tuple[UUID, Decimal, list[UUID]]:
        errors = ErrorList()
        amount: Decimal | None = None
        try:
            amount = parse_amount(body.amount)
        except ValueError as exc:
            errors.add("amount", str(exc))
        check_payment(
            amount=amount,
            method=body.method,
            reference=body.reference,
            received_on=body.received_on,
            today=self.clock.today(),
            errors=errors,
        )
        errors.raise_if_any()
        client_id = body.client_id
        if not self.clients.exists(client_id):
            raise invalid("client_id", "no client with this id")
        named = list(body.invoice_ids)
        for invoice_id in named:
            owner = self.receivables.invoice_owner(invoice_id)
            if owner is None:
                raise invalid("invoice_ids", f"no invoice {invoice_id}")
            if owner != client_id:
                raise invalid("invoice_ids", f"invoice {invoice_id} belongs to another client")
        assert amount is not None
        return client_id, amount, named

    def preview(self, body: PostPayment) -> dict[str, Any]:
        self._follow_billing(body)
        client_id, amount, named = self._check(body)
        allocations, credit = allocate(amount, self.receivables.open_invoices(client_id), named)
        return {"allocations": allocations, "credit": credit}

    def post(
        self,
        body: PostPayment,
        *,
        caller: str,
        idempotency_key: str,
        request_hash: str,
        actor: str,
    ) -> Payment:
        """Post a payment once per Idempotency-Key; allocations never exceed what is due,
        even with payments racing for the same invoices."""
        if not idempotency_key.strip() or len(idempotency_key) > 200:
            raise invalid("Idempotency-Key", "must be 1 to 200 characters")
        payment_id = payment_id_for(caller, idempotency_key)
        self._follow_billing(body)
        with self.locks.session() as locks:
            # the key first (a concurrent duplicate is refused at once), then the client named
            # in the body: its allocations are serialised from here on, and every payment of
            # this client recorded before is committed with its move of the settlements ledger
            if not locks.try_lock_then_lock(payment_id, client_lock(body.client_id)):
                raise Conflict("a request with this Idempotency-Key is still being processed")
            existing = self.store.payment(payment_id)
            if existing is not None:
                if existing.request_hash != request_hash:
                    raise invalid("Idempotency-Key", "was already used with another request body")
                return existing
            client_id, amount, named = self._check(body)
            allocations, credit = allocate(amount, self.receivables.open_invoices(client_id), named)
            payment = Payment(
                payment_id=payment_id,
                client_id=client_id,
                amount=amount,
                method=body.method,
                reference=body.reference.strip(),
                received_on=body.received_on,
                request_hash=request_hash,
                allocations=[
                    {
                        "invoice_id": str(a.invoice_id),
                        "number": a.number,
                        "amount": str(a.amount),
                        "kind": "payment",
                    }
                    for a in allocations
                ],
                credit=credit,
                actor=actor,
            )
            self.store.save(payment)
        # the views catch up when next read (the answer comes from the payment itself)
        return payment

    def reverse(self, payment_id: UUID, reason: str, actor: str) -> Payment:
        payment = self.store.payment(payment_id)
        if payment is None:
            raise NotFound(f"no payment with id {payment_id}")
        with self.locks.wait(client_lock(payment.client_id)):
            payment = self.store.payment(payment_id)
            assert payment is not None
            payment.reverse(reason=reason, actor=actor)
            self.store.save(payment)
            self.read_model.refresh()  # recorded: a stuck view does not undo the answer
        return payment

    def return_credited_payments(self) -> int:
        """Paid money a credit note took back becomes the client's credit again: the excess
        of paid + credited over an invoice's total goes back, from the latest payments that
        paid it, to their credit (`CreditReturned`, moving the ledger in the same
        transaction). Exact and once: the excess is read from the ledger under the client's
        lock, and is zero once returned. Money is conserved: received - reversed =
        allocated + credit."""
        returned = 0
        for client_id, invoice_id in self.receivables.overcovered_invoices():
            with self.locks.wait(client_lock(client_id)):
                self.read_model.catch_up()
                found = self.receivables.overcovered(invoice_id)
                if found is None:
                    continue
                left: Decimal = found["excess"]
                changed: list[Payment] = []
                for payment_id in found["payments"]:
                    payment = self.store.payment(payment_id)
                    if payment is None or left <= 0:
                        continue
                    take = min(left, payment.allocated_to(invoice_id))
                    if take <= 0:
                        continue
                    payment.return_credit(
                        invoice_id,
                        found["number"],
                        take,
                        credit_note_id=found["credit_note_id"],
                        actor="system:credit-note",
                    )
                    changed.append(payment)
                    left -= take
                if changed:
                    self.store.save(*changed)
                    self.read_model.catch_up()
                    returned += len(changed)
                    log.info(
                        "credit_returned",
                        invoice_id=str(invoice_id),
                        amount=str(found["excess"] - left),
                        payments=len(changed),
                    )
        return returned

    def apply_credits(self) -> int:
        """Leftover credit pays newly issued invoices, oldest due first (after credit notes
        gave back what they took of paid invoices)."""
        self.billing_feed.catch_up()
        self.read_model.catch_up()
        self.return_credited_payments()
        applied = 0
        for client_id in self.receivables.clients_with_credit_and_open_invoices():
            with self.locks.wait(client_lock(client_id)):
                self.read_model.catch_up()
                for payment_id in self.receivables.payments_with_credit(client_id):
                    payment = self.store.payment(payment_id)
                    if payment is None or payment.status != POSTED:
                        continue
                    allocations, _ = allocate(
                        payment.credit_left, self.receivables.open_invoices(client_id), []
                    )
                    for a in allocations:
                        payment.apply_credit(
                            a.invoice_id, a.number, a.amount, actor="system:credit"
                        )
                        applied += 1
                    if allocations:
                        self.store.save(payment)
                        self.read_model.catch_up()
        return applied


class Collections:
    def __init__(
        self,
        *,
        store: CollectionsStore,
        receivables: Receivables,
        billing_feed: Refresher,
        read_model: ReadModel,
        contracts: ContractLifecycle,
        notifier: Notifier,
        clock: Clock,
        policy: list[Step],
        payments: Payments,
        locks: Locks,
    ) -> None:
        self.locks = locks
        self.store = store
        self.receivables = receivables
        self.billing_feed = billing_feed
        self.read_model = read_model
        self.contracts = contracts
        self.notifier = notifier
        self.clock = clock
        self.policy = policy
        self.payments = payments
        self._last_pass = float("-inf")

    def run(self, as_of: date, actor: str) -> dict[str, Any]:
        """Overdue, aging and dunning for one date. Idempotent per case and step, not per run:
        the same date again handles what is new since (an invoice overdue since, a payment
        that settles a case) and repeats no reminder, suspension or closure. A date before
        the latest run is refused: it would judge today's payments with an old date."""
        if as_of > self.clock.today():
            raise invalid("as_of", "cannot be in the future")
        if as_of < self.clock.today() - timedelta(days=366):
            raise invalid("as_of", "is more than a year ago")
        with self.locks.hold(RUN_LOCK) as held:  # one run at a time, whatever its date
            if not held:
                raise Conflict("a collections run is in progress; try again in a moment")
            # every run and case recorded so far is in the views (a stuck view refuses: 503)
            self.read_model.catch_up()
            latest = self.receivables.latest_run_date()
            if latest is not None and as_of < latest:
                raise Conflict(
                    f"a collections run dated {latest.isoformat()} was already made; a run "
                    f"dated {as_of.isoformat()} would judge later payments with an old date",
                    extra={"latest_run": latest.isoformat()},
                )
            figures = self._run(as_of, actor)
            recorded = self._record(as_of, figures, actor)
            self.read_model.catch_up()
            return {"figures": figures, "recorded": recorded}

    def _record(self, as_of: date, figures: dict[str, int], actor: str) -> bool:
        """The first pass of a date is always recorded; a later one when it acted."""
        existing = self.store.run(as_of)
        if existing is None:
            self.store.save(CollectionsRun(as_of=as_of, figures=figures, actor=actor))
            return True
        if not changed_anything(figures):
            return False
        existing.record_pass(figures, actor=actor)
        self.store.save(existing)
        return True

    def _run(self, as_of: date, actor: str) -> dict[str, int]:
        self.payments.apply_credits()
        figures = {
            "overdue_invoices": 0,
            "cases_opened": 0,
            "reminders": 0,
            "suspensions": 0,
            "resumptions": 0,
            "terminations_proposed": 0,
            "cases_closed": 0,
        }
        overdue = self.receivables.overdue_by_client(as_of)
        open_cases = self.receivables.open_cases()
        # the views are caught up (under the run's lock, the only writer of new cases): a
        # client's cases of the day say which id the day's next one takes
        opened_today = self.receivables.cases_opened_on(as_of)
        figures["overdue_invoices"] = len(overdue)
        changed: list[CollectionCase] = []
        clients = list(overdue)
        for start in range(0, len(clients), RUN_BATCH):
            batch = clients[start : start + RUN_BATCH]
            current = self.store.cases([open_cases[c] for c in batch if c in open_cases])
            for client_id in batch:
                owed = overdue[client_id]
                days = (as_of - owed["oldest"]).days
                case = current.get(open_cases[client_id]) if client_id in open_cases else None
                if case is None:
                    case = CollectionCase(
                        client_id=client_id,
                        opened_on=as_of,
                        days_past_due=days,
                        actor=actor,
                        # a case of that day already closed: the day's next one
                        reopening=opened_today.get(client_id, 0),
                    )
                    figures["cases_opened"] += 1
                steps = case.due_steps(self.policy, days, as_of)
                for step in steps:
                    self._take(case, step, owed, as_of, actor, figures)
                if case.pending_events:
                    changed.append(case)  # a case with nothing new records nothing
            if changed:
                self.store.save(*changed)
                self.notifier.flush()
                changed = []
        if changed:
            self.store.save(*changed)
        self.notifier.flush()
        settled = self.settle(as_of, actor)
        figures["resumptions"] += settled["resumptions"]
        figures["cases_closed"] += settled["cases_closed"]
        return figures

    def _take(
        self,
        case: CollectionCase,
        step: Step,
        owed: dict[str, Any],
        on: date,
        actor: str,
        figures: dict[str, int],
    ) -> None:
        contract_ids: list[str] = []
        if step.action in ("reminder", "second_reminder"):
            kind = "first reminder" if step.action == "reminder" else "second reminder"
            body = f"{kind}: {owed['amount']} MAD overdue since {owed['oldest'].isoformat()}"
            self.notifier.send(
                client_id=case.client_id, case_id=case.id, kind=step.action, body=body
            )
            figures["reminders"] += 1
            detail = body
        elif step.action == "suspend_lines":
            # each overdue line's current contract (after a plan change, the new one)
            current = dict.fromkeys(
                c for c in (self.contracts.current_contract(i) for i in owed["contract_ids"]) if c
            )
            for contract_id in current:
                if self.contracts.suspend_for_dunning(contract_id, on):
                    contract_ids.append(str(contract_id))
            figures["suspensions"] += len(contract_ids)
            detail = f"{len(contract_ids)} line(s) on the overdue invoices suspended"
        else:
            figures["terminations_proposed"] += 1
            detail = "termination proposed to an operator"
        case.record_step(step, on=on, detail=detail, contract_ids=contract_ids, actor=actor)

    def settle(self, on: date, actor: str) -> dict[str, int]:
        """Cases whose client owes nothing overdue any more are closed, and the lines
        suspended for dunning resumed."""
        self.read_model.catch_up()
        overdue = self.receivables.overdue_by_client(on)
        result = {"resumptions": 0, "cases_closed": 0}
        settled = [c for k, c in self.receivables.open_cases().items() if k not in overdue]
        for start in range(0, len(settled), RUN_BATCH):
            self._close_settled(settled[start : start + RUN_BATCH], on, actor, result)
        self.read_model.catch_up()
        return result

    def _close_settled(
        self, case_ids: list[UUID], on: date, actor: str, result: dict[str, int]
    ) -> None:
        for case in self.store.cases(case_ids).values():
            if case.status != "open":
                continue
            # the contracts suspended for dunning, or what replaced them since on their lines
            current = dict.fromkeys(
                c
                for c in (
                    self.contracts.current_contract(UUID(i)) for i in case.suspended_contract_ids
                )
                if c
            )
            resumed = [str(c) for c in current if self.contracts.resume_after_dunning(c, on)]
            case.close(reason="paid in full", resumed_contract_ids=resumed, actor=actor)
            self.store.save(case)
            result["resumptions"] += len(resumed)
            result["cases_closed"] += 1

    def act(
        self, case_id: UUID, action: str, note: str | None, promise_date: date | None, actor: str
    ) -> None:
        case = self.store.case(case_id)
        if case is None:
            raise NotFound(f"no case with id {case_id}")
        today = self.clock.today()
        if case.status != "open" and action != "note":
            raise Conflict("the case is closed")
        if action == "note":
            case.add_note(note or "", actor=actor)
        elif action == "promise_to_pay":
            case.promise_to_pay(promise_date, today=today, actor=actor)
        elif action == "escalate":
            owed = self.receivables.overdue_by_client(today, [case.client_id]).get(case.client_id)
            pending = [s for s in self.policy if s.name not in case.steps_done]
            if not pending or owed is None:
                raise Conflict("nothing left to escalate on this case")
            self._take(
                case,
                pending[0],
                owed,
                today,
                actor,
                {k: 0 for k in ("reminders", "suspensions", "terminations_proposed")},
            )
        elif action == "close":
            case.close(reason=note or "closed by an operator", resumed_contract_ids=[], actor=actor)
        else:
            raise invalid("action", "must be note, promise_to_pay, escalate or close")
        self.store.save(case)
        self.read_model.refresh()

    def daily(self) -> dict[str, Any] | None:
        """The worker's run of today, under the same rules as an operator's: a pass when the
        date has none yet and every `DAILY_PASS_SECONDS`; credit use and settlement between."""
        today = self.clock.today()
        now = time.monotonic()
        if self.store.run(today) is not None and now - self._last_pass < DAILY_PASS_SECONDS:
            self.payments.apply_credits()
            return self.settle(today, "system:collections")
        self._last_pass = now
        try:
            return self.run(today, "system:collections")
        except Conflict as exc:  # another worker's pass, or a later date already run
            log.info("collections_pass_skipped", reason=exc.detail)
            return None
