"""HTTP plumbing shared by every service: request ids, trace context, access logs,
authentication and permission guards."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Sequence
from typing import Any

import structlog
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from opentelemetry import trace
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from mtf.kernel.auth import Principal, verify_bearer
from mtf.kernel.errors import Unauthorized
from mtf.kernel.logging import get_logger, request_id_var
from mtf.kernel.settings import Settings

REQUEST_ID_HEADER = "x-request-id"
_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
_propagator = TraceContextTextMapPropagator()
access_log = get_logger("mtf.access")


def new_request_id() -> str:
    return secrets.token_hex(16)


def new_traceparent() -> str:
    return f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def _tracing() -> bool:
    """A tracer provider was configured (`configure_tracing` with an OTLP endpoint)."""
    return not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)


class RequestContextMiddleware:
    """Gives each request an id (echoed if the caller sent a sane one), binds it and the
    trace id to every log line, opens a span (a no-op unless OTLP is configured), writes
    one access log line and returns `X-Request-ID`."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service
        self.tracer = trace.get_tracer(f"mtf.{service}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = str(scope.get("method", ""))
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and _REQUEST_ID_OK.match(incoming) else new_request_id()
        traceparent = _header(scope, b"traceparent") or ""
        trace_id = traceparent.split("-")[1] if traceparent.count("-") == 3 else ""
        token = request_id_var.set(request_id)
        structlog.contextvars.bind_contextvars(request_id=request_id, trace_id=trace_id)
        scope.setdefault("state", {})["request_id"] = request_id
        scope["state"]["traceparent"] = traceparent
        status_holder = {"status": 500}
        started = time.perf_counter()
        receive, refused = await _refuse_nul_characters(scope, receive)
        if refused:
            await _send_nul_problem(send, request_id, refused)
            request_id_var.reset(token)
            structlog.contextvars.unbind_contextvars("request_id", "trace_id")
            return

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            if _tracing():
                carrier = {"traceparent": traceparent} if traceparent else {}
                with self.tracer.start_as_current_span(
                    f"{method} {scope['path']}",
                    context=_propagator.extract(carrier),
                    kind=trace.SpanKind.SERVER,
                ):
                    await self.app(scope, receive, send_wrapper)
            else:
                # no tracer configured: a no-op span would change nothing (the incoming
                # traceparent is passed on by `outgoing_headers` as it is)
                await self.app(scope, receive, send_wrapper)
        finally:
            path = scope["path"]
            if not path.startswith(("/health", "/metrics")):
                access_log.info(
                    "request",
                    method=method,
                    path=path,
                    status=status_holder["status"],
                    duration_ms=round((time.perf_counter() - started) * 1000, 2),
                )
            structlog.contextvars.unbind_contextvars("request_id", "trace_id")
            request_id_var.reset(token)


_NUL_MARKERS = (b"\\u0000", b"\x00")


async def _refuse_nul_characters(scope: Scope, receive: Receive) -> tuple[Receive, str | None]:
    """PostgreSQL cannot store a NUL character in text: such input is refused at the door
    (422), before it could reach an event and then a read model."""
    if b"%00" in scope.get("query_string", b"").lower() or b"%00" in scope.get("raw_path", b""):
        return receive, "query"
    if scope.get("method") not in ("POST", "PUT", "PATCH"):
        return receive, None
    messages: list[Any] = []
    body = b""
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        body += message.get("body", b"")
        if not message.get("more_body", False):
            break
    if any(marker in body.lower() for marker in _NUL_MARKERS):
        return receive, "body"
    pending = list(messages)

    async def replay() -> Any:
        return pending.pop(0) if pending else await receive()

    return replay, None


async def _send_nul_problem(send: Send, request_id: str, where: str) -> None:
    import json

    body = json.dumps(
        {
            "type": "https://mt-facturation.dev/problems/validation-failed",
            "title": "Validation failed",
            "status": 422,
            "detail": "text must not contain NUL (\\u0000) characters",
            "errors": [{"field": where, "message": "must not contain NUL characters"}],
            "request_id": request_id,
        }
    ).encode()
    start: Any = {
        "type": "http.response.start",
        "status": 422,
        "headers": [
            (b"content-type", b"application/problem+json"),
            (b"content-length", str(len(body)).encode()),
            (b"x-request-id", request_id.encode()),
        ],
    }
    await send(start)
    end: Any = {"type": "http.response.body", "body": body}
    await send(end)


def outgoing_headers(scope_state: dict[str, Any]) -> dict[str, str]:
    """Headers that carry the request id and trace context to another service."""
    headers = {"X-Request-ID": scope_state.get("request_id") or new_request_id()}
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    traceparent = carrier.get("traceparent") or scope_state.get("traceparent")
    if traceparent:
        headers["traceparent"] = traceparent
    return headers


PUBLIC_PATHS: tuple[str, ...] = (
    "/health",
    "/metrics",
    "/schema",
    "/internal",
    "/api/v1/auth/token",
    # the webhook events' AsyncAPI document, public like the OpenAPI one
    "/api/v1/asyncapi.json",
    # the landing page's routes check their own (self-service) session
    "/api/v1/self-service",
)


class BearerAuthMiddleware(AbstractAuthenticationMiddleware):
    """Every API route needs a token this service can verify."""

    def __init__(
        self, app: ASGIApp, settings: Settings, exclude: Sequence[str], service: str = ""
    ) -> None:
        super().__init__(app, exclude=[f"^{re.escape(p)}" for p in exclude])
        self.settings = settings
        self.service = service

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        principal = verify_bearer(
            connection.headers.get("authorization"),
            jwt_secret=self.settings.jwt_secret,
            me=self.service,
            keys=self.settings.service_keys,
        )
        structlog.contextvars.bind_contextvars(actor=principal.actor)
        return AuthenticationResult(user=principal, auth=None)


def requires(permission: str) -> Any:
    """A Litestar guard: the caller's token must hold `permission` (403 otherwise)."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        user = connection.scope.get("user")
        if not isinstance(user, Principal):
            raise Unauthorized("missing or invalid token")
        user.require(permission)

    guard.__name__ = f"requires_{permission.replace(':', '_')}"
    return guard


def principal_of(request: Request[Any, Any, Any]) -> Principal:
    user = request.scope.get("user")
    if not isinstance(user, Principal):
        raise Unauthorized("missing or invalid token")
    return user


def actor_of(request: Request[Any, Any, Any]) -> str:
    """Who acts, for the audit trail; a service acting for an operator names both."""
    principal = principal_of(request)
    behalf = request.headers.get("x-on-behalf-of")
    if principal.kind == "service" and behalf and _ACTOR_OK.match(behalf):
        return f"{behalf} via {principal.actor}"
    return principal.actor


_ACTOR_OK = re.compile(r"^[a-z_-]+:[A-Za-z0-9._@-]{1,100}$")
