"""Collections rules: allocation, payments, dunning schedule and cases."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtf.collections.domain.allocation import OpenInvoice, allocate
from mtf.collections.domain.case import DEFAULT_POLICY, CollectionCase, parse_policy
from mtf.collections.domain.payment import Payment
from mtf.kernel.errors import Conflict, ValidationFailed

D = Decimal


def inv(n: int, due: str, amount: str) -> OpenInvoice:
    return OpenInvoice(uuid.UUID(int=n), f"FAC-2026-{n:06d}", date.fromisoformat(due), D(amount))


def test_named_invoices_first_then_the_oldest_due_then_credit() -> None:
    a, b, c = (
        inv(1, "2026-09-30", "100.00"),
        inv(2, "2026-08-31", "50.00"),
        inv(3, "2026-10-31", "70.00"),
    )
    allocations, credit = allocate(D("200.00"), [a, b, c], [c.invoice_id])
    assert [(x.number, x.amount) for x in allocations] == [
        ("FAC-2026-000003", D("70.00")),
        ("FAC-2026-000002", D("50.00")),
        ("FAC-2026-000001", D("80.00")),
    ]
    assert credit == D("0.00")
    allocations, credit = allocate(D("500.00"), [a], [])
    assert (allocations[0].amount, credit) == (D("100.00"), D("400.00"))


money = st.integers(1, 100_000).map(lambda c: D(c) / 100)


@settings(max_examples=300, deadline=None)
@given(
    invoices=st.lists(st.tuples(st.integers(0, 90), money), min_size=0, max_size=8),
    operations=st.lists(
        st.one_of(
            st.tuples(st.just("pay"), money, st.lists(st.integers(0, 7), max_size=2)),
            st.tuples(st.just("reverse"), st.integers(0, 20), st.just([])),
            st.tuples(st.just("credit_note"), st.integers(0, 7), st.integers(1, 100)),
        ),
        max_size=15,
    ),
)
def test_money_is_conserved_and_no_invoice_is_paid_above_its_total(
    invoices: list[tuple[int, Decimal]], operations: list[tuple[str, object, object]]
) -> None:
    """A ledger replay: for any invoices, payments, reversals and credit notes, paid =
    allocated + credit, no invoice gets more than its total, balances match the ledger."""
    totals = {i: amount for i, (_, amount) in enumerate(invoices)}
    due_dates = {i: date(2026, 1, 1) + timedelta(days=d) for i, (d, _) in enumerate(invoices)}
    credited = dict.fromkeys(totals, D("0"))
    payments: list[dict[str, object]] = []

    def paid(i: int) -> Decimal:
        return sum(
            (D(a[1]) for p in payments if not p["reversed"] for a in p["allocations"] if a[0] == i),
            D("0"),
        )  # type: ignore[index,union-attr]

    def open_invoices() -> list[OpenInvoice]:
        result = []
        for i, total in totals.items():
            due = total - credited[i] - paid(i)
            if due > 0:
                result.append(OpenInvoice(uuid.UUID(int=i), f"N{i}", due_dates[i], due))
        return result

    for op, x, y in operations:
        if op == "pay":
            named = [uuid.UUID(int=i) for i in y if i in totals]  # type: ignore[union-attr]
            allocations, credit = allocate(x, open_invoices(), named)  # type: ignore[arg-type]
            payments.append(
                {
                    "amount": x,
                    "allocations": [(a.invoice_id.int, a.amount) for a in allocations],
                    "credit": credit,
                    "reversed": False,
                }
            )
            assert sum((a.amount for a in allocations), D("0")) + credit == x
        elif op == "reverse" and payments:
            payments[int(x) % len(payments)]["reversed"] = True  # type: ignore[call-overload]
        elif op == "credit_note" and totals:
            i = int(x) % len(totals)  # type: ignore[call-overload]
            remaining = totals[i] - credited[i]
            credited[i] += min(remaining, D(int(y)) / 10)  # type: ignore[call-overload]
        for i, total in totals.items():
            assert paid(i) <= total
    live = [p for p in payments if not p["reversed"]]
    received = sum((p["amount"] for p in live), D("0"))  # type: ignore[misc]
    allocated = sum((a[1] for p in live for a in p["allocations"]), D("0"))  # type: ignore[attr-defined]
    credit = sum((p["credit"] for p in live), D("0"))  # type: ignore[misc]
    assert received == allocated + credit


def payment(amount: str = "100.00", credit: str = "20.00") -> Payment:
    return Payment(
        payment_id=uuid.uuid4(),
        client_id=uuid.uuid4(),
        amount=D(amount),
        method="cash",
        reference="R",
        received_on=date(2026, 11, 1),
        request_hash="h",
        allocations=[
            {
                "invoice_id": str(uuid.uuid4()),
                "number": "FAC-1",
                "amount": "80.00",
                "kind": "payment",
            }
        ],
        credit=D(credit),
        actor="x",
    )


def test_credit_is_used_once_and_a_reversal_undoes_everything() -> None:
    p = payment()
    p.apply_credit(uuid.uuid4(), "FAC-2", D("15.00"), actor="x")
    with pytest.raises(Conflict):
        p.apply_credit(uuid.uuid4(), "FAC-3", D("10.00"), actor="x")
    p.reverse(reason="bounced", actor="x")
    reversed_event = p.collect_events()[-1]
    assert [a["number"] for a in reversed_event.undone] == ["FAC-1", "FAC-2"]  # type: ignore[attr-defined]
    assert p.credit_left == D("0.00")
    with pytest.raises(Conflict):
        p.reverse(reason="again", actor="x")


def test_the_default_dunning_policy_and_its_validation() -> None:
    steps = parse_policy(DEFAULT_POLICY)
    assert [(s.day, s.action) for s in steps] == [
        (1, "reminder"),
        (15, "second_reminder"),
        (30, "suspend_lines"),
        (60, "propose_termination"),
    ]
    with pytest.raises(ValueError):
        parse_policy('[{"day": 3, "action": "call_the_police"}]')


def test_a_case_takes_each_due_step_once_and_a_promise_pauses_it() -> None:
    policy = parse_policy(DEFAULT_POLICY)
    case = CollectionCase(
        client_id=uuid.uuid4(), opened_on=date(2026, 9, 1), days_past_due=1, actor="x"
    )
    due = case.due_steps(policy, 31, date(2026, 10, 1))
    assert [s.action for s in due] == ["reminder", "second_reminder", "suspend_lines"]
    for step in due:
        case.record_step(
            step,
            on=date(2026, 10, 1),
            detail="",
            contract_ids=["c1"] if step.action == "suspend_lines" else [],
            actor="x",
        )
    assert case.stage == "suspended" and case.suspended_contract_ids == ["c1"]
    assert case.due_steps(policy, 31, date(2026, 10, 1)) == []
    with pytest.raises(ValidationFailed):
        case.promise_to_pay(date(2026, 9, 30), today=date(2026, 10, 1), actor="x")
    case.promise_to_pay(date(2026, 10, 20), today=date(2026, 10, 1), actor="x")
    assert case.due_steps(policy, 65, date(2026, 10, 15)) == []
    assert [s.action for s in case.due_steps(policy, 70, date(2026, 10, 21))] == [
        "propose_termination"
    ]
