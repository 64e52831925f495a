"""The volume dataset (issue 13): an operator of realistic shape for every benchmark.

    .venv/bin/python -m bench.volume --clients 100000            # seed, report, drop
    .venv/bin/python -m bench.volume --clients 20000 --keep      # ... and keep it: prints
                                                                 # MTF_VOLUME_URL=... to reuse
    .venv/bin/python -m bench.volume --clients 100000 --keep --name mtf_volume_100k
    .venv/bin/python -m bench.volume --reuse postgresql://...    # report on a kept one

A throwaway database on DATABASE_URL's server, migrated, then `mtf seed --volume N`'s seed
(src/mtf/platform/volume.py): 300 offers, N clients with 1.3 lines each, six months of bill
runs, payments for most invoices, overdue cases from one collections run. Other benchmarks
get it with `volume_settings()` (reusing MTF_VOLUME_URL when set) and print its size.

The secrets are fixed bench-only values, so a kept database opens with the same keys.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import time
from datetime import date
from typing import Any

from sqlalchemy import text

from bench.common import create_database, drop_database
from mtf.kernel.db import make_engine
from mtf.kernel.service_keys import ServiceKeys
from mtf.kernel.settings import Settings, load_settings

BENCH_SECRET = "bench-only-" + "v" * 32


def settings_for(dsn: str) -> Settings:
    return dataclasses.replace(
        load_settings(),
        database_url=dsn,
        service_database_urls={},
        jwt_secret=BENCH_SECRET,
        service_keys=ServiceKeys.generate(),
        pii_key=BENCH_SECRET,
        cin_hash_key=BENCH_SECRET,
        admin_password=BENCH_SECRET,
        auto_bill_run=False,
    )


def build(
    clients: int, as_of: date | None = None, seed: int = 42, name: str | None = None
) -> tuple[str, dict[str, Any]]:
    """A new database (`name`, or a random one) seeded with `clients` clients: its DSN and the
    seed's report."""
    from mtf.platform.migrate import migrate_all
    from mtf.platform.seed import seed_admin
    from mtf.platform.volume import seed_volume

    dsn = create_database(name)
    try:
        settings = settings_for(dsn)
        started = time.perf_counter()
        migrate_all(settings)
        seed_admin(settings)
        migrated = time.perf_counter() - started
        report = seed_volume(settings, clients, as_of=as_of, seed=seed)
        report["seconds_per_phase"] = {"migrate": round(migrated, 1), **report["seconds_per_phase"]}
    except BaseException:
        drop_database(dsn)
        raise
    return dsn, report


def size_of(dsn: str) -> dict[str, Any]:
    """What a benchmark says about the dataset it ran on."""
    engine = make_engine(dsn, "customer", pool_size=1)
    try:
        with engine.connect() as conn:

            def one(sql: str) -> Any:
                return conn.execute(text(sql)).scalar_one()

            return {
                "clients": one("SELECT count(*) FROM customer.clients"),
                "lines": one("SELECT count(*) FROM customer.subscribers"),
                "contracts": one("SELECT count(*) FROM contracts.contracts"),
                "invoices": one("SELECT count(*) FROM billing.invoices"),
                "payments": one("SELECT count(*) FROM collections.payments"),
                "open_cases": one("SELECT count(*) FROM collections.cases WHERE status = 'open'"),
                "database_mb": round(one("SELECT pg_database_size(current_database())") / 2**20),
            }
    finally:
        engine.dispose()


def volume_settings(clients: int = 100_000) -> tuple[Settings, bool]:
    """For another benchmark: settings on MTF_VOLUME_URL when set (kept by `--keep`), else on
    a new database seeded now; the flag says whether the caller should drop it."""
    reuse = os.environ.get("MTF_VOLUME_URL")
    if reuse:
        return settings_for(reuse), False
    dsn, _ = build(clients)
    return settings_for(dsn), True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--as-of", help="YYYY-MM-DD (default: this month's 1st)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true", help="keep the database; print its URL")
    parser.add_argument("--name", help="the new database's name (e.g. mtf_volume_100k)")
    parser.add_argument("--reuse", metavar="URL", help="only report on a database kept before")
    args = parser.parse_args()
    if args.reuse:
        print(json.dumps(size_of(args.reuse), indent=2))
        return
    dsn, report = build(
        args.clients,
        date.fromisoformat(args.as_of) if args.as_of else None,
        args.seed,
        args.name,
    )
    try:
        print(json.dumps({**report, "size": size_of(dsn)}, indent=2, default=str))
    finally:
        if args.keep:
            print(f"MTF_VOLUME_URL={dsn}")
        else:
            drop_database(dsn)


if __name__ == "__main__":
    main()
