"""Clock port: the domain never reads the time, it is given it.

Business dates ("today", days past due, a finished month) are dates in the operator's
timezone (`MTF_TIMEZONE`, default Africa/Casablanca), never the server's UTC date."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Africa/Casablanca"


class Clock(Protocol):
    def now(self) -> datetime:
        """Current instant, timezone-aware UTC."""
        ...

    def today(self) -> date:
        """Current business date (in the operator's timezone)."""
        ...


class SystemClock:
    def __init__(self, timezone: str = DEFAULT_TIMEZONE) -> None:
        self.zone = ZoneInfo(timezone)

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().astimezone(self.zone).date()


class ShiftedClock:
    """The system clock moved by a whole number of days, settable while services run: the
    model-based tests and the chaos bench drive the business date with it (time still
    flows, so timeouts and token lifetimes behave as in production). Never used by the
    launcher: only code that builds services itself can hand one over."""

    def __init__(self, timezone: str = DEFAULT_TIMEZONE, today: date | None = None) -> None:
        self.base = SystemClock(timezone)
        self._shift = timedelta(0)
        self._lock = threading.Lock()
        if today is not None:
            self.set_today(today)

    def now(self) -> datetime:
        return self.base.now() + self._shift

    def today(self) -> date:
        # the real business date moved by whole days: shifting the instant by 24 h steps
        # would cross a change of UTC offset (Casablanca leaves UTC+1 for Ramadan) and land
        # on the day before or after at night
        return self.base.today() + timedelta(days=self._shift.days)

    def set_today(self, day: date) -> None:
        with self._lock:
            real = self.base.today()
            self._shift = timedelta(days=(day - real).days)

    def advance(self, days: int) -> date:
        with self._lock:
            self._shift += timedelta(days=days)
        return self.today()
