"""Payments posted through the gateway by 8 concurrent callers, each with its own
Idempotency-Key, on clients with open invoices; then checks that no allocation was lost or
duplicated. Target (docs/performance.md): at least 200 payments per second.

    .venv/bin/python -m bench.payments --payments 2000 --callers 8 --clients 40

Starts its own stack (as the launcher does) on ports 19000-19006 with a throwaway database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg

from bench.common import billed_month, create_database, drop_database, percentile
from bench.loadgen import _read_response
from mtf.platform.stack import running_stack, stack_env

START, PERIOD, AS_OF = billed_month()


def setup(base: str, headers: dict[str, str], clients: int) -> list[str]:
    offer = httpx.get(f"{base}/api/v1/offers", params={"code": "MOB-50G"}, headers=headers).json()[
        "items"
    ][0]["id"]
    ids = []
    for i in range(clients):
        body = {
            "offer_id": offer,
            "effective_date": START,
            "new_client": {
                "first_name": "Client",
                "last_name": f"Bench {i}",
                "cin": f"BN{100000 + i}",
                "phone": "0612345678",
            },
        }
        r = httpx.post(
            f"{base}/api/v1/provisioning/orders",
            json=body,
            headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
            timeout=30,
        )
        if r.status_code != 201:
            raise SystemExit(f"checkout refused: {r.status_code} {r.text}")
        ids.append(r.json()["client_id"])
    run = httpx.post(
        f"{base}/api/v1/bill-runs",
        json={"period": PERIOD, "as_of": AS_OF},
        headers=headers,
    ).json()
    while (
        httpx.get(f"{base}/api/v1/bill-runs/{run['id']}", headers=headers).json()["status"]
        != "completed"
    ):
        time.sleep(0.2)
    return ids


async def post_all(
    base: str, headers: dict[str, str], clients: list[str], count: int, callers: int
) -> tuple[list[float], dict[int, int], float]:
    """Closed loop: `callers` keep-alive connections, each posting its next payment as soon
    as the previous one is answered (a lean client, so the load generator's own CPU does not
    take the two cores from the system under test)."""
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(count):
        queue.put_nowait(i)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    rng = random.Random(3)
    today = time.strftime("%Y-%m-%d")

    async def caller() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while not queue.empty():
                i = queue.get_nowait()
                body = json.dumps(
                    {
                        "client_id": rng.choice(clients),
                        "amount": f"{rng.randint(100, 900) / 100:.2f}",
                        "method": "card",
                        "reference": f"B{i}",
                        "received_on": today,
                    }
                ).encode()
                head = (
                    f"POST /api/v1/payments HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: keep-alive\r\n"
                    f"Authorization: {headers['Authorization']}\r\nIdempotency-Key: bench-{i}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
                ).encode()
                started = time.perf_counter()
                writer.write(head + body)
                status = await _read_response(reader)
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(caller() for _ in range(callers)))
    return latencies, statuses, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--payments", type=int, default=2000)
    parser.add_argument("--callers", type=int, default=8)
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument(
        "--collections-processes",
        type=int,
        default=0,
        help="MTF_COLLECTIONS_WORKERS (default: the deployment's, 2)",
    )
    args = parser.parse_args()
    dsn = create_database()
    work = Path(tempfile.mkdtemp(prefix="mtf-bench-"))
    try:
        env = stack_env(dsn, work, 19000, MTF_AUTO_BILL_RUN="0", MTF_LOG_LEVEL="WARNING")
        if args.collections_processes:
            env["MTF_COLLECTIONS_WORKERS"] = str(args.collections_processes)
        with running_stack(env, work) as stack:
            headers = {"Authorization": f"Bearer {stack.token()}"}
            clients = setup(stack.base_url, headers, args.clients)
            latencies, statuses, elapsed = asyncio.run(
                post_all(stack.base_url, headers, clients, args.payments, args.callers)
            )
            # what an operator would do next: read the payments (the views catch up on read)
            listed = httpx.get(
                f"{stack.base_url}/api/v1/payments", params={"limit": 1}, headers=headers
            ).json()["total"]
        with psycopg.connect(dsn) as conn:
            posted, amount, credit = conn.execute(
                "SELECT count(*), sum(amount), sum(credit) FROM collections.payments"
            ).fetchone()  # type: ignore[misc]
            allocated = conn.execute(
                "SELECT coalesce(sum(amount), 0) FROM collections.allocations WHERE kind = 'payment'"
            ).fetchone()[0]  # type: ignore[index]
            over = conn.execute(
                "SELECT count(*) FROM collections.receivables WHERE paid > total - credited"
            ).fetchone()[0]  # type: ignore[index]
            dup = conn.execute(
                "SELECT count(*) FROM (SELECT payment_id, position FROM collections.allocations GROUP BY 1, 2 HAVING count(*) > 1) d"
            ).fetchone()[0]  # type: ignore[index]
        latencies.sort()
        print(
            f"payments through the gateway: {args.payments} by {args.callers} concurrent callers over {args.clients} clients (2-core machine)"
        )
        print(f"  statuses: {statuses}; payments listed by the API right after: {listed}")
        print(
            f"  payments per second: {args.payments / elapsed:.1f}   p50 {percentile(latencies, 0.5):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms"
        )
        print(
            f"  recorded payments: {posted}; received {amount} = allocated {allocated} + credit {credit}: {Decimal(amount) == Decimal(allocated) + Decimal(credit)}"
        )
        print(f"  invoices paid above their total: {over}; duplicated allocations: {dup}")
        ok = (
            posted == args.payments == listed
            and Decimal(amount) == Decimal(allocated) + Decimal(credit)
            and over == 0
            and dup == 0
        )
        print(f"  zero lost or duplicated allocations: {'YES' if ok else 'NO'}")
        print(
            f"  target >= 200 payments/s: {'MET' if args.payments / elapsed >= 200 else 'MISSED'}"
        )
    finally:
        drop_database(dsn)


if __name__ == "__main__":
    main()
