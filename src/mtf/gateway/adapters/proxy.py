"""Forwards /api/v1 requests to the owning service over HTTP."""

from __future__ import annotations

from typing import Any

import httpx
from litestar import Request, Response

from mtf.gateway.application.routing import PUBLIC_API_PATHS, owner_of
from mtf.kernel.auth import verify_bearer
from mtf.kernel.errors import NotFound, ServiceUnavailable
from mtf.kernel.http import outgoing_headers
from mtf.kernel.logging import get_logger
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


class ServiceProxy:
    def __init__(self, settings: Settings, client: httpx.AsyncClient) -> None:
        self.settings = settings
        self.client = client

    async def forward(self, request: Request[Any, Any, Any], path: str) -> Response[bytes]:
        full_path = "/api/v1" + path
        service = owner_of(path)
        if service is None:
            raise NotFound(f"no API resource at {full_path}")
        if full_path not in PUBLIC_API_PATHS:
            # refuse bad tokens here, before any service is bothered (services check again)
            verify_bearer(
                request.headers.get("authorization"),
                jwt_secret=self.settings.jwt_secret,
                service_secret=self.settings.service_secret,
                allow_service=False,
            )
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _DROP_REQUEST}
        headers.update(outgoing_headers(request.scope.get("state", {})))
        client_host = request.client.host if request.client else ""
        headers["x-forwarded-for"] = client_host
        url = self.settings.service_urls[service] + full_path
        body = await request.body()
        try:
            upstream = await self.client.request(
                request.method,
                url,
                params=list(request.query_params.multi_items()),
                content=body,
                headers=headers,
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError) as exc:
            log.warning("service_unreachable", target=service, error=type(exc).__name__)
            raise ServiceUnavailable(
                f"the {service} service is not answering; try again shortly"
            ) from exc
        except httpx.TimeoutException as exc:
            log.warning("service_timeout", target=service)
            raise ServiceUnavailable(f"the {service} service did not answer in time") from exc
        response_headers = {
            k: v for k, v in upstream.headers.items() if k.lower() not in _DROP_RESPONSE
        }
        return Response(
            content=upstream.content,
            status_code=upstream.status_code,
            headers=response_headers,
            media_type=upstream.headers.get("content-type"),
        )
