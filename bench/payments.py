"""Payments posted through the gateway by 8 concurrent callers, each with its own
Idempotency-Key, on clients with open invoices; then checks that no allocation was lost or
duplicated. Target (issue 13): at least 500 payments per second.

    .venv/bin/python -m bench.payments --payments 2000 --callers 8 --clients 40
    MTF_VOLUME_URL=... .venv/bin/python -m bench.payments --volume --payments 3000 --clients 2000

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
    base: str,
    headers: dict[str, str],
    clients: list[str],
    count: int,
    callers: int,
    run: str = "",
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
                        "reference": f"B{run}-{i}",
                        "received_on": today,
                    }
                ).encode()
                head = (
                    f"POST /api/v1/payments HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: keep-alive\r\n"
                    f"Authorization: {headers['Authorization']}\r\nIdempotency-Key: bench-{run}-{i}\r\n"
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


def volume_clients(dsn: str, count: int) -> list[str]:
    """Clients of the volume dataset with something open to pay (their open invoices)."""
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT client_id FROM (SELECT DISTINCT client_id FROM collections.receivables "
            "WHERE paid < total - credited) c ORDER BY md5(client_id::text) LIMIT %s",
            (count,),
        ).fetchall()
    return [str(r[0]) for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--payments", type=int, default=2000)
    parser.add_argument("--callers", type=int, default=8)
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--port-base", type=int, default=19000, help="the stack's first port")
    parser.add_argument(
        "--volume",
        action="store_true",
        help="on the kept volume dataset (MTF_VOLUME_URL): its clients with open invoices, "
        "kept afterwards (the run's payments stay in it)",
    )
    parser.add_argument(
        "--collections-processes",
        type=int,
        default=0,
        help="MTF_COLLECTIONS_WORKERS (default: the deployment's, 2)",
    )
    args = parser.parse_args()
    run = uuid.uuid4().hex[:8]  # this run's Idempotency-Keys and references
    if args.volume:
        from bench.volume import BENCH_SECRET, volume_settings

        settings, drop = volume_settings()
        dsn = settings.database_url
        secrets = {
            "MTF_JWT_SECRET": BENCH_SECRET,
            "MTF_PII_KEY": BENCH_SECRET,
            "MTF_CIN_HASH_KEY": BENCH_SECRET,
            "MTF_ADMIN_PASSWORD": BENCH_SECRET,
            "MTF_ARCHIVE_PDFS": "0",
        }
    else:
        dsn, drop, secrets = create_database(), True, {}
    work = Path(tempfile.mkdtemp(prefix="mtf-bench-"))
    try:
        env = stack_env(
            dsn, work, args.port_base, MTF_AUTO_BILL_RUN="0", MTF_LOG_LEVEL="WARNING", **secrets
        )
        if args.collections_processes:
            env["MTF_COLLECTIONS_WORKERS"] = str(args.collections_processes)
        with running_stack(env, work, ready_timeout=300) as stack:
            headers = {"Authorization": f"Bearer {stack.token()}"}
            if args.volume:
                clients = volume_clients(dsn, args.clients)
            else:
                clients = setup(stack.base_url, headers, args.clients)
            listed_before = httpx.get(
                f"{stack.base_url}/api/v1/payments", params={"limit": 1}, headers=headers
            ).json()["total"]
            latencies, statuses, elapsed = asyncio.run(
                post_all(stack.base_url, headers, clients, args.payments, args.callers, run)
            )
            # what an operator would do next: read the payments (the views catch up on read)
            listed = (
                httpx.get(
                    f"{stack.base_url}/api/v1/payments", params={"limit": 1}, headers=headers
                ).json()["total"]
                - listed_before
            )
        with psycopg.connect(dsn) as conn:
            mine = f"B{run}-%"
            posted, amount, credit = conn.execute(
                "SELECT count(*), coalesce(sum(amount), 0), coalesce(sum(credit), 0) "
                "FROM collections.payments WHERE reference LIKE %s",
                (mine,),
            ).fetchone()  # type: ignore[misc]
            allocated = conn.execute(
                "SELECT coalesce(sum(a.amount), 0) FROM collections.allocations a "
                "JOIN collections.payments p ON p.id = a.payment_id "
                "WHERE a.kind = 'payment' AND p.reference LIKE %s",
                (mine,),
            ).fetchone()[0]  # type: ignore[index]
            over = conn.execute(
                "SELECT count(*) FROM collections.receivables WHERE paid > total - credited"
            ).fetchone()[0]  # type: ignore[index]
            dup = conn.execute(
                "SELECT count(*) FROM (SELECT payment_id, position FROM collections.allocations GROUP BY 1, 2 HAVING count(*) > 1) d"
            ).fetchone()[0]  # type: ignore[index]
        latencies.sort()
        where = "the volume dataset's" if args.volume else "new"
        print(
            f"payments through the gateway: {args.payments} by {args.callers} concurrent callers over {len(clients)} {where} clients (2-core machine)"
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
        rate = args.payments / elapsed
        print(f"  target >= 500 payments/s: {'MET' if rate >= 500 else 'MISSED'}")
    finally:
        if drop:
            drop_database(dsn)


if __name__ == "__main__":
    main()
