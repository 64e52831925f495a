"""Collections HTTP API: payments, balances, receivables, runs, aging, cases."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from mtf.collections.adapters.http.schemas import (
    Aging,
    AgingBucket,
    AllocationOut,
    AllocationPreview,
    Balance,
    CaseAction,
    CaseDetail,
    CasePage,
    CollectionsRunCreate,
    CollectionsRunOut,
    PaymentCreate,
    PaymentOut,
    PaymentPage,
    PaymentReversal,
    Receivable,
    ReceivablePage,
    case_detail,
    case_out,
    money,
    payment_out,
)
from mtf.collections.application.queries import CollectionsQueries
from mtf.collections.application.use_cases import Collections, Payments, PostPayment
from mtf.kernel.errors import ErrorList
from mtf.kernel.http import actor_of, principal_of, requires
from mtf.kernel.idempotency import body_hash, idempotency_key
from mtf.kernel.openapi_contract import IDEMPOTENT
from mtf.kernel.pagination import next_cursor, page_request
from mtf.kernel.threads import run_sync


def _uuid(value: str, field: str, errors: ErrorList) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        errors.add(field, "must be a UUID")
        return None


def payment_body(data: PaymentCreate) -> PostPayment:
    errors = ErrorList()
    client_id = _uuid(data.client_id, "client_id", errors)
    invoice_ids = [
        i for i in (_uuid(v, "invoice_ids", errors) for v in data.invoice_ids or []) if i
    ]
    errors.raise_if_any()
    assert client_id is not None
    return PostPayment(
        client_id=client_id,
        amount=data.amount,
        method=data.method,
        reference=data.reference,
        received_on=data.received_on,
        invoice_ids=tuple(invoice_ids),
    )


def payment_from_aggregate(payment: Any) -> PaymentOut:
    """The response straight from the recorded payment (no read-model round trip)."""
    return PaymentOut(
        id=str(payment.id),
        client_id=str(payment.client_id),
        amount=money(payment.amount),
        method=payment.method,
        reference=payment.reference,
        received_on=payment.received_on,
        status=payment.status,
        allocations=[
            AllocationOut(a["invoice_id"], a["number"], money(Decimal(a["amount"])))
            for a in payment.allocations
        ],
        credit=money(payment.credit),
        created_at=payment.created_on,
        reversed_at=payment.modified_on if payment.status == "reversed" else None,
        reversal_reason=payment.reversal_reason,
    )


class PaymentController(Controller):
    path = "/api/v1/payments"
    tags = ["collections"]

    @post(
        "/",
        summary="Post a payment (Idempotency-Key required)",
        status_code=HTTP_201_CREATED,
        guards=[requires("payments:write")],
        opt=IDEMPOTENT,
    )
    async def post_payment(
        self,
        request: Request[Any, Any, Any],
        data: PaymentCreate,
        payments: FromDishka[Payments],
    ) -> Response[PaymentOut]:
        key = idempotency_key(request)
        body = payment_body(data)
        principal = principal_of(request)
        digest = body_hash(data)
        actor = actor_of(request)
        payment = await run_sync(
            lambda: payments.post(
                body,
                caller=f"{principal.kind}:{principal.subject}",
                idempotency_key=key,
                request_hash=digest,
                actor=actor,
            )
        )
        return Response(payment_from_aggregate(payment), status_code=HTTP_201_CREATED)

    @post(
        "/preview",
        summary="How a payment would be allocated (nothing is written)",
        status_code=HTTP_200_OK,
    )
    async def preview(
        self, data: PaymentCreate, payments: FromDishka[Payments]
    ) -> AllocationPreview:
        result = await run_sync(payments.preview, payment_body(data))
        return AllocationPreview(
            allocations=[
                AllocationOut(str(a.invoice_id), a.number, money(a.amount))
                for a in result["allocations"]
            ],
            credit=money(result["credit"]),
        )

    @get("/", summary="List payments")
    async def list_payments(
        self,
        queries: FromDishka[CollectionsQueries],
        client_id: UUID | None = None,
        status: str | None = Parameter(default=None, pattern="^(posted|reversed)$"),
        sort: str | None = Parameter(
            default=None, description="created_at, received_on, amount; prefix - for descending"
        ),
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
    ) -> PaymentPage:
        page = page_request(
            limit=limit,
            cursor=cursor,
            sort=sort,
            allowed_sorts=("created_at", "received_on", "amount"),
            default_sort="-created_at",
        )
        rows, total = await run_sync(
            lambda: queries.payments(client_id=client_id, status=status, page=page)
        )
        return PaymentPage(
            items=[payment_out(r) for r in rows],
            next_cursor=next_cursor(page, len(rows), total),
            total=total,
        )

    @get("/{payment_id:uuid}", summary="One payment with its allocations")
    async def get_payment(
        self, payment_id: UUID, queries: FromDishka[CollectionsQueries]
    ) -> PaymentOut:
        return payment_out(await run_sync(queries.payment, payment_id))

    @post(
        "/{payment_id:uuid}/reverse",
        summary="Reverse a bounced payment (allocations undone)",
        status_code=HTTP_200_OK,
        guards=[requires("payments:write")],
    )
    async def reverse(
        self,
        request: Request[Any, Any, Any],
        payment_id: UUID,
        payments: FromDishka[Payments],
        queries: FromDishka[CollectionsQueries],
        data: PaymentReversal | None = None,
    ) -> PaymentOut:
        actor = actor_of(request)
        reason = data.reason if data is not None else "payment bounced"
        await run_sync(lambda: payments.reverse(payment_id, reason, actor))
        return payment_out(await run_sync(queries.payment, payment_id))


class BalanceController(Controller):
    path = "/api/v1/clients"
    tags = ["collections"]

    @get(
        "/{client_id:uuid}/balance", summary="What a client owes, their credit, and what is overdue"
    )
    async def balance(
        self,
        client_id: UUID,
        queries: FromDishka[CollectionsQueries],
    ) -> Balance:
        found = await run_sync(queries.balance, client_id)
        return Balance(
            client_id=str(client_id),
            amount_due=money(found["amount_due"]),
            credit=money(found["credit"]),
            overdue_amount=money(found["overdue_amount"]),
        )


class CollectionsController(Controller):
    path = "/api/v1/collections"
    tags = ["collections"]

    @get("/receivables", summary="Invoices and what remains due on them")
    async def receivables(
        self,
        queries: FromDishka[CollectionsQueries],
        client_id: UUID | None = None,
        open: bool = False,
        sort: str | None = Parameter(
            default=None, description="due_date, issue_date, number, total; prefix - for descending"
        ),
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
    ) -> ReceivablePage:
        page = page_request(
            limit=limit,
            cursor=cursor,
            sort=sort,
            allowed_sorts=("due_date", "issue_date", "number", "total"),
            default_sort="due_date",
        )
        rows, total = await run_sync(
            lambda: queries.receivables(client_id=client_id, open_only=open, page=page)
        )
        items = [
            Receivable(
                invoice_id=str(r["invoice_id"]),
                number=r["number"],
                client_id=str(r["client_id"]),
                issue_date=r["issue_date"],
                due_date=r["due_date"],
                total=money(r["total"]),
                credited=money(r["credited"]),
                paid=money(r["paid"]),
                amount_due=money(r["amount_due"]),
                days_past_due=r["days_past_due"],
                status=r["status"],
            )
            for r in rows
        ]
        return ReceivablePage(
            items=items, next_cursor=next_cursor(page, len(rows), total), total=total
        )

    @post(
        "/runs",
        summary="Overdue, aging and dunning for a date: again on the same date, what is new since "
        "(no step repeated); a date before the latest run is refused (409)",
        status_code=HTTP_201_CREATED,
        guards=[requires("collections:write")],
        responses={
            HTTP_200_OK: ResponseSpec(
                CollectionsRunOut,
                description="Nothing was new since the date's last pass",
                generate_examples=False,
            )
        },
    )
    async def run(
        self,
        request: Request[Any, Any, Any],
        data: CollectionsRunCreate,
        collections: FromDishka[Collections],
        queries: FromDishka[CollectionsQueries],
    ) -> Response[CollectionsRunOut]:
        actor = actor_of(request)
        result = await run_sync(lambda: collections.run(data.as_of, actor))
        row = await run_sync(queries.run, data.as_of)
        out = CollectionsRunOut(
            id=str(row["id"]),
            as_of=row["as_of"],
            created_at=row["created_at"],
            passes=row["passes"],
            **result["figures"],
        )
        # 201: this pass acted (or was the date's first); 200: nothing new since the last one
        return Response(out, status_code=HTTP_201_CREATED if result["recorded"] else HTTP_200_OK)

    @get("/aging", summary="Overdue amounts per aging bucket")
    async def aging(self, queries: FromDishka[CollectionsQueries]) -> Aging:
        found = await run_sync(queries.aging)
        return Aging(
            as_of=found["as_of"],
            buckets=[
                AgingBucket(b["bucket"], b["invoices"], money(b["amount"]))
                for b in found["buckets"]
            ],
            total_overdue=money(found["total_overdue"]),
        )

    @get("/cases", summary="Collection cases")
    async def cases(
        self,
        queries: FromDishka[CollectionsQueries],
        status: str | None = Parameter(default=None, pattern="^(open|closed)$"),
        client_id: UUID | None = None,
        min_days: int | None = Parameter(default=None, ge=0, schema_extra={"minimum": 0}),
        sort: str | None = Parameter(
            default=None,
            description="opened_at, days_past_due, overdue_amount; prefix - for descending",
        ),
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
    ) -> CasePage:
        page = page_request(
            limit=limit,
            cursor=cursor,
            sort=sort,
            allowed_sorts=("opened_at", "days_past_due", "overdue_amount"),
            default_sort="-opened_at",
        )
        rows, total = await run_sync(
            lambda: queries.cases(status=status, client_id=client_id, min_days=min_days, page=page)
        )
        return CasePage(
            items=[case_out(r) for r in rows],
            next_cursor=next_cursor(page, len(rows), total),
            total=total,
        )

    @get("/cases/{case_id:uuid}", summary="A case with its timeline")
    async def case(self, case_id: UUID, queries: FromDishka[CollectionsQueries]) -> CaseDetail:
        return case_detail(await run_sync(queries.case, case_id))

    @post(
        "/cases/{case_id:uuid}/actions",
        summary="Note, promise to pay, escalate, close",
        status_code=HTTP_200_OK,
        guards=[requires("collections:write")],
    )
    async def act(
        self,
        request: Request[Any, Any, Any],
        case_id: UUID,
        data: CaseAction,
        collections: FromDishka[Collections],
        queries: FromDishka[CollectionsQueries],
    ) -> CaseDetail:
        actor = actor_of(request)
        await run_sync(
            lambda: collections.act(case_id, data.action, data.note, data.promise_date, actor)
        )
        return case_detail(await run_sync(queries.case, case_id))
