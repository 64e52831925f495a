"""Dates in tests derive from the business clock (the operator's timezone, as the services
read it), never from a date written in the test or the machine's own date."""

from __future__ import annotations

from datetime import date

from mtf.kernel.clock import SystemClock
from mtf.kernel.settings import load_settings


def today() -> date:
    """Today as the services see it (MTF_TIMEZONE), which may not be the machine's date."""
    return SystemClock(load_settings().timezone).today()


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
