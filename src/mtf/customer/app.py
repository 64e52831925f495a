"""Builds the customer service. Its domain arrives with its own issue; the process, schema,
event store, feed, audit, health, metrics and OpenAPI document already run."""

from __future__ import annotations

from typing import ClassVar

from dishka import make_async_container
from eventsourcing.domain import Aggregate
from litestar import Litestar

from mtf.kernel.db import make_engine
from mtf.kernel.eventstore import ServiceEventStore
from mtf.kernel.service_app import build_service_app
from mtf.kernel.settings import Settings, get_settings

SERVICE = "customer"


class CustomerEventStore(ServiceEventStore):
    name = SERVICE
    aggregates: ClassVar[dict[str, type[Aggregate]]] = {}


def build_event_store(settings: Settings) -> CustomerEventStore:
    return CustomerEventStore(settings.database_url_for(SERVICE), SERVICE)


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    engine = make_engine(settings.database_url_for(SERVICE), SERVICE)
    return build_service_app(
        SERVICE,
        settings,
        route_handlers=[],
        container=make_async_container(),
        engine=engine,
        event_store=build_event_store(settings),
    )
