"""The gateway's door: what is refused before routing, and the headers every answer carries.

It wraps the whole application (routing included), so a request the router would not even
match still gets the same checks and headers:

- the RAW path (ASGI `raw_path`, as the caller sent it) must be plain: no dot-segments, no
  encoded dot, slash or backslash (`%2e`, `%2f`, `%5c`, in any case, also double-encoded
  `%252e`), no backslash, no empty segment (`//`), no control character; else 400;
- a body over `MAX_BODY_BYTES` is refused with 413 before it is read (declared length) or as
  soon as it grows past the limit (chunked), never buffered whole;
- every response gets the security headers (`security_headers`), HSTS only over HTTPS.

Refusals are problem documents (RFC 9457) with the request id."""

from __future__ import annotations

import ipaddress
import json
import math
import re
from typing import Any
from urllib.parse import unquote

from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

from mtf.kernel.http import new_request_id
from mtf.kernel.peers import Network
from mtf.kernel.problems import PROBLEM_MEDIA_TYPE, TYPE_BASE

MAX_BODY_BYTES = 1024 * 1024  # the largest API body (a payment, an order) is a few KiB
# the one upload: a bank statement (CSV or CAMT.053, or either in a form), up to 5 MiB and the
# form's envelope; the collections service judges the file itself
UPLOADS: dict[str, tuple[int, tuple[str, ...]]] = {
    "/api/v1/payments/imports": (
        5 * 1024 * 1024 + 64 * 1024,
        ("text/csv", "application/xml", "text/xml", "multipart/form-data"),
    ),
}


def _upload(scope: Scope) -> tuple[int, tuple[str, ...]] | None:
    """The upload rule of this request: its path takes files and it sends one (whatever the
    method: another method on the path is the router's 405, not a 415)."""
    rule = UPLOADS.get(str(scope.get("path", "")).rstrip("/"))
    media_type = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
    return rule if rule is not None and media_type in rule[1] else None

_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
# an encoded dot, slash, backslash or percent sign (the start of a double encoding)
_ENCODED_SEPARATOR = re.compile(rb"%(2e|2f|5c|25)", re.IGNORECASE)


# The console, the landing page and the API reference (/api/v1/docs) are Vite pages: external
# module scripts and external stylesheets, no inline script. React sets `style` through the
# CSSOM, which CSP does not govern, so the console needs no 'unsafe-inline' for styles either.
def _policy(style_src: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            f"style-src {style_src}",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


CONTENT_SECURITY_POLICY = _policy("'self'")
# The API reference's renderer (Scalar) adds <style> elements and `style` attributes at run
# time, which no hash or nonce can name: on that one page, and for styles only, inline is
# allowed. Scripts stay 'self' only; images, fonts and fetches stay on this origin, so an
# inline style cannot send anything elsewhere (see docs/security.md).
REFERENCE_PATH = "/api/v1/docs"
REFERENCE_CONTENT_SECURITY_POLICY = _policy("'self' 'unsafe-inline'")
HSTS = "max-age=31536000; includeSubDomains"


def security_headers(https: bool, path: str = "") -> list[tuple[bytes, bytes]]:
    policy = (
        REFERENCE_CONTENT_SECURITY_POLICY if path == REFERENCE_PATH else CONTENT_SECURITY_POLICY
    )
    headers = [
        (b"content-security-policy", policy.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"cross-origin-opener-policy", b"same-origin"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    ]
    if https:
        headers.append((b"strict-transport-security", HSTS.encode()))
    return headers


_SET_BY_GATEWAY = {name for name, _ in security_headers(True)}


def path_problem(raw_path: bytes) -> str | None:
    """Why a raw request path is refused, or None when it is plain."""
    if b"\\" in raw_path:
        return "the path must not contain a backslash"
    if _ENCODED_SEPARATOR.search(raw_path):
        return "the path must not contain an encoded dot, slash, backslash or percent sign"
    if not raw_path.startswith(b"/"):
        return "the path must start with /"
    segments = raw_path.split(b"/")[1:]
    for i, segment in enumerate(segments):
        if segment in (b".", b".."):
            return "the path must not contain dot-segments (. or ..)"
        last = i == len(segments) - 1
        # "/" itself, and a trailing slash on a console page ("/landing/"), are fine
        if not segment and not (last and not raw_path.startswith(b"/api/")):
            return "the path must not contain empty segments (//)"
        decoded = unquote(segment.decode("latin-1"))
        if any(ord(c) < 0x20 or ord(c) == 0x7F for c in decoded):
            return "the path must not contain control characters"
    return None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


class GatewayGuard:
    """Outermost ASGI layer of the gateway (see the module docstring)."""

    def __init__(self, app: ASGIApp, proxies: tuple[Network, ...]) -> None:
        self.app = app
        self.proxies = proxies

    def _https(self, scope: Scope) -> bool:
        if scope.get("scheme") == "https":
            return True
        proto = _header(scope, b"x-forwarded-proto")
        if not proto or proto.split(",")[-1].strip().lower() != "https":
            return False
        peer = scope.get("client") or ("", 0)
        # believed only from a trusted proxy (MTF_TRUSTED_PROXIES)
        return _peer_trusted(str(peer[0]), self.proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(self._https(scope), str(scope.get("path", "")))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in _SET_BY_GATEWAY
                ]
                message["headers"] = kept + extra
            await send(message)

        raw_path = scope.get("raw_path") or str(scope.get("path", "")).encode()
        why = path_problem(raw_path) or path_problem(str(scope.get("path", "")).encode())
        if why:
            await _send_problem(scope, send_with_headers, 400, "Bad request", "bad-path", why)
            return
        upload = _upload(scope)
        limit = upload[0] if upload else MAX_BODY_BYTES
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await _send_problem(
                    scope, send_with_headers, 400, "Bad request", "bad-request",
                    "Content-Length must be a number of bytes",
                )  # fmt: skip
                return
            if int(declared) > limit:
                await _too_large(scope, send_with_headers, limit)
                return
        # the body is read here, up to the limit, before anything else sees it
        messages: list[ReceiveMessage] = []
        received = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            received += len(message.get("body", b""))
            if received > limit:
                await _too_large(scope, send_with_headers, limit)
                return
            if not message.get("more_body", False):
                break

        if scope.get("method") in _WITH_BODY and str(scope.get("path", "")).startswith("/api/"):
            body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
            refusal = body_problem(_header(scope, b"content-type"), body, upload)
            if refusal is not None:
                status, title, slug, detail, errors = refusal
                await _send_problem(
                    scope, send_with_headers, status, title, slug, detail, errors=errors
                )
                return

        async def replay() -> ReceiveMessage:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send_with_headers)


_WITH_BODY = ("POST", "PUT", "PATCH", "DELETE")
MAX_JSON_DEPTH = 32
# text direction controls that reorder what a reader sees (the "Trojan Source" characters):
# embeddings, overrides and isolates. The marks (U+200E, U+200F, U+061C) stay allowed: mixed
# Arabic and Latin text needs them and they cannot reorder a string.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_TYPE = re.compile(r"^application/([a-z0-9.+-]+\+)?json\s*(;|$)", re.IGNORECASE)

Refusal = tuple[int, str, str, str, list[dict[str, str]] | None]


def _text_problem(text: str) -> str | None:
    if _SURROGATE.search(text):
        return "must be valid Unicode (a lone surrogate is not a character)"
    if _BIDI_CONTROLS.search(text):
        return "must not contain text-direction override or isolate characters"
    return None


def _walk(value: Any, path: str, depth: int) -> tuple[str, str] | None:
    """The first (field, reason) the services must not be handed, if any."""
    if depth > MAX_JSON_DEPTH:
        return path or "body", f"nests deeper than {MAX_JSON_DEPTH} levels"
    if isinstance(value, str):
        why = _text_problem(value)
        return (path or "body", why) if why else None
    if isinstance(value, float) and not math.isfinite(value):
        return path or "body", "must be a finite number"
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            why = _text_problem(key)
            if why:
                return where, why
            found = _walk(item, where, depth + 1)
            if found:
                return found
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _walk(item, f"{path}.{i}" if path else str(i), depth + 1)
            if found:
                return found
    return None


def body_problem(
    content_type: str | None,
    body: bytes,
    upload: tuple[int, tuple[str, ...]] | None = None,
) -> Refusal | None:
    """Why an API request body is refused at the door (None: the service judges it).

    The API speaks JSON only (415 otherwise); JSON the services could not store or that costs
    them a deep recursion is refused here with the field named (422). Malformed JSON is left
    to the service, whose 400 names what is wrong."""
    if not body:
        return None
    media_type = (content_type or "").split(";")[0].strip().lower()
    if upload is not None and media_type in upload[1]:
        return None  # a file the service reads itself
    if not content_type or not _JSON_TYPE.match(content_type.strip()):
        return (
            415,
            "Unsupported media type",
            "unsupported-media-type",
            "request bodies must be JSON, sent with Content-Type: application/json",
            None,
        )
    try:
        parsed = json.loads(body)
    except RecursionError:
        parsed = None
        found: tuple[str, str] | None = ("body", f"nests deeper than {MAX_JSON_DEPTH} levels")
    except ValueError:  # malformed, or not UTF-8: the service says so
        return None
    else:
        found = _walk(parsed, "", 0)
    if found is None:
        return None
    field, reason = found
    return (
        422,
        "Validation failed",
        "validation-failed",
        f"{field}: {reason}",
        [{"field": field, "message": reason}],
    )


def _peer_trusted(peer: str, proxies: tuple[Network, ...]) -> bool:
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address.version == net.version and address in net for net in proxies)


async def _too_large(scope: Scope, send: Send, limit: int = MAX_BODY_BYTES) -> None:
    await _send_problem(
        scope,
        send,
        413,
        "Payload too large",
        "payload-too-large",
        f"the request body must not exceed {limit} bytes",
    )


async def _send_problem(
    scope: Scope,
    send: Send,
    status: int,
    title: str,
    slug: str,
    detail: str,
    *,
    errors: list[dict[str, str]] | None = None,
) -> None:
    incoming = _header(scope, b"x-request-id")
    request_id = incoming if incoming and _REQUEST_ID_OK.match(incoming) else new_request_id()
    document: dict[str, Any] = {
        "type": TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "request_id": request_id,
    }
    if errors is not None:
        document["errors"] = errors
    body = json.dumps(document).encode()
    start: Any = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"x-request-id", request_id.encode()),
            (b"connection", b"close"),
        ],
    }
    await send(start)
    end: Any = {"type": "http.response.body", "body": body}
    await send(end)
