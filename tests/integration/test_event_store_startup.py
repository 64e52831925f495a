"""Several processes of one service starting together on a database whose event tables do
not exist yet (API workers and the worker, launched at once): every one of them starts and
writes, none fails on the event store's table and function creation."""

from __future__ import annotations

import multiprocessing
import uuid
from decimal import Decimal

import psycopg

from mtf.catalog.adapters.postgres.event_store import CatalogEventStore, EventSourcedOfferStore
from mtf.catalog.domain.offer import Offer
from tests.conftest import Databases

PROCESSES = 6


def _start_and_write(dsn: str, tag: str, barrier: multiprocessing.synchronize.Barrier) -> None:
    barrier.wait(timeout=60)  # all at once, as a launcher starts them
    store = EventSourcedOfferStore(CatalogEventStore(dsn, "catalog"))
    store.save(
        Offer.define(
            code=f"START{tag}",
            name="Started together",
            service="mobile",
            monthly_fee=Decimal("10.00"),
            commitment_months=0,
            components={"data": {"quota_gb": 1}},
            actor="test",
        )
    )


def test_processes_of_one_service_starting_together_all_start_and_write(
    databases: Databases,
) -> None:
    dsn = databases.create("mtf_startup")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA catalog")
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    tags = [uuid.uuid4().hex[:6].upper() for _ in range(PROCESSES)]
    procs = [context.Process(target=_start_and_write, args=(dsn, tag, barrier)) for tag in tags]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0] * PROCESSES
    with psycopg.connect(dsn) as conn:
        written = conn.execute("SELECT count(*) FROM catalog.catalog_events").fetchone()
    assert written == (PROCESSES,)
