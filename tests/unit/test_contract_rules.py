"""Contract lifecycle rules (domain-rules.md, Contracts)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtf.contracts.domain.contract import Contract, add_months
from mtf.kernel.errors import Conflict, ValidationFailed

TODAY = date(2026, 11, 27)


def contract(start: date = date(2026, 1, 15), months: int = 12) -> Contract:
    c = Contract(
        contract_id=uuid.uuid4(),
        order_id=None,
        client_id=uuid.uuid4(),
        subscriber_id=uuid.uuid4(),
        offer_id=uuid.uuid4(),
        offer_version=1,
        offer_code="MOB-10G",
        offer_name="Mobile",
        service="mobile",
        monthly_fee=Decimal("49.00"),
        commitment_months=months,
        start_date=start,
        actor="operator:test",
    )
    return c


def test_a_new_contract_is_pending_then_active_with_its_commitment_end() -> None:
    c = contract(date(2026, 1, 31), months=1)
    assert c.status == "pending"
    assert c.commitment_end == date(2026, 2, 28)
    c.activate(today=TODAY, actor="x")
    assert c.status == "active"
    with pytest.raises(Conflict):
        c.activate(today=TODAY, actor="x")


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.sampled_from([12, 24]))
def test_commitment_end_is_start_plus_months(start: date, months: int) -> None:
    end = add_months(start, months)
    assert (end.year - start.year) * 12 + end.month - start.month == months
    assert end.day <= start.day


def test_suspend_resume_terminate_with_reasons_and_dates() -> None:
    c = contract()
    c.activate(today=TODAY, actor="x")
    c.suspend(reason="unpaid", effective_date=date(2026, 3, 1), today=TODAY, actor="x")
    assert (c.status, c.status_reason) == ("suspended", "unpaid")
    c.resume(reason="paid", effective_date=date(2026, 3, 10), today=TODAY, actor="x")
    c.terminate(reason="moving abroad", effective_date=date(2026, 4, 30), today=TODAY, actor="x")
    assert (c.status, c.end_date) == ("terminated", date(2026, 4, 30))
    events = [type(e).__name__ for e in c.collect_events()]
    assert events == ["Created", "Activated", "Suspended", "Resumed", "Terminated"]


def test_transitions_the_state_refuses() -> None:
    c = contract()
    with pytest.raises(Conflict):
        c.suspend(reason="x", effective_date=TODAY, today=TODAY, actor="x")
    c.activate(today=TODAY, actor="x")
    with pytest.raises(Conflict):
        c.resume(reason="x", effective_date=TODAY, today=TODAY, actor="x")
    c.terminate(reason="x", effective_date=TODAY, today=TODAY, actor="x")
    with pytest.raises(Conflict):
        c.suspend(reason="x", effective_date=TODAY, today=TODAY, actor="x")
    with pytest.raises(Conflict):
        c.terminate(reason="x", effective_date=TODAY, today=TODAY, actor="x")


@pytest.mark.parametrize(
    ("reason", "effective", "field"),
    [
        ("", TODAY, "reason"),
        ("ok", date(2027, 1, 1), "effective_date"),
        ("ok", date(2026, 1, 1), "effective_date"),
    ],
)
def test_transition_needs_a_reason_and_a_date_between_the_last_change_and_today(
    reason: str, effective: date, field: str
) -> None:
    c = contract(date(2026, 1, 15))
    c.activate(today=TODAY, actor="x")
    with pytest.raises(ValidationFailed) as excinfo:
        c.suspend(reason=reason, effective_date=effective, today=TODAY, actor="x")
    assert [e.field for e in excinfo.value.errors] == [field]
    assert c.status == "active"


def test_a_plan_change_ends_the_old_contract_the_day_before() -> None:
    c = contract(date(2026, 1, 15))
    c.activate(today=TODAY, actor="x")
    new_id = uuid.uuid4()
    c.supersede(by_contract_id=new_id, new_start=date(2026, 6, 1), actor="x")
    assert (c.status, c.end_date, c.superseded_by) == ("superseded", date(2026, 5, 31), new_id)


def test_a_plan_change_cannot_start_on_or_before_the_current_start() -> None:
    c = contract(date(2026, 1, 15))
    c.activate(today=TODAY, actor="x")
    for start in (date(2026, 1, 15), date(2026, 1, 1)):
        with pytest.raises(ValidationFailed):
            c.supersede(by_contract_id=uuid.uuid4(), new_start=start, actor="x")
    assert c.status == "active"


def test_a_reason_longer_than_the_record_keeps_is_refused() -> None:
    c = contract(date(2026, 1, 15))
    c.activate(today=TODAY, actor="x")
    with pytest.raises(ValidationFailed) as excinfo:
        c.suspend(reason="x" * 501, effective_date=TODAY, today=TODAY, actor="x")
    assert [e.field for e in excinfo.value.errors] == ["reason"]
    assert c.status == "active"


def test_a_termination_scheduled_for_a_later_date_happens_on_that_date() -> None:
    c = contract()
    c.activate(today=TODAY, actor="x")
    end_of_month = date(2026, 11, 30)
    c.schedule(
        action="terminate",
        reason="moving abroad",
        effective_date=end_of_month,
        today=TODAY,
        actor="op",
    )
    assert c.status == "active" and c.scheduled_change is not None
    assert c.scheduled_change["effective_date"] == end_of_month
    assert not c.apply_scheduled_change(today=date(2026, 11, 29), actor="system")  # not yet
    assert c.status == "active"
    assert c.apply_scheduled_change(today=date(2026, 12, 2), actor="system")  # a late worker too
    assert (c.status, c.end_date, c.scheduled_change) == ("terminated", end_of_month, None)
    assert "moving abroad" in (c.status_reason or "") and "op" in (c.status_reason or "")


@pytest.mark.parametrize(
    ("action", "when", "field"),
    [
        ("terminate", TODAY, "effective_date"),  # today is not later: terminate now instead
        ("terminate", date(2026, 1, 1), "effective_date"),
        ("suspend", date(2029, 1, 1), "effective_date"),  # more than 24 months ahead
    ],
)
def test_a_schedule_must_be_for_a_later_date(action: str, when: date, field: str) -> None:
    c = contract()
    c.activate(today=TODAY, actor="x")
    with pytest.raises(ValidationFailed) as refused:
        c.schedule(action=action, reason="r", effective_date=when, today=TODAY, actor="op")
    assert refused.value.errors[0].field == field
    assert c.scheduled_change is None


def test_a_schedule_is_replaced_cancelled_or_dropped_when_the_contract_moved_on() -> None:
    c = contract()
    c.activate(today=TODAY, actor="x")
    with pytest.raises(Conflict):
        c.cancel_scheduled_change(reason="cancelled", actor="op")  # nothing to cancel
    c.schedule(
        action="suspend", reason="a", effective_date=date(2026, 12, 5), today=TODAY, actor="op"
    )
    c.schedule(
        action="suspend", reason="b", effective_date=date(2026, 12, 9), today=TODAY, actor="op"
    )
    assert c.scheduled_change and c.scheduled_change["reason"] == "b"  # the later request wins
    c.cancel_scheduled_change(reason="cancelled", actor="op")
    assert c.scheduled_change is None
    c.schedule(
        action="suspend", reason="c", effective_date=date(2026, 12, 9), today=TODAY, actor="op"
    )
    c.suspend(reason="unpaid", effective_date=TODAY, today=TODAY, actor="op")  # suspended now
    assert c.scheduled_change is None  # the scheduled suspension has nothing left to do
    c.resume(reason="paid", effective_date=TODAY, today=TODAY, actor="op")
    c.schedule(
        action="suspend", reason="d", effective_date=date(2026, 12, 9), today=TODAY, actor="op"
    )
    c.terminate(reason="closed", effective_date=TODAY, today=TODAY, actor="op")
    assert c.scheduled_change is None
    with pytest.raises(Conflict):
        c.schedule(
            action="terminate",
            reason="e",
            effective_date=date(2026, 12, 9),
            today=TODAY,
            actor="op",
        )


def test_a_scheduled_change_that_can_no_longer_happen_is_dropped_with_the_reason() -> None:
    c = contract()
    c.activate(today=TODAY, actor="x")
    c.schedule(
        action="terminate", reason="t", effective_date=date(2026, 12, 9), today=TODAY, actor="op"
    )
    c.suspend(
        reason="unpaid", effective_date=date(2026, 12, 10), today=date(2026, 12, 10), actor="op"
    )
    # the termination stays scheduled from suspended, and happens on its date
    assert c.scheduled_change is not None
    c.resume(reason="paid", effective_date=date(2026, 12, 11), today=date(2026, 12, 11), actor="op")
    # its date (12-09) is now before the contract's last change (12-11): dropped, not applied
    assert c.apply_scheduled_change(today=date(2026, 12, 12), actor="system")
    assert (c.status, c.scheduled_change) == ("active", None)
    assert type(c.pending_events[-1]).__name__ == "ScheduledChangeCancelled"


# -- future starts, cancellation, scheduled plan changes (issue #10, points 3 and 10) ------


def test_a_contract_starting_after_today_is_not_activated_before_its_date() -> None:
    c = contract(start=date(2026, 12, 15))
    with pytest.raises(Conflict):
        c.activate(today=TODAY, actor="x")
    assert c.status == "pending" and not c.pending_events[1:]  # nothing recorded
    c.activate(today=date(2026, 12, 15), actor="system:scheduler")
    assert c.status == "active"


def test_a_pending_contract_is_cancelled_with_a_reason_and_only_while_pending() -> None:
    c = contract(start=date(2026, 12, 15))
    for reason in ("", "   ", "x" * 501):
        with pytest.raises(ValidationFailed) as refused:
            c.cancel(reason=reason, actor="op")
        assert refused.value.errors[0].field == "reason"
    assert c.status == "pending"
    c.cancel(reason=" client changed their mind ", actor="operator:amina")
    assert (c.status, c.status_reason) == ("cancelled", "client changed their mind")
    cancelled = c.pending_events[-1]
    assert type(cancelled).__name__ == "Cancelled"
    assert cancelled.actor == "operator:amina"  # type: ignore[attr-defined]
    with pytest.raises(Conflict):
        c.cancel(reason="again", actor="op")
    with pytest.raises(Conflict):
        c.activate(today=date(2026, 12, 15), actor="x")  # a cancelled contract never starts
    active = contract()
    active.activate(today=TODAY, actor="x")
    with pytest.raises(Conflict):
        active.cancel(reason="too late", actor="op")  # started: terminate it instead


@pytest.mark.parametrize("action", ["suspend", "terminate"])
def test_a_plan_change_on_a_contract_with_a_scheduled_change_is_refused(action: str) -> None:
    c = contract()
    c.activate(today=TODAY, actor="x")
    c.schedule(
        action=action, reason="r", effective_date=date(2026, 12, 20), today=TODAY, actor="op"
    )
    for new_start in (date(2026, 11, 20), date(2026, 12, 1), date(2026, 12, 25)):
        with pytest.raises(Conflict) as refused:
            c.supersede(by_contract_id=uuid.uuid4(), new_start=new_start, actor="x")
        assert "cancel the scheduled change first" in refused.value.detail
        with pytest.raises(Conflict):
            c.schedule_plan_change(
                by_contract_id=uuid.uuid4(),
                new_start=new_start,
                offer_code="MOB-50G",
                today=TODAY,
                actor="x",
            )
    assert c.status == "active" and c.scheduled_change["action"] == action  # type: ignore[index]
    c.cancel_scheduled_change(reason="cancelled", actor="op")
    c.supersede(by_contract_id=uuid.uuid4(), new_start=date(2026, 11, 20), actor="x")
    assert (c.status, c.end_date) == ("superseded", date(2026, 11, 19))


def test_a_future_plan_change_is_scheduled_and_blocks_other_changes_until_cancelled() -> None:
    c = contract()
    c.activate(today=TODAY, actor="x")
    new_id = uuid.uuid4()
    c.schedule_plan_change(
        by_contract_id=new_id,
        new_start=date(2027, 1, 1),
        offer_code="MOB-50G",
        today=TODAY,
        actor="op",
    )
    assert c.status == "active" and c.end_date is None
    assert c.scheduled_change == {
        "action": "plan_change",
        "effective_date": date(2027, 1, 1),
        "reason": "plan change to MOB-50G",
        "actor": "op",
        "contract_id": new_id,
    }
    version = c.version
    # recording it again (a resumed checkout) changes nothing
    c.schedule_plan_change(
        by_contract_id=new_id,
        new_start=date(2027, 1, 1),
        offer_code="MOB-50G",
        today=TODAY,
        actor="op",
    )
    assert c.version == version
    with pytest.raises(Conflict):
        c.supersede(by_contract_id=uuid.uuid4(), new_start=date(2026, 12, 1), actor="x")
    for action in ("suspend", "terminate"):
        with pytest.raises(Conflict) as refused:
            c.schedule(
                action=action,
                reason="r",
                effective_date=date(2026, 12, 20),
                today=TODAY,
                actor="op",
            )
        assert "cancel it first" in refused.value.detail
    with pytest.raises(Conflict):
        c.terminate(reason="moving", effective_date=TODAY, today=TODAY, actor="op")
    # nothing dropped: the plan change is still the one scheduled
    assert c.scheduled_change is not None and c.scheduled_change["contract_id"] == new_id
    assert c.apply_scheduled_change(today=date(2027, 1, 1), actor="system") is False
    # a suspension (dunning) still happens at once; the plan change stays scheduled
    c.suspend(reason="dunning", effective_date=TODAY, today=TODAY, actor="system")
    assert c.scheduled_change is not None
    # and on its date the new contract supersedes it
    c.supersede(by_contract_id=new_id, new_start=date(2027, 1, 1), actor="system")
    assert (c.status, c.end_date, c.scheduled_change) == ("superseded", date(2026, 12, 31), None)


def test_a_plan_change_starts_the_new_contract_and_carries_a_suspension_over() -> None:
    from mtf.contracts.domain.contract import start_contract

    old = contract()
    old.activate(today=TODAY, actor="x")
    old.suspend(reason="dunning", effective_date=date(2026, 11, 1), today=TODAY, actor="x")
    new = contract(start=date(2026, 11, 20))
    saved = start_contract(new, old, today=TODAY, actor="operator:x")
    assert saved == (old, new)
    assert (old.status, old.end_date) == ("superseded", date(2026, 11, 19))
    assert (new.status, new.status_reason) == ("suspended", "dunning")
    assert [type(e).__name__ for e in new.pending_events] == ["Created", "Activated", "Suspended"]
