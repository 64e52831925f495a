"""The business figures of the console's home, kept as the events arrive (docs/analytics.md).

Billing owns them: its own events give what is billed and credited; the collections feed it
already follows (settlements) gives what is paid on each invoice; the contracts feed it
already follows (billable contracts) gives the lines. Every change moves a few aggregate
rows in the transaction that applies the event, so the figures are exactly the sums of the
invoices, credit notes and settlements they come from, and a read sums a few rows per
month, never the invoices."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.dialects.postgresql import insert

from mtf.billing.adapters.postgres.tables import (
    analytics_client_lines,
    analytics_credit_months,
    analytics_due,
    analytics_line_months,
    analytics_lines,
    analytics_periods,
    analytics_settled,
    billable_contracts,
)

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
SERVICES = ("mobile", "internet", "landline")


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


# --- billing's own events (the projection) -------------------------------------------


def add_to_period(
    conn: Connection,
    period: str,
    *,
    invoices: int = 0,
    billed: Decimal = ZERO,
    credited: Decimal = ZERO,
    collected: Decimal = ZERO,
) -> None:
    t = analytics_periods
    stmt = insert(t).values(
        period=period, invoices=invoices, billed=billed, credited=credited, collected=collected
    )
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[t.c.period],
            set_={
                "invoices": t.c.invoices + stmt.excluded.invoices,
                "billed": t.c.billed + stmt.excluded.billed,
                "credited": t.c.credited + stmt.excluded.credited,
                "collected": t.c.collected + stmt.excluded.collected,
            },
        )
    )


def _add_dated(
    conn: Connection, table: Any, due_date: date, on_date: date, amount: Decimal
) -> None:
    stmt = insert(table).values(due_date=due_date, on_date=on_date, amount=amount)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[table.c.due_date, table.c.on_date],
            set_={"amount": table.c.amount + stmt.excluded.amount},
        )
    )


def invoices_issued(conn: Connection, rows: Iterable[dict[str, Any]]) -> None:
    """A batch of issued invoices (`period`, `total`, `due_date`, `issue_date`)."""
    periods: dict[str, tuple[int, Decimal]] = {}
    dues: dict[tuple[date, date], Decimal] = {}
    for r in rows:
        count, billed = periods.get(r["period"], (0, ZERO))
        periods[r["period"]] = (count + 1, billed + r["total"])
        key = (r["due_date"], r["issue_date"])
        dues[key] = dues.get(key, ZERO) + r["total"]
    for period, (count, billed) in sorted(periods.items()):
        add_to_period(conn, period, invoices=count, billed=billed)
    for (due_date, on_date), amount in sorted(dues.items()):
        _add_dated(conn, analytics_due, due_date, on_date, amount)


def credit_noted(
    conn: Connection, *, period: str, due_date: date, issue_date: date, credited: Decimal
) -> None:
    """A credit note took `credited` off an invoice of `period` on `issue_date`."""
    t = analytics_credit_months
    stmt = insert(t).values(month=month_of(issue_date), credit_notes=1, amount=credited)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[t.c.month],
            set_={
                "credit_notes": t.c.credit_notes + 1,
                "amount": t.c.amount + stmt.excluded.amount,
            },
        )
    )
    if credited == 0:
        return
    add_to_period(conn, period, credited=credited)
    _add_dated(conn, analytics_due, due_date, issue_date, -credited)


# --- collections' feed (what is paid on each invoice) ----------------------------------


def settled(
    conn: Connection, *, period: str, due_date: date, on_date: date, amount: Decimal
) -> None:
    """`amount` was paid (negative: taken back) on an invoice of `period` on `on_date`."""
    if amount == 0:
        return
    add_to_period(conn, period, collected=amount)
    _add_dated(conn, analytics_settled, due_date, on_date, amount)


# --- the contracts' feed (lines) ----------------------------------------------------


def _lines_change(conn: Connection, service: str, client_id: UUID, fee: Decimal, step: int) -> None:
    t = analytics_lines
    stmt = insert(t).values(service=service, active=step, mrr=fee * step)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[t.c.service],
            set_={"active": t.c.active + stmt.excluded.active, "mrr": t.c.mrr + stmt.excluded.mrr},
        )
    )
    c = analytics_client_lines
    cstmt = insert(c).values(client_id=client_id, active=step)
    conn.execute(
        cstmt.on_conflict_do_update(
            index_elements=[c.c.client_id], set_={"active": c.c.active + cstmt.excluded.active}
        )
    )
    conn.execute(
        c.delete().where(c.c.client_id == client_id, c.c.active <= 0)
    )  # only clients with an active line are kept: their count is the ARPU's divisor


def _line_month(conn: Connection, day: date, *, new: int = 0, ended: int = 0) -> None:
    t = analytics_line_months
    stmt = insert(t).values(period=month_of(day), new_lines=new, ended_lines=ended)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[t.c.period],
            set_={
                "new_lines": t.c.new_lines + stmt.excluded.new_lines,
                "ended_lines": t.c.ended_lines + stmt.excluded.ended_lines,
            },
        )
    )


def contract_before(conn: Connection, contract_id: UUID) -> Any:
    """The billable contract as it is before an event changes it (None: unknown)."""
    return conn.execute(
        select(
            billable_contracts.c.status,
            billable_contracts.c.service,
            billable_contracts.c.monthly_fee,
            billable_contracts.c.client_id,
            billable_contracts.c.subscriber_id,
        ).where(billable_contracts.c.contract_id == contract_id)
    ).first()


def contract_changed(
    conn: Connection,
    contract_id: UUID,
    before: Any,
    new_status: str,
    effective_date: date,
    *,
    activated: bool = False,
) -> None:
    """A contract went from `before.status` to `new_status` on `effective_date`. A line is
    new when its first contract starts (a plan change's contract is the same line); it ends
    when it is terminated (superseded by a plan change is not an end; cancelled never
    started)."""
    if before is None or before.status == new_status:
        return
    was, now = before.status == "active", new_status == "active"
    if was != now:
        _lines_change(
            conn, before.service, before.client_id, Decimal(before.monthly_fee), 1 if now else -1
        )
    if activated and before.status == "pending":
        earlier = conn.execute(
            select(func.count())
            .select_from(billable_contracts)
            .where(
                billable_contracts.c.subscriber_id == before.subscriber_id,
                billable_contracts.c.contract_id != contract_id,
                billable_contracts.c.status != "cancelled",
            )
        ).scalar_one()
        if not earlier:
            _line_month(conn, effective_date, new=1)
    if new_status == "terminated" and before.status in ("active", "suspended"):
        _line_month(conn, effective_date, ended=1)


# --- the reads ------------------------------------------------------------------------


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _last_day(period: str) -> date:
    y, m = int(period[:4]), int(period[5:7])
    first_next = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
    return first_next - timedelta(days=1)


_OVERDUE_ON = text(
    "SELECT coalesce((SELECT sum(amount) FROM analytics_due "
    "WHERE due_date < :d AND on_date <= :d), 0) - coalesce((SELECT sum(amount) "
    "FROM analytics_settled WHERE due_date < :d AND on_date <= :d), 0)"
)


class SqlAnalytics:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def summary(self, today: date) -> dict[str, Any]:
        with self.engine.connect() as conn:
            lines = {r.service: r for r in conn.execute(select(analytics_lines))}
            clients = int(
                conn.execute(select(func.count()).select_from(analytics_client_lines)).scalar_one()
            )
            overdue = conn.execute(
                text(
                    "SELECT coalesce((SELECT sum(amount) FROM analytics_due WHERE due_date < :d), 0)"
                    " - coalesce((SELECT sum(amount) FROM analytics_settled WHERE due_date < :d), 0)"
                ),
                {"d": today},
            ).scalar_one()
            month = conn.execute(
                select(analytics_credit_months).where(
                    analytics_credit_months.c.month == month_of(today)
                )
            ).first()
        mrr = sum((Decimal(r.mrr) for r in lines.values()), ZERO)
        active = {s: int(lines[s].active) if s in lines else 0 for s in SERVICES}
        return {
            "as_of": today,
            "mrr": mrr.quantize(CENT),
            "arpu": (mrr / clients).quantize(CENT, ROUND_HALF_UP) if clients else ZERO,
            "active_lines": active,
            "active_clients": clients,
            "mrr_by_service": {
                s: Decimal(lines[s].mrr).quantize(CENT) if s in lines else ZERO for s in SERVICES
            },
            "overdue_amount": Decimal(overdue).quantize(CENT),
            "current_month": month_of(today),
            "credit_notes_this_month": int(month.credit_notes) if month else 0,
            "credited_this_month": Decimal(month.amount).quantize(CENT) if month else ZERO,
        }

    def revenue(self, first: str, last: str, today: date) -> list[dict[str, Any]]:
        months = _months(first, last)
        with self.engine.connect() as conn:
            periods = {
                r.period: r
                for r in conn.execute(
                    select(analytics_periods).where(
                        analytics_periods.c.period >= first, analytics_periods.c.period <= last
                    )
                )
            }
            lines = {
                r.period: r
                for r in conn.execute(
                    select(analytics_line_months).where(
                        analytics_line_months.c.period >= first,
                        analytics_line_months.c.period <= last,
                    )
                )
            }
            items = []
            for month in months:
                p, ln = periods.get(month), lines.get(month)
                # the amount overdue at the month's end (today for the month under way)
                day = min(_last_day(month), today)
                overdue = (
                    Decimal(conn.execute(_OVERDUE_ON, {"d": day}).scalar_one())
                    if day >= date(int(month[:4]), int(month[5:7]), 1)
                    else None
                )
                items.append(
                    {
                        "period": month,
                        "invoices": int(p.invoices) if p else 0,
                        "billed": Decimal(p.billed) if p else ZERO,
                        "credited": Decimal(p.credited) if p else ZERO,
                        "collected": Decimal(p.collected) if p else ZERO,
                        "new_lines": int(ln.new_lines) if ln else 0,
                        "ended_lines": int(ln.ended_lines) if ln else 0,
                        "overdue_at_end": overdue.quantize(CENT) if overdue is not None else None,
                    }
                )
        return items
