"""Bill run at scale: N contracts over M clients, billed by W worker processes, end to
end: invoices, billed days, numbering, journal, read model. Prints invoices per second,
peak RSS of each process, the CPU seconds of the workers and of their PostgreSQL backends
per invoice, and, in the same run on the same server, PostgreSQL's own insert rate for
rows of the size of an invoice's event (one binary COPY, and INSERT transactions of 500
rows, W connections at once) with the ratio of the bill run's rate to it.

Targets (issue #13): >= 5,000 invoices/s at 1,000,000 contracts over 800,000 clients,
within 20 % of the 100,000-contract rate, peak RSS < 1 GB per process.

    .venv/bin/python -m bench.bill_run --contracts 100000 --clients 80000 --workers 2
    .venv/bin/python -m bench.bill_run --contracts 1000000 --clients 800000 --workers 2

Uses a throwaway database on DATABASE_URL's server (dropped at the end, unless --keep).
The billable view (billing's own input table, normally filled from the contracts feed) is
seeded directly by one COPY. Each worker bills one batch at a time and brings the read model
up to date between batches when no other worker is doing it (as the service's worker does).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import random
import resource
import struct
import subprocess
import sys
import tempfile
import threading
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
from mtf.kernel.heap import settle_heap
from mtf.kernel.projection import Projector
from mtf.kernel.service_keys import ServiceKeys
from mtf.kernel.settings import Settings, load_settings

PERIOD = "2026-10"
AS_OF = date(2026, 11, 1)


BATCH = 1000  # clients claimed per batch


class NoFeed:
    def catch_up(self) -> int:
        return 0


class ReadModelTurn:
    """The read model's turn between two batches: one batch of events, unless another
    worker is applying them right now (then this one bills its next batch meanwhile)."""

    def __init__(self, projector: Projector) -> None:
        self.projector = projector

    def catch_up(self) -> int:
        return self.projector.catch_up(max_batches=1, wait=False)


def runner_for(settings: Settings, batch: int = BATCH) -> tuple[BillRunner, Projector]:
    engine = make_engine(settings.database_url, "billing", pool_size=4)
    events = build_event_store(settings)
    projector = Projector(events, engine, BillingProjection(), batch=2000)
    runner = BillRunner(
        store=EventSourcedBilling(events),
        work=SqlBillRunWork(engine),
        contracts_feed=NoFeed(),
        read_model=ReadModelTurn(projector),
        clock=SystemClock(),
        vat_rate=Decimal("0.20"),
        batch_size=batch,
    )
    return runner, projector


def seed(dsn: str, contracts: int, clients: int) -> None:
    """One COPY of the billable contracts (a million in about 30 s on this machine)."""
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


def work(settings_file: str, run_id: str, batch: int, report: str) -> None:
    raw = json.loads(Path(settings_file).read_text())
    settings = Settings(
        **{f.name: raw[f.name] for f in fields(Settings) if f.name in raw},
        service_keys=ServiceKeys.generate(),  # a worker signs no call to another service here
    )
    runner, projector = runner_for(settings, batch)
    run = uuid.UUID(run_id)
    settle_heap()  # as the service's worker does once started
    while runner.work_on(run, max_batches=1):  # a batch, then the read model's turn
        pass
    projector.catch_up()  # what the other worker left, once it is done
    usage = resource.getrusage(resource.RUSAGE_SELF)  # its ru_maxrss is the parent's at fork
    Path(report).write_text(
        json.dumps(
            {
                "maxrss_kb": _peak_rss_kb(),
                "cpu_s": usage.ru_utime + usage.ru_stime,
                "gc_collections": [g["collections"] for g in gc.get_stats()],
            }
        )
    )


def _peak_rss_kb() -> int:
    """This process's peak resident set since it started (VmHWM: unlike ru_maxrss, not
    carried over from the parent that forked it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) of a process so far, from /proc."""
    try:
        fields_ = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return -1.0
    return (int(fields_[11]) + int(fields_[12])) / os.sysconf("SC_CLK_TCK")


class BackendCpu:
    """The CPU time of the PostgreSQL backends serving one database (the workers' sessions
    and any autovacuum there), sampled from /proc every 0.2 s while the run lasts (a
    backend's last 0.2 s before it exits can be missed)."""

    def __init__(self, dsn: str, dbname: str) -> None:
        self.dsn, self.dbname = dsn, dbname
        self.seen: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            own = conn.info.backend_pid
            while not self.stop.is_set():
                for (pid,) in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.dbname,)
                ).fetchall():
                    if pid != own:
                        cpu = _cpu_of(pid)
                        if cpu >= 0:
                            self.seen[pid] = max(cpu, self.seen.get(pid, 0.0))
                self.stop.wait(0.2)

    def __enter__(self) -> BackendCpu:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join()

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())


_REFERENCE_TABLE = """
CREATE TABLE IF NOT EXISTS public.bench_insert_rate (
    notification_id bigserial PRIMARY KEY,
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text NOT NULL,
    state bytea NOT NULL,
    UNIQUE (originator_id, originator_version)
)"""


_UUID, _INT8, _TEXT, _BYTEA = 2950, 20, 25, 17
_ARRAY_OF = {_UUID: 2951, _INT8: 1016, _TEXT: 1009, _BYTEA: 1001}


def _binary_array(oid: int, items: list[bytes]) -> bytes:
    """A one-dimensional PostgreSQL array in binary wire format, of already encoded items."""
    head = struct.pack("!iiiii", 1, 0, oid, len(items), 1)
    return head + b"".join(struct.pack("!i", len(i)) + i for i in items)


def insert_rate(dsn: str, rows: int, size: int, connections: int) -> dict[str, float]:
    """PostgreSQL's own insert rate, on the same server in the same run, for rows like an
    invoice's event row (same columns and indexes as the event table, a `state` of `size`
    bytes): `connections` clients at once, each one binary COPY in one transaction, then
    each INSERT transactions of 500 rows (one statement of parallel arrays sent in binary,
    as the event store's insert). Everything sent is encoded before the clock starts, so
    only PostgreSQL (and libpq) is measured, not the client's Python."""
    topic = b"mtf.billing.domain.invoice:Invoice.Issued"
    payload = random.Random(7).randbytes(size)
    share = max(500, rows // connections // 500 * 500)
    one = struct.pack("!q", 1)

    def copy_data() -> bytes:
        parts = [b"PGCOPY\n\xff\r\n\x00", struct.pack("!ii", 0, 0)]
        for _ in range(share):
            parts.append(
                struct.pack("!hi", 4, 16)
                + uuid.uuid4().bytes
                + struct.pack("!i", 8)
                + one
                + struct.pack("!i", len(topic))
                + topic
                + struct.pack("!i", size)
                + payload
            )
        parts.append(struct.pack("!h", -1))
        return b"".join(parts)

    def insert_data() -> list[list[bytes]]:
        return [
            [
                _binary_array(_UUID, [uuid.uuid4().bytes for _ in range(500)]),
                _binary_array(_INT8, [one] * 500),
                _binary_array(_TEXT, [topic] * 500),
                _binary_array(_BYTEA, [payload] * 500),
            ]
            for _ in range(share // 500)
        ]

    def copy_all(data: bytes) -> None:
        with (
            psycopg.connect(dsn) as conn,
            conn.cursor() as cur,
            cur.copy(
                "COPY public.bench_insert_rate (originator_id, originator_version, topic, state) "
                "FROM STDIN (FORMAT BINARY)"
            ) as copy,
        ):
            for start in range(0, len(data), 1 << 20):
                copy.write(data[start : start + (1 << 20)])

    def insert_all(data: list[list[bytes]]) -> None:
        statement = (
            b"INSERT INTO public.bench_insert_rate (originator_id, originator_version, topic, "
            b"state) SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::bytea[])"
        )
        oids = [_ARRAY_OF[o] for o in (_UUID, _INT8, _TEXT, _BYTEA)]
        with psycopg.connect(dsn, autocommit=True) as conn:
            for params in data:  # each statement its own transaction (autocommit)
                result = conn.pgconn.exec_params(statement, params, oids, [1, 1, 1, 1], 0)
                if result.status != psycopg.pq.ExecStatus.COMMAND_OK:
                    raise RuntimeError(result.error_message.decode())

    result: dict[str, float] = {}
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(_REFERENCE_TABLE)
    for name, build, send in (
        ("copy", copy_data, copy_all),
        ("insert_500", insert_data, insert_all),
    ):
        data = [build() for _ in range(connections)]
        threads = [threading.Thread(target=send, args=(d,)) for d in data]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        result[name] = share * connections / (time.perf_counter() - t0)
        del data
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE public.bench_insert_rate")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contracts", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=80_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=BATCH, help="clients per batch")
    parser.add_argument(
        "--reference-rows",
        type=int,
        default=200_000,
        help="rows of PostgreSQL's own insert rate (at most the invoices billed)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database (prints it)")
    parser.add_argument("--work", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.work:
        work(args.work[0], args.work[1], int(args.work[2]), args.work[3])
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
        runner, projector = runner_for(settings, args.batch)
        tmp = Path(tempfile.mkdtemp(prefix="mtf-bill-run-"))
        settings_file = tmp / "settings.json"
        kept = {f.name for f in fields(Settings)} - {"service_keys", "clock_override"}
        settings_file.write_text(
            json.dumps({k: v for k, v in vars(settings).items() if k in kept}, default=str)
        )
        load_before = os.getloadavg()
        dbname = psycopg.conninfo.conninfo_to_dict(dsn)["dbname"]
        with BackendCpu(dsn, str(dbname)) as backends:
            started = time.perf_counter()
            run_id = runner.start(PERIOD, AS_OF, "bench")
            procs = [
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "bench.bill_run",
                        "--work",
                        str(settings_file),
                        str(run_id),
                        str(args.batch),
                        str(tmp / f"worker-{n}.json"),
                    ]
                )
                for n in range(args.workers)
            ]
            failed = sum(1 for p in procs if p.wait() != 0)
            projector.catch_up()
            elapsed = time.perf_counter() - started
        reports = [tmp / f"worker-{n}.json" for n in range(args.workers)]
        workers = [json.loads(r.read_text()) for r in reports if r.exists()]
        with psycopg.connect(dsn) as conn:
            invoices, amount = conn.execute(
                "SELECT count(*), coalesce(sum(total), 0) FROM billing.invoices"
            ).fetchone()  # type: ignore[misc]
            numbers = conn.execute(
                "SELECT min(number), max(number) FROM billing.invoices"
            ).fetchone()
            status = conn.execute("SELECT status FROM billing.bill_runs").fetchone()
            event_size = conn.execute(
                "SELECT avg(length(state))::int FROM billing.billing_events "
                "WHERE topic LIKE '%%Invoice.Issued'"
            ).fetchone()
            rows = {
                table: conn.execute(f"SELECT count(*) FROM billing.{table}").fetchone()[0]  # type: ignore[index]
                for table in (
                    "billing_events",
                    "contract_billing",
                    "invoice_ledger",
                    "document_journal",
                    "bill_run_items",
                    "invoices",
                    "invoice_lines",
                )
            }
        load_after = os.getloadavg()
        peak_kb = max(w["maxrss_kb"] for w in workers)
        worker_cpu = sum(w["cpu_s"] for w in workers)
        size = int(event_size[0]) if event_size and event_size[0] else 1000
        reference = insert_rate(
            dsn, max(500 * args.workers, min(args.reference_rows, invoices)), size, args.workers
        )
        rate = invoices / elapsed
        self_kb = _peak_rss_kb()  # the seed's ids and the reference's rows included
        result: dict[str, Any] = {
            "contracts": args.contracts,
            "clients": args.clients,
            "workers": args.workers,
            "invoices": invoices,
            "amount_billed_mad": str(amount),
            "numbers": f"{numbers[0]}..{numbers[1]}" if numbers else "",
            "run_status": status[0] if status else None,
            "seconds": round(elapsed, 2),
            "invoices_per_second": round(rate, 1),
            "batch": args.batch,
            "workers_failed": failed,
            "peak_rss_per_worker_mb": [round(w["maxrss_kb"] / 1024, 1) for w in workers],
            "peak_rss_coordinator_mb": round(self_kb / 1024, 1),
            "worker_cpu_us_per_invoice": round(1e6 * worker_cpu / max(invoices, 1)),
            "postgres_cpu_us_per_invoice": round(1e6 * backends.seconds / max(invoices, 1)),
            "rows_written": sum(rows.values()),
            "rows_per_invoice": round(sum(rows.values()) / max(invoices, 1), 2),
            "invoice_event_bytes": size,
            "pg_copy_rows_per_second": round(reference["copy"]),
            "pg_insert500_rows_per_second": round(reference["insert_500"]),
            "ratio_to_pg_copy": round(rate / reference["copy"], 3),
            "ratio_to_pg_insert500": round(rate / reference["insert_500"], 3),
            "load_average_before": " ".join(f"{x:.2f}" for x in load_before),
            "load_average_after": " ".join(f"{x:.2f}" for x in load_after),
        }
        print(f"bill run {PERIOD}, end to end incl. billed days, numbering, journal, read model")
        for key, value in result.items():
            print(f"  {key:>28}: {value}")
        print(f"  target >= 5000 invoices/s: {'MET' if rate >= 5000 else 'MISSED'}")
        print(
            f"  target peak RSS < 1 GB per process: "
            f"{'MET' if max(peak_kb, self_kb) < 1024 * 1024 else 'MISSED'}"
        )
    finally:
        if args.keep:
            print(f"kept: {dsn}")
        else:
            drop_database(dsn)


if __name__ == "__main__":
    main()
