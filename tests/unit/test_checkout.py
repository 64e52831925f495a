"""Checkout: every branch of the decision, idempotency, and the saga's resume and undo."""

from __future__ import annotations

import itertools
import uuid
from datetime import date, timedelta
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtf.contracts.application.checkout import CheckoutRequest
from mtf.kernel.client_registration import ClientRegistration
from mtf.kernel.errors import Conflict, ServiceUnavailable, ValidationFailed
from tests.unit.fakes import World

NEW = ClientRegistration(first_name="Fatima", last_name="Zahra", cin="BE123456", phone="0612345678")


def place(
    world: World, request: CheckoutRequest, key: str | None = None, body: str | None = None
) -> Any:
    return world.checkout.place(
        request,
        caller="operator:1",
        idempotency_key=key or str(uuid.uuid4()),
        request_hash=body or repr(request),
        actor="operator:admin",
    )


@pytest.fixture
def world() -> World:
    w = World()
    w.mob10 = w.catalog.add(uuid.uuid4(), "MOB-10G", "mobile")  # type: ignore[attr-defined]
    w.mob50 = w.catalog.add(uuid.uuid4(), "MOB-50G", "mobile")  # type: ignore[attr-defined]
    w.fibre = w.catalog.add(uuid.uuid4(), "FIBRE", "internet")  # type: ignore[attr-defined]
    return w


def test_an_unknown_client_gets_client_line_and_active_contract(world: World) -> None:
    order = place(world, CheckoutRequest(offer_id=world.mob10, new_client=NEW))
    assert (order.status, order.outcome) == ("completed", "new_client")
    [contract] = world.store.contracts()
    assert contract.status == "active"
    assert contract.client_id == order.client_id and contract.subscriber_id == order.subscriber_id
    assert (
        order.client_id in world.customers.clients and order.subscriber_id in world.customers.lines
    )
    assert "contracts_changed" in world.customers.calls


def test_new_client_data_for_a_known_cin_uses_the_existing_client(world: World) -> None:
    first = place(world, CheckoutRequest(offer_id=world.mob10, new_client=NEW))
    second = place(
        world,
        CheckoutRequest(
            offer_id=world.fibre, new_client=msgspec.structs.replace(NEW, cin="be123456")
        ),
    )  # type: ignore[attr-defined]
    assert second.outcome == "new_line"
    assert second.client_id == first.client_id
    assert len(world.customers.clients) == 1


def test_a_known_client_without_that_service_gets_a_new_line(world: World) -> None:
    first = place(world, CheckoutRequest(offer_id=world.mob10, new_client=NEW))
    order = place(world, CheckoutRequest(offer_id=world.fibre, client_id=first.client_id))  # type: ignore[attr-defined]
    assert order.outcome == "new_line"
    assert order.subscriber_id != first.subscriber_id


def test_one_active_contract_of_the_service_means_a_plan_change_on_that_line(world: World) -> None:
    first = place(
        world,
        CheckoutRequest(offer_id=world.mob10, new_client=NEW, effective_date=date(2026, 10, 5)),
    )  # type: ignore[attr-defined]
    order = place(
        world,
        CheckoutRequest(offer_id=world.mob50, cin="BE123456", effective_date=date(2026, 11, 15)),
    )  # type: ignore[attr-defined]
    assert order.outcome == "plan_change"
    assert order.subscriber_id == first.subscriber_id
    old = world.store.get(first.contract_id)
    new = world.store.get(order.contract_id)
    assert (old.status, old.end_date) == ("superseded", date(2026, 11, 14))
    assert (new.status, new.start_date) == ("active", date(2026, 11, 15))


def test_several_lines_of_the_service_need_a_choice(world: World) -> None:
    first = place(world, CheckoutRequest(offer_id=world.mob10, new_client=NEW))
    second = place(
        world, CheckoutRequest(offer_id=world.mob10, client_id=first.client_id, intent="new_line")
    )  # type: ignore[attr-defined]
    assert second.outcome == "new_line"
    before = len(world.store.aggregates)
    with pytest.raises(Conflict) as excinfo:
        place(world, CheckoutRequest(offer_id=world.mob50, client_id=first.client_id))  # type: ignore[attr-defined]
    assert set(excinfo.value.extra["candidates"]) == {
        str(first.subscriber_id),
        str(second.subscriber_id),
    }
    assert len(world.store.aggregates) == before  # nothing recorded
    chosen = place(
        world,
        CheckoutRequest(
            offer_id=world.mob50,
            client_id=first.client_id,
            subscriber_id=second.subscriber_id,
            effective_date=date(2026, 11, 28),
        ),  # type: ignore[attr-defined]
    )
    assert (chosen.outcome, chosen.subscriber_id) == ("plan_change", second.subscriber_id)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"offer_id": "same"}, "offer_id"),
        (
            {
                "intent": "plan_change",
                "new_client": msgspec.structs.replace(NEW, cin="ZZ9"),
                "client_id": None,
            },
            "intent",
        ),
        ({"subscriber_id": uuid.uuid4()}, "subscriber_id"),
        ({"effective_date": date(2026, 11, 27)}, "effective_date"),
        ({"offer_id": "draft"}, "offer_id"),
        ({"cin": "BE123456"}, "client_id"),
    ],
)
def test_refusals_name_their_field_and_change_nothing(
    world: World, change: dict[str, Any], field: str
) -> None:
    first = place(
        world,
        CheckoutRequest(offer_id=world.mob10, new_client=NEW, effective_date=date(2026, 11, 27)),
    )  # type: ignore[attr-defined]
    offer_id = world.mob50  # type: ignore[attr-defined]
    if change.get("offer_id") == "same":
        offer_id = world.mob10  # type: ignore[attr-defined]
    elif change.get("offer_id") == "draft":
        offer_id = world.catalog.add(uuid.uuid4(), "DRAFT", "mobile", status="draft")
    values: dict[str, Any] = {"offer_id": offer_id, "client_id": first.client_id}
    values.update({k: v for k, v in change.items() if k != "offer_id"})
    before = dict(world.store.aggregates)
    with pytest.raises(ValidationFailed) as excinfo:
        place(world, CheckoutRequest(**values))
    assert field in [e.field for e in excinfo.value.errors]
    assert world.store.aggregates.keys() == before.keys()


def test_a_client_who_is_not_active_cannot_buy(world: World) -> None:
    first = place(world, CheckoutRequest(offer_id=world.mob10, new_client=NEW))
    world.customers.clients[first.client_id]["status"] = "suspended"
    with pytest.raises(Conflict):
        place(world, CheckoutRequest(offer_id=world.fibre, client_id=first.client_id))  # type: ignore[attr-defined]


def test_the_same_key_replays_and_another_body_is_refused(world: World) -> None:
    request = CheckoutRequest(offer_id=world.mob10, new_client=NEW)
    first = place(world, request, key="k1", body="b1")
    again = place(world, request, key="k1", body="b1")
    assert again.id == first.id and again.contract_id == first.contract_id
    assert len(world.store.contracts()) == 1
    with pytest.raises(ValidationFailed) as excinfo:
        place(world, CheckoutRequest(offer_id=world.fibre, new_client=NEW), key="k1", body="b2")  # type: ignore[attr-defined]
    assert excinfo.value.errors[0].field == "Idempotency-Key"


def test_a_request_still_running_with_the_same_key_gets_a_conflict(world: World) -> None:
    from mtf.contracts.domain.order import order_id_for

    world.locks.held.add(order_id_for("operator:1", "busy"))
    with pytest.raises(Conflict, match="still being processed"):
        place(world, CheckoutRequest(offer_id=world.mob10, new_client=NEW), key="busy")  # type: ignore[attr-defined]


def test_a_step_failing_part_way_is_resumed_and_the_state_is_whole(world: World) -> None:
    world.customers.fail_next["ensure_line"] = ServiceUnavailable("customer is down")
    request = CheckoutRequest(offer_id=world.mob10, new_client=NEW)
    with pytest.raises(ServiceUnavailable):
        place(world, request, key="k", body="b")
    [order] = world.store.orders()
    assert order.status == "running" and order.steps_done == ["client"]
    assert len(world.customers.clients) == 1 and not world.store.contracts()
    assert world.checkout.resume_stalled() == 1  # what the worker does
    [order] = world.store.orders()
    assert order.status == "completed"
    assert len(world.customers.clients) == 1 and len(world.customers.lines) == 1
    [contract] = world.store.contracts()
    assert contract.status == "active" and contract.subscriber_id == order.subscriber_id


def test_a_retry_with_the_same_key_also_finishes_an_interrupted_order(world: World) -> None:
    world.customers.fail_next["ensure_client"] = ServiceUnavailable("customer is down")
    request = CheckoutRequest(offer_id=world.mob10, new_client=NEW)
    with pytest.raises(ServiceUnavailable):
        place(world, request, key="k", body="b")
    assert not world.customers.clients
    order = place(world, request, key="k", body="b")
    assert order.status == "completed"
    assert len(world.customers.clients) == 1 and len(world.store.contracts()) == 1


def test_an_order_interrupted_before_its_client_existed_is_abandoned_without_changes(
    world: World,
) -> None:
    world.customers.fail_next["ensure_client"] = ServiceUnavailable("down")
    with pytest.raises(ServiceUnavailable):
        place(world, CheckoutRequest(offer_id=world.mob10, new_client=NEW), key="k", body="b")  # type: ignore[attr-defined]
    world.checkout.resume_stalled()
    assert world.store.orders()[0].status == "running"  # waits for the caller first
    world.clock.day += timedelta(days=1)
    world.checkout.resume_stalled()
    [order] = world.store.orders()
    assert order.status == "failed"
    assert not world.customers.clients and not world.store.contracts()


def test_a_permanent_failure_after_the_client_was_created_removes_that_client(world: World) -> None:
    world.customers.fail_next["ensure_line"] = ValidationFailed([])
    order = place(world, CheckoutRequest(offer_id=world.mob10, new_client=NEW))
    assert order.status == "failed"
    assert order.failure["compensated"] == ["client removed"]
    assert not world.customers.clients and not world.store.contracts()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["mob10", "mob50", "fibre"]),
            st.sampled_from(["auto", "new_line", "plan_change"]),
            st.integers(0, 3),  # which existing line to name (if any)
            st.integers(1, 20),  # days after the previous change
        ),
        min_size=1,
        max_size=12,
    )
)
def test_any_sequence_of_checkouts_never_leaves_two_current_contracts_on_a_line(
    steps: list[tuple[str, str, int, int]],
) -> None:
    world = World(today=date(2027, 12, 31))
    offers = {
        name: world.catalog.add(
            uuid.uuid4(), name.upper(), "internet" if name == "fibre" else "mobile"
        )
        for name in ("mob10", "mob50", "fibre")
    }
    client_id = place(
        world,
        CheckoutRequest(offer_id=offers["mob10"], new_client=NEW, effective_date=date(2026, 1, 1)),
    ).client_id
    day = date(2026, 1, 1)
    for offer, intent, pick, gap in steps:
        day += timedelta(days=gap)
        lines = sorted(world.customers.lines)
        subscriber = (
            lines[pick] if intent != "new_line" and pick < len(lines) and pick % 2 else None
        )
        try:
            place(
                world,
                CheckoutRequest(
                    offer_id=offers[offer],
                    client_id=client_id,
                    intent=intent,
                    subscriber_id=subscriber,
                    effective_date=day,
                ),
            )
        except (ValidationFailed, Conflict):
            pass  # a refused checkout must change nothing, which the invariant also checks
        assert all(n == 1 for n in world.current_contracts_per_line().values())
        assert all(o.status == "completed" for o in world.store.orders())


# -- future-dated checkouts (issue #10, point 3) ---------------------------------------------


def test_a_future_checkout_completes_with_a_pending_contract_started_on_its_date(
    world: World,
) -> None:
    start = world.clock.today() + timedelta(days=20)
    order = place(
        world, CheckoutRequest(offer_id=world.mob10, new_client=NEW, effective_date=start)
    )  # type: ignore[attr-defined]
    assert (order.status, order.outcome) == ("completed", "new_client")
    contract = world.store.get(order.contract_id)
    assert (contract.status, contract.start_date) == ("pending", start)
    assert world.commands.activate_due_contracts() == 0  # not before its date
    world.clock.day = start - timedelta(days=1)
    assert world.commands.activate_due_contracts() == 0
    world.clock.day = start
    assert world.commands.activate_due_contracts() == 1
    contract = world.store.get(order.contract_id)
    assert contract.status == "active"
    activated = contract.collect_events()  # nothing new pending: all saved
    assert activated == []
    assert world.commands.activate_due_contracts() == 0  # once only


def test_a_future_plan_change_keeps_the_current_contract_until_the_day_before(
    world: World,
) -> None:
    today = world.clock.today()
    first = place(world, CheckoutRequest(offer_id=world.mob10, new_client=NEW))
    start = today + timedelta(days=35)
    change = place(
        world,
        CheckoutRequest(offer_id=world.mob50, client_id=first.client_id, effective_date=start),  # type: ignore[attr-defined]
    )
    assert (change.status, change.outcome) == ("completed", "plan_change")
    old, new = world.store.get(first.contract_id), world.store.get(change.contract_id)
    assert (old.status, old.end_date) == ("active", None)
    assert old.scheduled_change is not None
    assert (old.scheduled_change["action"], old.scheduled_change["contract_id"]) == (
        "plan_change",
        new.id,
    )
    assert new.status == "pending"
    # another plan change meanwhile is refused until this one is cancelled (point 10)
    mob100 = world.catalog.add(uuid.uuid4(), "MOB-100G", "mobile")
    before = len(world.store.aggregates)
    with pytest.raises(Conflict) as refused:
        place(world, CheckoutRequest(offer_id=mob100, client_id=first.client_id))
    assert "cancel it first" in refused.value.detail
    assert len(world.store.aggregates) == before  # nothing recorded
    world.clock.day = start
    assert world.commands.activate_due_contracts() == 1
    old, new = world.store.get(first.contract_id), world.store.get(change.contract_id)
    assert (old.status, old.end_date, old.scheduled_change) == (
        "superseded",
        start - timedelta(days=1),
        None,
    )
    assert (new.status, new.start_date) == ("active", start)
    assert all(n == 1 for n in world.current_contracts_per_line().values())


def test_cancelling_a_future_plan_change_leaves_the_current_contract_as_it_was(
    world: World,
) -> None:
    today = world.clock.today()
    first = place(world, CheckoutRequest(offer_id=world.mob10, new_client=NEW))
    change = place(
        world,
        CheckoutRequest(
            offer_id=world.mob50,  # type: ignore[attr-defined]
            client_id=first.client_id,
            effective_date=today + timedelta(days=3),
        ),
    )
    with pytest.raises(ValidationFailed):
        world.commands.cancel(change.contract_id, " ", "operator:x")
    with pytest.raises(Conflict):
        world.commands.cancel(first.contract_id, "not pending", "operator:x")
    world.commands.cancel(change.contract_id, "changed their mind", "operator:x")
    old, new = world.store.get(first.contract_id), world.store.get(change.contract_id)
    assert (new.status, new.status_reason) == ("cancelled", "changed their mind")
    assert (old.status, old.scheduled_change) == ("active", None)
    world.clock.day = today + timedelta(days=3)
    assert world.commands.activate_due_contracts() == 0  # a cancelled contract never starts
    # the line can change plan again
    again = place(
        world,
        CheckoutRequest(offer_id=world.mob50, client_id=first.client_id),  # type: ignore[attr-defined]
    )
    assert again.outcome == "plan_change"


def test_cancelling_the_scheduled_plan_change_on_the_current_contract_cancels_the_new_one(
    world: World,
) -> None:
    first = place(world, CheckoutRequest(offer_id=world.mob10, new_client=NEW))
    change = place(
        world,
        CheckoutRequest(
            offer_id=world.mob50,  # type: ignore[attr-defined]
            client_id=first.client_id,
            effective_date=world.clock.today() + timedelta(days=3),
        ),
    )
    world.commands.cancel_scheduled_change(first.contract_id, "operator:x")
    assert world.store.get(change.contract_id).status == "cancelled"
    assert world.store.get(first.contract_id).scheduled_change is None


def test_a_plan_change_that_can_no_longer_happen_on_its_date_is_cancelled_with_the_reason(
    world: World,
) -> None:
    today = world.clock.today()
    first = place(world, CheckoutRequest(offer_id=world.mob10, new_client=NEW))
    start = today + timedelta(days=10)
    change = place(
        world,
        CheckoutRequest(offer_id=world.mob50, client_id=first.client_id, effective_date=start),  # type: ignore[attr-defined]
    )
    # the current contract is suspended (dunning) after its date has been recorded... on a
    # date that is not before the plan change: superseding it then would rewrite that
    world.clock.day = start + timedelta(days=2)
    old = world.store.get(first.contract_id)
    old.suspend(
        reason="dunning", effective_date=start + timedelta(days=1), today=world.clock.day, actor="x"
    )
    world.store.save(old)
    assert world.commands.activate_due_contracts() == 1
    new = world.store.get(change.contract_id)
    assert new.status == "cancelled" and new.status_reason.startswith("not started: ")  # type: ignore[union-attr]
    old = world.store.get(first.contract_id)
    assert (old.status, old.scheduled_change) == ("suspended", None)


def test_a_failed_order_never_leaves_its_contract_pending(world: World) -> None:
    first = place(world, CheckoutRequest(offer_id=world.mob10, new_client=NEW))
    start = world.clock.today() + timedelta(days=5)
    request = CheckoutRequest(offer_id=world.mob50, client_id=first.client_id, effective_date=start)  # type: ignore[attr-defined]
    # between the decision and the activation, a termination is scheduled on the line
    real_save = world.store.save
    calls = {"n": 0}

    def save_then_schedule(*aggregates: Any) -> None:
        real_save(*aggregates)
        if any(type(a).__name__ == "Contract" and a.status == "pending" for a in aggregates):
            calls["n"] += 1
            if calls["n"] == 1:
                old = world.store.get(first.contract_id)
                old.schedule(
                    action="terminate",
                    reason="moving",
                    effective_date=start + timedelta(days=10),
                    today=world.clock.today(),
                    actor="op",
                )
                real_save(old)

    world.store.save = save_then_schedule  # type: ignore[method-assign]
    order = place(world, request)
    world.store.save = real_save  # type: ignore[method-assign]
    assert order.status == "failed" and order.failure["status"] == 409
    assert "contract cancelled" in order.failure["compensated"]
    assert world.store.get(order.contract_id).status == "cancelled"
    old = world.store.get(first.contract_id)
    assert old.scheduled_change is not None and old.scheduled_change["action"] == "terminate"


def _days_covered(world: World) -> dict[Any, list[tuple[date, date]]]:
    """Each line's contract stretches (start to end, or to the scheduled plan change's eve,
    or open), cancelled contracts excluded: they cover no day."""
    far = date(2100, 1, 1)
    stretches: dict[Any, list[tuple[date, date]]] = {}
    for c in world.store.contracts():
        if c.status == "cancelled":
            continue
        end = c.end_date or far
        if c.scheduled_change and c.scheduled_change["action"] == "plan_change":
            end = c.scheduled_change["effective_date"] - timedelta(days=1)
        stretches.setdefault(c.subscriber_id, []).append((c.start_date, end))
    return stretches


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.tuples(
                st.just("order"),
                st.sampled_from(["mob10", "mob50", "mob100"]),
                st.sampled_from(["auto", "new_line"]),
                st.integers(-40, 60),  # effective date, days from today
            ),
            st.tuples(st.just("cancel"), st.just(""), st.just(""), st.integers(0, 5)),
            st.tuples(st.just("days_pass"), st.just(""), st.just(""), st.integers(1, 30)),
        ),
        min_size=1,
        max_size=15,
    )
)
def test_past_today_and_future_checkouts_never_cover_a_line_day_twice(
    steps: list[tuple[str, str, str, int]],
) -> None:
    """Backdated, today's and future checkouts, cancellations and the worker's daily start of
    what is due: a line never has two current contracts, no day of a line is covered by two
    contracts (a plan change's old contract ends the day before the new one starts), and
    nothing due stays pending."""
    world = World(today=date(2026, 6, 1))
    offers = {
        name: world.catalog.add(uuid.uuid4(), name.upper(), "mobile")
        for name in ("mob10", "mob50", "mob100")
    }
    client_id = place(
        world,
        CheckoutRequest(offer_id=offers["mob10"], new_client=NEW, effective_date=date(2026, 1, 1)),
    ).client_id
    for kind, offer, intent, number in steps:
        try:
            if kind == "order":
                place(
                    world,
                    CheckoutRequest(
                        offer_id=offers[offer],
                        client_id=client_id,
                        intent=intent,
                        effective_date=world.clock.today() + timedelta(days=number),
                    ),
                )
            elif kind == "cancel":
                pending = sorted(
                    (c for c in world.store.contracts() if c.status == "pending"),
                    key=lambda c: c.start_date,
                )
                if pending:
                    world.commands.cancel(pending[number % len(pending)].id, "changed", "op")
            else:
                world.clock.day += timedelta(days=number)
                world.commands.activate_due_contracts()
        except (ValidationFailed, Conflict):
            pass  # refused: changes nothing (the invariants below also check that)
        assert all(n == 1 for n in world.current_contracts_per_line().values())
        for line, stretches in _days_covered(world).items():
            ordered = sorted(stretches)
            for (_, end), (start, _) in itertools.pairwise(ordered):
                assert end < start, f"line {line}: two contracts cover {start}"
        assert all(o.status == "completed" for o in world.store.orders())
        today = world.clock.today()
        for c in world.store.contracts():
            if c.status in ("pending", "active", "suspended"):  # pending exactly until its start
                assert (c.status == "pending") == (c.start_date > today), (
                    f"a contract starting {c.start_date} is {c.status} on {today}"
                )
