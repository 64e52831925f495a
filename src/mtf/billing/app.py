"""Builds the billing service: bill runs, invoices, credit notes, PDFs."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial

from dishka import Provider, Scope, make_async_container, provide
from litestar import Litestar
from sqlalchemy import Engine

from mtf.billing.adapters.customers import HttpClientDirectory
from mtf.billing.adapters.einvoice.writer import EInvoices
from mtf.billing.adapters.http.analytics import (
    AnalyticsController,
    AnalyticsFreshness,
    InvoiceExportController,
)
from mtf.billing.adapters.http.controllers import (
    AuditJournalController,
    BillRunController,
    CreditNoteController,
    InternalFeedController,
    InvoiceController,
)
from mtf.billing.adapters.pdf.renderer import render_credit_note, render_invoice
from mtf.billing.adapters.postgres.analytics import SqlAnalytics
from mtf.billing.adapters.postgres.documents import (
    ERASURES_FOLLOWER,
    ErasureFollower,
    SqlDocumentArchive,
)
from mtf.billing.adapters.postgres.event_store import BillingEventStore, EventSourcedBilling
from mtf.billing.adapters.postgres.followers import (
    SETTLEMENTS_FOLLOWER,
    apply_collections_event,
    apply_contract_event,
)
from mtf.billing.adapters.postgres.journal import SqlJournal
from mtf.billing.adapters.postgres.projection import BillingProjection
from mtf.billing.adapters.postgres.views import SqlBillingViews
from mtf.billing.adapters.postgres.work import SqlBackdatedEnds, SqlBillRunWork
from mtf.billing.application.bill_runs import BillRunner
from mtf.billing.application.credit_notes import CreditNotes
from mtf.billing.application.documents import InvoiceDocuments
from mtf.billing.application.journal import AuditJournal
from mtf.billing.application.queries import BillingQueries
from mtf.kernel.clock import Clock
from mtf.kernel.db import make_engine
from mtf.kernel.follower import FeedFollower
from mtf.kernel.jobs import background
from mtf.kernel.projection import Projector
from mtf.kernel.service_app import build_service_app
from mtf.kernel.service_client import ServiceClient
from mtf.kernel.settings import Settings, get_settings

SERVICE = "billing"
# an analytics read follows the contracts' and collections' feeds first: everything they
# recorded before the read (concurrent reads share the catch-ups; kernel/follower.py)
ANALYTICS_STALENESS_SECONDS = 0.0


class Billing:
    """Everything the billing service is made of, built once per process."""

    def __init__(self, settings: Settings, engine: Engine, clock: Clock | None = None) -> None:
        self.settings = settings
        self.engine = engine
        self.clock = clock or settings.clock()
        self.events = build_event_store(settings)
        self.store = EventSourcedBilling(self.events)
        self.views = SqlBillingViews(engine)
        self.projector = Projector(self.events, engine, BillingProjection(), batch=1000)
        self.contracts_feed = FeedFollower(
            "billing.billable<-contracts",
            ServiceClient(
                SERVICE, "contracts", settings.service_urls["contracts"], settings.service_keys
            ),
            engine,
            apply_contract_event,
            batch=1000,
        )
        self.collections_feed = FeedFollower(
            SETTLEMENTS_FOLLOWER,
            ServiceClient(
                SERVICE,
                "collections",
                settings.service_urls["collections"],
                settings.service_keys,
            ),
            engine,
            partial(apply_collections_event, timezone=settings.timezone),
            batch=1000,
        )
        self.clients = HttpClientDirectory(
            ServiceClient(
                SERVICE, "customer", settings.service_urls["customer"], settings.service_keys
            )
        )
        self.seller = settings.seller
        # erasures re-render the client's archived PDFs without the person
        self.erasures_feed = FeedFollower(
            ERASURES_FOLLOWER,
            ServiceClient(
                SERVICE, "customer", settings.service_urls["customer"], settings.service_keys
            ),
            engine,
            ErasureFollower(self.documents().render_erased),
            batch=500,
        )

    def runner(self) -> BillRunner:
        return BillRunner(
            store=self.store,
            work=SqlBillRunWork(self.engine),
            contracts_feed=self.contracts_feed,
            read_model=self.projector,
            clock=self.clock,
            vat_rate=Decimal(self.settings.vat_rate),
            payment_days=self.settings.payment_days,
            currency=self.settings.currency,
        )

    def credit_notes(self) -> CreditNotes:
        return CreditNotes(
            self.store, self.views, self.projector, self.clock, SqlBackdatedEnds(self.engine)
        )

    def journal(self) -> AuditJournal:
        return AuditJournal(SqlJournal(self.engine), self.projector)

    def documents(self) -> InvoiceDocuments:
        return InvoiceDocuments(
            self.store,
            SqlDocumentArchive(self.engine),
            self.clients,
            partial(render_invoice, seller=self.seller),
            partial(render_credit_note, seller=self.seller),
            EInvoices(self.seller),
        )


class BillingProvider(Provider):
    scope = Scope.APP

    def __init__(self, billing: Billing) -> None:
        super().__init__()
        self.billing = billing

    @provide
    def runner(self) -> BillRunner:
        return self.billing.runner()

    @provide
    def views(self) -> SqlBillingViews:
        return self.billing.views

    @provide
    def queries(self) -> BillingQueries:
        return BillingQueries(self.billing.views, self.billing.clock)

    @provide
    def credit_notes(self) -> CreditNotes:
        return self.billing.credit_notes()

    @provide
    def documents(self) -> InvoiceDocuments:
        return self.billing.documents()

    @provide
    def journal(self) -> AuditJournal:
        return self.billing.journal()

    @provide
    def clock(self) -> Clock:
        return self.billing.clock

    @provide
    def analytics(self) -> SqlAnalytics:
        return SqlAnalytics(self.billing.engine)

    @provide
    def analytics_freshness(self) -> AnalyticsFreshness:
        b = self.billing
        return AnalyticsFreshness(
            [
                lambda: b.contracts_feed.catch_up_within(ANALYTICS_STALENESS_SECONDS),
                b.projector.refresh,
                lambda: b.collections_feed.catch_up_within(ANALYTICS_STALENESS_SECONDS),
            ]
        )


def build_event_store(settings: Settings) -> BillingEventStore:
    return BillingEventStore(settings.database_url_for(SERVICE), SERVICE)


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    engine = make_engine(settings.database_url_for(SERVICE), SERVICE)
    billing = Billing(settings, engine)
    app = build_service_app(
        SERVICE,
        settings,
        route_handlers=[
            BillRunController,
            InvoiceExportController,
            InvoiceController,
            AnalyticsController,
            CreditNoteController,
            AuditJournalController,
            InternalFeedController,
        ],
        container=make_async_container(BillingProvider(billing)),
        engine=engine,
        event_store=billing.events,
        before_ready=[billing.projector.refresh],  # a stuck read model: retried, named
    )
    app.state.erasures_feed = billing.erasures_feed
    return app


_WORKER_CONTEXT: dict[int, Billing] = {}


def _billing_for_worker(settings: Settings) -> Billing:
    """One set of pools per worker process, shared by its projector, followers and jobs."""
    if id(settings) not in _WORKER_CONTEXT:
        _WORKER_CONTEXT[id(settings)] = Billing(
            settings, make_engine(settings.database_url_for(SERVICE), SERVICE, pool_size=3)
        )
    return _WORKER_CONTEXT[id(settings)]


def build_projectors(settings: Settings) -> list[Projector]:
    return [_billing_for_worker(settings).projector]


def build_followers(settings: Settings) -> list[FeedFollower]:
    billing = _billing_for_worker(settings)
    return [billing.contracts_feed, billing.collections_feed, billing.erasures_feed]


def build_jobs(settings: Settings) -> list[Callable[[], object]]:
    billing = _billing_for_worker(settings)
    runner = billing.runner()
    documents = billing.documents()
    credit_notes = billing.credit_notes()

    def bill_runs() -> object:
        """Open runs are carried on (after a crash too); the month before is billed on the 1st.
        One batch of clients per call: the worker's feeds get a turn between two batches, so
        a restarted worker does not hold every read back until the rest of a run is billed."""
        if settings.auto_bill_run:
            runner.start_due_run()
        return runner.work_on_open_runs(max_batches=1)

    def credit_backdated_ends() -> object:
        """Days billed after a contract's (backdated) end are credited automatically."""
        return credit_notes.credit_backdated_ends()

    @background
    def archive_invoice_pdfs() -> object:
        # background, in small batches: every feed the worker follows gets a turn between two
        # batches, so a backlog of PDFs (after a bill run, after a restart) holds no read back
        return documents.archive_pending(limit=16)

    if not settings.archive_pdfs:
        return [bill_runs, credit_backdated_ends]
    return [bill_runs, credit_backdated_ends, archive_invoice_pdfs]
