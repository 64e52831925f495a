"""Checkouts through the gateway (`POST /api/v1/provisioning/orders`) by concurrent callers,
new clients, new lines and plan changes mixed; then checks that every saga completed (each
order `completed`, one contract per order, the clients, lines and contracts in the read
models). Target (issue #13): at least 100 checkouts per second with 8 callers.

    .venv/bin/python -m bench.checkouts --orders 3000 --callers 8

The mix (default 60 % new clients, 20 % a new line for a client of the run's first phase,
20 % a plan change of such a client's line) is drawn with a fixed seed. The existing clients
(`--existing`, default 300) are made first, not timed. Starts its own stack on ports
19000-19006 (`--port-base`) with a throwaway database.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import psutil
import psycopg

from bench.common import billed_month, create_database, drop_database, percentile
from bench.reads import cpu_seconds, stack_processes
from mtf.platform.stack import running_stack, stack_env

OFFERS = ("MOB-10G", "MOB-50G", "MOB-ILLIMITE")
SEED_START = billed_month(1)[0]


def _new_client(i: int) -> dict[str, Any]:
    return {
        "first_name": "Client",
        "last_name": f"Checkout {i}",
        "cin": f"BK{i:06d}",
        "phone": f"06{i % 10**8:08d}",
    }


async def _order(
    client: httpx.AsyncClient, body: dict[str, Any], latencies: list[float]
) -> tuple[int, dict[str, Any]]:
    started = time.perf_counter()
    r = await client.post(
        "/api/v1/provisioning/orders", json=body, headers={"Idempotency-Key": str(uuid.uuid4())}
    )
    latencies.append((time.perf_counter() - started) * 1000)
    return r.status_code, r.json()


def _requests(port_base: int) -> dict[str, float]:
    """Requests served so far by each service, by route (its /metrics counters)."""
    from mtf.kernel.settings import SERVICES

    counts: dict[str, float] = {}
    for i, service in enumerate(SERVICES):
        try:
            body = httpx.get(f"http://127.0.0.1:{port_base + i + 1}/metrics", timeout=10).text
        except httpx.HTTPError:
            continue
        for line in body.splitlines():
            if not line.startswith("mtf_requests_total{"):
                continue
            labels, _, value = line.rpartition(" ")
            fields = dict(
                part.split("=", 1) for part in labels[len("mtf_requests_total{") : -1].split(",")
            )
            key = f"{service} {fields.get('method', '').strip(chr(34))} "
            key += fields.get("path", "").strip(chr(34))
            counts[key] = counts.get(key, 0.0) + float(value)
    return counts


def _stack(port_base: int) -> dict[str, psutil.Process]:
    supervisor = next(
        p
        for p in psutil.process_iter(["cmdline", "environ"])
        if p.info["cmdline"]
        and p.info["cmdline"][-1:] == ["up"]
        and (p.info["environ"] or {}).get("MTF_GATEWAY_PORT") == str(port_base)
    )
    return stack_processes(supervisor.pid)


async def run(
    base: str, token: str, args: argparse.Namespace
) -> tuple[dict[str, int], list[float], float, list[dict[str, Any]], dict[str, float]]:
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=args.callers, max_keepalive_connections=args.callers)
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=60
    ) as client:
        offers = {}
        for code in OFFERS:
            found = (await client.get("/api/v1/offers", params={"code": code})).json()["items"]
            offers[code] = found[0]["id"]
        # the existing clients (not timed): one mobile line each
        existing: list[dict[str, Any]] = []
        seed_latencies: list[float] = []

        async def seed(i: int) -> None:
            status, order = await _order(
                client,
                {
                    "offer_id": offers["MOB-10G"],
                    "new_client": _new_client(i),
                    "effective_date": SEED_START,  # so that their plan can change today
                },
                seed_latencies,
            )
            if status != 201 or order["status"] != "completed":
                raise SystemExit(f"seeding checkout refused: {status} {order}")
            existing.append(order)

        for start in range(0, args.existing, args.callers):
            await asyncio.gather(
                *(seed(i) for i in range(start, min(args.existing, start + args.callers)))
            )
        rng = random.Random(11)
        plan: list[dict[str, Any]] = []
        unchanged = list(existing)
        rng.shuffle(unchanged)
        next_client = args.existing
        for _ in range(args.orders):
            draw = rng.random()
            if draw < args.new_share or not unchanged:
                plan.append(
                    {"offer_id": offers[rng.choice(OFFERS)], "new_client": _new_client(next_client)}
                )
                next_client += 1
            elif draw < args.new_share + (1 - args.new_share) / 2:
                owner = rng.choice(existing)
                plan.append(
                    {
                        "offer_id": offers[rng.choice(OFFERS)],
                        "client_id": owner["client_id"],
                        "intent": "new_line",
                    }
                )
            else:
                line = unchanged.pop()  # each line changes plan once in the run
                plan.append(
                    {
                        "offer_id": offers["MOB-50G"],
                        "client_id": line["client_id"],
                        "subscriber_id": line["subscriber_id"],
                        "intent": "plan_change",
                    }
                )
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        for body in plan:
            queue.put_nowait(body)
        statuses: dict[str, int] = {}
        latencies: list[float] = []
        answers: list[dict[str, Any]] = []
        problems: dict[str, Any] = {}

        async def caller() -> None:
            while not queue.empty():
                body = queue.get_nowait()
                status, order = await _order(client, body, latencies)
                key = f"{status} {order.get('outcome') or order.get('type', '')}".strip()
                statuses[key] = statuses.get(key, 0) + 1
                answers.append(order)
                if status >= 400:
                    problems.setdefault(key, order)

        processes = _stack(args.port_base)
        spies = [
            subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "py-spy"),
                    "record",
                    "-p",
                    str(p.pid),
                    "-f",
                    "raw",
                    "-o",
                    f"{args.profile_dir}/profile-{key}.txt",
                    "--nonblocking",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for key, p in processes.items()
            if args.profile_dir and key.split("#")[0] in args.profile.split(",")
        ]
        served_before = _requests(args.port_base)
        before = cpu_seconds(processes)
        started = time.perf_counter()
        await asyncio.gather(*(caller() for _ in range(args.callers)))
        elapsed = time.perf_counter() - started
        after = cpu_seconds(processes)
        cpu = {k: (sum(after[k]) - sum(before[k])) * 1000 / args.orders for k in processes}
        served = _requests(args.port_base)
        per_order = {
            k: (v - served_before.get(k, 0.0)) / args.orders
            for k, v in served.items()
            if v - served_before.get(k, 0.0) >= 0.05 * args.orders
        }
        print(
            f"  requests per checkout, by service ({sum(per_order.values()):.2f} in all): "
            + ", ".join(f"{k} {v:.2f}" for k, v in sorted(per_order.items(), key=lambda kv: -kv[1]))
        )
        for spy in spies:
            spy.send_signal(signal.SIGINT)  # py-spy writes its profile on interrupt
            spy.wait()
    for key, problem in problems.items():
        print(f"  first {key}: {problem.get('detail')} {problem.get('errors', '')}")
    return statuses, latencies, elapsed, answers, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=3000)
    parser.add_argument("--callers", type=int, default=8)
    parser.add_argument("--existing", type=int, default=300)
    parser.add_argument("--new-share", type=float, default=0.6)
    parser.add_argument("--port-base", type=int, default=19000)
    parser.add_argument(
        "--profile", default="", help="processes to record with py-spy (comma-separated)"
    )
    parser.add_argument("--profile-dir", default=tempfile.gettempdir(), help="where profiles go")
    args = parser.parse_args()
    dsn = create_database()
    work = Path(tempfile.mkdtemp(prefix="mtf-bench-"))
    try:
        env = stack_env(dsn, work, args.port_base, MTF_AUTO_BILL_RUN="0", MTF_LOG_LEVEL="WARNING")
        with running_stack(env, work) as stack:
            statuses, latencies, elapsed, answers, cpu = asyncio.run(
                run(stack.base_url, stack.token(), args)
            )
            with psycopg.connect(dsn) as conn:
                connections = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                ).fetchone()[0]  # type: ignore[index]
        with psycopg.connect(dsn) as conn:
            orders = dict(
                conn.execute(
                    "SELECT status, count(*) FROM contracts.provisioning_orders GROUP BY status"
                ).fetchall()
            )
            contracts, clients, lines = (
                conn.execute(q).fetchone()[0]  # type: ignore[index]
                for q in (
                    "SELECT count(*) FROM contracts.contracts",
                    "SELECT count(*) FROM customer.clients",
                    "SELECT count(*) FROM customer.subscribers",
                )
            )
        latencies.sort()
        completed = sum(1 for a in answers if a.get("status") == "completed")
        rate = args.orders / elapsed
        print(
            f"checkouts through the gateway: {args.orders} by {args.callers} concurrent callers "
            f"({args.new_share:.0%} new clients, the rest new lines and plan changes of "
            f"{args.existing} existing clients; 2-core machine)"
        )
        print(f"  answers: {statuses}")
        print(
            f"  checkouts per second: {rate:.1f}   p50 {percentile(latencies, 0.5):.0f} ms, "
            f"p99 {percentile(latencies, 0.99):.0f} ms"
        )
        print(
            f"  orders by status in the database: {orders}; contracts {contracts}, "
            f"clients {clients}, lines {lines}"
        )
        print(
            "  CPU per checkout (ms, stack processes; PostgreSQL not included): "
            + ", ".join(
                f"{k} {v:.1f}" for k, v in sorted(cpu.items(), key=lambda kv: -kv[1]) if v >= 0.05
            )
            + f"; total {sum(cpu.values()):.1f}"
        )
        print(f"  database connections held by the stack after the run: {connections - 1}")
        ok = completed == args.orders and orders.get("completed") == args.orders + args.existing
        print(f"  every saga complete: {'YES' if ok else 'NO'}")
        print(f"  target >= 100 checkouts/s: {'MET' if rate >= 100 and ok else 'MISSED'}")
    finally:
        drop_database(dsn)


if __name__ == "__main__":
    main()
