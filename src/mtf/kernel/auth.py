"""Tokens: operator access tokens (JWT, short-lived) and signed service tokens.

Operator tokens are signed with MTF_JWT_SECRET and carry `kind=access`; service tokens are
signed with a different key (MTF_SERVICE_SECRET) and carry `kind=service`, so neither can
stand in for the other.
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import jwt

from mtf.kernel.errors import Forbidden, Unauthorized

ISSUER = "mt-facturation"
AUDIENCE_API = "mtf-api"
AUDIENCE_INTERNAL = "mtf-internal"
AUDIENCE_SELF_SERVICE = "mtf-self-service"
ALGORITHM = "HS256"

ALL_PERMISSIONS: tuple[str, ...] = (
    "offers:write",
    "clients:write",
    # a client's personal data in clear (name, CIN, phone, e-mail, address, birth date) and
    # searching by it; without it every client answer is masked
    "pii:read",
    # erasing a client (DELETE /api/v1/clients/{id}): its own permission, never a scope's
    "clients:erase",
    "contracts:write",
    "provisioning:write",
    "billing:write",
    "payments:write",
    "collections:write",
    "audit:read",
    "operators:admin",
    "api-keys:admin",
    "webhooks:admin",
)


@dataclass(frozen=True)
class Principal:
    subject: str
    kind: str  # access | service
    name: str
    permissions: frozenset[str] = field(default_factory=frozenset)

    @property
    def actor(self) -> str:
        """How this caller appears in the audit trail."""
        prefix = "operator" if self.kind == "access" else self.kind
        return f"{prefix}:{self.name}"

    def require(self, permission: str) -> None:
        if permission not in self.permissions:
            raise Forbidden(f"this action needs the permission '{permission}'")


def issue_access_token(
    secret: str, *, subject: str, username: str, permissions: list[str], ttl_seconds: int
) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE_API,
        "sub": subject,
        "name": username,
        "kind": "access",
        "perms": sorted(permissions),
        "iat": now,
        "exp": now + ttl_seconds,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def issue_api_key_token(
    secret: str, *, key_id: str, name: str, permissions: list[str], ttl_seconds: int = 60
) -> str:
    """What the gateway forwards for a request made with a partner API key."""
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE_API,
        "sub": key_id,
        "name": name,
        "kind": "api_key",
        "perms": sorted(permissions),
        "iat": now,
        "exp": now + ttl_seconds,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def issue_service_token(secret: str, *, service: str, ttl_seconds: int = 300) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE_INTERNAL,
        "sub": f"service:{service}",
        "name": service,
        "kind": "service",
        "iat": now,
        "exp": now + ttl_seconds,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def _decode(token: str, secret: str, audience: str) -> dict[str, Any]:
    try:
        return jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            audience=audience,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "aud", "iss"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("the token has expired; sign in again") from exc
    except jwt.PyJWTError as exc:
        raise Unauthorized("the token is not valid") from exc


_VERIFIED: OrderedDict[tuple[str, str, str, bool], tuple[Principal, float]] = OrderedDict()
_VERIFIED_MAX = 4096


def verify_bearer(
    header: str | None, *, jwt_secret: str, service_secret: str, allow_service: bool = True
) -> Principal:
    """Verify an `Authorization: Bearer` header; raise Unauthorized with the reason.

    A verified token is remembered until it expires, so a hot path checks a signature once
    per token rather than once per request."""
    key = (header or "", jwt_secret, service_secret, allow_service)
    cached = _VERIFIED.get(key)
    if cached is not None and cached[1] > time.time():
        return cached[0]
    principal, expires = _verify_bearer(
        header, jwt_secret=jwt_secret, service_secret=service_secret, allow_service=allow_service
    )
    _VERIFIED[key] = (principal, expires)
    if len(_VERIFIED) > _VERIFIED_MAX:
        _VERIFIED.popitem(last=False)
    return principal


def _verify_bearer(
    header: str | None, *, jwt_secret: str, service_secret: str, allow_service: bool
) -> tuple[Principal, float]:
    if not header:
        raise Unauthorized("missing Authorization header with a Bearer token")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("the Authorization header must be 'Bearer <token>'")
    token = token.strip()
    try:
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise Unauthorized("the token is not valid") from exc
    kind = unverified.get("kind")
    if kind in ("access", "api_key"):
        claims = _decode(token, jwt_secret, AUDIENCE_API)
        if claims.get("kind") not in ("access", "api_key"):
            raise Unauthorized("the token is not an access token")
        return Principal(
            subject=str(claims["sub"]),
            kind=str(claims["kind"]),
            name=str(claims.get("name", "")),
            permissions=frozenset(claims.get("perms", [])),
        ), float(claims["exp"])
    if kind == "service" and allow_service:
        claims = _decode(token, service_secret, AUDIENCE_INTERNAL)
        if claims.get("kind") != "service":
            raise Unauthorized("the token is not a service token")
        return Principal(
            subject=str(claims["sub"]),
            kind="service",
            name=str(claims.get("name", "")),
            permissions=frozenset(ALL_PERMISSIONS),
        ), float(claims["exp"])
    raise Unauthorized("this kind of token is not accepted here")


def verify_service(header: str | None, *, service_secret: str) -> Principal:
    """Only a signed service token opens internal endpoints."""
    if not header:
        raise Unauthorized("missing service token")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        raise Unauthorized("the Authorization header must be 'Bearer <token>'")
    try:
        unverified = jwt.decode(token.strip(), options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise Unauthorized("the token is not valid") from exc
    if unverified.get("kind") != "service":
        raise Unauthorized("internal endpoints accept only service tokens")
    claims = _decode(token.strip(), service_secret, AUDIENCE_INTERNAL)
    return Principal(
        subject=str(claims["sub"]),
        kind="service",
        name=str(claims.get("name", "")),
        permissions=frozenset(ALL_PERMISSIONS),
    )
