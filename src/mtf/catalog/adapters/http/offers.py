"""Catalog HTTP API: /api/v1/offers."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, get, post
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from mtf.catalog.adapters.http.schemas import (
    OfferCreate,
    OfferDetail,
    OfferPage,
    OfferRevision,
    Service,
    Status,
    offer_detail,
    offer_out,
)
from mtf.catalog.application.ports import OfferFilter
from mtf.catalog.application.use_cases import (
    SORTABLE,
    CatalogCommands,
    CatalogQueries,
    DefineOffer,
    ReviseOffer,
)
from mtf.kernel.http import principal_of, requires
from mtf.kernel.pagination import next_cursor, page_request
from mtf.kernel.threads import run_sync


class OfferController(Controller):
    path = "/api/v1/offers"
    tags = ["offers"]

    @get("/", summary="List offers")
    async def list_offers(
        self,
        queries: FromDishka[CatalogQueries],
        service: Service | None = None,
        status: Status | None = None,
        code: str | None = None,
        q: str | None = Parameter(
            default=None, max_length=100, description="code or name contains"
        ),
        sort: str | None = Parameter(
            default=None,
            description=(
                "code, name, service, status, monthly_fee, created_at, updated_at;"
                " prefix - for descending"
            ),
        ),
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
    ) -> OfferPage:
        page = page_request(
            limit=limit, cursor=cursor, sort=sort, allowed_sorts=SORTABLE, default_sort="code"
        )
        filters = OfferFilter(service=service, status=status, q=q, code=code)
        rows, total = await run_sync(queries.list_offers, filters, page)
        return OfferPage(
            items=[offer_out(r) for r in rows],
            next_cursor=next_cursor(page, len(rows), total),
            total=total,
        )

    @get("/{offer_id:uuid}", summary="One offer with its versions")
    async def get_offer(self, offer_id: UUID, queries: FromDishka[CatalogQueries]) -> OfferDetail:
        return offer_detail(await run_sync(queries.offer, offer_id))

    @post(
        "/",
        summary="Create a draft offer",
        status_code=HTTP_201_CREATED,
        guards=[requires("offers:write")],
    )
    async def create_offer(
        self,
        request: Request[Any, Any, Any],
        data: OfferCreate,
        commands: FromDishka[CatalogCommands],
        queries: FromDishka[CatalogQueries],
    ) -> OfferDetail:
        actor = principal_of(request).actor
        offer_id = await run_sync(
            commands.define_offer, DefineOffer(**msgspec.structs.asdict(data)), actor
        )
        return offer_detail(await run_sync(queries.offer, offer_id))

    @post(
        "/{offer_id:uuid}/versions",
        summary="New version of an offer (new price or components)",
        status_code=HTTP_201_CREATED,
        guards=[requires("offers:write")],
    )
    async def add_version(
        self,
        request: Request[Any, Any, Any],
        offer_id: UUID,
        data: OfferRevision,
        commands: FromDishka[CatalogCommands],
        queries: FromDishka[CatalogQueries],
    ) -> OfferDetail:
        actor = principal_of(request).actor
        changes = ReviseOffer(**msgspec.structs.asdict(data))
        await run_sync(commands.add_version, offer_id, changes, actor)
        return offer_detail(await run_sync(queries.offer, offer_id))

    @post(
        "/{offer_id:uuid}/publish",
        summary="Publish a draft offer (it can then be sold)",
        status_code=HTTP_200_OK,
        guards=[requires("offers:write")],
    )
    async def publish(
        self,
        request: Request[Any, Any, Any],
        offer_id: UUID,
        commands: FromDishka[CatalogCommands],
        queries: FromDishka[CatalogQueries],
    ) -> OfferDetail:
        await run_sync(commands.publish, offer_id, principal_of(request).actor)
        return offer_detail(await run_sync(queries.offer, offer_id))

    @post(
        "/{offer_id:uuid}/retire",
        summary="Retire a published offer (no new sales)",
        status_code=HTTP_200_OK,
        guards=[requires("offers:write")],
    )
    async def retire(
        self,
        request: Request[Any, Any, Any],
        offer_id: UUID,
        commands: FromDishka[CatalogCommands],
        queries: FromDishka[CatalogQueries],
    ) -> OfferDetail:
        await run_sync(commands.retire, offer_id, principal_of(request).actor)
        return offer_detail(await run_sync(queries.offer, offer_id))
