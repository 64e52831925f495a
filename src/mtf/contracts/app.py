"""Builds the contracts service: contracts, their lifecycle, and the checkout saga."""

from __future__ import annotations

from collections.abc import Callable

from dishka import Provider, Scope, make_async_container, provide
from litestar import Litestar
from sqlalchemy import Engine

from mtf.contracts.adapters.http.controllers import ContractController, ProvisioningController
from mtf.contracts.adapters.http.self_service import SelfServiceController
from mtf.contracts.adapters.postgres.event_store import (
    ContractsEventStore,
    EventSourcedContracts,
)
from mtf.contracts.adapters.postgres.read_model import ContractsProjection, SqlContractViews
from mtf.contracts.adapters.postgres.self_service_sessions import SelfServiceSessions
from mtf.contracts.adapters.services import HttpCustomerDirectory, HttpOfferCatalog
from mtf.contracts.application.checkout import Checkout
from mtf.contracts.application.contract_commands import ContractCommands, ContractQueries
from mtf.kernel.clock import Clock
from mtf.kernel.db import make_engine
from mtf.kernel.locks import AdvisoryLocks
from mtf.kernel.projection import Projector
from mtf.kernel.service_app import build_service_app
from mtf.kernel.service_client import ServiceClient
from mtf.kernel.settings import Settings, get_settings

SERVICE = "contracts"


class Contracts:
    """Everything the contracts service is made of, built once per process."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.engine = engine
        self.events = build_event_store(settings)
        self.store = EventSourcedContracts(self.events)
        self.views = SqlContractViews(engine)
        self.projector = Projector(self.events, engine, ContractsProjection())
        self.customers = HttpCustomerDirectory(
            ServiceClient(
                SERVICE, "customer", settings.service_urls["customer"], settings.service_keys
            )
        )
        self.catalog = HttpOfferCatalog(
            ServiceClient(
                SERVICE, "catalog", settings.service_urls["catalog"], settings.service_keys
            )
        )
        self.clock = settings.clock()

    def checkout(self) -> Checkout:
        return Checkout(
            contracts=self.store,
            orders=self.store,
            views=self.views,
            catalog=self.catalog,
            customers=self.customers,
            locks=AdvisoryLocks(self.engine),
            read_model=self.projector,
            clock=self.clock,
        )

    def commands(self) -> ContractCommands:
        return ContractCommands(
            self.store, self.projector, self.customers, self.clock, self.views, orders=self.store
        )


class ContractsProvider(Provider):
    scope = Scope.APP

    def __init__(self, contracts: Contracts) -> None:
        super().__init__()
        self.contracts = contracts

    @provide
    def checkout(self) -> Checkout:
        return self.contracts.checkout()

    @provide
    def commands(self) -> ContractCommands:
        return self.contracts.commands()

    @provide
    def queries(self) -> ContractQueries:
        return ContractQueries(self.contracts.views)

    @provide
    def clock(self) -> Clock:
        return self.contracts.clock


def build_event_store(settings: Settings) -> ContractsEventStore:
    return ContractsEventStore(settings.database_url_for(SERVICE), SERVICE)


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    engine = make_engine(settings.database_url_for(SERVICE), SERVICE)
    contracts = Contracts(settings, engine)
    app = build_service_app(
        SERVICE,
        settings,
        route_handlers=[ContractController, ProvisioningController, SelfServiceController],
        container=make_async_container(ContractsProvider(contracts)),
        engine=engine,
        event_store=contracts.events,
        before_ready=[contracts.projector.refresh],  # a stuck read model: retried, named
    )
    app.state.self_service_sessions = SelfServiceSessions(engine)
    app.state.self_service_clients = {
        target: ServiceClient(SERVICE, target, settings.service_urls[target], settings.service_keys)
        for target in ("customer", "catalog", "billing")
    }
    return app


_WORKER_CONTEXT: dict[int, Contracts] = {}


def _for_worker(settings: Settings) -> Contracts:
    """One set of pools per worker process, shared by its projector and jobs."""
    if id(settings) not in _WORKER_CONTEXT:
        engine = make_engine(settings.database_url_for(SERVICE), SERVICE, pool_size=2)
        _WORKER_CONTEXT[id(settings)] = Contracts(settings, engine)
    return _WORKER_CONTEXT[id(settings)]


def build_projectors(settings: Settings) -> list[Projector]:
    return [_for_worker(settings).projector]


def build_jobs(settings: Settings) -> list[Callable[[], object]]:
    """Interrupted checkouts are resumed (or failed and compensated) by the worker, scheduled
    changes applied and future-dated contracts started on their dates."""
    contracts = _for_worker(settings)
    checkout = contracts.checkout()
    commands = contracts.commands()

    def resume_interrupted_checkouts() -> object:
        return checkout.resume_stalled()

    def apply_scheduled_changes() -> object:
        """Suspensions and terminations scheduled for a date that has come."""
        return commands.apply_due_scheduled_changes()

    def activate_due_contracts() -> object:
        """Future-dated contracts (and plan changes) whose start date has come."""
        return commands.activate_due_contracts()

    return [resume_interrupted_checkouts, apply_scheduled_changes, activate_due_contracts]
