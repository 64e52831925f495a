"""Billing HTTP API: bill runs, invoices (with PDF), credit notes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_202_ACCEPTED

from mtf.billing.adapters.http.schemas import (
    BillRunCreate,
    BillRunOut,
    BillRunPage,
    CreditNoteCreate,
    CreditNoteOut,
    InvoiceOut,
    InvoicePage,
    InvoiceStatus,
    JournalVerificationOut,
    RunStatus,
    credit_note_out,
    dry_run_out,
    invoice_out,
    journal_verification_out,
    run_out,
)
from mtf.billing.adapters.postgres.views import INVOICE_SORTS
from mtf.billing.application.bill_runs import BillRunner
from mtf.billing.application.credit_notes import CreditNotes
from mtf.billing.application.documents import InvoiceDocuments
from mtf.billing.application.journal import AuditJournal
from mtf.billing.application.queries import BillingQueries
from mtf.billing.domain.rating import Period
from mtf.kernel.auth import verify_service
from mtf.kernel.http import actor_of, requires
from mtf.kernel.idempotency import body_hash, idempotency_key
from mtf.kernel.logging import get_logger
from mtf.kernel.openapi_contract import IDEMPOTENT
from mtf.kernel.pagination import next_cursor, page_request
from mtf.kernel.service_keys import FEED_POLL
from mtf.kernel.threads import run_sync

log = get_logger("mtf.billing.http")
PERIOD_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
RUN_SORTS = ("period", "created_at")
XML = "application/xml"
PDF = "application/pdf"


def _attachment(number: str, content: bytes, media_type: str, suffix: str) -> Response[bytes]:
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{number}{suffix}"'},
    )


def _work_in_background(runner: BillRunner, run_id: UUID) -> Any:
    async def work() -> None:
        try:
            await run_sync(runner.work_on, run_id)
        except Exception:  # the worker carries on anyway
            log.exception("bill_run_background_failed", run_id=str(run_id))

    return work


class BillRunController(Controller):
    path = "/api/v1/bill-runs"
    tags = ["billing"]

    @post(
        "/",
        summary="Start the bill run of a finished month (or preview it: dry_run)",
        status_code=HTTP_202_ACCEPTED,
        guards=[requires("billing:write")],
    )
    async def start(
        self,
        request: Request[Any, Any, Any],
        data: BillRunCreate,
        runner: FromDishka[BillRunner],
        queries: FromDishka[BillingQueries],
    ) -> Response[BillRunOut]:
        if data.dry_run:
            report = await run_sync(runner.preview, data.period, data.as_of)
            return Response(dry_run_out(report), status_code=HTTP_202_ACCEPTED)
        actor = actor_of(request)
        run_id = await run_sync(lambda: runner.start(data.period, data.as_of, actor))
        row = await run_sync(queries.bill_run, run_id)
        return Response(
            run_out(row),
            status_code=HTTP_202_ACCEPTED,
            background=BackgroundTask(_work_in_background(runner, run_id)),
        )

    @get("/", summary="List bill runs")
    async def list_runs(
        self,
        queries: FromDishka[BillingQueries],
        period: str | None = Parameter(
            default=None, description="a month, 2026-11", schema_extra={"pattern": PERIOD_PATTERN}
        ),
        status: RunStatus | None = None,
        sort: str | None = Parameter(
            default=None, description="period, created_at; prefix - for descending"
        ),
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
    ) -> BillRunPage:
        page = page_request(
            limit=limit, cursor=cursor, sort=sort, allowed_sorts=RUN_SORTS, default_sort="-period"
        )
        if period is not None:
            Period.parse(period)
        rows, total = await run_sync(
            lambda: queries.bill_runs(period=period, status=status, page=page)
        )
        return BillRunPage(
            items=[run_out(r) for r in rows],
            next_cursor=next_cursor(page, len(rows), total),
            total=total,
        )

    @get("/{run_id:uuid}", summary="A bill run and its progress")
    async def get_run(self, run_id: UUID, queries: FromDishka[BillingQueries]) -> BillRunOut:
        return run_out(await run_sync(queries.bill_run, run_id))


class InvoiceController(Controller):
    path = "/api/v1/invoices"
    tags = ["billing"]

    @get("/", summary="List invoices")
    async def list_invoices(
        self,
        queries: FromDishka[BillingQueries],
        client_id: UUID | None = None,
        period: str | None = Parameter(
            default=None, description="a month, 2026-11", schema_extra={"pattern": PERIOD_PATTERN}
        ),
        status: InvoiceStatus | None = None,
        sort: str | None = Parameter(
            default=None,
            description="issue_date, number, total, period, due_date; prefix - for descending",
        ),
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
    ) -> InvoicePage:
        page = page_request(
            limit=limit,
            cursor=cursor,
            sort=sort,
            allowed_sorts=INVOICE_SORTS,
            default_sort="-number",
        )
        if period is not None:
            Period.parse(period)
        rows, total = await run_sync(
            lambda: queries.invoices(client_id=client_id, period=period, status=status, page=page)
        )
        return InvoicePage(
            items=[invoice_out(r) for r in rows],
            next_cursor=next_cursor(page, len(rows), total),
            total=total,
        )

    @get("/{invoice_id:uuid}", summary="One invoice with its lines and credit notes")
    async def get_invoice(
        self, invoice_id: UUID, queries: FromDishka[BillingQueries]
    ) -> InvoiceOut:
        return invoice_out(await run_sync(queries.invoice, invoice_id))

    @get(
        "/{invoice_id:uuid}/pdf",
        summary="The invoice as PDF (the archived bytes)",
        media_type="application/pdf",
    )
    async def pdf(
        self, invoice_id: UUID, documents: FromDishka[InvoiceDocuments]
    ) -> Response[bytes]:
        number, content = await run_sync(documents.pdf, invoice_id)
        return Response(
            content,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{number}.pdf"'},
        )

    @get(
        "/{invoice_id:uuid}/ubl",
        summary="The invoice as an e-invoice: UBL 2.1 Invoice (EN 16931), the PDF's figures",
        media_type=XML,
    )
    async def ubl(
        self, invoice_id: UUID, documents: FromDishka[InvoiceDocuments]
    ) -> Response[bytes]:
        number, content = await run_sync(documents.ubl, invoice_id)
        return _attachment(number, content, XML, ".xml")

    @get(
        "/{invoice_id:uuid}/facturx",
        summary="The invoice as Factur-X: PDF/A-3 with its CII XML embedded (EN 16931)",
        media_type=PDF,
    )
    async def facturx(
        self, invoice_id: UUID, documents: FromDishka[InvoiceDocuments]
    ) -> Response[bytes]:
        number, content = await run_sync(documents.facturx, invoice_id)
        return _attachment(number, content, PDF, "-facturx.pdf")

    @post(
        "/{invoice_id:uuid}/credit-notes",
        summary="Issue a credit note (Idempotency-Key required; whole remaining amount when no amount)",
        status_code=HTTP_201_CREATED,
        guards=[requires("billing:write")],
        opt=IDEMPOTENT,
    )
    async def credit(
        self,
        request: Request[Any, Any, Any],
        invoice_id: UUID,
        data: CreditNoteCreate,
        credit_notes: FromDishka[CreditNotes],
        queries: FromDishka[BillingQueries],
    ) -> CreditNoteOut:
        key = idempotency_key(request)
        digest = body_hash(data)
        actor = actor_of(request)
        note_id = await run_sync(
            lambda: credit_notes.issue(
                invoice_id,
                data.amount,
                data.reason,
                actor,
                idempotency_key=key,
                request_hash=digest,
            )
        )
        return credit_note_out(await run_sync(queries.credit_note, note_id))


class CreditNoteController(Controller):
    path = "/api/v1/credit-notes"
    tags = ["billing"]

    @get("/{credit_note_id:uuid}", summary="One credit note")
    async def get_credit_note(
        self, credit_note_id: UUID, queries: FromDishka[BillingQueries]
    ) -> CreditNoteOut:
        return credit_note_out(await run_sync(queries.credit_note, credit_note_id))

    @get(
        "/{credit_note_id:uuid}/pdf",
        summary="The credit note as PDF (names the invoice it corrects)",
        media_type="application/pdf",
    )
    async def credit_note_pdf(
        self, credit_note_id: UUID, documents: FromDishka[InvoiceDocuments]
    ) -> Response[bytes]:
        number, content = await run_sync(documents.credit_note_pdf, credit_note_id)
        return Response(
            content,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{number}.pdf"'},
        )

    @get(
        "/{credit_note_id:uuid}/ubl",
        summary="The credit note as an e-invoice: UBL 2.1 CreditNote naming the invoice it corrects",
        media_type=XML,
    )
    async def credit_note_ubl(
        self, credit_note_id: UUID, documents: FromDishka[InvoiceDocuments]
    ) -> Response[bytes]:
        number, content = await run_sync(documents.credit_note_ubl, credit_note_id)
        return _attachment(number, content, XML, ".xml")

    @get(
        "/{credit_note_id:uuid}/facturx",
        summary="The credit note as Factur-X: PDF/A-3 with its CII XML embedded (EN 16931)",
        media_type=PDF,
    )
    async def credit_note_facturx(
        self, credit_note_id: UUID, documents: FromDishka[InvoiceDocuments]
    ) -> Response[bytes]:
        number, content = await run_sync(documents.credit_note_facturx, credit_note_id)
        return _attachment(number, content, PDF, "-facturx.pdf")


SERIES_PATTERN = r"^(FAC|AV)-\d{4}$"


class AuditJournalController(Controller):
    path = "/api/v1/audit/journal"
    tags = ["audit"]

    @get(
        "/",
        summary="Verify the tamper-evident journal of a series of invoices or credit notes",
        guards=[requires("audit:read")],
    )
    async def verify_journal(
        self,
        journal: FromDishka[AuditJournal],
        series: str = Parameter(
            description="FAC-YYYY (invoices) or AV-YYYY (credit notes), e.g. FAC-2026",
            pattern=SERIES_PATTERN,
        ),
        kept_head: str | None = Parameter(
            default=None,
            description="a head hash kept earlier (a bill run's `journal.head`): is it still "
            "in the series, and at which number",
            schema_extra={"pattern": "^[0-9a-fA-F]{64}$"},
        ),
    ) -> JournalVerificationOut:
        """Recompute the SHA-256 of every stored document of the series and the chain from
        its first document: `valid`, the `head` hash, how many `documents` are recorded and
        the `first_break` (altered, missing, inserted or chain)."""
        return journal_verification_out(await run_sync(journal.verify, series, kept_head))


class InternalFeedController(Controller):
    """Service-to-service routes; never routed by the gateway, service tokens only."""

    path = "/internal"
    include_in_schema = False

    @post("/feeds/customer/poll", status_code=HTTP_200_OK)
    async def poll_customer(self, request: Request[Any, Any, Any]) -> dict[str, int]:
        """Apply the customer feed now (erasures re-render their PDFs; the worker does it
        anyway within a second)."""
        verify_service(
            request.headers.get("authorization"),
            me="billing",
            keys=request.app.state.settings.service_keys,
            permission=FEED_POLL,
        )
        follower = request.app.state.erasures_feed
        return {"applied": await run_sync(follower.catch_up)}
