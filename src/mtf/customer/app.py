"""Builds the customer service: clients (event-sourced, personal data sealed) and lines."""

from __future__ import annotations

from dishka import Provider, Scope, make_async_container, provide
from litestar import Litestar
from sqlalchemy import Engine

from mtf.customer.adapters.contracts_directory import (
    HttpBalanceDirectory,
    HttpContractsDirectory,
    HttpErasureFollowers,
)
from mtf.customer.adapters.http.controllers import (
    ClientController,
    InternalProvisioningController,
    SubscriberController,
)
from mtf.customer.adapters.postgres.event_store import CustomerEventStore, EventSourcedClientStore
from mtf.customer.adapters.postgres.name_index import NameIndex
from mtf.customer.adapters.postgres.read_model import (
    ClientProjection,
    SqlClientViews,
    SqlSubscriberRegistry,
    apply_contract_event,
)
from mtf.customer.adapters.postgres.vault import (
    SqlCinRegistry,
    SqlIceRegistry,
    SqlPersonalDataVault,
)
from mtf.customer.application.ports import SubscriberRegistry
from mtf.customer.application.use_cases import ClientCommands, ClientQueries, LineProvisioning
from mtf.kernel.crypto import KeyedHash, MasterKey
from mtf.kernel.db import make_engine, reads
from mtf.kernel.follower import FeedFollower
from mtf.kernel.projection import Projector
from mtf.kernel.service_app import build_service_app
from mtf.kernel.service_client import ServiceClient
from mtf.kernel.settings import Settings, get_settings

SERVICE = "customer"


class Customer:
    """Everything the customer service is made of, built once per process."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings = settings
        self.engine = engine
        self.events = build_event_store(settings)
        self.vault = SqlPersonalDataVault(engine, MasterKey(settings.pii_key))
        self.cin_hash = KeyedHash(settings.cin_hash_key)
        self.names = NameIndex(settings.cin_hash_key)
        self.store = EventSourcedClientStore(self.events)
        self.projector = Projector(self.events, engine, ClientProjection(self.vault, self.names))
        self.lines = SqlSubscriberRegistry(engine)
        self.contracts_client = ServiceClient(
            SERVICE, "contracts", settings.service_urls["contracts"], settings.service_keys
        )
        self.contracts_follower = FeedFollower(
            "customer.lines<-contracts", self.contracts_client, engine, apply_contract_event
        )

    def commands(self) -> ClientCommands:
        return ClientCommands(
            self.store,
            self.vault,
            SqlCinRegistry(self.engine),
            self.cin_hash,
            HttpContractsDirectory(self.contracts_client),
            self.projector,
            self.settings.clock(),
            HttpBalanceDirectory(
                ServiceClient(
                    SERVICE,
                    "collections",
                    self.settings.service_urls["collections"],
                    self.settings.service_keys,
                )
            ),
            HttpErasureFollowers(
                [
                    ServiceClient(
                        SERVICE,
                        "billing",
                        self.settings.service_urls["billing"],
                        self.settings.service_keys,
                    )
                ]
            ),
            SqlIceRegistry(self.engine),
        )


class CustomerProvider(Provider):
    scope = Scope.APP

    def __init__(self, customer: Customer) -> None:
        super().__init__()
        self.customer = customer

    @provide
    def commands(self) -> ClientCommands:
        return self.customer.commands()

    @provide
    def queries(self) -> ClientQueries:
        return ClientQueries(
            # reads in autocommit: no BEGIN/ROLLBACK around each query
            SqlClientViews(reads(self.customer.engine), self.customer.vault, self.customer.names),
            self.customer.cin_hash,
        )

    @provide
    def lines(self) -> SubscriberRegistry:
        return self.customer.lines

    @provide
    def provisioning(self) -> LineProvisioning:
        return LineProvisioning(self.customer.store, self.customer.lines)


def build_event_store(settings: Settings) -> CustomerEventStore:
    return CustomerEventStore(settings.database_url_for(SERVICE), SERVICE)


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    engine = make_engine(settings.database_url_for(SERVICE), SERVICE)
    customer = Customer(settings, engine)
    app = build_service_app(
        SERVICE,
        settings,
        route_handlers=[ClientController, SubscriberController, InternalProvisioningController],
        container=make_async_container(CustomerProvider(customer)),
        engine=engine,
        event_store=customer.events,
        before_ready=[customer.projector.refresh],  # a stuck read model: retried, named
    )
    app.state.contracts_follower = customer.contracts_follower
    return app


_WORKER_CONTEXT: dict[int, Customer] = {}


def _for_worker(settings: Settings) -> Customer:
    """One set of pools per worker process, shared by its projector and follower."""
    if id(settings) not in _WORKER_CONTEXT:
        engine = make_engine(settings.database_url_for(SERVICE), SERVICE, pool_size=2)
        _WORKER_CONTEXT[id(settings)] = Customer(settings, engine)
    return _WORKER_CONTEXT[id(settings)]


def build_projectors(settings: Settings) -> list[Projector]:
    return [_for_worker(settings).projector]


def build_followers(settings: Settings) -> list[FeedFollower]:
    return [_for_worker(settings).contracts_follower]
