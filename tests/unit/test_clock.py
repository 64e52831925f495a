"""The business date: Casablanca's, and a test clock that lands on the day it is set to
whatever the UTC offset does in between (Morocco leaves UTC+1 for Ramadan)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mtf.kernel.clock import ShiftedClock, SystemClock


class FrozenSystemClock(SystemClock):
    def __init__(self, instant: datetime, timezone: str = "Africa/Casablanca") -> None:
        super().__init__(timezone)
        self.instant = instant

    def now(self) -> datetime:
        return self.instant


def shifted(instant: datetime) -> ShiftedClock:
    clock = ShiftedClock()
    clock.base = FrozenSystemClock(instant)
    return clock


def test_the_business_date_is_casablancas_not_utcs() -> None:
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert FrozenSystemClock(late).today() == date(2027, 1, 1)
    assert FrozenSystemClock(late, "UTC").today() == date(2026, 12, 31)


def test_a_shifted_clock_lands_on_its_day_across_ramadans_change_of_offset() -> None:
    # 23:30 UTC is already tomorrow in Casablanca at UTC+1, still today at UTC+0 (Ramadan
    # 2027 starts around 8 February): a shift of whole 24 h would land a day short
    clock = shifted(datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    clock.set_today(date(2027, 2, 10))
    assert clock.today() == date(2027, 2, 10)
    assert clock.advance(1) == date(2027, 2, 11)


@given(
    st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2035, 1, 1)),
    st.integers(min_value=-800, max_value=800),
)
def test_a_shifted_clock_is_always_on_the_day_it_was_set_to(start: datetime, days: int) -> None:
    clock = shifted(start.replace(tzinfo=UTC))
    target = clock.base.today() + timedelta(days=days)
    clock.set_today(target)
    assert clock.today() == target
    assert clock.advance(3) == target + timedelta(days=3)
