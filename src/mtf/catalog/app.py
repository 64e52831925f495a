"""Builds the catalog service: offers and their versions."""

from __future__ import annotations

from dishka import Provider, Scope, make_async_container, provide
from litestar import Litestar
from sqlalchemy import Engine

from mtf.catalog.adapters.http.offers import OfferController
from mtf.catalog.adapters.postgres.event_store import CatalogEventStore, EventSourcedOfferStore
from mtf.catalog.adapters.postgres.read_model import OfferProjection, SqlOfferViews
from mtf.catalog.application.use_cases import CatalogCommands, CatalogQueries
from mtf.kernel.db import make_engine
from mtf.kernel.projection import Projector
from mtf.kernel.service_app import build_service_app
from mtf.kernel.settings import Settings, get_settings

SERVICE = "catalog"


class CatalogProvider(Provider):
    """Wires the catalog's ports to their PostgreSQL adapters."""

    scope = Scope.APP

    def __init__(self, store: CatalogEventStore, engine: Engine) -> None:
        super().__init__()
        self.store = store
        self.engine = engine

    @provide
    def projector(self) -> Projector:
        return Projector(self.store, self.engine, OfferProjection())

    @provide
    def commands(self, projector: Projector) -> CatalogCommands:
        return CatalogCommands(EventSourcedOfferStore(self.store), projector)

    @provide
    def queries(self) -> CatalogQueries:
        return CatalogQueries(SqlOfferViews(self.engine))


def build_event_store(settings: Settings) -> CatalogEventStore:
    return CatalogEventStore(settings.database_url_for(SERVICE), SERVICE)


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    engine = make_engine(settings.database_url_for(SERVICE), SERVICE)
    store = build_event_store(settings)
    container = make_async_container(CatalogProvider(store, engine))
    return build_service_app(
        SERVICE,
        settings,
        route_handlers=[OfferController],
        container=container,
        engine=engine,
        event_store=store,
        # a stuck read model is retried (at most every 5 s) and named by /health/ready
        before_ready=[Projector(store, engine, OfferProjection()).refresh],
    )


def build_projectors(settings: Settings) -> list[Projector]:
    """The worker's view of this service's read models."""
    engine = make_engine(settings.database_url_for(SERVICE), SERVICE, pool_size=2)
    return [Projector(build_event_store(settings), engine, OfferProjection())]
