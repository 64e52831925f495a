"""Webhook deliveries per second to a local receiver, and the time from an invoice issued
to its webhook delivered (p50/p99). Starts its own stack on ports 19000-19006.

    ./launch_all.sh stop; .venv/bin/python -m bench.webhooks --clients 300
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
import uuid
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from bench.common import billed_month, create_database, drop_database, percentile
from mtf.platform.stack import running_stack, stack_env

START, PERIOD, AS_OF = billed_month()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=300)
    args = parser.parse_args()
    arrivals: list[tuple[float, dict[str, object]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            arrivals.append((time.time(), json.loads(body)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *a: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dsn = create_database()
    work = Path(tempfile.mkdtemp(prefix="mtf-bench-"))
    try:
        env = stack_env(
            dsn,
            work,
            19000,
            MTF_AUTO_BILL_RUN="0",
            MTF_LOG_LEVEL="WARNING",
            MTF_WEBHOOK_ALLOWED_HOSTS="127.0.0.1",  # the local receiver (refused otherwise)
        )
        with running_stack(env, work) as stack:
            headers = {"Authorization": f"Bearer {stack.token()}"}
            base = stack.base_url
            httpx.post(
                f"{base}/api/v1/webhooks/subscriptions",
                json={
                    "name": "bench",
                    "url": f"http://127.0.0.1:{server.server_port}/",
                    "event_types": ["invoice.issued"],
                },
                headers=headers,
            ).raise_for_status()
            offer = httpx.get(
                f"{base}/api/v1/offers", params={"code": "MOB-10G"}, headers=headers
            ).json()["items"][0]["id"]
            for i in range(args.clients):
                body = {
                    "offer_id": offer,
                    "effective_date": START,
                    "new_client": {
                        "first_name": "Web",
                        "last_name": f"Hook {i}",
                        "cin": f"WB{100000 + i}",
                        "phone": "0612345678",
                    },
                }
                httpx.post(
                    f"{base}/api/v1/provisioning/orders",
                    json=body,
                    headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
                    timeout=30,
                ).raise_for_status()
            httpx.post(
                f"{base}/api/v1/bill-runs",
                json={"period": PERIOD, "as_of": AS_OF},
                headers=headers,
            ).raise_for_status()
            deadline = time.monotonic() + 300
            while len(arrivals) < args.clients and time.monotonic() < deadline:
                time.sleep(0.2)
        latencies = sorted(
            (at - datetime.fromisoformat(str(p["occurred_at"])).timestamp()) * 1000
            for at, p in arrivals
        )
        sequences = [int(p["sequence"]) for _, p in arrivals]  # type: ignore[call-overload]
        span = arrivals[-1][0] - arrivals[0][0] if len(arrivals) > 1 else float("nan")
        print(
            f"webhooks: {len(arrivals)} invoice.issued deliveries to a local receiver (2-core machine)"
        )
        print(f"  in order without gaps: {sequences == list(range(1, len(arrivals) + 1))}")
        print(f"  deliveries per second (first to last arrival): {len(arrivals) / span:.1f}")
        print(
            f"  invoice issued -> webhook delivered: p50 {percentile(latencies, 0.5):.0f} ms, p99 {percentile(latencies, 0.99):.0f} ms"
        )
    finally:
        server.shutdown()
        drop_database(dsn)


if __name__ == "__main__":
    main()
