"""Which limit a growing operator hits first (docs/scaling.md): the event table's lock.

Every service appends its events under an exclusive lock on its own events table, held
until the transaction commits (the library's way to hand out gapless notification ids in
commit order, which every projection and feed relies on). Writers of one service therefore
commit one after the other, however many processes it runs; writers of two services (two
tables, or two servers) do not wait for each other.

This benchmark appends offers (one event per transaction, as an API write does) with P
writer processes, first all into one service's table, then split over two services' tables
(two databases on the same server), and prints events per second for each. The difference
is the lock; the ceiling of the first is about 1 / (commit time under the lock).

    .venv/bin/python -m bench.event_lock --events 2000 --writers 1 2 4

Uses throwaway databases on DATABASE_URL's server (dropped at the end).
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import time
import uuid
from decimal import Decimal

from bench.common import create_database, drop_database
from mtf.catalog.adapters.postgres.event_store import CatalogEventStore, EventSourcedOfferStore
from mtf.catalog.domain.offer import Offer
from mtf.kernel.service_keys import ServiceKeys
from mtf.kernel.settings import load_settings
from mtf.platform.migrate import migrate_all


def _write(dsn: str, count: int, tag: str) -> None:
    store = EventSourcedOfferStore(CatalogEventStore(dsn, "catalog"))
    for i in range(count):
        store.save(
            Offer.define(
                code=f"B{tag}{i:06d}"[:20],
                name="Bench offer",
                service="mobile",
                monthly_fee=Decimal("99.00"),
                commitment_months=12,
                components={"data": {"quota_gb": 20}, "calls": {"hours": 10}},
                actor="bench",
            )
        )


def _run(dsns: list[str], writers: int, per_writer: int) -> float:
    procs = [
        multiprocessing.Process(
            target=_write, args=(dsns[w % len(dsns)], per_writer, f"{uuid.uuid4().hex[:6]}{w}")
        )
        for w in range(writers)
    ]
    started = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        if p.exitcode != 0:
            raise SystemExit(f"a writer failed (exit {p.exitcode})")
    return writers * per_writer / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=2000, help="events per measurement")
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    dsns = [create_database(), create_database()]
    try:
        for dsn in dsns:
            settings = dataclasses.replace(
                load_settings(),
                database_url=dsn,
                service_database_urls={},
                service_keys=ServiceKeys.generate(),
            )
            migrate_all(settings, ("catalog",))
            CatalogEventStore(dsn, "catalog")  # its tables made once, not by racing writers
        print(
            f"events appended, one per transaction, {args.events} per measurement "
            "(2-core machine, PostgreSQL on the same machine)"
        )
        print(f"{'writers':>8} {'one service (1 table)':>24} {'two services (2 tables)':>26}")
        for writers in args.writers:
            per_writer = max(1, args.events // writers)
            one = _run(dsns[:1], writers, per_writer)
            two = _run(dsns, writers, per_writer) if writers > 1 else one
            print(f"{writers:>8} {one:>20.0f}/s {two:>22.0f}/s")
    finally:
        for dsn in dsns:
            drop_database(dsn)


if __name__ == "__main__":
    main()
