"""Billing HTTP API: the business figures of the console's home (GET /api/v1/analytics/*)
and the CSV export of the invoices (GET /api/v1/invoices/export)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import Parameter
from litestar.response import Stream

from mtf.billing.adapters.http.schemas import InvoiceStatus
from mtf.billing.adapters.postgres.analytics import SqlAnalytics, month_of
from mtf.billing.adapters.postgres.views import SqlBillingViews
from mtf.billing.domain.rating import Period
from mtf.kernel.clock import Clock
from mtf.kernel.csv_export import CSV_MEDIA_TYPE, csv_chunks
from mtf.kernel.errors import invalid
from mtf.kernel.threads import run_sync

PERIOD_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
MAX_MONTHS = 60
FIRST_YEAR, LAST_YEAR = 2000, 2999


def money(value: Any) -> str:
    return f"{Decimal(value):.2f}"


class ActiveLines(msgspec.Struct):
    mobile: int
    internet: int
    landline: int


class MrrByService(msgspec.Struct):
    mobile: str
    internet: str
    landline: str


class AnalyticsSummary(msgspec.Struct):
    """The business now: `mrr` is the monthly fees (excl. VAT) of the active lines, `arpu`
    the MRR per client with an active line, `overdue_amount` what is due on invoices whose
    due date has passed (as the clients' balances count it); `credit_notes_this_month` and
    `credited_this_month` the credit notes issued in the calendar month under way (whatever
    month's invoices they correct)."""

    as_of: date
    mrr: str
    arpu: str
    active_lines: ActiveLines
    overdue_amount: str
    active_clients: int
    mrr_by_service: MrrByService
    current_month: str
    credit_notes_this_month: int
    credited_this_month: str


class RevenueMonth(msgspec.Struct):
    """One billing month: `billed` is the totals (incl. VAT) of the invoices issued for it,
    `credited` the credit notes on them, `collected` what is paid on them (net of reversals
    and of money a credit note gave back); `new_lines` and `ended_lines` the lines that
    started and were terminated in the month (a plan change is neither); `overdue_at_end`
    the amount overdue on the month's last day (today for the month under way; null for a
    month to come)."""

    period: str
    invoices: int
    billed: str
    credited: str
    collected: str
    new_lines: int
    ended_lines: int
    overdue_at_end: str | None


class RevenueOut(msgspec.Struct):
    items: list[RevenueMonth]


def _index(period: str) -> int:
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def _period(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


class AnalyticsController(Controller):
    path = "/api/v1/analytics"
    tags = ["analytics"]

    @get("/summary", summary="The business now: MRR, ARPU, active lines, overdue amount")
    async def summary(
        self,
        analytics: FromDishka[SqlAnalytics],
        fresh: FromDishka[AnalyticsFreshness],
        clock: FromDishka[Clock],
    ) -> AnalyticsSummary:
        await run_sync(fresh)
        found = await run_sync(analytics.summary, clock.today())
        return AnalyticsSummary(
            as_of=found["as_of"],
            mrr=money(found["mrr"]),
            arpu=money(found["arpu"]),
            active_lines=ActiveLines(**found["active_lines"]),
            overdue_amount=money(found["overdue_amount"]),
            active_clients=found["active_clients"],
            mrr_by_service=MrrByService(
                **{k: money(v) for k, v in found["mrr_by_service"].items()}
            ),
            current_month=found["current_month"],
            credit_notes_this_month=found["credit_notes_this_month"],
            credited_this_month=money(found["credited_this_month"]),
        )

    @get("/revenue", summary="Billed, credited and collected per billing month, lines, overdue")
    async def revenue(
        self,
        analytics: FromDishka[SqlAnalytics],
        fresh: FromDishka[AnalyticsFreshness],
        clock: FromDishka[Clock],
        from_period: str | None = Parameter(
            query="from",
            default=None,
            description="first month, 2026-01 (2000-01 to 2999-12; default: 11 months before `to`)",
            schema_extra={"pattern": PERIOD_PATTERN},
        ),
        to_period: str | None = Parameter(
            query="to",
            default=None,
            description=f"last month, 2026-12 (default: this month); at most {MAX_MONTHS} months after `from`",
            schema_extra={"pattern": PERIOD_PATTERN},
        ),
    ) -> RevenueOut:
        today = clock.today()
        for field, value in (("from", from_period), ("to", to_period)):
            if value is not None:
                try:
                    Period.parse(value)
                except Exception:
                    raise invalid(field, "must be a month such as 2026-11") from None
                if not FIRST_YEAR <= int(value[:4]) <= LAST_YEAR:
                    raise invalid(field, f"must be a month of {FIRST_YEAR} to {LAST_YEAR}")
        last = to_period or month_of(today)
        first = from_period or max(_period(_index(last) - 11), f"{FIRST_YEAR}-01")
        if first > last:
            raise invalid("from", f"must not be after `to` ({last})")
        if _index(last) - _index(first) + 1 > MAX_MONTHS:
            raise invalid("to", f"at most {MAX_MONTHS} months from `from`")
        await run_sync(fresh)
        items = await run_sync(analytics.revenue, first, last, today)
        return RevenueOut(
            items=[
                RevenueMonth(
                    period=i["period"],
                    invoices=i["invoices"],
                    billed=money(i["billed"]),
                    credited=money(i["credited"]),
                    collected=money(i["collected"]),
                    new_lines=i["new_lines"],
                    ended_lines=i["ended_lines"],
                    overdue_at_end=(
                        money(i["overdue_at_end"]) if i["overdue_at_end"] is not None else None
                    ),
                )
                for i in items
            ]
        )


class AnalyticsFreshness:
    """Before an analytics read: billing's events projected, the contracts' and collections'
    feeds followed until a moment ago (a stuck feed never fails the read: /health/ready
    names it)."""

    def __init__(self, steps: list[Callable[[], object]]) -> None:
        self.steps = steps

    def __call__(self) -> None:
        for step in self.steps:
            step()


# --- CSV export ---------------------------------------------------------------------

INVOICE_COLUMNS = (
    "number",
    "id",
    "client_id",
    "period",
    "issue_date",
    "due_date",
    "currency",
    "subtotal",
    "vat",
    "total",
    "credited",
    "paid",
    "amount_due",
    "status",
)


CSV_RESPONSE = {
    200: ResponseSpec(
        data_container=str,
        media_type="text/csv",
        description="CSV (UTF-8, comma separated, CRLF): a header row, then one row per "
        "invoice; streamed",
        examples=[
            Example(
                summary="two invoices",
                value=",".join(INVOICE_COLUMNS)
                + "\r\nFAC-2026-000001,0b7e1a52-4d0c-4c4e-9b1e-4f1f0f6f2a10,"
                "5d2c9a4e-1f0b-4c1e-8a7d-2b3c4d5e6f70,2026-11,2026-12-01,2026-12-31,MAD,"
                "100.00,20.00,120.00,0.00,120.00,0.00,paid\r\n",
            )
        ],
    )
}


class InvoiceExportController(Controller):
    path = "/api/v1/invoices/export"
    tags = ["billing"]

    @get(
        "/",
        summary="The invoices of the list's filters as CSV (streamed)",
        media_type="text/csv",
        responses=CSV_RESPONSE,
    )
    async def export_invoices(
        self,
        views: FromDishka[SqlBillingViews],
        clock: FromDishka[Clock],
        client_id: UUID | None = None,
        period: str | None = Parameter(
            default=None, description="a month, 2026-11", schema_extra={"pattern": PERIOD_PATTERN}
        ),
        status: InvoiceStatus | None = None,
    ) -> Stream:
        """Columns: number, id, client_id, period, issue_date, due_date, currency, subtotal,
        vat, total, credited, paid, amount_due, status; in number order. No personal data
        (the client is named by its id)."""
        if period is not None:
            Period.parse(period)
        today = clock.today()
        rows = views.invoice_rows(client_id=client_id, period=period, status=status, today=today)
        name = "invoices" + (f"-{period}" if period else "") + ".csv"
        return Stream(
            csv_chunks(INVOICE_COLUMNS, rows),
            media_type=CSV_MEDIA_TYPE,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
