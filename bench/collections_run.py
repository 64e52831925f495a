"""A collections run over many open invoices: cases opened, reminders queued, end to end
including the read models. Targets (docs/performance.md): 100,000 open overdue invoices in
under 60 s; 1,000,000 open invoices (issue #13) in under 120 s.

    .venv/bin/python -m bench.collections_run --invoices 100000 --clients 80000
    .venv/bin/python -m bench.collections_run --invoices 1000000 --clients 800000 --overdue-share 0.1

`--overdue-share` (default 1: every invoice overdue, the hardest case) is the share of
invoices already past due; the others fall due in the next 30 days (a month's invoices
not yet due, as an operator's book holds most of the time).

Uses a throwaway database on DATABASE_URL's server (dropped at the end). The receivables
view (collections' input, normally followed from billing's feed) is seeded directly; the
overdue invoices are 1 to 25 days past due (reminders; no line suspension).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import resource
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal

import psycopg

from bench.common import create_database, drop_database
from mtf.collections.adapters.services import OutboxNotifier
from mtf.collections.app import CollectionsContext
from mtf.collections.application.use_cases import Collections, Payments
from mtf.kernel.db import make_engine
from mtf.kernel.service_keys import ServiceKeys
from mtf.kernel.settings import load_settings
from mtf.platform.migrate import migrate_all


class NoFeed:
    def catch_up(self) -> int:
        return 0


class NoContracts:
    def suspend_for_dunning(self, contract_id: uuid.UUID, on: date) -> bool:
        raise AssertionError("no suspension expected in this benchmark")

    def resume_after_dunning(self, contract_id: uuid.UUID, on: date) -> bool:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=80_000)
    parser.add_argument("--overdue-share", type=float, default=1.0)
    args = parser.parse_args()
    if not 0 < args.overdue_share <= 1:
        parser.error("--overdue-share must be in (0, 1]")
    dsn = create_database()
    settings = dataclasses.replace(
        load_settings(),
        database_url=dsn,
        service_database_urls={},
        jwt_secret="bench-only-" + "b" * 32,
        service_keys=ServiceKeys.generate(),
        pii_key="bench-only-" + "b" * 32,
        cin_hash_key="bench-only-" + "b" * 32,
    )
    try:
        migrate_all(settings, ("collections",))
        today = date.today()
        rng = random.Random(7)
        clients = [uuid.uuid4() for _ in range(args.clients)]
        with psycopg.connect(dsn) as conn, conn.cursor() as cur:
            with cur.copy(
                "COPY collections.receivables (invoice_id, client_id, number, issue_date, due_date, total, contract_ids) FROM STDIN"
            ) as copy:
                for i in range(args.invoices):
                    client = (
                        clients[i] if i < args.clients else clients[rng.randrange(args.clients)]
                    )
                    overdue = rng.random() < args.overdue_share
                    due = today + (
                        timedelta(days=-rng.randint(1, 25))
                        if overdue
                        else timedelta(days=rng.randint(0, 30))
                    )
                    copy.write_row(
                        (
                            uuid.uuid4(),
                            client,
                            f"FAC-2026-{i + 1:06d}",
                            due - timedelta(days=30),
                            due,
                            Decimal(rng.randint(5000, 50000)) / 100,
                            [uuid.uuid4()],
                        )
                    )
            conn.commit()
        context = CollectionsContext(settings, make_engine(dsn, "collections", pool_size=4))
        payments = Payments(
            store=context.store,
            receivables=context.views,
            billing_feed=NoFeed(),
            read_model=context.projector,
            locks=context.locks,
            clients=context.clients,
            clock=context.clock,
        )
        collections = Collections(
            store=context.store,
            receivables=context.views,
            billing_feed=NoFeed(),
            read_model=context.projector,
            contracts=NoContracts(),
            notifier=OutboxNotifier(context.engine),
            clock=context.clock,
            policy=context.policy,
            payments=payments,
            locks=context.locks,
        )
        started = time.perf_counter()
        figures = collections.run(today, "bench")
        elapsed = time.perf_counter() - started
        with psycopg.connect(dsn) as conn:
            cases, timeline, outbox = (
                conn.execute(f"SELECT count(*) FROM collections.{t}").fetchone()[0]  # type: ignore[index]
                for t in ("cases", "case_timeline", "notifications")
            )
        print(
            f"collections run over {args.invoices} open invoices of {args.clients} clients, "
            f"{args.overdue_share:.0%} of them overdue (2-core machine)"
        )
        print(f"  figures: {figures}")
        print(
            f"  cases in the read model: {cases}, timeline entries: {timeline}, reminders in the outbox: {outbox}"
        )
        print(f"  seconds: {elapsed:.1f}  ({args.invoices / elapsed:.0f} invoices/s)")
        print(f"  peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        if args.invoices >= 1_000_000:
            print(f"  target < 120 s at 1,000,000: {'MET' if elapsed < 120 else 'MISSED'}")
        elif args.overdue_share == 1:
            print(f"  target < 60 s at 100,000 overdue: {'MET' if elapsed < 60 else 'MISSED'}")
    finally:
        drop_database(dsn)


if __name__ == "__main__":
    main()
