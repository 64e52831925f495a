"""Bill run at scale: N contracts over M clients, billed by W worker processes, end to
end including the invoice read model. Prints invoices per second and peak memory.

Targets (docs/performance.md): >= 2,000 invoices/s at 100,000 contracts (~80,000 clients),
peak memory < 1 GB, rate at 10,000 and 100,000 contracts within 20% of each other.

    .venv/bin/python -m bench.bill_run --contracts 100000 --clients 80000 --workers 2
    .venv/bin/python -m bench.bill_run --contracts 10000 --clients 8000 --workers 2

Uses a throwaway database on DATABASE_URL's server (dropped at the end). The billable view
(billing's own input table, normally filled from the contracts feed) is seeded directly.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import fields
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg

from bench.common import create_database, drop_database
from mtf.billing.adapters.postgres.event_store import EventSourcedBilling
from mtf.billing.adapters.postgres.projection import BillingProjection
from mtf.billing.adapters.postgres.work import SqlBillRunWork
from mtf.billing.app import build_event_store
from mtf.billing.application.bill_runs import BillRunner
from mtf.kernel.clock import SystemClock
from mtf.kernel.db import make_engine
from mtf.kernel.projection import Projector
from mtf.kernel.service_keys import ServiceKeys
from mtf.kernel.settings import Settings, load_settings

PERIOD = "2026-10"
AS_OF = date(2026, 11, 1)


class NoFeed:
    def catch_up(self) -> int:
        return 0


def runner_for(settings: Settings) -> tuple[BillRunner, Projector]:
    engine = make_engine(settings.database_url, "billing", pool_size=4)
    events = build_event_store(settings)
    projector = Projector(events, engine, BillingProjection(), batch=2000)
    runner = BillRunner(
        store=EventSourcedBilling(events),
        work=SqlBillRunWork(engine),
        contracts_feed=NoFeed(),
        read_model=projector,
        clock=SystemClock(),
        vat_rate=Decimal("0.20"),
        batch_size=500,
    )
    return runner, projector


def seed(dsn: str, contracts: int, clients: int) -> None:
    rng = random.Random(42)
    client_ids = [uuid.uuid4() for _ in range(clients)]
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        with cur.copy(
            "COPY billing.billable_contracts (contract_id, client_id, subscriber_id, offer_id, offer_version, "
            "offer_code, offer_name, service, monthly_fee, start_date, end_date, status) FROM STDIN"
        ) as copy:
            offer = uuid.uuid4()
            for i in range(contracts):
                client = client_ids[i] if i < clients else client_ids[rng.randrange(clients)]
                start = date(2026, rng.choice([8, 9, 10]), rng.randint(1, 28))
                end = (
                    date(2026, 10, rng.randint(start.day if start.month == 10 else 1, 31))
                    if rng.random() < 0.1
                    else None
                )
                fee = Decimal(rng.choice(["49.00", "99.00", "199.00", "349.00"]))
                copy.write_row(
                    (
                        uuid.uuid4(),
                        client,
                        uuid.uuid4(),
                        offer,
                        1,
                        "BENCH",
                        "Offre bench",
                        "mobile",
                        fee,
                        start,
                        end,
                        "active",
                    )
                )
        conn.commit()


def work(settings_file: str, run_id: str) -> None:
    raw = json.loads(Path(settings_file).read_text())
    settings = Settings(
        **{f.name: raw[f.name] for f in fields(Settings) if f.name in raw},
        service_keys=ServiceKeys.generate(),  # a worker signs no call to another service here
    )
    runner, _ = runner_for(settings)
    runner.work_on(uuid.UUID(run_id))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contracts", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=80_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--work", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.work:
        work(*args.work)
        return

    dsn = create_database()
    settings = dataclasses.replace(
        load_settings(),
        database_url=dsn,
        service_database_urls={},
        jwt_secret="bench-only-" + "b" * 32,
        service_keys=ServiceKeys.generate(),
        pii_key="bench-only-" + "b" * 32,
        cin_hash_key="bench-only-" + "b" * 32,
        auto_bill_run=False,
    )
    try:
        from mtf.platform.migrate import migrate_all

        migrate_all(settings, ("billing",))
        t0 = time.perf_counter()
        seed(dsn, args.contracts, args.clients)
        print(
            f"seeded {args.contracts} contracts over {args.clients} clients in {time.perf_counter() - t0:.1f} s"
        )
        runner, projector = runner_for(settings)
        started = time.perf_counter()
        run_id = runner.start(PERIOD, AS_OF, "bench")
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            kept = {f.name for f in fields(Settings)} - {"service_keys", "clock_override"}
            json.dump({k: v for k, v in vars(settings).items() if k in kept}, f, default=str)
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "bench.bill_run", "--work", f.name, str(run_id)]
            )
            for _ in range(args.workers)
        ]
        for p in procs:
            p.wait()
        projector.catch_up()
        elapsed = time.perf_counter() - started
        with psycopg.connect(dsn) as conn:
            invoices, amount = conn.execute(
                "SELECT count(*), coalesce(sum(total), 0) FROM billing.invoices"
            ).fetchone()  # type: ignore[misc]
            numbers = conn.execute(
                "SELECT min(number), max(number) FROM billing.invoices"
            ).fetchone()
            status = conn.execute("SELECT status FROM billing.bill_runs").fetchone()
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result: dict[str, Any] = {
            "contracts": args.contracts,
            "clients": args.clients,
            "workers": args.workers,
            "invoices": invoices,
            "amount_billed_mad": str(amount),
            "numbers": f"{numbers[0]}..{numbers[1]}" if numbers else "",
            "run_status": status[0] if status else None,
            "seconds": round(elapsed, 2),
            "invoices_per_second": round(invoices / elapsed, 1),
            "peak_rss_worker_mb": round(peak_kb / 1024, 1),
            "peak_rss_coordinator_mb": round(self_kb / 1024, 1),
        }
        print(f"bill run {PERIOD}, end to end including the invoice read model (2-core machine)")
        for key, value in result.items():
            print(f"  {key:>24}: {value}")
        print(
            f"  target >= 2000 invoices/s: {'MET' if result['invoices_per_second'] >= 2000 else 'MISSED'}"
        )
        print(
            f"  target peak memory < 1 GB: {'MET' if max(peak_kb, self_kb) < 1024 * 1024 else 'MISSED'}"
        )
    finally:
        drop_database(dsn)


if __name__ == "__main__":
    main()
