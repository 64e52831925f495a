"""Rating: which days of a contract a bill run bills, and for how much.

A contract is billable every day from its start to its end (active or suspended alike).
Each contract remembers the last day billed, so a run bills the days after it up to the
end of the run's period: a late or backdated activation is caught up, and no day is ever
billed twice or skipped. Days are grouped in stretches within one calendar month, each
priced fee x days / days in that month, rounded half-up to the cent."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from mtf.kernel.errors import invalid
from mtf.kernel.money import to_cents

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    @classmethod
    def parse(cls, raw: str, field: str = "period") -> Period:
        match = PERIOD_RE.match(raw or "")
        if not match:
            raise invalid(field, "must be a month such as 2026-11")
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def previous(self) -> Period:
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@lru_cache(maxsize=1024)
def _month_length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def days_in_month(day: date) -> int:
    return _month_length(day.year, day.month)


@dataclass(frozen=True)
class Stretch:
    start: date
    end: date
    days: int
    amount: Decimal


def unbilled_stretches(
    *,
    start: date,
    end: date | None,
    last_billed: date | None,
    up_to: date,
    monthly_fee: Decimal,
) -> list[Stretch]:
    """The stretches to bill now: after the last billed day, up to `up_to` (the period's
    last day) and the contract's end, one per calendar month."""
    first = start if last_billed is None else max(start, last_billed + timedelta(days=1))
    last = up_to if end is None else min(end, up_to)
    stretches: list[Stretch] = []
    cursor = first
    while cursor <= last:
        length = _month_length(cursor.year, cursor.month)
        stop = min(date(cursor.year, cursor.month, length), last)
        days = (stop - cursor).days + 1
        amount = to_cents(monthly_fee * days / length)
        stretches.append(Stretch(cursor, stop, days, amount))
        cursor = stop + timedelta(days=1)
    return stretches


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    vat: Decimal
    total: Decimal


def totals(amounts: list[Decimal], vat_rate: Decimal) -> Totals:
    """VAT once per rate on the subtotal, rounded once: lines and totals add up to the cent."""
    subtotal = sum(amounts, Decimal("0.00"))
    vat = to_cents(subtotal * vat_rate)
    return Totals(to_cents(subtotal), vat, to_cents(subtotal + vat))


def check_run_dates(
    period: Period, as_of: date, today: date, latest_issue: date | None = None
) -> None:
    """A run needs its period to be over by its as_of date, which is not in the future nor
    before the latest issue date already used in its numbering year (issue dates never go
    backward as invoice numbers grow)."""
    if as_of > today:
        raise invalid("as_of", "cannot be in the future")
    if latest_issue is not None and as_of < latest_issue:
        raise invalid(
            "as_of",
            f"cannot be before {latest_issue.isoformat()}: invoices numbered in "
            f"FAC-{as_of.year:04d} were already issued on that date (issue dates never go "
            "backward as numbers grow)",
        )
    if period.last_day >= as_of:
        raise invalid(
            "period", f"{period} is not over by {as_of.isoformat()}: bill a finished month"
        )


def credited_stretches(
    lines: list[dict[str, Any]], end: date, up_to: date | None = None
) -> list[Stretch]:
    """The days of these invoice lines (one contract's) after its end date and up to `up_to`
    (the last day still billed), priced exactly as the lines priced them: a whole line gives
    back its amount, part of one fee x days / days in that month, half-up."""
    stretches: list[Stretch] = []
    for line in lines:
        start = date.fromisoformat(str(line["start_date"]))
        stop = date.fromisoformat(str(line["end_date"]))
        first = max(start, end + timedelta(days=1))
        last = stop if up_to is None else min(stop, up_to)
        if first > last:
            continue
        days = (last - first).days + 1
        if (first, last) == (start, stop):
            amount = Decimal(str(line["amount"]))  # the whole line: exactly what it billed
        else:
            amount = to_cents(Decimal(str(line["monthly_fee"])) * days / days_in_month(first))
        stretches.append(Stretch(first, last, days, amount))
    return stretches


def split_total(total: Decimal, vat_rate: Decimal) -> Totals:
    """A total incl. VAT split at a rate: subtotal rounded half-up, VAT the rest, so
    subtotal + VAT = total exactly."""
    subtotal = to_cents(total / (Decimal("1") + vat_rate))
    return Totals(subtotal, to_cents(total - subtotal), to_cents(total))
