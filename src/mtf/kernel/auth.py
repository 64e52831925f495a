"""Tokens: operator access tokens (JWT, short-lived) and signed service tokens.

Operator tokens are signed with MTF_JWT_SECRET and carry `kind=access`; during a rotation,
tokens signed with MTF_JWT_SECRET_PREVIOUS are still accepted (docs/operations/key-rotation.md). A service's token is
signed with that service's own Ed25519 key (`mtf.kernel.service_keys`), names the one service
it is for and carries only the permissions of its call, so neither kind can stand in for the
other and no service (the gateway least of all) can sign as another.
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import jwt

from mtf.kernel.errors import Forbidden, Unauthorized
from mtf.kernel.service_keys import GRANTS, ServiceKeys

ISSUER = "mt-facturation"
AUDIENCE_API = "mtf-api"
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


SERVICE_ALGORITHM = "EdDSA"
SERVICE_TOKEN_TTL = 60


def service_audience(target: str) -> str:
    return f"mtf-service:{target}"


def issue_service_token(
    keys: ServiceKeys,
    *,
    caller: str,
    target: str,
    permissions: tuple[str, ...] | frozenset[str] = (),
    ttl_seconds: int = SERVICE_TOKEN_TTL,
) -> str:
    """A token for one call of `caller` to `target`, carrying only `permissions`, signed
    with the caller's own private key (the target checks it with the public one)."""
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": service_audience(target),
        "sub": f"service:{caller}",
        "name": caller,
        "kind": "service",
        "perms": sorted(permissions),
        "iat": now,
        "exp": now + ttl_seconds,
    }
    return jwt.encode(
        claims, keys.signer(caller), algorithm=SERVICE_ALGORITHM, headers={"kid": caller}
    )


def _verify_service_token(token: str, *, me: str, keys: ServiceKeys) -> tuple[Principal, float]:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise Unauthorized("the token is not valid") from exc
    caller = header.get("kid")
    if header.get("alg") != SERVICE_ALGORITHM or not isinstance(caller, str):
        raise Unauthorized("the token is not a service token")
    accepted = keys.accepted(caller)
    if not accepted:
        raise Unauthorized("the token is signed by no known service")
    try:
        claims: dict[str, Any] = {}
        # the caller's public key, or during a rotation the one it is moving away from
        for i, public in enumerate(accepted):
            try:
                claims = jwt.decode(
                    token,
                    public,
                    algorithms=[SERVICE_ALGORITHM],
                    audience=service_audience(me),
                    issuer=ISSUER,
                    options={"require": ["exp", "iat", "sub", "aud", "iss"]},
                )
                break
            except jwt.InvalidSignatureError:
                if i == len(accepted) - 1:
                    raise
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("the service token has expired") from exc
    except jwt.InvalidAudienceError as exc:
        raise Unauthorized(f"the service token is not meant for the {me} service") from exc
    except jwt.PyJWTError as exc:
        raise Unauthorized("the token is not valid") from exc
    if claims.get("kind") != "service" or claims.get("name") != caller:
        raise Unauthorized("the token is not a service token")
    permissions = frozenset(str(p) for p in claims.get("perms", []))
    granted = GRANTS.get(me, {}).get(caller)
    if granted is None:
        raise Forbidden(f"the {caller} service may not call the {me} service")
    if not permissions <= granted:
        extra = ", ".join(sorted(permissions - granted))
        raise Forbidden(f"the {caller} service may not ask the {me} service for: {extra}")
    return Principal(
        subject=f"service:{caller}", kind="service", name=caller, permissions=permissions
    ), float(claims["exp"])


_INSPECTED: OrderedDict[str, float] = OrderedDict()  # header -> its token's expiry
_INSPECTED_MAX = 4096


def inspect_bearer(header: str | None) -> None:
    """What the gateway checks before forwarding (it holds no signing secret): a Bearer
    access token, well formed, for the API, not expired. The service checks the signature.
    A header that passed is remembered until its token expires (a console sends the same one
    for every request): decoding it again would only find the same claims."""
    expires = _INSPECTED.get(header or "")
    if expires is not None and expires > time.time():
        return
    _INSPECTED[header or ""] = _inspect_bearer(header)
    if len(_INSPECTED) > _INSPECTED_MAX:
        _INSPECTED.popitem(last=False)


def _inspect_bearer(header: str | None) -> float:
    """The token's expiry, once it passed the checks."""
    token = _bearer(header)
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise Unauthorized("the token is not valid") from exc
    if claims.get("kind") not in ("access", "api_key") or claims.get("aud") != AUDIENCE_API:
        raise Unauthorized("this kind of token is not accepted here")
    exp = claims.get("exp")
    if not isinstance(exp, int | float):
        raise Unauthorized("the token is not valid")
    if exp <= time.time():
        raise Unauthorized("the token has expired; sign in again")
    return float(exp)


def _bearer(header: str | None) -> str:
    if not header:
        raise Unauthorized("missing Authorization header with a Bearer token")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("the Authorization header must be 'Bearer <token>'")
    return token.strip()


def _decode(token: str, secret: str, audience: str, previous: str = "") -> dict[str, Any]:
    if previous and previous != secret:
        # the rotation's overlap: a token signed with the previous secret is still good
        try:
            return _decode(token, secret, audience)
        except Unauthorized as exc:
            if not isinstance(exc.__cause__, jwt.InvalidSignatureError):
                raise
        return _decode(token, previous, audience)
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


_VERIFIED: OrderedDict[tuple[str, str, str, str, int], tuple[Principal, float]] = OrderedDict()
_VERIFIED_MAX = 4096


def verify_bearer(
    header: str | None,
    *,
    jwt_secret: str,
    me: str = "",
    keys: ServiceKeys | None = None,
    jwt_previous: str = "",
) -> Principal:
    """Verify an `Authorization: Bearer` header; raise Unauthorized with the reason.

    Operator and partner tokens are checked with `jwt_secret` (or `jwt_previous`, the
    secret being rotated out, while it is set); a service's token (only when
    `me`, this service's name, and `keys` are given) with the caller's public key, for this
    service, within what `GRANTS` lets that caller ask. A verified token is remembered until
    it expires, so a hot path checks a signature once per token rather than per request."""
    key = (header or "", jwt_secret, jwt_previous, me, id(keys))
    cached = _VERIFIED.get(key)
    if cached is not None and cached[1] > time.time():
        return cached[0]
    principal, expires = _verify_bearer(
        header, jwt_secret=jwt_secret, me=me, keys=keys, jwt_previous=jwt_previous
    )
    _VERIFIED[key] = (principal, expires)
    if len(_VERIFIED) > _VERIFIED_MAX:
        _VERIFIED.popitem(last=False)
    return principal


def _verify_bearer(
    header: str | None,
    *,
    jwt_secret: str,
    me: str,
    keys: ServiceKeys | None,
    jwt_previous: str = "",
) -> tuple[Principal, float]:
    token = _bearer(header)
    try:
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise Unauthorized("the token is not valid") from exc
    kind = unverified.get("kind")
    if kind in ("access", "api_key"):
        claims = _decode(token, jwt_secret, AUDIENCE_API, jwt_previous)
        if claims.get("kind") not in ("access", "api_key"):
            raise Unauthorized("the token is not an access token")
        return Principal(
            subject=str(claims["sub"]),
            kind=str(claims["kind"]),
            name=str(claims.get("name", "")),
            permissions=frozenset(claims.get("perms", [])),
        ), float(claims["exp"])
    if kind == "service" and me and keys is not None:
        return _verify_service_token(token, me=me, keys=keys)
    raise Unauthorized("this kind of token is not accepted here")


def verify_service(header: str | None, *, me: str, keys: ServiceKeys, permission: str) -> Principal:
    """Only a service's token carrying `permission` opens an internal endpoint. A verified
    token is remembered until it expires (a caller reuses its token for many calls: the
    Ed25519 signature is checked once per token, not once per checkout step)."""
    if not header:
        raise Unauthorized("missing service token")
    key = (header, "", "", me, id(keys))
    cached = _VERIFIED_SERVICE.get(key)
    if cached is not None and cached[1] > time.time():
        cached[0].require(permission)
        return cached[0]
    token = _bearer(header)
    try:
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise Unauthorized("the token is not valid") from exc
    if unverified.get("kind") != "service":
        raise Unauthorized("internal endpoints accept only service tokens")
    principal, expires = _verify_service_token(token, me=me, keys=keys)
    _VERIFIED_SERVICE[key] = (principal, expires)
    if len(_VERIFIED_SERVICE) > _VERIFIED_MAX:
        _VERIFIED_SERVICE.popitem(last=False)
    principal.require(permission)
    return principal


_VERIFIED_SERVICE: OrderedDict[tuple[str, str, str, str, int], tuple[Principal, float]] = (
    OrderedDict()
)
