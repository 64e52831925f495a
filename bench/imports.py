"""Migration import (docs/imports.md): a generated base of N contracts over about N/1.3
clients, imported through the gateway (`POST /api/v1/imports`, text/csv) and followed by
its progress (`GET /api/v1/imports/{id}`), then imported again (every row `unchanged`).
Prints contracts per second for both and the size of the data (rows, file size, events
written). Target (issue 13, point 6): at least 2,000 contracts per second.

    .venv/bin/python -m bench.imports --contracts 20000

Starts its own stack (as the launcher does) on ports 19100-19106 (`--port-base`) with a
throwaway database. `--profile contracts,customer,worker` records those processes with py-spy
(`--gil`: CPU only) during the first import, into `--profile-dir` (read them with
`python -m bench.profile_top`).
A file over the gateway's upload limit (64 MiB, about 400,000 rows) is split into several
imports, as an operator would; `mtf import FILE.csv` takes any size.
"""

from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import httpx
import psycopg

from bench.common import create_database, drop_database
from mtf.platform.stack import running_stack, stack_env

HEADER = "row_id,client_ref,first_name,last_name,cin,phone,email,city,offer_code,start_date"
OFFERS = ("MOB-10G", "MOB-50G", "MOB-ILLIMITE", "NET-ADSL-20", "NET-FIBRE-200", "FIXE-NATIONAL")
FIRST = ("Amina", "Youssef", "Salma", "Karim", "Nadia", "Omar", "Leila", "Hamza", "Sara", "Rachid")
LAST = ("Benali", "Alami", "Tazi", "Idrissi", "Fassi", "Chraibi", "El Amrani", "Berrada")
CITIES = ("Rabat", "Casablanca", "Fès", "Tanger", "Marrakech", "Agadir", "Oujda")


def base_file(contracts: int, seed: int = 13) -> list[str]:
    """`contracts` rows: clients with 1 to 4 lines (1.3 on average), started over 6 years."""
    rng = random.Random(seed)
    rows: list[str] = []
    client = 0
    first_day = date(2020, 1, 1)
    span = (date(2026, 1, 1) - first_day).days
    while len(rows) < contracts:
        client += 1
        lines = rng.choices([1, 2, 3, 4], weights=[78, 15, 5, 2])[0]
        person = (
            f"{rng.choice(FIRST)},{rng.choice(LAST)},B{client:06d}"
            if client < 1_000_000
            else f"{rng.choice(FIRST)},{rng.choice(LAST)},BX{client % 1_000_000:06d}"
        )
        phone = f"06{rng.randint(10_000_000, 99_999_999)}"
        city = rng.choice(CITIES)
        for _ in range(lines):
            if len(rows) >= contracts:
                break
            start = first_day + timedelta(days=rng.randint(0, span))
            rows.append(
                f"R{len(rows) + 1:08d},C{client:07d},{person},{phone},,{city},"
                f"{rng.choice(OFFERS)},{start.isoformat()}"
            )
    return rows


def parts(rows: list[str], max_bytes: int) -> list[bytes]:
    """The rows as one or more files under `max_bytes` each (a client's lines kept together
    is not needed: a client seen again is found by its reference)."""
    files: list[bytes] = []
    current: list[str] = []
    size = len(HEADER) + 1
    for row in rows:
        if size + len(row) + 1 > max_bytes and current:
            files.append(("\n".join([HEADER, *current]) + "\n").encode())
            current, size = [], len(HEADER) + 1
        current.append(row)
        size += len(row) + 1
    if current:
        files.append(("\n".join([HEADER, *current]) + "\n").encode())
    return files


def run_import(base: str, headers: dict[str, str], content: bytes) -> dict[str, object]:
    r = httpx.post(
        f"{base}/api/v1/imports",
        content=content,
        headers={**headers, "Content-Type": "text/csv", "Idempotency-Key": str(uuid.uuid4())},
        timeout=300,
    )
    if r.status_code != 202:
        raise SystemExit(f"import refused: {r.status_code} {r.text}")
    import_id = r.json()["id"]
    while True:
        found: dict[str, object] = httpx.get(
            f"{base}/api/v1/imports/{import_id}", headers=headers, timeout=30
        ).json()
        if found["status"] != "running":
            return found
        time.sleep(0.2)


def _spies(args: argparse.Namespace) -> list[subprocess.Popen[bytes]]:
    if not args.profile:
        return []
    from bench.checkouts import _stack

    wanted = args.profile.split(",")
    return [
        subprocess.Popen(
            [
                str(Path(sys.executable).parent / "py-spy"),
                "record",
                "--gil",
                "-p",
                str(p.pid),
                "-f",
                "raw",
                "-o",
                f"{args.profile_dir}/import-{key}.txt",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for key, p in _stack(args.port_base).items()
        if key.split("#")[0] in wanted
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contracts", type=int, default=20_000)
    parser.add_argument("--port-base", type=int, default=19100)
    parser.add_argument("--profile", default="", help="processes to record with py-spy")
    parser.add_argument("--profile-dir", default=tempfile.gettempdir(), help="where profiles go")
    args = parser.parse_args()
    rows = base_file(args.contracts)
    files = parts(rows, 60 * 1024 * 1024)
    dsn = create_database()
    work = Path(tempfile.mkdtemp(prefix="mtf-bench-"))
    try:
        env = stack_env(dsn, work, args.port_base, MTF_AUTO_BILL_RUN="0", MTF_LOG_LEVEL="WARNING")
        with running_stack(env, work) as stack:
            headers = {"Authorization": f"Bearer {stack.token()}"}
            figures = []
            from bench.checkouts import _stack
            from bench.reads import cpu_seconds

            processes = _stack(args.port_base)
            for label in ("first import", "same file again"):
                spies = _spies(args) if label == "first import" else []
                before = cpu_seconds(processes)
                started = time.perf_counter()
                results = [run_import(stack.base_url, headers, content) for content in files]
                elapsed = time.perf_counter() - started
                after = cpu_seconds(processes)
                cpu = {k: (sum(after[k]) - sum(before[k])) * 1e6 / len(rows) for k in processes}
                print(
                    f"  {label}: CPU per contract (µs, stack processes, PostgreSQL not "
                    "included): "
                    + ", ".join(
                        f"{k} {v:.0f}"
                        for k, v in sorted(cpu.items(), key=lambda kv: -kv[1])
                        if v >= 5
                    )
                    + f"; total {sum(cpu.values()):.0f}"
                )
                for spy in spies:
                    spy.send_signal(signal.SIGINT)  # py-spy writes its profile on interrupt
                    spy.wait()
                figures.append((label, elapsed, results))
        with psycopg.connect(dsn) as conn:
            contracts = conn.execute(
                "SELECT count(*) FROM contracts.contracts_events WHERE topic LIKE '%Contract.Created'"
            ).fetchone()[0]  # type: ignore[index]
            clients = conn.execute(
                "SELECT count(*) FROM customer.customer_events WHERE topic LIKE '%Client.Registered'"
            ).fetchone()[0]  # type: ignore[index]
            events = {
                s: conn.execute(f"SELECT count(*) FROM {s}.{s}_events").fetchone()[0]  # type: ignore[index]
                for s in ("customer", "contracts")
            }
        size = sum(len(f) for f in files)
        print(
            f"migration import through the gateway: {len(rows)} contracts over {clients} clients, "
            f"{len(files)} file(s), {size / 1e6:.1f} MB (2-core machine)"
        )
        print(f"  created: {contracts} contracts; events: {events}")
        for label, elapsed, results in figures:
            counts = {
                k: sum(int(r[k]) for r in results)  # type: ignore[call-overload]
                for k in ("created", "unchanged", "changed", "rejected")
            }
            print(f"  {label}: {len(rows) / elapsed:.0f} contracts/s ({elapsed:.1f} s) {counts}")
        ok = (
            contracts == len(rows)
            and figures[1][2]
            and all(r["unchanged"] == r["rows"] for r in figures[1][2])
        )
        print("  every row imported once, and once only:", bool(ok))
    finally:
        drop_database(dsn)


if __name__ == "__main__":
    main()
