"""Builds one service's Litestar app: the same shape for every service."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import msgspec
from dishka import AsyncContainer
from dishka.integrations.litestar import DishkaRouter, setup_dishka
from litestar import Litestar, Request, get
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from litestar.types import ControllerRouterHandler
from sqlalchemy import Engine

from mtf.kernel.db import ping
from mtf.kernel.eventstore import ServiceEventStore
from mtf.kernel.feed import feed_and_audit_router
from mtf.kernel.http import PUBLIC_PATHS, BearerAuthMiddleware, RequestContextMiddleware
from mtf.kernel.logging import configure_logging
from mtf.kernel.observability import configure_tracing
from mtf.kernel.problems import EXCEPTION_HANDLERS
from mtf.kernel.settings import Settings


class Health(msgspec.Struct):
    status: str
    service: str
    checks: dict[str, str] = msgspec.field(default_factory=dict)


def openapi_config(title: str) -> OpenAPIConfig:
    return OpenAPIConfig(
        title=title,
        version="1.0.0",
        path="/schema",
        render_plugins=[JsonRenderPlugin()],
        components=Components(
            security_schemes={
                "BearerToken": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")
            }
        ),
        security=[{"BearerToken": []}],
    )


def build_service_app(
    service: str,
    settings: Settings,
    *,
    route_handlers: Sequence[ControllerRouterHandler],
    container: AsyncContainer,
    engine: Engine,
    event_store: ServiceEventStore | None,
    on_startup: Sequence[Callable[[Litestar], Any]] = (),
    on_shutdown: Sequence[Callable[[Litestar], Any]] = (),
) -> Litestar:
    configure_logging(service, log_format=settings.log_format, level=settings.log_level)
    configure_tracing(service, settings.otlp_endpoint)

    @get("/health/live", include_in_schema=False)
    async def live() -> Health:
        return Health(status="ok", service=service)

    @get("/health/ready", include_in_schema=False, sync_to_thread=True)
    def ready(request: Request[Any, Any, Any]) -> Any:
        from litestar import Response

        db_ok = ping(engine)
        body = Health(
            status="ok" if db_ok else "unavailable",
            service=service,
            checks={"database": "ok" if db_ok else "unreachable"},
        )
        return Response(body, status_code=200 if db_ok else 503)

    prometheus = PrometheusConfig(
        app_name=f"mtf_{service}", prefix="mtf", group_path=True, exclude=["/metrics"]
    )

    async def close_container(app: Litestar) -> None:
        await container.close()
        engine.dispose()

    handlers: list[ControllerRouterHandler] = [
        live,
        ready,
        PrometheusController,
        DishkaRouter(path="/", route_handlers=list(route_handlers)),
    ]
    if event_store is not None:
        handlers.append(feed_and_audit_router())

    app = Litestar(
        route_handlers=handlers,
        middleware=[
            DefineMiddleware(RequestContextMiddleware, service=service),
            prometheus.middleware,
            DefineMiddleware(BearerAuthMiddleware, settings=settings, exclude=PUBLIC_PATHS),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=openapi_config(f"MT-Facturation {service} service"),
        state=State(
            {"settings": settings, "event_store": event_store, "service": service, "engine": engine}
        ),
        on_startup=list(on_startup),
        on_shutdown=[*on_shutdown, close_container],
        cors_config=CORSConfig(allow_origins=[]),
        debug=False,
        logging_config=None,
    )
    setup_dishka(container, app)
    return app
