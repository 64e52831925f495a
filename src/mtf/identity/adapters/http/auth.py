"""Identity HTTP API: token issue and the caller's own profile."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, get, post
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK

from mtf.identity.adapters.postgres.audit import SUBJECT_TYPES, history
from mtf.identity.application.use_cases import MAX_PASSWORD, MAX_USERNAME, IdentityService
from mtf.kernel.api_types import secret
from mtf.kernel.api_types import username as sign_in_name
from mtf.kernel.errors import NotFound
from mtf.kernel.feed import AuditEvent, AuditHistory
from mtf.kernel.http import principal_of, requires
from mtf.kernel.openapi_contract import problems
from mtf.kernel.pagination import paginate
from mtf.kernel.peers import client_address, rate_key
from mtf.kernel.threads import run_sync


class TokenRequest(msgspec.Struct, forbid_unknown_fields=True):
    username: sign_in_name(MAX_USERNAME)  # type: ignore[valid-type]
    password: secret(MAX_PASSWORD)  # type: ignore[valid-type]
    __openapi_extra__: ClassVar[dict[str, Any]] = {
        "examples": [{"username": "admin", "password": "a long passphrase"}]
    }


class TokenResponse(msgspec.Struct):
    access_token: str
    token_type: str
    expires_in: int


class Me(msgspec.Struct):
    subject: str
    username: str
    kind: str
    permissions: list[str]


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post(
        "/token",
        summary="Sign in: issue a short-lived access token",
        status_code=HTTP_200_OK,
        security=[],
        opt=problems(429),
    )
    async def issue_token(
        self,
        request: Request[Any, Any, Any],
        data: TokenRequest,
        identity: FromDishka[IdentityService],
    ) -> TokenResponse:
        # throttled per the address the gateway decided (IPv6 per /64) and per username
        peer = request.client.host if request.client else None
        address = rate_key(client_address(request.headers, peer))
        issued = await run_sync(identity.issue_token, data.username, data.password, address)
        return TokenResponse(
            access_token=issued.access_token, token_type="bearer", expires_in=issued.expires_in
        )

    @get("/me", summary="Who the token belongs to and what it may do")
    async def me(self, request: Request[Any, Any, Any]) -> Me:
        principal = principal_of(request)
        return Me(
            subject=principal.subject,
            username=principal.name,
            kind=principal.kind,
            permissions=sorted(principal.permissions),
        )


class IdentityAuditController(Controller):
    """Identity keeps no event store: its commands (API keys, webhook subscriptions and
    replays, operators) are audited in a table, read the same way as elsewhere."""

    path = "/api/v1/audit"
    tags = ["audit"]

    @get(
        "/{aggregate_type:str}/{aggregate_id:uuid}/events",
        summary="Who did what to an API key, a webhook subscription or an operator",
        guards=[requires("audit:read")],
    )
    async def audit_events(
        self,
        request: Request[Any, Any, Any],
        aggregate_type: str,
        aggregate_id: UUID,
        limit: int | None = Parameter(default=None, ge=1, le=500),
        cursor: str | None = None,
        sort: str | None = Parameter(default=None, description="version; prefix - for descending"),
    ) -> AuditHistory:
        if aggregate_type not in SUBJECT_TYPES:
            raise NotFound(f"no aggregate type '{aggregate_type}' in this service")
        engine = request.app.state.engine
        rows = await run_sync(history, engine, aggregate_type, aggregate_id)
        if not rows:
            raise NotFound(f"no {aggregate_type} with id {aggregate_id}")
        records: list[dict[str, Any]] = [
            {
                "version": i,
                "event_type": r["action"],
                "timestamp": r["at"].isoformat(),
                "actor": r["actor"],
                "payload": dict(r["details"]),
            }
            for i, r in enumerate(rows, start=1)
        ]
        chunk, following, total = paginate(
            records,
            limit=limit,
            cursor=cursor,
            sort=sort,
            allowed_sorts=("version",),
            default_sort="version",
        )
        return AuditHistory(
            aggregate_type=aggregate_type,
            aggregate_id=str(aggregate_id),
            items=[msgspec.convert(r, AuditEvent) for r in chunk],
            next_cursor=following,
            total=total,
        )
