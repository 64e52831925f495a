"""Reads under load (issue 13, part 2): an open-loop mix of the console's and partners' reads
through the gateway, on the volume dataset. Target: p99 < 25 ms at 500 req/s, zero errors.

    .venv/bin/python -m bench.reads --rate 500 --seconds 30           # on MTF_VOLUME_URL, or
                                                                       # a new 100,000-client seed
    .venv/bin/python -m bench.reads --clients 20000 --rate 300        # a smaller new seed
    .venv/bin/python -m bench.reads --profile gateway,customer        # py-spy during the run

Starts the stack (as the launcher does) on ports 19000-19006 (`--port-base`) over the dataset. Before the
timed run it samples real targets through the API (clients with their CIN and name, their
invoices), then sends the mix at a fixed rate (requests are scheduled, not waited for: a slow
answer delays none of the following ones) over keep-alive connections, and reports latency
per kind of read, errors, and the CPU time each process of the stack spent per request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import psutil

from bench.common import drop_database, percentile
from bench.loadgen import _read_response
from bench.volume import BENCH_SECRET, size_of, volume_settings
from mtf.kernel.db import conninfo_parts
from mtf.platform.stack import running_stack, stack_env

# (kind, weight): what an operator's console and a partner's integration read most
MIX = (
    ("offers_list", 8),
    ("client_by_cin", 10),
    ("client_by_name", 8),
    ("client_by_phone", 6),
    ("client_detail", 12),
    ("client_contracts", 6),
    ("client_invoices", 12),
    ("invoice_detail", 12),
    ("balance", 10),
    ("aging", 4),
    ("payments_list", 8),
    ("client_payments", 4),
)


@dataclass
class Targets:
    clients: list[dict[str, Any]] = field(default_factory=list)
    invoices: list[str] = field(default_factory=list)


def settled(base: str, headers: dict[str, str], timeout: float = 900) -> int:
    """Wait until the client list stops growing (a migration may have rebuilt a read model
    the worker is now refilling): the reads are timed on a settled dataset."""
    deadline = time.monotonic() + timeout
    last, still = -1, 0
    while time.monotonic() < deadline:
        total = httpx.get(
            f"{base}/api/v1/clients", params={"limit": 1}, headers=headers, timeout=30
        ).json()["total"]
        still = still + 1 if total == last else 0
        if still >= 3:
            return int(total)
        last = total
        time.sleep(2)
    raise SystemExit("the read models did not settle")


def sample(base: str, headers: dict[str, str], count: int, rng: random.Random) -> Targets:
    """Real ids, CINs and names, read through the API (personal data is sealed in the
    database: only the service opens it)."""
    found = Targets()
    cursor: str | None = None
    pages = 0
    while len(found.clients) < count and pages < 50:
        params: dict[str, Any] = {"limit": 200}
        if cursor:
            params["cursor"] = cursor
        page = httpx.get(f"{base}/api/v1/clients", params=params, headers=headers, timeout=30)
        page.raise_for_status()
        body = page.json()
        for c in body["items"]:
            if c.get("cin") and c.get("last_name") and c.get("phone") and c["status"] == "active":
                found.clients.append(c)
        cursor = body["next_cursor"]
        pages += 1
        if not cursor:
            break
    rng.shuffle(found.clients)
    for c in found.clients[: max(20, count // 10)]:
        r = httpx.get(
            f"{base}/api/v1/invoices",
            params={"client_id": c["id"], "limit": 5},
            headers=headers,
            timeout=30,
        )
        r.raise_for_status()
        found.invoices += [i["id"] for i in r.json()["items"]]
    if not found.clients or not found.invoices:
        raise SystemExit("the dataset has no active clients with invoices to read")
    return found


def paths_for(targets: Targets, count: int, rng: random.Random) -> list[tuple[str, str]]:
    kinds = [k for k, w in MIX for _ in range(w)]
    out: list[tuple[str, str]] = []
    for _ in range(count):
        kind = rng.choice(kinds)
        c = rng.choice(targets.clients)
        cid = c["id"]
        path = {
            "offers_list": "/api/v1/offers?limit=50",
            "client_by_cin": f"/api/v1/clients?cin={quote(c['cin'])}",
            "client_by_name": f"/api/v1/clients?q={quote(c['last_name'])}&limit=20",
            "client_by_phone": f"/api/v1/clients?q={quote(c['phone'])}",
            "client_detail": f"/api/v1/clients/{cid}",
            "client_contracts": f"/api/v1/contracts?client_id={cid}",
            "client_invoices": f"/api/v1/invoices?client_id={cid}&limit=20",
            "invoice_detail": f"/api/v1/invoices/{rng.choice(targets.invoices)}",
            "balance": f"/api/v1/clients/{cid}/balance",
            "aging": "/api/v1/collections/aging",
            "payments_list": "/api/v1/payments?limit=50",
            "client_payments": f"/api/v1/payments?client_id={cid}",
        }[kind]
        out.append((kind, path))
    return out


@dataclass
class Outcome:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    errors: int = 0
    elapsed: float = 0.0
    late_starts: int = 0


async def open_loop(
    base: str, token: str, plan: list[tuple[str, str]], rate: float, connections: int
) -> Outcome:
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    pool: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(await asyncio.open_connection(host, port))
    out = Outcome()

    async def one(kind: str, path: str, scheduled: float) -> None:
        reader, writer = await pool.get()
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: keep-alive\r\n"
            f"Authorization: Bearer {token}\r\n\r\n"
        ).encode()
        try:
            writer.write(request)
            status = await _read_response(reader)
            out.statuses[status] += 1
            # from the moment the request was due: waiting for a free connection counts
            out.latencies[kind].append((time.perf_counter() - scheduled) * 1000)
            pool.put_nowait((reader, writer))
        except (OSError, asyncio.IncompleteReadError, ValueError):
            out.errors += 1
            writer.close()
            pool.put_nowait(await asyncio.open_connection(host, port))

    interval = 1.0 / rate
    start = time.perf_counter()
    tasks = []
    for i, (kind, path) in enumerate(plan):
        scheduled = start + i * interval
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        elif delay < -0.005:
            out.late_starts += 1  # the generator itself fell behind
        tasks.append(asyncio.create_task(one(kind, path, scheduled)))
    await asyncio.gather(*tasks)
    out.elapsed = time.perf_counter() - start
    while not pool.empty():
        _, writer = pool.get_nowait()
        writer.close()
    return out


def stack_processes(root_pid: int) -> dict[str, psutil.Process]:
    """The stack's processes by name (gateway, each service and its uvicorn workers, worker),
    from `mtf up`'s children and their MTF_PROCESS."""
    found: dict[str, psutil.Process] = {}
    for child in psutil.Process(root_pid).children(recursive=True):
        try:
            name = child.environ().get("MTF_PROCESS") or child.name()
        except psutil.Error:
            continue
        key, n = name, 2
        while key in found:
            key, n = f"{name}#{n}", n + 1
        found[key] = child
    return found


def database_backends(dbname: str) -> dict[str, psutil.Process]:
    """The PostgreSQL server processes serving the dataset's database (one per connection:
    `postgres: USER DBNAME ...`), so the reads' database CPU is counted too."""
    found: dict[str, psutil.Process] = {}
    for p in psutil.process_iter(["cmdline"]):
        title = " ".join(p.info["cmdline"] or [])
        # "postgres: USER DBNAME HOST(PORT) STATE", or "postgres: 15/main: USER DBNAME ..."
        if title.startswith("postgres: ") and dbname in title.split()[1:4]:
            found[f"postgres:{p.pid}"] = p
    return found


def cpu_seconds(processes: dict[str, psutil.Process]) -> dict[str, tuple[float, float]]:
    """(user, system) CPU seconds of each process so far."""
    out: dict[str, tuple[float, float]] = {}
    for name, p in processes.items():
        try:
            t = p.cpu_times()
            out[name] = (t.user, t.system)
        except psutil.Error:
            out[name] = (0.0, 0.0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=5, help="seconds at the rate, not counted")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--port-base", type=int, default=19000, help="the stack's first port")
    parser.add_argument(
        "--idle", type=float, default=10, help="seconds without requests, to measure idle CPU"
    )
    parser.add_argument("--clients", type=int, default=100_000, help="size of a new seed")
    parser.add_argument("--sample", type=int, default=2000, help="clients sampled as targets")
    parser.add_argument(
        "--profile", default="", help="processes to record with py-spy (comma-separated)"
    )
    parser.add_argument(
        "--profile-gil",
        action="store_true",
        help="py-spy samples only the thread holding the GIL (the Python CPU, not the waits)",
    )
    args = parser.parse_args()
    rng = random.Random(13)
    settings, drop = volume_settings(args.clients)
    dsn = settings.database_url
    work = Path(tempfile.mkdtemp(prefix="mtf-reads-"))
    try:
        env = stack_env(
            dsn,
            work,
            args.port_base,
            MTF_AUTO_BILL_RUN="0",
            # the dataset's invoices have no PDFs yet: the worker would render them during the
            # run (and call customer for each client), which is not what is measured here
            MTF_ARCHIVE_PDFS="0",
            MTF_LOG_LEVEL="WARNING",
            MTF_JWT_SECRET=BENCH_SECRET,
            MTF_PII_KEY=BENCH_SECRET,
            MTF_CIN_HASH_KEY=BENCH_SECRET,
            MTF_ADMIN_PASSWORD=BENCH_SECRET,
        )
        with running_stack(env, work, ready_timeout=300) as stack:
            token = stack.token()
            headers = {"Authorization": f"Bearer {token}"}
            print(f"clients listed once the views settled: {settled(stack.base_url, headers)}")
            size = size_of(dsn)
            targets = sample(stack.base_url, headers, args.sample, rng)
            supervisor = next(
                p
                for p in psutil.process_iter(["cmdline", "environ"])
                if p.info["cmdline"]
                and p.info["cmdline"][-1:] == ["up"]
                and (p.info["environ"] or {}).get("MTF_GATEWAY_PORT") == str(args.port_base)
            )
            processes = stack_processes(supervisor.pid)
            warm = paths_for(targets, int(args.rate * args.warmup), rng)
            asyncio.run(open_loop(stack.base_url, token, warm, args.rate, args.connections))
            # what the stack spends with no request at all (the worker's passes, its feed
            # polls answered by the services): counted apart from the reads' own cost
            idle_before = cpu_seconds(processes)
            time.sleep(args.idle)
            idle_after = cpu_seconds(processes)
            plan = paths_for(targets, int(args.rate * args.seconds), rng)
            spies = []
            for name in filter(None, args.profile.split(",")):
                for key, p in processes.items():
                    if key == name or key.startswith(f"{name}#"):
                        spies.append(
                            subprocess.Popen(
                                [
                                    str(Path(sys.executable).parent / "py-spy"),
                                    "record",
                                    "-p",
                                    str(p.pid),
                                    "-d",
                                    str(int(args.seconds)),
                                    "-f",
                                    "raw",
                                    "-o",
                                    str(work / f"profile-{key}.txt"),
                                    # blocking: py-spy pauses the process for each sample,
                                    # which is what tells a waiting thread from a busy one
                                    *(["--gil"] if args.profile_gil else []),
                                ],
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL,
                            )
                        )
            dbname = conninfo_parts(dsn)["dbname"]
            before = cpu_seconds(processes)
            db_before = cpu_seconds(database_backends(dbname))
            outcome = asyncio.run(
                open_loop(stack.base_url, token, plan, args.rate, args.connections)
            )
            after = cpu_seconds(processes)
            # a connection opened during the run counts from zero (one closed is lost)
            db_after = cpu_seconds(database_backends(dbname))
            before["postgres"] = tuple(  # type: ignore[assignment]
                sum(v[i] for k, v in db_before.items() if k in db_after) for i in (0, 1)
            )
            after["postgres"] = tuple(  # type: ignore[assignment]
                sum(v[i] for v in db_after.values()) for i in (0, 1)
            )
            for spy in spies:
                spy.wait()
            if spies:
                print(
                    f"profiles (py-spy raw, for flamegraph.pl or speedscope): {work}/profile-*.txt"
                )
        requests = sum(len(v) for v in outcome.latencies.values())
        everything = sorted(x for v in outcome.latencies.values() for x in v)
        print(
            f"reads through the gateway, open loop at {args.rate:.0f} req/s for {args.seconds:.0f} s "
            f"(after {args.warmup:.0f} s of warm-up), {args.connections} connections, 2-core machine"
        )
        print(
            f"  dataset: {json.dumps({k: size[k] for k in size if k != 'bytes'})}; "
            f"{size.get('bytes', 0) / 1e9:.2f} GB"
        )
        print(
            f"  achieved {requests / outcome.elapsed:.1f} req/s; statuses {dict(outcome.statuses)}; "
            f"connection errors {outcome.errors}; generator late starts {outcome.late_starts}"
        )
        print(
            f"  all: p50 {percentile(everything, 0.5):.1f} ms, p95 {percentile(everything, 0.95):.1f} ms, "
            f"p99 {percentile(everything, 0.99):.1f} ms, max {everything[-1]:.1f} ms"
        )
        for kind, _ in MIX:
            values = sorted(outcome.latencies.get(kind, []))
            if values:
                print(
                    f"  {kind:>17}: {len(values):>6} reqs  p50 {percentile(values, 0.5):6.1f}  "
                    f"p99 {percentile(values, 0.99):6.1f} ms"
                )
        print("  CPU per request (ms of CPU time: user + system = total):")
        total_user = total_system = 0.0
        for name in sorted(after):
            user = after[name][0] - before.get(name, (0.0, 0.0))[0]
            system = after[name][1] - before.get(name, (0.0, 0.0))[1]
            total_user, total_system = total_user + user, total_system + system
            if user + system > 0.01:
                print(
                    f"    {name:>14}: {user / requests * 1000:5.2f} + "
                    f"{system / requests * 1000:5.2f} = {(user + system) / requests * 1000:5.2f}"
                )
        print(
            f"    {'stack total':>14}: {total_user / requests * 1000:5.2f} + "
            f"{total_system / requests * 1000:5.2f} = "
            f"{(total_user + total_system) / requests * 1000:5.2f}"
        )
        # the same net of what each process burns idle over as long (its background work)
        print(f"  CPU per request net of idle (idle measured over {args.idle:.0f} s):")
        net_total = 0.0
        for name in sorted(after):
            spent = sum(after[name]) - sum(before.get(name, (0.0, 0.0)))
            idle = sum(idle_after.get(name, (0.0, 0.0))) - sum(idle_before.get(name, (0.0, 0.0)))
            net = spent - idle / args.idle * outcome.elapsed
            net_total += net
            if spent > 0.01:
                print(
                    f"    {name:>14}: {net / requests * 1000:5.2f} "
                    f"(idle {idle / args.idle * 100:4.1f} % of a core)"
                )
        print(f"    {'stack total':>14}: {net_total / requests * 1000:5.2f}")
        errors = outcome.errors + sum(n for s, n in outcome.statuses.items() if s >= 400)
        p99 = percentile(everything, 0.99)
        print(
            f"  target p99 < 25 ms at {args.rate:.0f} req/s with zero errors: "
            f"{'MET' if p99 < 25 and errors == 0 else 'MISSED'} (p99 {p99:.1f} ms, {errors} errors)"
        )
    finally:
        if drop:
            drop_database(dsn)


if __name__ == "__main__":
    main()
