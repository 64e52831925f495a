"""Partner API: API keys, webhook subscriptions and deliveries; key verification (internal)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, get, post
from litestar.openapi.spec import OpenAPIType, Schema
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from mtf.identity.adapters.postgres.partner_store import SqlPartnerStore
from mtf.identity.adapters.webhook_http import shown_error
from mtf.identity.application.partners import Partners
from mtf.identity.domain.partners import KNOWN_TYPES
from mtf.kernel.api_types import at_least_one, text
from mtf.kernel.auth import issue_api_key_token, verify_service
from mtf.kernel.http import actor_of, requires
from mtf.kernel.pagination import next_cursor, page_request, paginate
from mtf.kernel.service_keys import KEY_VERIFY
from mtf.kernel.threads import run_sync

Scope = Literal["read", "personal-data", "billing", "provisioning"]


class ApiKeyCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: text(100, example="Partner ERP")  # type: ignore[valid-type]
    scopes: at_least_one(Scope)  # type: ignore[valid-type]
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [{"name": "Partner ERP", "scopes": ["read", "billing"]}]
    }


class ApiKeyOut(msgspec.Struct):
    id: str
    name: str
    prefix: str
    scopes: list[str]
    created_by: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str = ""


class ApiKeyPage(msgspec.Struct):
    items: list[ApiKeyOut]
    next_cursor: str | None
    total: int


EventTypes = Annotated[
    list[str],
    msgspec.Meta(
        extra_json_schema={
            "extra": {
                "min_items": 1,
                "items": Schema(type=OpenAPIType.STRING, enum=["*", *KNOWN_TYPES]),
            },
            "examples": [["invoice.issued", "payment.posted"]],
        }
    ),
]


class SubscriptionCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: text(100, example="ERP invoices")  # type: ignore[valid-type]
    url: Annotated[
        str, msgspec.Meta(extra_json_schema={"examples": ["https://erp.example.ma/hooks/mtf"]})
    ]
    event_types: EventTypes
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [
            {
                "name": "ERP invoices",
                "url": "https://erp.example.ma/hooks/mtf",
                "event_types": ["invoice.issued", "payment.posted"],
            }
        ]
    }


class SubscriptionOut(msgspec.Struct):
    id: str
    name: str
    url: str
    event_types: list[str]
    active: bool
    last_sequence: int
    created_at: datetime


class SubscriptionCreated(SubscriptionOut):
    secret: str = ""


class SubscriptionPage(msgspec.Struct):
    items: list[SubscriptionOut]
    next_cursor: str | None
    total: int


class Replay(msgspec.Struct, forbid_unknown_fields=True):
    # a delivery sequence number (bigint)
    from_sequence: Annotated[int, msgspec.Meta(ge=1, le=2**63 - 1)]
    __openapi_extra__: ClassVar[dict[str, Any]] = {"examples": [{"from_sequence": 1}]}


class ReplayOut(msgspec.Struct):
    subscription_id: str
    requeued: int


class DeliveryOut(msgspec.Struct):
    id: str
    subscription_id: str
    sequence: int
    event_type: str
    status: str
    attempts: int
    occurred_at: datetime
    delivered_at: datetime | None
    next_attempt_at: datetime
    last_status_code: int | None
    last_error: str | None
    payload: dict[str, Any]


class DeliveryPage(msgspec.Struct):
    items: list[DeliveryOut]
    next_cursor: str | None
    total: int


class KeyToVerify(msgspec.Struct):
    key: str


class VerifiedKeyOut(msgspec.Struct):
    id: str
    name: str
    scopes: list[str]
    permissions: list[str]
    # what the gateway forwards for the key: a short-lived token naming it, signed here
    token: str


def key_out(row: dict[str, Any], cls: type[ApiKeyOut] = ApiKeyOut, **extra: Any) -> Any:
    return cls(
        id=str(row["id"]),
        name=row["name"],
        prefix=row["prefix"],
        scopes=list(row["scopes"]),
        created_by=row["created_by"],
        created_at=row["created_at"],
        revoked_at=row.get("revoked_at"),
        last_used_at=row.get("last_used_at"),
        **extra,
    )


def subscription_out(
    row: dict[str, Any], cls: type[SubscriptionOut] = SubscriptionOut, **extra: Any
) -> Any:
    return cls(
        id=str(row["id"]),
        name=row["name"],
        url=row["url"],
        event_types=list(row["event_types"]),
        active=row["active"],
        last_sequence=row["last_sequence"],
        created_at=row["created_at"],
        **extra,
    )


class ApiKeyController(Controller):
    path = "/api/v1/api-keys"
    tags = ["partners"]

    @get(
        "/",
        summary="Partner API keys (secrets are never shown again)",
        guards=[requires("api-keys:admin")],
    )
    async def list_keys(
        self,
        store: FromDishka[SqlPartnerStore],
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
        sort: str | None = Parameter(
            default=None, description="created_at, name; prefix - for descending"
        ),
    ) -> ApiKeyPage:
        rows = await run_sync(store.keys)
        chunk, following, total = paginate(
            rows,
            limit=limit,
            cursor=cursor,
            sort=sort,
            allowed_sorts=("created_at", "name"),
            default_sort="-created_at",
        )
        return ApiKeyPage(items=[key_out(r) for r in chunk], next_cursor=following, total=total)

    @post(
        "/",
        summary="Create an API key with scopes (the key is shown once)",
        status_code=HTTP_201_CREATED,
        guards=[requires("api-keys:admin")],
    )
    async def create_key(
        self, request: Request[Any, Any, Any], data: ApiKeyCreate, partners: FromDishka[Partners]
    ) -> ApiKeyCreated:
        actor = actor_of(request)
        row, key = await run_sync(lambda: partners.create_key(data.name, list(data.scopes), actor))
        return key_out(row, ApiKeyCreated, key=key)

    @post(
        "/{key_id:uuid}/revoke",
        summary="Revoke an API key",
        status_code=HTTP_200_OK,
        guards=[requires("api-keys:admin")],
    )
    async def revoke_key(
        self,
        request: Request[Any, Any, Any],
        key_id: UUID,
        partners: FromDishka[Partners],
        store: FromDishka[SqlPartnerStore],
    ) -> ApiKeyOut:
        actor = actor_of(request)
        await run_sync(partners.revoke_key, key_id, actor)
        row = next(r for r in await run_sync(store.keys) if r["id"] == key_id)
        return key_out(row)


class WebhookController(Controller):
    path = "/api/v1/webhooks"
    tags = ["partners"]

    @get("/subscriptions", summary="Webhook subscriptions", guards=[requires("webhooks:admin")])
    async def subscriptions(
        self,
        store: FromDishka[SqlPartnerStore],
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
        sort: str | None = Parameter(
            default=None, description="created_at; prefix - for descending"
        ),
    ) -> SubscriptionPage:
        rows = await run_sync(store.subscriptions)
        chunk, following, total = paginate(
            rows,
            limit=limit,
            cursor=cursor,
            sort=sort,
            allowed_sorts=("created_at",),
            default_sort="-created_at",
        )
        return SubscriptionPage(
            items=[subscription_out(r) for r in chunk], next_cursor=following, total=total
        )

    @post(
        "/subscriptions",
        summary="Subscribe a URL to event types (the signing secret is shown once)",
        status_code=HTTP_201_CREATED,
        guards=[requires("webhooks:admin")],
    )
    async def subscribe(
        self,
        request: Request[Any, Any, Any],
        data: SubscriptionCreate,
        partners: FromDishka[Partners],
    ) -> SubscriptionCreated:
        actor = actor_of(request)
        row, secret = await run_sync(
            lambda: partners.subscribe(data.name, data.url, data.event_types, actor)
        )
        return subscription_out(row, SubscriptionCreated, secret=secret)

    @post(
        "/subscriptions/{subscription_id:uuid}/replay",
        summary="Deliver again from a sequence number",
        status_code=HTTP_200_OK,
        guards=[requires("webhooks:admin")],
    )
    async def replay(
        self,
        request: Request[Any, Any, Any],
        subscription_id: UUID,
        data: Replay,
        partners: FromDishka[Partners],
    ) -> ReplayOut:
        actor = actor_of(request)
        count = await run_sync(partners.replay, subscription_id, data.from_sequence, actor)
        return ReplayOut(subscription_id=str(subscription_id), requeued=count)

    @get("/deliveries", summary="The delivery log", guards=[requires("webhooks:admin")])
    async def deliveries(
        self,
        store: FromDishka[SqlPartnerStore],
        subscription_id: UUID | None = None,
        status: str | None = Parameter(default=None, pattern="^(pending|delivered)$"),
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
        sort: str | None = Parameter(
            default=None, description="created_at; prefix - for descending"
        ),
    ) -> DeliveryPage:
        page = page_request(
            limit=limit,
            cursor=cursor,
            sort=sort,
            allowed_sorts=("created_at",),
            default_sort="-created_at",
        )
        rows, total = await run_sync(
            lambda: store.deliveries(subscription_id, status, page.limit, page.offset)
        )
        items = [
            DeliveryOut(
                id=str(r["id"]),
                subscription_id=str(r["subscription_id"]),
                sequence=r["sequence"],
                event_type=r["event_type"],
                status=r["status"],
                attempts=r["attempts"],
                occurred_at=r["occurred_at"],
                delivered_at=r["delivered_at"],
                next_attempt_at=r["next_attempt_at"],
                last_status_code=r["last_status_code"],
                last_error=shown_error(r["last_error"]),
                payload=r["payload"],
            )
            for r in rows
        ]
        return DeliveryPage(
            items=items, next_cursor=next_cursor(page, len(items), total), total=total
        )


class InternalKeyController(Controller):
    path = "/internal/api-keys"
    include_in_schema = False

    @post("/verify", status_code=HTTP_200_OK)
    async def verify(
        self, request: Request[Any, Any, Any], data: KeyToVerify, partners: FromDishka[Partners]
    ) -> VerifiedKeyOut:
        settings = request.app.state.settings
        verify_service(
            request.headers.get("authorization"),
            me="identity",
            keys=settings.service_keys,
            permission=KEY_VERIFY,
        )
        found = await run_sync(partners.verify_key, data.key)
        return VerifiedKeyOut(
            id=str(found.id),
            name=found.name,
            scopes=found.scopes,
            permissions=found.permissions,
            token=issue_api_key_token(
                settings.jwt_secret,
                key_id=str(found.id),
                name=found.name,
                permissions=list(found.permissions),
            ),
        )
