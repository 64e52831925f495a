"""Billing rules: proration, VAT, periods, derived status, numbering; and the invariant:
across any sequence of monthly runs every billable day is billed exactly once."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtf.billing.domain.invoice import Numbering, invoice_id_for
from mtf.billing.domain.invoice_status import invoice_status
from mtf.billing.domain.rating import Period, check_run_dates, totals, unbilled_stretches
from mtf.kernel.errors import ValidationFailed

FEE = Decimal("99.00")


def test_a_full_month_costs_the_monthly_fee() -> None:
    [s] = unbilled_stretches(
        start=date(2026, 1, 1), end=None, last_billed=None, up_to=date(2026, 2, 28), monthly_fee=FEE
    )[1:]
    assert (s.start, s.end, s.days, s.amount) == (date(2026, 2, 1), date(2026, 2, 28), 28, FEE)


def test_a_partial_month_is_prorated_and_rounded_half_up() -> None:
    [s] = unbilled_stretches(
        start=date(2026, 11, 20),
        end=None,
        last_billed=None,
        up_to=date(2026, 11, 30),
        monthly_fee=Decimal("100.00"),
    )
    assert (s.days, s.amount) == (11, Decimal("36.67"))  # 100 x 11 / 30 = 36.666...


def test_a_plan_change_mid_month_bills_two_prorated_lines() -> None:
    old = unbilled_stretches(
        start=date(2026, 1, 1),
        end=date(2026, 11, 15),
        last_billed=date(2026, 10, 31),
        up_to=date(2026, 11, 30),
        monthly_fee=Decimal("49.00"),
    )
    new = unbilled_stretches(
        start=date(2026, 11, 16),
        end=None,
        last_billed=None,
        up_to=date(2026, 11, 30),
        monthly_fee=Decimal("99.00"),
    )
    assert [(s.start, s.end, s.amount) for s in old] == [
        (date(2026, 11, 1), date(2026, 11, 15), Decimal("24.50"))
    ]
    assert [(s.start, s.end, s.amount) for s in new] == [
        (date(2026, 11, 16), date(2026, 11, 30), Decimal("49.50"))
    ]


def test_a_late_activation_is_caught_up_month_by_month() -> None:
    stretches = unbilled_stretches(
        start=date(2026, 9, 10),
        end=None,
        last_billed=None,
        up_to=date(2026, 11, 30),
        monthly_fee=Decimal("300.00"),
    )
    assert [(s.start.month, s.days, s.amount) for s in stretches] == [
        (9, 21, Decimal("210.00")),
        (10, 31, Decimal("300.00")),
        (11, 30, Decimal("300.00")),
    ]


def test_nothing_is_billed_twice_or_after_the_end() -> None:
    assert (
        unbilled_stretches(
            start=date(2026, 1, 1),
            end=None,
            last_billed=date(2026, 11, 30),
            up_to=date(2026, 11, 30),
            monthly_fee=FEE,
        )
        == []
    )
    assert (
        unbilled_stretches(
            start=date(2026, 1, 1),
            end=date(2026, 3, 31),
            last_billed=date(2026, 3, 31),
            up_to=date(2026, 11, 30),
            monthly_fee=FEE,
        )
        == []
    )


def test_vat_is_computed_once_on_the_subtotal() -> None:
    t = totals([Decimal("33.33"), Decimal("33.33"), Decimal("33.34")], Decimal("0.20"))
    assert (t.subtotal, t.vat, t.total) == (Decimal("100.00"), Decimal("20.00"), Decimal("120.00"))
    t = totals([Decimal("0.03")], Decimal("0.20"))
    assert (t.vat, t.total) == (Decimal("0.01"), Decimal("0.04"))


@pytest.mark.parametrize("raw", ["2026-13", "2026-1", "26-11", "2026/11", "", "2026-00"])
def test_malformed_periods_are_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed):
        Period.parse(raw)


def test_only_a_finished_month_can_be_billed_and_not_from_the_future() -> None:
    today = date(2026, 11, 27)
    check_run_dates(Period(2026, 10), today, today)
    for period, as_of, field in (
        (Period(2026, 11), today, "period"),
        (Period(2026, 12), today, "period"),
        (Period(2026, 10), date(2026, 12, 1), "as_of"),
    ):
        with pytest.raises(ValidationFailed) as excinfo:
            check_run_dates(period, as_of, today)
        assert excinfo.value.errors[0].field == field


@pytest.mark.parametrize(
    ("credited", "paid", "due", "status"),
    [
        ("0", "0", date(2026, 12, 31), "issued"),
        ("0", "50", date(2026, 12, 31), "partially_paid"),
        ("0", "120", date(2026, 12, 31), "paid"),
        ("120", "0", date(2026, 12, 31), "credited"),
        ("20", "100", date(2026, 12, 31), "paid"),
        ("0", "50", date(2026, 11, 1), "overdue"),
        ("0", "0", date(2026, 11, 1), "overdue"),
    ],
)
def test_invoice_status_is_derived(credited: str, paid: str, due: date, status: str) -> None:
    assert (
        invoice_status(Decimal("120.00"), Decimal(credited), Decimal(paid), due, date(2026, 11, 27))
        == status
    )


def test_numbers_continue_without_gaps_and_ids_follow_client_and_period() -> None:
    numbering = Numbering(kind="FAC", year=2026)
    assert numbering.take([uuid.uuid4(), uuid.uuid4()]) == ["FAC-2026-000001", "FAC-2026-000002"]
    assert numbering.take([uuid.uuid4()]) == ["FAC-2026-000003"]
    client = uuid.uuid4()
    assert (
        invoice_id_for(client, "2026-11")
        == invoice_id_for(client, "2026-11")
        != invoice_id_for(client, "2026-12")
    )


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[tuple[date, date | None, int, Decimal]], list[int]]:
    """Contracts (start, end, the run from which billing knows them, fee) and a sequence
    of run periods (month offsets from 2026-01, increasing, with gaps)."""
    base = date(2026, 1, 1)
    contracts = []
    for _ in range(draw(st.integers(1, 6))):
        start = base + timedelta(days=draw(st.integers(0, 300)))
        end = start + timedelta(days=draw(st.integers(0, 200))) if draw(st.booleans()) else None
        known_from = draw(st.integers(0, 14))
        fee = Decimal(draw(st.integers(100, 99999))) / 100
        contracts.append((start, end, known_from, fee))
    runs = sorted(set(draw(st.lists(st.integers(0, 15), min_size=1, max_size=10))))
    return contracts, runs


def month(offset: int) -> Period:
    return Period(2026 + offset // 12, offset % 12 + 1)


@settings(max_examples=300, deadline=None)
@given(histories())
def test_every_billable_day_is_billed_exactly_once_and_amounts_add_up(
    data: tuple[list[tuple[date, date | None, int, Decimal]], list[int]],
) -> None:
    contracts, runs = data
    last_billed: dict[int, date | None] = dict.fromkeys(range(len(contracts)))
    billed_days: dict[int, list[date]] = {i: [] for i in range(len(contracts))}
    for run in runs:
        period = month(run)
        invoice_amounts = []
        for i, (start, end, known_from, fee) in enumerate(contracts):
            if run < known_from:
                continue  # billing does not know this contract yet (a late or backdated activation)
            for s in unbilled_stretches(
                start=start,
                end=end,
                last_billed=last_billed[i],
                up_to=period.last_day,
                monthly_fee=fee,
            ):
                assert s.start.month == s.end.month and s.days == (s.end - s.start).days + 1
                billed_days[i] += [s.start + timedelta(days=d) for d in range(s.days)]
                last_billed[i] = s.end
                invoice_amounts.append(s.amount)
                full_month = s.start.day == 1 and (s.end + timedelta(days=1)).day == 1
                if full_month:
                    assert s.amount == fee
        t = totals(invoice_amounts, Decimal("0.20"))
        assert t.subtotal == sum(invoice_amounts, Decimal("0")) and t.total == t.subtotal + t.vat
    final = month(runs[-1]).last_day
    for i, (start, end, known_from, _) in enumerate(contracts):
        days = billed_days[i]
        assert len(days) == len(set(days)), "a day was billed twice"
        if known_from <= runs[-1]:
            last = min(end, final) if end else final
            expected = (last - start).days + 1 if last >= start else 0
            assert len(days) == expected, "a billable day was skipped"


def test_days_after_an_end_are_credited_exactly_as_the_lines_billed_them() -> None:
    from mtf.billing.domain.rating import credited_stretches

    lines = [
        {
            "start_date": "2026-09-10",
            "end_date": "2026-09-30",
            "monthly_fee": "60.00",
            "amount": "42.00",
        },
        {
            "start_date": "2026-10-01",
            "end_date": "2026-10-31",
            "monthly_fee": "60.00",
            "amount": "60.00",
        },
    ]
    # ended on 2026-09-20: 10 days of September (60 x 10 / 30) and the whole October line
    got = credited_stretches(lines, date(2026, 9, 20))
    assert [(s.start, s.end, s.days, s.amount) for s in got] == [
        (date(2026, 9, 21), date(2026, 9, 30), 10, Decimal("20.00")),
        (date(2026, 10, 1), date(2026, 10, 31), 31, Decimal("60.00")),
    ]
    # an end before the first billed day gives every line back, to the cent
    assert sum(s.amount for s in credited_stretches(lines, date(2026, 9, 1))) == Decimal("102.00")
    # only up to the last day still billed (an earlier credit already gave October back)
    assert [s.end for s in credited_stretches(lines, date(2026, 9, 20), date(2026, 9, 30))] == [
        date(2026, 9, 30)
    ]
    assert credited_stretches(lines, date(2026, 10, 31)) == []


@pytest.mark.parametrize("total", ["0.01", "0.05", "10.50", "99.99", "140.98", "100000000.00"])
def test_a_credit_note_total_splits_at_the_rate_and_adds_up_exactly(total: str) -> None:
    from mtf.billing.domain.rating import split_total

    t = split_total(Decimal(total), Decimal("0.20"))
    assert t.subtotal + t.vat == t.total == Decimal(total)
    assert t.subtotal >= 0 and t.vat >= 0
    assert abs(t.subtotal * Decimal("0.20") - t.vat) <= Decimal("0.01")


def test_issue_dates_never_go_backward_as_numbers_grow() -> None:
    from uuid import uuid4

    from mtf.billing.domain.invoice import IssueDateBehind, Numbering

    numbering = Numbering(kind="FAC", year=2026)
    assert numbering.take([uuid4()], date(2026, 11, 2)) == ["FAC-2026-000001"]
    assert numbering.take([uuid4()], date(2026, 11, 2)) == ["FAC-2026-000002"]
    with pytest.raises(IssueDateBehind):
        numbering.take([uuid4()], date(2026, 11, 1))
    assert numbering.last == 2 and numbering.last_issue_date == date(2026, 11, 2)
