"""Builds the collections service: payments, receivables, dunning, cases."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta

from dishka import Provider, Scope, make_async_container, provide
from litestar import Litestar
from sqlalchemy import Engine

from mtf.collections.adapters.http.controllers import (
    BalanceController,
    CollectionsController,
    PaymentController,
)
from mtf.collections.adapters.http.exports import AgingExportController, PaymentExportController
from mtf.collections.adapters.http.statements import StatementImportController
from mtf.collections.adapters.postgres.event_store import (
    CollectionsEventStore,
    EventSourcedCollections,
)
from mtf.collections.adapters.postgres.read_model import CollectionsProjection, apply_billing_event
from mtf.collections.adapters.postgres.statements import SqlStatementImports, StatementLabelEraser
from mtf.collections.adapters.postgres.views import SqlCollectionsViews
from mtf.collections.adapters.services import HttpClients, HttpContractLifecycle, OutboxNotifier
from mtf.collections.application.queries import CollectionsQueries
from mtf.collections.application.statements import StatementImporter
from mtf.collections.application.use_cases import (
    BILLING_STALENESS_SECONDS,
    Collections,
    Payments,
)
from mtf.collections.domain.case import DEFAULT_POLICY, parse_policy
from mtf.kernel.clock import Clock
from mtf.kernel.db import make_engine, reads
from mtf.kernel.follower import FeedFollower
from mtf.kernel.locks import AdvisoryLocks
from mtf.kernel.projection import Projector
from mtf.kernel.service_app import build_service_app
from mtf.kernel.service_client import ServiceClient
from mtf.kernel.settings import Settings, get_settings

SERVICE = "collections"


# how long a bank statement's labels (the bank's free text, often the payer's name) are kept
# after upload: long enough to settle what was ambiguous, then only the payments remain
STATEMENT_LABEL_DAYS = 90


def statement_label_days() -> int:
    return int(os.environ.get("MTF_STATEMENT_LABEL_DAYS", STATEMENT_LABEL_DAYS))


class CollectionsContext:
    """Everything the collections service is made of, built once per process."""

    def __init__(self, settings: Settings, engine: Engine, clock: Clock | None = None) -> None:
        self.engine = engine
        self.clock = clock or settings.clock()
        self.events = build_event_store(settings)
        self.store = EventSourcedCollections(self.events)
        self.views = SqlCollectionsViews(reads(engine))
        self.projector = Projector(self.events, engine, CollectionsProjection())
        self.billing_feed = FeedFollower(
            "collections.receivables<-billing",
            ServiceClient(
                SERVICE, "billing", settings.service_urls["billing"], settings.service_keys
            ),
            engine,
            apply_billing_event,
            batch=1000,
        )
        # erasures blank the bank statement labels that name the client
        self.erasures_feed = FeedFollower(
            "collections.statements<-customer",
            ServiceClient(
                SERVICE, "customer", settings.service_urls["customer"], settings.service_keys
            ),
            engine,
            StatementLabelEraser(),
            batch=500,
        )
        self.locks = AdvisoryLocks(engine)
        self.api_views = SqlCollectionsViews(reads(engine), refresh=self.refresh_views)
        self.contracts = HttpContractLifecycle(
            ServiceClient(
                SERVICE, "contracts", settings.service_urls["contracts"], settings.service_keys
            )
        )
        self.clients = HttpClients(
            ServiceClient(
                SERVICE, "customer", settings.service_urls["customer"], settings.service_keys
            )
        )
        self.policy = parse_policy(os.environ.get("MTF_DUNNING_POLICY", DEFAULT_POLICY))
        self.queries = CollectionsQueries(self.api_views, self.clients, self.clock)

    def refresh_views(self) -> None:
        """Before an API read: invoices billing issued until a moment ago, then every
        collections event recorded so far. Neither ever fails the read: a stuck projector or
        follower is logged and named by /health/ready, and the read answers from the last
        good state."""
        self.billing_feed.catch_up_within(BILLING_STALENESS_SECONDS)
        self.projector.refresh()

    def payments(self) -> Payments:
        return Payments(
            store=self.store,
            receivables=self.views,
            billing_feed=self.billing_feed,
            read_model=self.projector,
            locks=self.locks,
            clients=self.clients,
            clock=self.clock,
        )

    def statements(self) -> StatementImporter:
        return StatementImporter(
            imports=SqlStatementImports(self.engine),
            receivables=self.views,
            clients=self.clients,
            payments=self.payments(),
            locks=self.locks,
            clock=self.clock,
        )

    def collections(self) -> Collections:
        return Collections(
            store=self.store,
            receivables=self.views,
            billing_feed=self.billing_feed,
            read_model=self.projector,
            contracts=self.contracts,
            notifier=OutboxNotifier(self.engine),
            clock=self.clock,
            policy=self.policy,
            payments=self.payments(),
            locks=self.locks,
        )


class CollectionsProvider(Provider):
    scope = Scope.APP

    def __init__(self, context: CollectionsContext) -> None:
        super().__init__()
        self.context = context

    @provide
    def payments(self) -> Payments:
        return self.context.payments()

    @provide
    def collections(self) -> Collections:
        return self.context.collections()

    @provide
    def queries(self) -> CollectionsQueries:
        return self.context.queries

    @provide
    def statements(self) -> StatementImporter:
        return self.context.statements()

    @provide
    def clock(self) -> Clock:
        return self.context.clock


def build_event_store(settings: Settings) -> CollectionsEventStore:
    return CollectionsEventStore(settings.database_url_for(SERVICE), SERVICE)


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    # a payment holds two advisory-lock connections (its key, its client) while it works
    engine = make_engine(settings.database_url_for(SERVICE), SERVICE, pool_size=10)
    context = CollectionsContext(settings, engine)
    return build_service_app(
        SERVICE,
        settings,
        route_handlers=[
            PaymentExportController,
            StatementImportController,
            PaymentController,
            BalanceController,
            AgingExportController,
            CollectionsController,
        ],
        container=make_async_container(CollectionsProvider(context)),
        engine=engine,
        event_store=context.events,
        before_ready=[context.projector.refresh],  # stuck on an event: learnt here too
    )


_WORKER_CONTEXT: dict[int, CollectionsContext] = {}


def _for_worker(settings: Settings) -> CollectionsContext:
    """One set of pools per worker process, shared by its projector, follower and jobs."""
    if id(settings) not in _WORKER_CONTEXT:
        _WORKER_CONTEXT[id(settings)] = CollectionsContext(
            settings, make_engine(settings.database_url_for(SERVICE), SERVICE, pool_size=3)
        )
    return _WORKER_CONTEXT[id(settings)]


def build_projectors(settings: Settings) -> list[Projector]:
    return [_for_worker(settings).projector]


def build_followers(settings: Settings) -> list[FeedFollower]:
    context = _for_worker(settings)
    return [context.billing_feed, context.erasures_feed]


def build_jobs(settings: Settings) -> list[Callable[[], object]]:
    context = _for_worker(settings)
    collections = context.collections()
    labels = SqlStatementImports(context.engine)
    last = {"at": 0.0}

    def daily_collections() -> object:
        """Today's run once (any number of workers), then credit use and settlement."""
        import time

        if time.monotonic() - last["at"] < 10:
            return None
        last["at"] = time.monotonic()
        done = collections.daily()
        # statement labels (the bank's free text, often a name) kept only so long
        labels.expire_labels(context.clock.now() - timedelta(days=statement_label_days()))
        return done

    return [daily_collections]
