"""Identity HTTP API: token issue and the caller's own profile."""

from __future__ import annotations

from typing import Any

import msgspec
from anyio.to_thread import run_sync
from dishka.integrations.litestar import FromDishka
from litestar import Controller, Request, get, post
from litestar.status_codes import HTTP_200_OK

from mtf.identity.application.use_cases import IdentityService
from mtf.kernel.http import principal_of


class TokenRequest(msgspec.Struct, forbid_unknown_fields=True):
    username: str
    password: str


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
    )
    async def issue_token(
        self, data: TokenRequest, identity: FromDishka[IdentityService]
    ) -> TokenResponse:
        issued = await run_sync(identity.issue_token, data.username, data.password)
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
