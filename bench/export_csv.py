"""The CSV export of a large set of invoices through the gateway: rows per second and the
memory of the billing and gateway processes while the file streams (it must not grow with the
number of rows). Starts its own stack (ports 18850-18856) on a throwaway database filled with
generated invoices (SQL, not bill runs: the export is measured, not billing).

    ./launch_all.sh stop; .venv/bin/python -m bench.export_csv --invoices 500000
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil
import psycopg

from bench.common import create_database, drop_database
from mtf.platform.stack import running_stack, stack_env

FILL = """
INSERT INTO billing.invoices (id, number, client_id, period, issue_date, due_date, currency,
    subtotal, vat, total, credited, paid, bill_run_id, created_at)
SELECT gen_random_uuid(), 'FAC-2026-' || lpad(n::text, 7, '0'), gen_random_uuid(), '2026-10',
    DATE '2026-11-01', DATE '2026-12-01', 'MAD', 100.00 + (n % 300), 20.00, 120.00 + (n % 300),
    0, CASE WHEN n % 3 = 0 THEN 120.00 + (n % 300) ELSE 0 END, NULL, now()
FROM generate_series(1, %s) AS n
"""


def rss(pid: int) -> int:
    return int(psutil.Process(pid).memory_info().rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=500_000)
    args = parser.parse_args()
    dsn = create_database()
    work = Path(tempfile.mkdtemp(prefix="mtf-bench-"))
    try:
        env = stack_env(
            dsn, work, 18850, MTF_AUTO_BILL_RUN="0", MTF_LOG_LEVEL="WARNING", MTF_WORKERS="1"
        )
        with running_stack(env, work) as stack:
            with psycopg.connect(dsn, autocommit=True) as conn:
                started = time.perf_counter()
                conn.execute(FILL.replace("%s", str(int(args.invoices))))
                conn.execute("ANALYZE billing.invoices")
                print(
                    f"{args.invoices:,} invoices generated in {time.perf_counter() - started:.1f} s"
                )
            children = json.loads((stack.run_dir / "children.json").read_text())
            pids = {
                name: int(pid)
                for name, pid in children.items()
                if name.startswith(("billing", "gateway"))
            }
            before = {name: rss(pid) for name, pid in pids.items()}
            peak = dict(before)
            done = threading.Event()

            def sample() -> None:
                while not done.is_set():
                    for name, pid in pids.items():
                        peak[name] = max(peak[name], rss(pid))
                    time.sleep(0.1)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            headers = {"Authorization": f"Bearer {stack.token()}"}
            lines = size = 0
            first_byte = None
            started = time.perf_counter()
            with httpx.stream(
                "GET", f"{stack.base_url}/api/v1/invoices/export", headers=headers, timeout=120
            ) as response:
                response.raise_for_status()
                for chunk in response.iter_bytes():
                    if first_byte is None:
                        first_byte = time.perf_counter() - started
                    size += len(chunk)
                    lines += chunk.count(b"\n")
            elapsed = time.perf_counter() - started
            done.set()
            sampler.join()
            rows = lines - 1
            assert rows == args.invoices, (rows, args.invoices)
            print(
                f"exported {rows:,} rows ({size / 1e6:.1f} MB) in {elapsed:.1f} s = "
                f"{rows / elapsed:,.0f} rows/s; first byte after {first_byte or 0:.2f} s"
            )
            for name in pids:
                print(
                    f"{name}: RSS {before[name] / 1e6:.0f} MB before, peak {peak[name] / 1e6:.0f} MB "
                    f"during the export (+{(peak[name] - before[name]) / 1e6:.0f} MB)"
                )
    finally:
        drop_database(dsn)


if __name__ == "__main__":
    main()
