"""A collections run over many open overdue invoices: cases opened, reminders queued,
end to end including the read models. Target (docs/performance.md): 100,000 open invoices
in under 60 s.

    .venv/bin/python -m bench.collections_run --invoices 100000 --clients 80000

Uses a throwaway database on DATABASE_URL's server (dropped at the end). The receivables
view (collections' input, normally followed from billing's feed) is seeded directly; the
due dates put every client 1 to 25 days past due (reminders; no line suspension).
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
    args = parser.parse_args()
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
                    due = today - timedelta(days=rng.randint(1, 25))
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
            f"collections run over {args.invoices} open overdue invoices of {args.clients} clients (2-core machine)"
        )
        print(f"  figures: {figures}")
        print(
            f"  cases in the read model: {cases}, timeline entries: {timeline}, reminders in the outbox: {outbox}"
        )
        print(f"  seconds: {elapsed:.1f}  ({args.invoices / elapsed:.0f} invoices/s)")
        print(f"  peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        print(f"  target < 60 s: {'MET' if elapsed < 60 else 'MISSED'}")
    finally:
        drop_database(dsn)


if __name__ == "__main__":
    main()
