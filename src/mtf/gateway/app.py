"""Builds the gateway: the single entry for the API, the console and the landing page."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx
from litestar import Litestar, Request, Response, get, route
from litestar.datastructures import State
from litestar.enums import HttpMethod
from litestar.middleware import DefineMiddleware
from litestar.plugins.prometheus import (
    PrometheusConfig,
    PrometheusController,
    PrometheusMiddleware,
)
from litestar.response import File
from litestar.static_files import create_static_files_router

from mtf.gateway.adapters.allow import allowed_methods
from mtf.gateway.adapters.guard import UPLOADS, GatewayGuard
from mtf.gateway.adapters.openapi_merge import merge_openapi
from mtf.gateway.adapters.proxy import FastForward, ServiceProxy
from mtf.kernel.db import conninfo_parts, with_database
from mtf.kernel.errors import NotFound
from mtf.kernel.http import RequestContextMiddleware
from mtf.kernel.logging import configure_logging, get_logger
from mtf.kernel.observability import configure_tracing
from mtf.kernel.peers import parse_networks
from mtf.kernel.problems import EXCEPTION_HANDLERS
from mtf.kernel.settings import SERVICES, Settings, get_settings

log = get_logger("mtf.gateway")
OPENAPI_TTL_SECONDS = 30.0
REFERENCE_PAGE = "api-reference.html"  # frontend/api-reference.html, built into dist/


def default_dist() -> Path:
    return Path(__file__).resolve().parents[3] / "frontend" / "dist"


async def _database_ready(settings: Settings) -> bool:
    import psycopg

    dsn = settings.database_url
    try:
        conn = await psycopg.AsyncConnection.connect(
            with_database(dsn, conninfo_parts(dsn)["dbname"]), connect_timeout=2
        )
        async with conn:
            await conn.execute("SELECT 1")
    except Exception:
        return False
    return True


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    configure_logging("gateway", log_format=settings.log_format, level=settings.log_level)
    configure_tracing("gateway", settings.otlp_endpoint)
    dist = Path(settings.frontend_dist) if settings.frontend_dist else default_dist()
    client = httpx.AsyncClient(
        timeout=httpx.Timeout(30.0, connect=2.0),
        limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
    )
    proxy = ServiceProxy(settings)
    openapi_cache: dict[str, Any] = {"doc": None, "at": 0.0}

    @route(
        "/api/v1/{path:path}",
        http_method=[
            HttpMethod.GET,
            HttpMethod.POST,
            HttpMethod.PATCH,
            HttpMethod.PUT,
            HttpMethod.DELETE,
            HttpMethod.OPTIONS,
        ],
        include_in_schema=False,
        # the guard holds each path to its own limit (a file upload's is larger)
        request_max_body_size=max(limit for limit, _ in UPLOADS.values()),
    )
    async def api(request: Request[Any, Any, Any], path: str) -> Response[bytes]:
        if request.method == "OPTIONS":
            # the methods the public document gives the path, not this catch-all route's
            methods = allowed_methods(await merged_document(), "/api/v1" + path)
            if methods is None:
                raise NotFound(f"no API resource at /api/v1{path}")
            return Response(b"", status_code=204, headers={"Allow": ", ".join(methods)})
        return await proxy.forward(request, path)

    async def fetch_docs() -> dict[str, dict[str, Any]]:

        async def one(service: str) -> tuple[str, dict[str, Any] | None]:
            try:
                r = await client.get(
                    settings.service_urls[service] + "/schema/openapi.json",
                    timeout=5.0,
                )
                return service, r.json() if r.status_code == 200 else None
            except httpx.HTTPError:
                return service, None

        results = await asyncio.gather(*(one(s) for s in SERVICES))
        return {s: d for s, d in results if d is not None}

    async def merged_document() -> dict[str, Any]:
        now = time.monotonic()
        if openapi_cache["doc"] is None or now - openapi_cache["at"] > OPENAPI_TTL_SECONDS:
            docs = await fetch_docs()
            openapi_cache["doc"] = merge_openapi(docs)
            # a partial document (a service down) is not cached for long
            openapi_cache["at"] = (
                now if len(docs) == len(SERVICES) else now - OPENAPI_TTL_SECONDS + 2
            )
        doc: dict[str, Any] = openapi_cache["doc"]
        return doc

    @get("/api/v1/openapi.json", include_in_schema=False)
    async def openapi() -> dict[str, Any]:
        return await merged_document()

    @get("/api/v1/docs", include_in_schema=False)
    async def docs_page() -> File | Response[str]:
        # the API reference: a page of the frontend build (Scalar, bundled: nothing from a
        # CDN) that renders /api/v1/openapi.json
        page = dist / REFERENCE_PAGE
        if not page.exists():
            return Response(
                "The API reference is not built yet: run ./launch_all.sh"
                " (or `npm run build` in frontend/). The document is at /api/v1/openapi.json.",
                media_type="text/plain",
                status_code=503,
            )
        return File(page, content_disposition_type="inline", media_type="text/html")

    @get("/health/live", include_in_schema=False)
    async def live() -> dict[str, str]:
        return {"status": "ok", "service": "gateway"}

    @get("/health/ready", include_in_schema=False)
    async def ready() -> Response[dict[str, Any]]:
        stuck: list[dict[str, Any]] = []
        warnings: list[str] = []
        details: dict[str, Any] = {}

        async def check(service: str) -> tuple[str, str]:
            try:
                r = await client.get(settings.service_urls[service] + "/health/ready", timeout=2.0)
            except httpx.HTTPError as exc:
                return service, f"unreachable ({type(exc).__name__})"
            if r.status_code != 200:
                return service, f"status {r.status_code}"
            try:
                body = r.json()
            except ValueError:
                body = {}
            # each service's lag, operational facts and warnings, as it answered them
            details[service] = {k: body[k] for k in ("lag", "operations", "warnings") if k in body}
            warnings.extend(f"{service}: {w}" for w in body.get("warnings") or [])
            if body.get("status") == "degraded":  # answering, a read model stuck on an event
                found = [{"service": service, **s} for s in body.get("stuck") or []]
                stuck.extend(found)
                names = ", ".join(f"{s['name']} at event {s['event_id']}" for s in found)
                return service, f"degraded ({names or 'read models unknown'})"
            return service, "ok"

        results = dict(await asyncio.gather(*(check(s) for s in SERVICES)))
        results["database"] = "ok" if await _database_ready(settings) else "unreachable"
        failing = [v for v in results.values() if v != "ok" and not v.startswith("degraded")]
        degraded = any(v.startswith("degraded") for v in results.values())
        status = "unavailable" if failing else "degraded" if degraded else "ok"
        return Response(
            {
                "status": status,
                "service": "gateway",
                "checks": results,
                "stuck": stuck,
                "warnings": warnings,
                "services": {s: details[s] for s in SERVICES if s in details},
            },
            status_code=503 if failing else 200,
        )

    @get(["/", "/{path:path}"], include_in_schema=False)
    async def spa(path: str = "") -> File | Response[str]:
        if path.startswith(("/api/", "/health/", "/metrics")):
            raise NotFound(f"nothing at {path}")
        candidate = (dist / path.lstrip("/")).resolve()
        if path.strip("/") and candidate.is_file() and dist.resolve() in candidate.parents:
            return File(candidate, content_disposition_type="inline")
        index = dist / "index.html"
        if not index.exists():
            return Response(
                "The console is not built yet: run ./launch_all.sh"
                " (or `npm run build` in frontend/).",
                media_type="text/plain",
                status_code=503,
            )
        return File(index, content_disposition_type="inline", media_type="text/html")

    handlers: list[Any] = [api, openapi, docs_page, live, ready, spa, PrometheusController]
    if (dist / "assets").is_dir():
        handlers.append(
            create_static_files_router(
                path="/assets", directories=[dist / "assets"], include_in_schema=False
            )
        )

    async def close_client(_: Litestar) -> None:
        await client.aclose()
        await proxy.close()

    prometheus = PrometheusConfig(
        app_name="mtf_gateway", prefix="mtf", group_path=True, exclude=["/metrics"]
    )
    app = Litestar(
        route_handlers=handlers,
        middleware=[
            DefineMiddleware(RequestContextMiddleware, service="gateway"),
            prometheus.middleware,
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=None,
        state=State({"settings": settings}),
        on_shutdown=[close_client],
        logging_config=None,
    )
    # the guard sits outside routing: paths the router would not match, and its own 404 and
    # 405 answers, get the same checks and headers
    # the API's GETs skip routing and the framework's request/response objects (proxy.py)

    async def forward_get(scope: Any, receive: Any, send: Any) -> None:
        await proxy.forward_get(scope, send)

    fast = RequestContextMiddleware(
        PrometheusMiddleware(forward_get, prometheus), service="gateway"
    )
    app.asgi_handler = GatewayGuard(
        FastForward(app.asgi_handler, fast), parse_networks(settings.trusted_proxies)
    )
    return app
