"""Contracts HTTP API: contracts (lifecycle) and provisioning orders (checkout)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from typing import Any
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, Response, delete, get, post
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from mtf.contracts.adapters.http.schemas import (
    CheckoutPreview,
    CheckoutRequestBody,
    ContractCancellation,
    ContractOut,
    ContractPage,
    ContractStatus,
    ContractTransition,
    OrderOut,
    Service,
    contract_out,
    order_row_out,
)
from mtf.contracts.application.checkout import Checkout, CheckoutRequest
from mtf.contracts.application.contract_commands import (
    CONTRACT_SORTS,
    ContractCommands,
    ContractQueries,
)
from mtf.contracts.application.ports import ContractFilter
from mtf.contracts.domain.order import COMPLETED, FAILED, ProvisioningOrder
from mtf.kernel.errors import ErrorList, ServiceUnavailable
from mtf.kernel.http import actor_of, principal_of, requires
from mtf.kernel.idempotency import body_hash, idempotency_key
from mtf.kernel.openapi_contract import IDEMPOTENT
from mtf.kernel.pagination import next_cursor, page_request
from mtf.kernel.problems import problem
from mtf.kernel.threads import run_sync


class ContractController(Controller):
    path = "/api/v1/contracts"
    tags = ["contracts"]

    @get("/", summary="List contracts")
    async def list_contracts(
        self,
        queries: FromDishka[ContractQueries],
        client_id: UUID | None = None,
        subscriber_id: UUID | None = None,
        status: ContractStatus | None = None,
        service: Service | None = None,
        sort: str | None = Parameter(
            default=None,
            description="start_date, created_at, updated_at, status, service, monthly_fee; prefix - for descending",
        ),
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
    ) -> ContractPage:
        page = page_request(
            limit=limit,
            cursor=cursor,
            sort=sort,
            allowed_sorts=CONTRACT_SORTS,
            default_sort="-created_at",
        )
        filters = ContractFilter(
            client_id=client_id, subscriber_id=subscriber_id, status=status, service=service
        )
        rows, total = await run_sync(queries.list_contracts, filters, page)
        return ContractPage(
            items=[contract_out(r) for r in rows],
            next_cursor=next_cursor(page, len(rows), total),
            total=total,
        )

    @get("/{contract_id:uuid}", summary="One contract")
    async def get_contract(
        self, contract_id: UUID, queries: FromDishka[ContractQueries]
    ) -> ContractOut:
        return contract_out(await run_sync(queries.contract, contract_id))

    async def _transition(
        self,
        action: str,
        request: Request[Any, Any, Any],
        contract_id: UUID,
        data: ContractTransition,
        commands: ContractCommands,
        queries: ContractQueries,
    ) -> ContractOut:
        actor = actor_of(request)
        await run_sync(
            lambda: getattr(commands, action)(contract_id, data.reason, data.effective_date, actor)
        )
        return contract_out(await run_sync(queries.contract, contract_id))

    @post(
        "/{contract_id:uuid}/suspend",
        summary="Suspend an active contract (a later effective date schedules it)",
        status_code=HTTP_200_OK,
        guards=[requires("contracts:write")],
    )
    async def suspend(
        self,
        request: Request[Any, Any, Any],
        contract_id: UUID,
        data: ContractTransition,
        commands: FromDishka[ContractCommands],
        queries: FromDishka[ContractQueries],
    ) -> ContractOut:
        return await self._transition("suspend", request, contract_id, data, commands, queries)

    @post(
        "/{contract_id:uuid}/resume",
        summary="Resume a suspended contract",
        status_code=HTTP_200_OK,
        guards=[requires("contracts:write")],
    )
    async def resume(
        self,
        request: Request[Any, Any, Any],
        contract_id: UUID,
        data: ContractTransition,
        commands: FromDishka[ContractCommands],
        queries: FromDishka[ContractQueries],
    ) -> ContractOut:
        return await self._transition("resume", request, contract_id, data, commands, queries)

    @post(
        "/{contract_id:uuid}/terminate",
        summary="Terminate a contract (a later effective date schedules it)",
        status_code=HTTP_200_OK,
        guards=[requires("contracts:write")],
    )
    async def terminate(
        self,
        request: Request[Any, Any, Any],
        contract_id: UUID,
        data: ContractTransition,
        commands: FromDishka[ContractCommands],
        queries: FromDishka[ContractQueries],
    ) -> ContractOut:
        return await self._transition("terminate", request, contract_id, data, commands, queries)

    @post(
        "/{contract_id:uuid}/cancel",
        summary="Cancel a pending contract (one that starts after today): it never starts",
        status_code=HTTP_200_OK,
        guards=[requires("contracts:write")],
    )
    async def cancel(
        self,
        request: Request[Any, Any, Any],
        contract_id: UUID,
        data: ContractCancellation,
        commands: FromDishka[ContractCommands],
        queries: FromDishka[ContractQueries],
    ) -> ContractOut:
        actor = actor_of(request)
        await run_sync(lambda: commands.cancel(contract_id, data.reason, actor))
        return contract_out(await run_sync(queries.contract, contract_id))

    @delete(
        "/{contract_id:uuid}/scheduled-change",
        summary="Cancel the suspension, termination or plan change scheduled for a later date",
        status_code=HTTP_200_OK,
        guards=[requires("contracts:write")],
    )
    async def cancel_scheduled_change(
        self,
        request: Request[Any, Any, Any],
        contract_id: UUID,
        commands: FromDishka[ContractCommands],
        queries: FromDishka[ContractQueries],
    ) -> ContractOut:
        actor = actor_of(request)
        await run_sync(lambda: commands.cancel_scheduled_change(contract_id, actor))
        return contract_out(await run_sync(queries.contract, contract_id))


def _uuid_field(value: str | None, name: str, errors: ErrorList) -> UUID | None:
    if value is None:
        return None
    try:
        return UUID(value)
    except ValueError:
        errors.add(name, "must be a UUID")
        return None


def checkout_request(data: CheckoutRequestBody) -> CheckoutRequest:
    errors = ErrorList()
    offer_id = _uuid_field(data.offer_id, "offer_id", errors)
    client_id = _uuid_field(data.client_id, "client_id", errors)
    subscriber_id = _uuid_field(data.subscriber_id, "subscriber_id", errors)
    errors.raise_if_any()
    assert offer_id is not None
    return CheckoutRequest(
        offer_id=offer_id,
        client_id=client_id,
        cin=data.cin,
        new_client=data.new_client,
        subscriber_id=subscriber_id,
        intent=data.intent,
        effective_date=data.effective_date,
    )


def order_out(order: ProvisioningOrder) -> OrderOut:
    return OrderOut(
        id=str(order.id),
        status=order.status,  # type: ignore[arg-type]
        outcome=order.outcome,
        client_id=str(order.client_id) if order.client_id else None,
        subscriber_id=str(order.subscriber_id) if order.subscriber_id else None,
        contract_id=str(order.contract_id) if order.contract_id else None,
        previous_contract_id=str(order.previous_contract_id)
        if order.previous_contract_id
        else None,
        effective_date=order.effective_date,
        created_at=order.created_on,
    )


def order_body_hash(request: Request[Any, Any, Any], data: CheckoutRequestBody) -> str:
    """What binds an Idempotency-Key to its body, recorded in the order's events: keyed, as
    the body holds a CIN or a person's data and a plain SHA-256 of a short body (an offer
    and a CIN) would be reversed by trying every CIN, long after the client's erasure."""
    secret = request.app.state.settings.cin_hash_key
    return hmac.new(
        ("order-body:" + secret).encode(), body_hash(data).encode(), hashlib.sha256
    ).hexdigest()


async def place_order(
    request: Request[Any, Any, Any],
    data: CheckoutRequestBody,
    checkout: Checkout,
    *,
    caller: str,
    actor: str,
    earliest: date | None = None,
    new_clients_only: bool = False,
) -> Response[Any]:
    """Shared by the operators' and the landing page's checkout (which, signed out, only
    ever places orders for new clients)."""
    key = idempotency_key(request)
    checkout_req = checkout_request(data)
    try:
        order = await run_sync(
            lambda: checkout.place(
                checkout_req,
                caller=caller,
                idempotency_key=key,
                request_hash=order_body_hash(request, data),
                actor=actor,
                earliest=earliest,
                new_clients_only=new_clients_only,
            )
        )
    except ServiceUnavailable as exc:
        raise ServiceUnavailable(
            f"{exc.detail} The order is recorded: retry with the same Idempotency-Key to get its result.",
        ) from exc
    if order.status == FAILED and order.failure:
        failure = order.failure
        return problem(
            failure["status"],
            failure["title"],
            failure["detail"],
            type_slug="order-failed",
            errors=failure["errors"] or None,
            extra={"order_id": str(order.id), "compensated": failure["compensated"]},
            request=request,
        )
    status = HTTP_201_CREATED if order.status == COMPLETED else 202
    return Response(order_out(order), status_code=status)


class ProvisioningController(Controller):
    path = "/api/v1/provisioning/orders"
    tags = ["provisioning"]

    @post(
        "/",
        summary="Checkout: the backend decides new client, new line or plan change",
        status_code=HTTP_201_CREATED,
        guards=[requires("provisioning:write")],
        opt=IDEMPOTENT,
    )
    async def place(
        self,
        request: Request[Any, Any, Any],
        data: CheckoutRequestBody,
        checkout: FromDishka[Checkout],
    ) -> Response[OrderOut]:
        principal = principal_of(request)
        return await place_order(
            request,
            data,
            checkout,
            caller=f"{principal.kind}:{principal.subject}",
            actor=actor_of(request),
        )

    @post(
        "/preview", summary="What a checkout would do (nothing is written)", status_code=HTTP_200_OK
    )
    async def preview(
        self, data: CheckoutRequestBody, checkout: FromDishka[Checkout]
    ) -> CheckoutPreview:
        result = await run_sync(checkout.preview, checkout_request(data))
        return msgspec.convert(result, CheckoutPreview)

    @get("/{order_id:uuid}", summary="One provisioning order")
    async def get_order(self, order_id: UUID, queries: FromDishka[ContractQueries]) -> OrderOut:
        return order_row_out(await run_sync(queries.order, order_id))
