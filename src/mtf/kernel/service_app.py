"""Builds one service's Litestar app: the same shape for every service."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import msgspec
from dishka import AsyncContainer
from dishka.integrations.litestar import DishkaRouter, setup_dishka
from litestar import Litestar, Request, Response, get
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.exceptions import ValidationException
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from litestar.types import ControllerRouterHandler
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from sqlalchemy import Engine

from mtf.kernel.db import ping
from mtf.kernel.eventstore import ServiceEventStore
from mtf.kernel.feed import FeedHead, feed_and_audit_router
from mtf.kernel.http import PUBLIC_PATHS, BearerAuthMiddleware, RequestContextMiddleware
from mtf.kernel.logging import configure_logging, get_logger
from mtf.kernel.observability import (
    configure_tracing,
    operations,
    operations_metrics,
    stream_metrics,
    stream_statuses,
    warnings_for,
)
from mtf.kernel.openapi_contract import ProblemDocumentingJsonRender
from mtf.kernel.problems import EXCEPTION_HANDLERS
from mtf.kernel.settings import Settings

log = get_logger("mtf.service")


class Health(msgspec.Struct):
    status: str
    service: str
    checks: dict[str, str] = msgspec.field(default_factory=dict)
    stuck: list[dict[str, Any]] = msgspec.field(default_factory=list)
    lag: dict[str, int] = msgspec.field(default_factory=dict)
    # the service's own operational facts (webhook outbox, PDF archive, bill runs, daily
    # collections run, database connections) and what is past its threshold
    operations: dict[str, Any] = msgspec.field(default_factory=dict)
    warnings: list[str] = msgspec.field(default_factory=list)


def _events_table(event_store: ServiceEventStore | None) -> str | None:
    if event_store is None:
        return None
    recorder: Any = event_store.recorder
    return f'"{recorder.datastore.schema}"."{recorder.events_table_name}"'


def readiness(
    service: str, engine: Engine, event_store: ServiceEventStore | None, today: Any = None
) -> tuple[Health, int]:
    """The database answers (else 503); projectors and followers stuck on an event make the
    service `degraded` (200: reads still answer from the last good state) and are named
    with their event; each one's lag is given, with the service's operational facts and the
    warnings (facts past their thresholds: they do not change the status)."""
    if not ping(engine):
        return Health("unavailable", service, {"database": "unreachable"}), 503
    checks = {"database": "ok"}
    try:
        statuses = stream_statuses(engine, _events_table(event_store))
    except Exception as exc:  # the check itself failed: say so, do not hide the service
        checks["read_models"] = f"unknown ({type(exc).__name__})"
        return Health("degraded", service, checks), 200
    stuck = [s.failure.as_dict() for s in statuses if s.failure is not None]
    for s in statuses:
        checks[f"{s.kind}:{s.name}"] = (
            "ok"
            if s.failure is None
            else f"stuck at event {s.failure.event_id} ({s.failure.event_type}: "
            f"{s.failure.error_type})"
        )
    lag = {f"{s.kind}:{s.name}": s.lag for s in statuses if s.lag is not None}
    try:
        facts = operations(engine, service, today)
    except Exception as exc:
        facts = {"unknown": type(exc).__name__}
    return (
        Health(
            "degraded" if stuck else "ok",
            service,
            checks,
            stuck,
            lag,
            facts,
            warnings_for(facts, lag) if "unknown" not in facts else [],
        ),
        200,
    )


class MetricsController(PrometheusController):
    """Litestar's Prometheus endpoint plus every projector's and follower's lag."""

    @get(sync_to_thread=True)
    def get(self, request: Request[Any, Any, Any]) -> Response[Any]:
        registry = REGISTRY
        if "prometheus_multiproc_dir" in os.environ or "PROMETHEUS_MULTIPROC_DIR" in os.environ:
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
        state = request.app.state
        try:
            statuses = stream_statuses(state.engine, _events_table(state.event_store))
            body += stream_metrics(state.service, statuses)
        except Exception as exc:  # the request metrics are still worth answering
            log.warning("stream_metrics_failed", error_type=type(exc).__name__)
        try:
            body += operations_metrics(state.service, operations(state.engine, state.service))
        except Exception as exc:
            log.warning("operations_metrics_failed", error_type=type(exc).__name__)
        return Response(body, status_code=200, headers={"Content-Type": CONTENT_TYPE_LATEST})


def openapi_config(title: str) -> OpenAPIConfig:
    return OpenAPIConfig(
        title=title,
        version="1.0.0",
        path="/schema",
        render_plugins=[ProblemDocumentingJsonRender()],
        components=Components(
            security_schemes={
                "BearerToken": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")
            }
        ),
        security=[{"BearerToken": []}],
        operation_id_creator=operation_id,
    )


def operation_id(handler: Any, method: Any, path_components: list[Any]) -> str:
    """An operation's id is its handler's name (`list_invoices`, `post_payment`): the SDK's
    function names, stable as long as the handler keeps its name. The merged document
    prefixes a name two services share with the service."""
    return str(handler.handler_name)


_WITHOUT_BODY = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})


async def strict_body(request: Request[Any, Any, Any]) -> None:
    """A JSON body holds exactly the types its schema says: `0` is not a boolean and `"12"`
    not an integer. Litestar converts the decoded body leniently; decoding it strictly
    first refuses those with a 422 naming the field (malformed JSON keeps Litestar's 400)."""
    if request.method in _WITHOUT_BODY:
        return
    data = request.route_handler.parsed_fn_signature.parameters.get("data")
    if data is None:
        return
    body = await request.body()
    if not body:
        return
    try:
        decoded = msgspec.json.decode(body)
    except msgspec.DecodeError:
        return  # not JSON, or nested too deep: the usual path answers (400)
    try:
        msgspec.convert(decoded, type=data.annotation, strict=True)
    except msgspec.ValidationError as exc:
        raise ValidationException(
            detail=str(exc), extra=[{"message": str(exc), "key": "data"}]
        ) from exc
    except TypeError:
        return  # a type msgspec cannot convert to: the usual path answers


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
    before_ready: Sequence[Callable[[], object]] = (),
) -> Litestar:
    configure_logging(service, log_format=settings.log_format, level=settings.log_level)
    configure_tracing(service, settings.otlp_endpoint)

    @get("/health/live", include_in_schema=False)
    async def live() -> Health:
        return Health(status="ok", service=service)

    @get("/health/ready", include_in_schema=False, sync_to_thread=True)
    def ready(request: Request[Any, Any, Any]) -> Any:
        for probe in before_ready:  # e.g. a read model catching up as a read would
            probe()
        body, status = readiness(service, engine, event_store, settings.clock().today())
        return Response(body, status_code=status)

    prometheus = PrometheusConfig(
        app_name=f"mtf_{service}", prefix="mtf", group_path=True, exclude=["/metrics"]
    )

    async def close_container(app: Litestar) -> None:
        await container.close()
        engine.dispose()

    handlers: list[ControllerRouterHandler] = [
        live,
        ready,
        MetricsController,
        DishkaRouter(path="/", route_handlers=list(route_handlers)),
    ]
    if event_store is not None:
        handlers.append(feed_and_audit_router())

    app = Litestar(
        route_handlers=handlers,
        middleware=[
            DefineMiddleware(RequestContextMiddleware, service=service),
            prometheus.middleware,
            DefineMiddleware(
                BearerAuthMiddleware, settings=settings, exclude=PUBLIC_PATHS, service=service
            ),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        before_request=strict_body,
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
    if event_store is not None:
        app.asgi_handler = FeedHead(app.asgi_handler, service, settings, event_store)
    return app
