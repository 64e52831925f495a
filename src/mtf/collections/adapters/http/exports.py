"""Collections' CSV exports (GET /api/v1/payments/export, /api/v1/collections/aging/export):
the same filters as the lists, streamed."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import Parameter
from litestar.response import Stream

from mtf.collections.adapters.postgres.exports import (
    AGING_COLUMNS,
    PAYMENT_COLUMNS,
)
from mtf.collections.application.queries import CollectionsQueries
from mtf.kernel.csv_export import CSV_MEDIA_TYPE, csv_chunks
from mtf.kernel.threads import run_sync

Bucket = Literal["1-30", "31-60", "61-90", "90+"]


def _csv_response(what: str, columns: tuple[str, ...], sample: str) -> dict[int, ResponseSpec]:
    return {
        200: ResponseSpec(
            data_container=str,
            media_type="text/csv",
            description=f"CSV (UTF-8, comma separated, CRLF): a header row, then one row per "
            f"{what}; streamed",
            examples=[Example(summary=f"one {what}", value=",".join(columns) + "\r\n" + sample)],
        )
    }


PAYMENT_SAMPLE = (
    "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b,5d2c9a4e-1f0b-4c1e-8a7d-2b3c4d5e6f70,posted,"
    "bank_transfer,VIR-0042,2026-12-02,120.00,0.00,0.00,FAC-2026-000001,"
    "2026-12-02T10:00:00+00:00,\r\n"
)
AGING_SAMPLE = (
    "0b7e1a52-4d0c-4c4e-9b1e-4f1f0f6f2a10,FAC-2026-000001,5d2c9a4e-1f0b-4c1e-8a7d-2b3c4d5e6f70,"
    "2026-10-01,2026-10-31,33,31-60,120.00,0.00,20.00,100.00\r\n"
)


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


class PaymentExportController(Controller):
    path = "/api/v1/payments/export"
    tags = ["collections"]

    @get(
        "/",
        summary="The payments of the list's filters as CSV (streamed)",
        media_type="text/csv",
        responses=_csv_response("payment", PAYMENT_COLUMNS, PAYMENT_SAMPLE),
    )
    async def export_payments(
        self,
        queries: FromDishka[CollectionsQueries],
        client_id: UUID | None = None,
        status: str | None = Parameter(default=None, pattern="^(posted|reversed)$"),
    ) -> Stream:
        """Columns: id, client_id, status, method, reference, received_on, amount, credit,
        credit_left, invoice_numbers (space separated), created_at, reversed_at; newest
        first. No personal data (the client is named by its id)."""
        rows = await run_sync(lambda: queries.payment_export(client_id=client_id, status=status))
        return Stream(
            csv_chunks(PAYMENT_COLUMNS, rows),
            media_type=CSV_MEDIA_TYPE,
            headers=_attachment("payments.csv"),
        )


class AgingExportController(Controller):
    path = "/api/v1/collections/aging/export"
    tags = ["collections"]

    @get(
        "/",
        summary="The overdue invoices behind the aging buckets as CSV (streamed)",
        media_type="text/csv",
        responses=_csv_response("overdue invoice", AGING_COLUMNS, AGING_SAMPLE),
    )
    async def export_aging(
        self,
        queries: FromDishka[CollectionsQueries],
        client_id: UUID | None = None,
        bucket: Bucket | None = None,
    ) -> Stream:
        """One row per invoice overdue today (what `GET /api/v1/collections/aging` adds up):
        invoice_id, number, client_id, issue_date, due_date, days_past_due, bucket, total,
        credited, paid, amount_due; oldest due first."""
        today, rows = await run_sync(
            lambda: queries.aging_export(client_id=client_id, bucket=bucket)
        )
        return Stream(
            csv_chunks(AGING_COLUMNS, rows),
            media_type=CSV_MEDIA_TYPE,
            headers=_attachment(f"aging-{today.isoformat()}.csv"),
        )
