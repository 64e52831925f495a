"""How soon every invoice of a bill run has its PDF archived (and its SHA-256 recorded) by the
workers, after the run completes. Starts its own stack on ports 19000-19006 (`--port-base`).

    ./launch_all.sh stop; .venv/bin/python -m bench.pdf_archive --clients 400
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psycopg

from bench.common import create_database, drop_database, percentile
from bench.payments import setup
from mtf.platform.stack import running_stack, stack_env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=400)
    parser.add_argument("--workers", type=int, default=1, help="worker processes (MTF_WORKERS)")
    parser.add_argument("--port-base", type=int, default=19000, help="the stack's first port")
    args = parser.parse_args()
    dsn = create_database()
    work = Path(tempfile.mkdtemp(prefix="mtf-bench-"))
    try:
        env = stack_env(dsn, work, args.port_base, MTF_AUTO_BILL_RUN="0", MTF_LOG_LEVEL="WARNING")
        env["MTF_WORKERS"] = str(args.workers)
        with running_stack(env, work) as stack, psycopg.connect(dsn, autocommit=True) as conn:
            headers = {"Authorization": f"Bearer {stack.token()}"}
            setup(stack.base_url, headers, args.clients)  # clients, contracts, a bill run
            completed = time.perf_counter()
            total = conn.execute("SELECT count(*) FROM billing.invoices").fetchone()[0]  # type: ignore[index]
            # what an operator's console sees meanwhile: a page of invoices, 10 times a second
            done = threading.Event()
            latencies: list[float] = []

            def console() -> None:
                with httpx.Client(base_url=stack.base_url, headers=headers, timeout=30) as c:
                    while not done.is_set():
                        started = time.perf_counter()
                        c.get("/api/v1/invoices", params={"limit": 20}).raise_for_status()
                        latencies.append((time.perf_counter() - started) * 1000)
                        time.sleep(0.1)

            reader = threading.Thread(target=console, daemon=True)
            reader.start()
            archived = 0
            while archived < total:
                archived = conn.execute(
                    "SELECT count(*) FROM billing.invoice_documents"
                ).fetchone()[0]  # type: ignore[index]
                time.sleep(0.1)
            elapsed = time.perf_counter() - completed
            done.set()
            reader.join()
            duplicated = conn.execute(
                "SELECT count(*) FROM billing.invoices i JOIN billing.invoice_documents d "
                "ON d.invoice_id = i.id WHERE d.sha256 IS NULL"
            ).fetchone()[0]  # type: ignore[index]
        print(f"{total} invoices archived as PDF in {elapsed:.1f} s after the bill run completed")
        print(
            f"  {total / elapsed:.1f} PDFs archived per second ({args.workers} worker process(es))"
        )
        print(f"  without a SHA-256: {duplicated}")
        latencies.sort()
        print(
            f"  GET /api/v1/invoices?limit=20 during the archiving ({len(latencies)} reads, 10/s): "
            f"p50 {percentile(latencies, 0.5):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms"
        )
    finally:
        drop_database(dsn)


if __name__ == "__main__":
    main()
