"""Forwards /api/v1 requests to the owning service over HTTP."""

from __future__ import annotations

import hashlib
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import msgspec
from litestar import Request, Response
from litestar.response import Stream
from litestar.types import ASGIApp, Receive, Scope, Send
from yarl import URL

from mtf.gateway.application.routing import PUBLIC_API_PATHS, owner_of
from mtf.kernel.auth import inspect_bearer, issue_service_token
from mtf.kernel.errors import DomainError, NotFound, ServiceUnavailable, Unauthorized
from mtf.kernel.http import outgoing_headers
from mtf.kernel.logging import get_logger
from mtf.kernel.peers import CLIENT_ADDRESS_HEADER, decide_client_address, parse_networks
from mtf.kernel.problems import PROBLEM_MEDIA_TYPE, handle_domain_error, handle_unexpected
from mtf.kernel.service_keys import KEY_VERIFY
from mtf.kernel.settings import Settings

log = get_logger("mtf.gateway")

# hop-by-hop and recomputed headers are not forwarded
_DROP_REQUEST = {
    "host",
    "content-length",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "upgrade",
    "x-request-id",
    "traceparent",
    "accept-encoding",
    # who the client is, and how it came, is the gateway's decision, never the caller's
    CLIENT_ADDRESS_HEADER,
    "x-forwarded-for",
    "x-forwarded-proto",
    "x-forwarded-host",
    "x-real-ip",
    "forwarded",
}
_DROP_RESPONSE = {
    "content-length",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-encoding",
    "x-request-id",
    "date",
    "server",
}

_DROP_RESPONSE_B = {name.encode() for name in _DROP_RESPONSE}


# a CSV export streams: no limit on the whole, one between two chunks
EXPORT_TIMEOUT = aiohttp.ClientTimeout(total=None, sock_connect=2, sock_read=60)
EXPORT_CHUNK = 64 * 1024


class ServiceProxy:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._session: aiohttp.ClientSession | None = None
        self._keys: dict[str, tuple[str, float]] = {}
        self.proxies = parse_networks(settings.trusted_proxies)

    @property
    def session(self) -> aiohttp.ClientSession:
        # created lazily inside the running event loop
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=30, sock_connect=2),
                connector=aiohttp.TCPConnector(limit=200, keepalive_timeout=30),
                auto_decompress=False,
            )
        return self._session

    async def exchange_api_key(self, key: str) -> str:
        digest = hashlib.sha256(key.encode()).hexdigest()
        cached = self._keys.get(digest)
        if cached is not None and cached[1] > time.monotonic():
            return cached[0]
        token = issue_service_token(
            self.settings.service_keys,
            caller="gateway",
            target="identity",
            permissions=(KEY_VERIFY,),
        )
        try:
            async with self.session.post(
                self.settings.service_urls["identity"] + "/internal/api-keys/verify",
                json={"key": key},
                headers={"Authorization": f"Bearer {token}"},
            ) as response:
                body = await response.json(content_type=None)
                status = response.status
        except (aiohttp.ClientConnectionError, TimeoutError) as exc:
            raise ServiceUnavailable(
                "the identity service is not answering; try again shortly"
            ) from exc
        if status != 200:
            raise Unauthorized(str(body.get("detail", "this API key is not valid")))
        # identity signs what is forwarded for the key: the gateway holds no signing secret
        forwarded = "Bearer " + str(body["token"])
        # a revoked key stops working within this many seconds
        self._keys[digest] = (forwarded, time.monotonic() + 5)
        if len(self._keys) > 10_000:
            self._keys.clear()
        return forwarded

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    def client_address(self, request: Request[Any, Any, Any]) -> str:
        """The address the gateway vouches for (see `mtf.kernel.peers`)."""
        peer = request.client.host if request.client else ""
        return decide_client_address(peer, request.headers.get("x-forwarded-for"), self.proxies)

    async def forward_get(self, scope: Scope, send: Send) -> None:
        """A GET of `/api/v1/...` (not an export) forwarded straight from the ASGI scope:
        the same checks, headers and answers as `forward`, without the framework's request,
        routing and response objects around it (a quarter of the gateway's CPU per read,
        py-spy, issue #13). A refusal is the same problem document as the routed path's."""
        try:
            status, headers, content = await self._get(scope)
        except Exception as exc:
            request: Request[Any, Any, Any] = Request(scope)
            answer = (
                handle_domain_error(request, exc)
                if isinstance(exc, DomainError)
                else handle_unexpected(request, exc)
            )
            content = msgspec.json.encode(answer.content)
            status = answer.status_code or 500
            headers = [(b"content-type", PROBLEM_MEDIA_TYPE.encode())] + [
                (k.lower().encode("latin-1"), v.encode("latin-1"))
                for k, v in (answer.headers or {}).items()
            ]
        headers.append((b"content-length", str(len(content)).encode()))
        start: Any = {"type": "http.response.start", "status": status, "headers": headers}
        await send(start)
        end: Any = {"type": "http.response.body", "body": content}
        await send(end)

    async def _get(self, scope: Scope) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        path: str = scope["path"]
        raw_path: bytes = scope.get("raw_path") or path.encode()
        if not raw_path.startswith(b"/api/v1/"):
            raise NotFound(f"no API resource at {path}")
        service = owner_of(path[len("/api/v1") :])
        if service is None:
            raise NotFound(f"no API resource at {path}")
        incoming = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        authorization = next((v for k, v in incoming if k.lower() == "authorization"), "")
        if authorization.lower().startswith("bearer mtf_"):
            authorization = await self.exchange_api_key(authorization.split(" ", 1)[1].strip())
        if path not in PUBLIC_API_PATHS and not path.startswith("/api/v1/self-service/"):
            inspect_bearer(authorization or None)
        headers = {k: v for k, v in incoming if k.lower() not in _DROP_REQUEST}
        if authorization:
            headers["authorization"] = authorization
        headers.update(outgoing_headers(scope.get("state", {})))
        peer = scope.get("client") or ("", 0)
        forwarded = next((v for k, v in incoming if k.lower() == "x-forwarded-for"), None)
        address = decide_client_address(str(peer[0]), forwarded, self.proxies)
        headers[CLIENT_ADDRESS_HEADER] = address
        headers["x-forwarded-for"] = address
        url = self.settings.service_urls[service] + raw_path.decode("latin-1")
        query = scope.get("query_string", b"")
        if query:
            url += "?" + query.decode("latin-1")
        try:
            async with self.session.get(
                URL(url, encoded=True), headers=headers, allow_redirects=False
            ) as upstream:
                content = await upstream.read()
                status = upstream.status
                upstream_headers = upstream.raw_headers
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
            log.warning("service_unreachable", target=service, error=type(exc).__name__)
            raise ServiceUnavailable(
                f"the {service} service is not answering; try again shortly"
            ) from exc
        except TimeoutError as exc:
            log.warning("service_timeout", target=service)
            raise ServiceUnavailable(f"the {service} service did not answer in time") from exc
        kept = [(k.lower(), v) for k, v in upstream_headers if k.lower() not in _DROP_RESPONSE_B]
        return status, kept, content

    async def forward(self, request: Request[Any, Any, Any], path: str) -> Response[Any]:
        full_path = "/api/v1" + path
        # the path is sent upstream as the caller wrote it (the guard refused anything that
        # could be read differently): never decoded, never normalised
        raw_path = request.scope.get("raw_path") or full_path.encode()
        if not raw_path.startswith(b"/api/v1/"):
            raise NotFound(f"no API resource at {full_path}")
        service = owner_of(path)
        if service is None:
            raise NotFound(f"no API resource at {full_path}")
        authorization = request.headers.get("authorization") or ""
        if authorization.lower().startswith("bearer mtf_"):
            # a partner API key: checked by identity, then forwarded as a short-lived token
            # naming the key, so every service attributes the call to it
            authorization = await self.exchange_api_key(authorization.split(" ", 1)[1].strip())
        if full_path not in PUBLIC_API_PATHS and not full_path.startswith("/api/v1/self-service/"):
            # refuse what is plainly not a valid access token here, before any service is
            # bothered; the service checks the signature (the gateway holds no secret)
            inspect_bearer(authorization or None)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _DROP_REQUEST}
        if authorization:
            headers["authorization"] = authorization
        headers.update(outgoing_headers(request.scope.get("state", {})))
        address = self.client_address(request)
        headers[CLIENT_ADDRESS_HEADER] = address
        headers["x-forwarded-for"] = address  # the same decision, for anything reading it
        url = self.settings.service_urls[service] + raw_path.decode("latin-1")
        query = request.scope.get("query_string", b"")
        if query:
            url += "?" + query.decode("latin-1")
        body = await request.body()
        if request.method == "GET" and path.endswith("/export"):
            return await self._stream(service, url, headers)
        try:
            async with self.session.request(
                request.method,
                URL(url, encoded=True),
                data=body or None,
                headers=headers,
                allow_redirects=False,
            ) as upstream:
                content = await upstream.read()
                status = upstream.status
                upstream_headers = upstream.headers
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
            log.warning("service_unreachable", target=service, error=type(exc).__name__)
            raise ServiceUnavailable(
                f"the {service} service is not answering; try again shortly"
            ) from exc
        except TimeoutError as exc:
            log.warning("service_timeout", target=service)
            raise ServiceUnavailable(f"the {service} service did not answer in time") from exc
        response_headers = {
            k: v for k, v in upstream_headers.items() if k.lower() not in _DROP_RESPONSE
        }
        return Response(
            content=content,
            status_code=status,
            headers=response_headers,
            media_type=upstream_headers.get("content-type"),
        )

    async def _stream(self, service: str, url: str, headers: dict[str, str]) -> Response[Any]:
        """A CSV export (`GET .../export`): passed on chunk by chunk as the service writes
        it, never held whole (500,000 rows would be held otherwise). No overall time limit
        (a large export takes longer than an API call), only one between two chunks; an
        answer that is not a 200 (a problem) is read and passed on as usual."""
        try:
            upstream = await self.session.get(
                URL(url, encoded=True),
                headers=headers,
                allow_redirects=False,
                timeout=EXPORT_TIMEOUT,
            )
        except (aiohttp.ClientConnectionError, TimeoutError) as exc:
            log.warning("service_unreachable", target=service, error=type(exc).__name__)
            raise ServiceUnavailable(
                f"the {service} service is not answering; try again shortly"
            ) from exc
        response_headers = {
            k: v for k, v in upstream.headers.items() if k.lower() not in _DROP_RESPONSE
        }
        media_type = upstream.headers.get("content-type")
        if upstream.status != 200:
            try:
                content = await upstream.read()
            except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, TimeoutError) as exc:
                raise ServiceUnavailable(
                    f"the {service} service is not answering; try again shortly"
                ) from exc
            finally:
                upstream.release()
            return Response(
                content=content,
                status_code=upstream.status,
                headers=response_headers,
                media_type=media_type,
            )

        async def chunks() -> AsyncIterator[bytes]:
            try:
                async for chunk in upstream.content.iter_chunked(EXPORT_CHUNK):
                    yield chunk
            except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, TimeoutError):
                # the headers are sent: the caller sees a cut-short file (no final chunk)
                log.warning("export_cut_short", target=service)
                raise
            finally:
                upstream.release()

        return Stream(chunks(), status_code=200, headers=response_headers, media_type=media_type)


# the gateway's own routes under /api/v1 (the routed path answers them)
_OWN = frozenset({"/api/v1/openapi.json", "/api/v1/docs"})
PATH_TEMPLATE = "/api/v1/{path:path}"  # the metrics' path label, as the routed path gives it


class FastForward:
    """Sends the API's GETs (`/api/v1/...`, not an export, not the gateway's own pages)
    to `ServiceProxy.forward_get` through the same request-context and metrics middleware
    as the routed path (request id, access log, NUL refusal, Prometheus labels); every
    other request goes to the application. It sits inside the guard."""

    def __init__(self, app: ASGIApp, fast: ASGIApp) -> None:
        self.app = app
        self.fast = fast

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope.get("method") == "GET"
            and scope["path"].startswith("/api/v1/")
            and scope["path"] not in _OWN
            and not scope["path"].endswith("/export")
        ):
            scope["path_template"] = PATH_TEMPLATE
            await self.fast(scope, receive, send)
            return
        await self.app(scope, receive, send)
