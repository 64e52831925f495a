"""The landing page's API (`/api/v1/self-service/...`): a client signs in with a CIN (rate
limited, answering the same way whether or not the CIN is known), then sees their
contracts and invoices, downloads their PDFs, changes plan; anyone can browse the offers
and sign up as a new client (a CIN that is already a client's is refused: an anonymous
request never reads or changes an existing account). Sessions are opaque random tokens
kept server side. Lookups and orders count against the same limits, per client address
(the one the gateway decided, IPv6 per /64) and per CIN. Same checkout rules as the
console, effective dates from today on."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated, Any, ClassVar
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from litestar.status_codes import HTTP_201_CREATED

from mtf.contracts.adapters.http.controllers import place_order
from mtf.contracts.adapters.http.schemas import (
    CheckoutRequestBody,
    NewClient,
    OrderOut,
    SelfServiceNewClient,
)
from mtf.contracts.adapters.postgres.self_service_sessions import SelfServiceSessions
from mtf.contracts.application.checkout import Checkout
from mtf.contracts.application.contract_commands import ContractQueries
from mtf.contracts.application.ports import ContractFilter
from mtf.kernel.api_types import Cin
from mtf.kernel.clock import Clock
from mtf.kernel.errors import DomainError, ErrorList, NotFound, Unauthorized, invalid
from mtf.kernel.openapi_contract import problems
from mtf.kernel.pagination import page_request, paginate
from mtf.kernel.peers import client_address, rate_key
from mtf.kernel.ratelimit import RateLimiter
from mtf.kernel.rules import TELECOM_SERVICES, is_cin, normalise_cin
from mtf.kernel.service_client import ServiceClient
from mtf.kernel.threads import run_sync

SESSION_TTL = 900


class SessionRequest(msgspec.Struct, forbid_unknown_fields=True):
    cin: Cin
    __openapi_extra__: ClassVar[dict[str, Any]] = {"examples": [{"cin": "BE123456"}]}


class MaskedClient(msgspec.Struct):
    masked_name: str


class SessionOut(msgspec.Struct):
    token: str
    expires_in: int
    client: MaskedClient


class SelfServiceOffer(msgspec.Struct):
    id: str
    code: str
    name: str
    service: str
    monthly_fee: str
    commitment_months: int
    components: dict[str, Any]


class SelfServiceOffers(msgspec.Struct):
    items: list[SelfServiceOffer]
    next_cursor: str | None
    total: int


class SelfServiceContract(msgspec.Struct):
    contract_id: str
    subscriber_id: str
    number: str | None
    service: str
    offer_id: str
    offer_code: str
    offer_name: str
    monthly_fee: str
    status: str
    start_date: str
    end_date: str | None


class SelfServiceContracts(msgspec.Struct):
    items: list[SelfServiceContract]
    next_cursor: str | None
    total: int


class SelfServiceInvoice(msgspec.Struct):
    id: str
    number: str
    period: str
    issue_date: str
    due_date: str
    total: str
    amount_due: str
    status: str


class SelfServiceInvoices(msgspec.Struct):
    items: list[SelfServiceInvoice]
    next_cursor: str | None
    total: int


class SelfServiceOrder(msgspec.Struct, forbid_unknown_fields=True):
    offer_id: str
    new_client: SelfServiceNewClient | None = None
    subscriber_id: str | None = None
    intent: Annotated[
        str,
        msgspec.Meta(extra_json_schema={"extra": {"enum": ["auto", "new_line", "plan_change"]}}),
    ] = "auto"
    effective_date: (
        Annotated[str, msgspec.Meta(extra_json_schema={"extra": {"format": "date"}})] | None
    ) = None
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [
            {
                "offer_id": "9b2f4f1e-4e0c-5b8e-9a41-2f0d7c3b6a10",
                "new_client": {
                    "first_name": "Amina",
                    "last_name": "Benali",
                    "cin": "BE123456",
                    "phone": "0612345678",
                },
            }
        ]
    }


class TooManyLookups(DomainError):
    status = 429
    title = "Too many requests"
    type_slug = "too-many-requests"


BY_IP = RateLimiter(limit=30, window=60)
BY_CIN = RateLimiter(limit=5, window=60)


def address_key(request: Request[Any, Any, Any]) -> str:
    """The client address the gateway decided (never a caller's `X-Forwarded-For`), as the
    key its limits count under: the IPv4 address or the IPv6 /64."""
    peer = request.client.host if request.client else None
    return rate_key(client_address(request.headers, peer))


async def throttle(request: Request[Any, Any, Any], cin: str | None) -> None:
    """Count one attempt per address and per CIN (lookups and sign-ups alike); 429 with
    Retry-After once either limit is reached."""
    engine = request.app.state.engine
    ip = address_key(request)
    # the CIN is counted under a keyed hash: the counters hold no personal data
    cin_key = (
        hmac.new(
            request.app.state.settings.cin_hash_key.encode(), cin.encode(), hashlib.sha256
        ).hexdigest()[:32]
        if cin is not None and is_cin(cin)
        else None
    )

    def check() -> int:
        waits = [BY_IP.retry_after(engine, f"ip:{ip}")]
        if cin_key is not None:
            waits.append(BY_CIN.retry_after(engine, f"cin:{cin_key}"))
        return max(waits)

    wait = await run_sync(check)
    if wait:
        raise TooManyLookups(
            f"too many attempts; try again in {wait} seconds", extra={"retry_after": wait}
        )


def mask(first: str | None, last: str | None) -> str:
    return f"{(first or '?')[:1].upper()}. {(last or '?')[:1].upper()}***"


def neutral_mask(secret: str, cin: str) -> str:
    """For a CIN that matches no client: a stable masked name, so the answer has the same
    shape and does not tell whether the CIN exists."""
    digest = hmac.new(secret.encode(), cin.encode(), hashlib.sha256).digest()
    return f"{chr(65 + digest[0] % 26)}. {chr(65 + digest[1] % 26)}***"


class SelfServiceController(Controller):
    path = "/api/v1/self-service"
    tags = ["self-service"]
    security = [{}]

    async def _client_id(self, request: Request[Any, Any, Any]) -> UUID | None:
        """The client a valid session opens (None for a CIN that matched no client)."""
        header = request.headers.get("authorization")
        if not header:
            raise Unauthorized("sign in with your CIN first")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("the Authorization header must be 'Bearer <token>'")
        sessions: SelfServiceSessions = request.app.state.self_service_sessions
        valid, client_id = await run_sync(sessions.find, token.strip())
        if not valid:
            raise Unauthorized("the session is not valid or has expired; enter your CIN again")
        return client_id

    def _service(self, request: Request[Any, Any, Any], target: str) -> ServiceClient:
        clients: dict[str, ServiceClient] = request.app.state.self_service_clients
        return clients[target]

    @post(
        "/sessions",
        summary="Sign in with a CIN (rate limited; neutral for unknown CINs)",
        status_code=HTTP_201_CREATED,
        opt=problems(429),
    )
    async def open_session(
        self, request: Request[Any, Any, Any], data: SessionRequest
    ) -> Response[SessionOut]:
        cin = normalise_cin(data.cin)
        if not is_cin(cin):
            raise invalid("cin", "must be one or two letters then 1 to 6 digits, e.g. BE123456")
        await throttle(request, cin)
        settings = request.app.state.settings
        customer = self._service(request, "customer")
        page = await run_sync(
            lambda: customer.get(
                "/api/v1/clients", params={"cin": cin, "limit": 1}, needs=("pii:read",)
            )
        )
        found = page["items"][0] if page["items"] else None
        client_id: UUID | None = None
        if found is not None and not found.get("erased"):
            client_id = UUID(found["id"])
            masked = mask(found.get("first_name"), found.get("last_name"))
        else:
            masked = neutral_mask(settings.jwt_secret, cin)
        # known or not, one row written and a token of the same shape
        sessions: SelfServiceSessions = request.app.state.self_service_sessions
        token = await run_sync(sessions.open, client_id, SESSION_TTL)
        return Response(
            SessionOut(token=token, expires_in=SESSION_TTL, client=MaskedClient(masked)),
            status_code=HTTP_201_CREATED,
        )

    @get("/offers", summary="Published offers (public)")
    async def offers(
        self,
        request: Request[Any, Any, Any],
        service: str | None = Parameter(
            default=None, schema_extra={"pattern": "^(mobile|internet|landline)$"}
        ),
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
        sort: str | None = Parameter(
            default=None, description="monthly_fee, code, name; prefix - for descending"
        ),
    ) -> SelfServiceOffers:
        if service is not None and service not in TELECOM_SERVICES:
            raise invalid("service", "must be mobile, internet or landline")
        catalog = self._service(request, "catalog")
        params: dict[str, Any] = {"status": "published", "limit": 500}
        if service:
            params["service"] = service
        page = await run_sync(lambda: catalog.get("/api/v1/offers", params=params))
        offers = [
            SelfServiceOffer(
                o["id"],
                o["code"],
                o["name"],
                o["service"],
                o["monthly_fee"],
                o["commitment_months"],
                o["components"],
            )
            for o in page["items"]
        ]
        chunk, following, total = _page(
            offers, limit, cursor, sort, ("monthly_fee", "code", "name"), "code"
        )
        return SelfServiceOffers(items=chunk, next_cursor=following, total=total)

    @get("/contracts", summary="The signed-in client's lines and plans")
    async def contracts(
        self,
        request: Request[Any, Any, Any],
        queries: FromDishka[ContractQueries],
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
        sort: str | None = Parameter(
            default=None, description="start_date, number; prefix - for descending"
        ),
    ) -> SelfServiceContracts:
        client_id = await self._client_id(request)
        found: list[SelfServiceContract] = []
        if client_id is not None:
            page = page_request(
                limit=500,
                cursor=None,
                sort=None,
                allowed_sorts=("start_date",),
                default_sort="start_date",
            )
            rows, _ = await run_sync(
                queries.list_contracts, ContractFilter(client_id=client_id), page
            )
            lines = await run_sync(
                lambda: self._service(request, "customer").get(
                    "/api/v1/subscribers", params={"client_id": str(client_id), "limit": 500}
                )
            )
            numbers = {line["id"]: line["number"] for line in lines["items"]}
            found = [
                SelfServiceContract(
                    contract_id=str(r["id"]),
                    subscriber_id=str(r["subscriber_id"]),
                    number=numbers.get(str(r["subscriber_id"])),
                    service=r["service"],
                    offer_id=str(r["offer_id"]),
                    offer_code=r["offer_code"],
                    offer_name=r["offer_name"],
                    monthly_fee=str(r["monthly_fee"]),
                    status=r["status"],
                    start_date=r["start_date"].isoformat(),
                    end_date=r["end_date"].isoformat() if r["end_date"] else None,
                )
                for r in rows
                if r["status"] in ("active", "suspended", "pending")
            ]
        chunk, following, total = _page(
            found, limit, cursor, sort, ("start_date", "number"), "start_date"
        )
        return SelfServiceContracts(items=chunk, next_cursor=following, total=total)

    @get("/invoices", summary="The signed-in client's invoices")
    async def invoices(
        self,
        request: Request[Any, Any, Any],
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
        sort: str | None = Parameter(
            default=None, description="issue_date, number, period; prefix - for descending"
        ),
    ) -> SelfServiceInvoices:
        client_id = await self._client_id(request)
        found: list[SelfServiceInvoice] = []
        if client_id is not None:
            billing = self._service(request, "billing")
            page = await run_sync(
                lambda: billing.get(
                    "/api/v1/invoices",
                    params={"client_id": str(client_id), "limit": 500, "sort": "-issue_date"},
                )
            )
            found = [
                SelfServiceInvoice(
                    i["id"],
                    i["number"],
                    i["period"],
                    i["issue_date"],
                    i["due_date"],
                    i["total"],
                    i["amount_due"],
                    i["status"],
                )
                for i in page["items"]
            ]
        chunk, following, total = _page(
            found, limit, cursor, sort, ("issue_date", "number", "period"), "-issue_date"
        )
        return SelfServiceInvoices(items=chunk, next_cursor=following, total=total)

    @get(
        "/invoices/{invoice_id:uuid}/pdf",
        summary="One of the signed-in client's invoice PDFs",
        media_type="application/pdf",
    )
    async def invoice_pdf(
        self, request: Request[Any, Any, Any], invoice_id: UUID
    ) -> Response[bytes]:
        client_id = await self._client_id(request)
        billing = self._service(request, "billing")
        try:
            invoice = await run_sync(lambda: billing.get(f"/api/v1/invoices/{invoice_id}"))
        except NotFound:
            invoice = None
        # another client's invoice is answered exactly like a missing one
        if client_id is None or invoice is None or invoice["client_id"] != str(client_id):
            raise NotFound(f"no invoice {invoice_id} for this session")
        content, media_type = await run_sync(
            lambda: billing.get_bytes(f"/api/v1/invoices/{invoice_id}/pdf")
        )
        return Response(
            content,
            media_type=media_type,
            headers={"Content-Disposition": f'attachment; filename="{invoice["number"]}.pdf"'},
        )

    @get(
        "/invoices/{invoice_id:uuid}/ubl",
        summary="One of the signed-in client's invoices as an e-invoice (UBL 2.1 XML)",
        media_type="application/xml",
    )
    async def invoice_ubl(
        self, request: Request[Any, Any, Any], invoice_id: UUID
    ) -> Response[bytes]:
        client_id = await self._client_id(request)
        billing = self._service(request, "billing")
        try:
            invoice = await run_sync(lambda: billing.get(f"/api/v1/invoices/{invoice_id}"))
        except NotFound:
            invoice = None
        # another client's invoice is answered exactly like a missing one
        if client_id is None or invoice is None or invoice["client_id"] != str(client_id):
            raise NotFound(f"no invoice {invoice_id} for this session")
        content, media_type = await run_sync(
            lambda: billing.get_bytes(f"/api/v1/invoices/{invoice_id}/ubl")
        )
        return Response(
            content,
            media_type=media_type,
            headers={"Content-Disposition": f'attachment; filename="{invoice["number"]}.xml"'},
        )

    @post(
        "/orders",
        summary="Sign up (new client) or change plan (signed in); effective today or later",
        status_code=HTTP_201_CREATED,
        opt=problems(429, idempotency_key=True),
    )
    async def order(
        self,
        request: Request[Any, Any, Any],
        data: SelfServiceOrder,
        checkout: FromDishka[Checkout],
        clock: FromDishka[Clock],
    ) -> Response[OrderOut]:
        client_id: UUID | None = None
        if request.headers.get("authorization"):
            client_id = await self._client_id(request)
            if client_id is None:
                raise Unauthorized("no client is signed in with this session; sign up instead")
        # a sign-up counts like a lookup of its CIN (and an order like one from its address)
        await throttle(
            request,
            normalise_cin(data.new_client.cin)
            if client_id is None and data.new_client is not None
            else None,
        )
        errors = ErrorList()
        if client_id is None and data.new_client is None:
            errors.add(
                "new_client", "is required to sign up (or sign in with your CIN to change plan)"
            )
        if client_id is not None and data.new_client is not None:
            errors.add("new_client", "you are signed in: this order is for your existing account")
        errors.raise_if_any()
        body = CheckoutRequestBody(
            offer_id=data.offer_id,
            client_id=str(client_id) if client_id else None,
            new_client=(
                NewClient(**msgspec.structs.asdict(data.new_client))
                if data.new_client is not None
                else None
            ),
            subscriber_id=data.subscriber_id,
            intent=data.intent,  # type: ignore[arg-type]
            effective_date=_date(data.effective_date),
        )
        if body.intent not in ("auto", "new_line", "plan_change"):
            raise invalid("intent", "must be auto, new_line or plan_change")
        caller = f"self-service:{client_id or 'public'}"
        actor = f"client:{client_id}" if client_id else "client:new"
        # anonymous: only ever a new client; a CIN that is a client's is refused (409) before
        # anything is recorded, and the answer is the same whatever else was sent
        return await place_order(
            request,
            body,
            checkout,
            caller=caller,
            actor=actor,
            earliest=clock.today(),
            new_clients_only=client_id is None,
        )


def _page(
    items: list[Any],
    limit: int | None,
    cursor: str | None,
    sort: str | None,
    allowed: tuple[str, ...],
    default: str,
) -> tuple[list[Any], str | None, int]:
    rows = [msgspec.structs.asdict(i) for i in items]
    chunk, following, total = paginate(
        rows, limit=limit, cursor=cursor, sort=sort, allowed_sorts=allowed, default_sort=default
    )
    kind = type(items[0]) if items else None
    return ([kind(**r) for r in chunk] if kind else []), following, total


def _date(value: str | None) -> Any:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise invalid("effective_date", "must be a date such as 2026-12-01") from exc
