"""Crash safety, shown: a mixed workload while processes are killed.

The whole stack runs as the launcher runs it (`mtf up`: every service, the gateway and the
worker as separate processes, restarted by the supervisor when they die). While checkouts,
plan changes, backdated terminations, a bill run over --contracts contracts, payments (retried
with their Idempotency-Key after a failure, as a careful client does), credit notes and
collections runs go on, a random service or worker process is killed with SIGKILL every
--every seconds. Afterwards the stack settles and the money invariants are checked
(mtf.platform.invariants) with every read model replayed from its events.

    ./launch_all.sh stop; .venv/bin/python -m bench.chaos --contracts 20000 --seconds 90

It prints what it killed and when, then each invariant's result. Uses a throwaway database
on DATABASE_URL's server and ports 19200-19206.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import psycopg

from bench.bill_run import seed
from bench.common import ROOT, create_database, drop_database
from mtf.kernel.clock import SystemClock
from mtf.platform.invariants import (
    check_clients,
    check_days,
    check_invoices,
    check_lines,
    check_numbering,
)
from mtf.platform.stack import running_stack, stack_env

PORT_BASE = 19200


class Gateway:
    """The invariants' reader, through the gateway (the service name is not needed)."""

    def __init__(self, base: str, headers: dict[str, str], dsn: str) -> None:
        self.base = base
        self.headers = headers
        self.dsn = dsn

    def call(self, method: str, service: str, path: str, body: Any = None, **kw: Any) -> Any:
        headers = {**self.headers, **kw.pop("headers", {})}
        for attempt in range(30):
            try:
                r = httpx.request(
                    method, self.base + path, json=body, headers=headers, timeout=60, **kw
                )
            except httpx.HTTPError:
                time.sleep(0.5)
                continue
            if r.status_code in (502, 503, 504) and attempt < 29:
                time.sleep(0.5)
                continue
            return r
        raise RuntimeError(f"{method} {path}: no answer")

    def get(self, service: str, path: str, **params: Any) -> Any:
        r = self.call("GET", service, path, params=params)
        r.raise_for_status()
        return r.json()

    def post(self, path: str, body: Any, key: str | None = None) -> httpx.Response:
        headers = {"Idempotency-Key": key} if key else {}
        r: httpx.Response = self.call("POST", "", path, body, headers=headers)
        return r

    def sql(self, query: str, *args: Any) -> list[Any]:
        with psycopg.connect(self.dsn) as conn:
            return list(conn.execute(query, args).fetchall())


class Chaos(threading.Thread):
    """Kills a random process of the stack every few seconds (the supervisor restarts it)."""

    def __init__(self, run_dir: Path, every: float, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.run_dir = run_dir
        self.every = every
        self.stop_event = stop
        self.kills: list[tuple[float, str]] = []
        self.started = time.monotonic()

    def run(self) -> None:
        rng = random.Random(7)
        while not self.stop_event.wait(self.every * rng.uniform(0.5, 1.5)):
            try:
                children = json.loads((self.run_dir / "children.json").read_text())
            except (OSError, ValueError):
                continue
            name = rng.choice(sorted(children))
            try:
                os.kill(int(children[name]), signal.SIGKILL)
            except ProcessLookupError:
                continue
            self.kills.append((time.monotonic() - self.started, name))
            print(f"  t+{self.kills[-1][0]:5.1f}s  SIGKILL {name}", flush=True)


def workload(gw: Gateway, seconds: float, offers: list[str], clients: list[str]) -> dict[str, int]:
    """Checkouts, plan changes, backdated terminations, payments, credit notes, collections
    runs, each retried with the same Idempotency-Key until answered (a crash loses nothing)."""
    today = SystemClock().today()
    done: dict[str, int] = {}
    deadline = time.monotonic() + seconds
    rng = random.Random(11)
    lock = threading.Lock()

    def count(what: str) -> None:
        with lock:
            done[what] = done.get(what, 0) + 1

    def until_answered(path: str, body: Any, key: str | None) -> httpx.Response | None:
        for _ in range(40):
            r = gw.post(path, body, key)
            if r.status_code < 500 and r.status_code != 409:
                return r
            time.sleep(0.3)
        return None

    def sales() -> None:
        while time.monotonic() < deadline:
            start = today - timedelta(days=rng.randint(35, 60))
            r = until_answered(
                "/api/v1/provisioning/orders",
                {
                    "offer_id": rng.choice(offers),
                    "new_client": {
                        "first_name": "Chaos",
                        "last_name": "Client",
                        "cin": f"CH{uuid.uuid4().int % 1_000_000:06d}",
                        "phone": "0600000000",
                    },
                    "effective_date": start.isoformat(),
                },
                str(uuid.uuid4()),
            )
            if r is not None and r.status_code == 201:
                with lock:
                    clients.append(r.json()["client_id"])
                count("checkouts")
                if rng.random() < 0.3:  # a plan change or a backdated termination
                    contract = r.json()["contract_id"]
                    if rng.random() < 0.5:
                        until_answered(
                            "/api/v1/provisioning/orders",
                            {
                                "offer_id": rng.choice(offers),
                                "client_id": r.json()["client_id"],
                                "effective_date": (start + timedelta(days=10)).isoformat(),
                            },
                            str(uuid.uuid4()),
                        )
                        count("plan_changes")
                    else:
                        until_answered(
                            f"/api/v1/contracts/{contract}/terminate",
                            {
                                "reason": "chaos",
                                "effective_date": (start + timedelta(days=20)).isoformat(),
                            },
                            None,
                        )
                        count("terminations")

    def money() -> None:
        while time.monotonic() < deadline:
            with lock:
                known = list(clients)
            if not known:
                time.sleep(0.2)
                continue
            client = rng.choice(known)
            invoices = gw.get("", "/api/v1/invoices", client_id=client)["items"]
            if invoices and rng.random() < 0.2:
                invoice = rng.choice(invoices)
                until_answered(
                    f"/api/v1/invoices/{invoice['id']}/credit-notes",
                    {"amount": "5.00", "reason": "chaos goodwill"},
                    str(uuid.uuid4()),
                )
                count("credit_notes")
                continue
            until_answered(
                "/api/v1/payments",
                {
                    "client_id": client,
                    "amount": str(Decimal(rng.randint(1000, 30000)) / 100),
                    "method": "cash",
                    "reference": f"CH-{uuid.uuid4().hex[:6]}",
                    "received_on": today.isoformat(),
                },
                str(uuid.uuid4()),
            )
            count("payments")
            if rng.random() < 0.05:
                until_answered("/api/v1/collections/runs", {"as_of": today.isoformat()}, None)
                count("collections_runs")

    threads = [threading.Thread(target=f) for f in (sales, sales, money, money)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contracts", type=int, default=20000)
    parser.add_argument("--seconds", type=float, default=90)
    parser.add_argument("--every", type=float, default=4.0, help="seconds between kills")
    args = parser.parse_args()
    dsn = create_database()
    work = Path(tempfile.mkdtemp(prefix="mtf-chaos-"))
    today = SystemClock().today()
    period_day = today.replace(day=1) - timedelta(days=1)
    period = f"{period_day.year:04d}-{period_day.month:02d}"
    results: list[tuple[str, bool, str]] = []
    try:
        env = stack_env(dsn, work, PORT_BASE, MTF_AUTO_BILL_RUN="0", MTF_LOG_LEVEL="WARNING")
        with running_stack(env, work) as stack:
            headers = {"Authorization": f"Bearer {stack.token()}"}
            gw = Gateway(stack.base_url, headers, dsn)
            offers = []
            for fee in ("49.00", "99.00"):
                o = gw.post(
                    "/api/v1/offers",
                    {
                        "code": f"CH-{uuid.uuid4().hex[:6]}",
                        "name": f"Chaos {fee}",
                        "service": "mobile",
                        "monthly_fee": fee,
                        "components": {"data": {"quota_gb": 5}},
                    },
                ).json()
                gw.post(f"/api/v1/offers/{o['id']}/publish", None)
                offers.append(o["id"])
            seed(dsn, args.contracts, int(args.contracts * 0.8))
            print(
                f"chaos: {args.contracts} seeded contracts + a mixed workload for "
                f"{args.seconds:.0f} s, a process killed every ~{args.every:.0f} s (2-core machine)"
            )
            clients: list[str] = []
            stop = threading.Event()
            chaos = Chaos(stack.run_dir, args.every, stop)
            chaos.start()
            run = threading.Thread(
                target=lambda: gw.post("/api/v1/bill-runs", {"period": period}), daemon=True
            )
            run.start()
            figures = workload(gw, args.seconds, offers, clients)
            stop.set()
            chaos.join()
            print(f"  workload: {figures}; killed {len(chaos.kills)} processes")
            # the bill run finishes (the worker resumes it after its deaths)
            gw.post("/api/v1/bill-runs", {"period": period})
            deadline = time.monotonic() + 600
            from mtf.billing.domain.invoice import bill_run_id_for

            run_id = bill_run_id_for(period)
            status = ""
            while time.monotonic() < deadline:
                status = gw.get("", f"/api/v1/bill-runs/{run_id}")["status"]
                if status == "completed":
                    break
                time.sleep(1)
            results.append(("bill run completed after the kills", status == "completed", status))
            time.sleep(5)  # the worker's projections and followers catch up
            mine = [uuid.UUID(c) for c in clients]
            for name, check in (
                ("invoice arithmetic", lambda: check_invoices(gw, mine)),
                ("numbering gapless, dates in order", lambda: check_numbering(gw)),
                ("no contract-day billed twice", lambda: check_days(gw, mine, None)),
                ("money conserved per client", lambda: check_clients(gw, clients)),
                ("lines agree with contracts", lambda: check_lines(gw, clients)),
            ):
                results.append(_outcome(name, check))
        rebuilt = subprocess.run(
            [sys.executable, "-m", "mtf.cli", "rebuild", "--check"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        results.append(
            (
                "views replayed from the events equal the live ones",
                rebuilt.returncode == 0,
                "" if rebuilt.returncode == 0 else rebuilt.stdout[-300:] + rebuilt.stderr[-300:],
            )
        )
        for name, ok, detail in results:
            print(f"  {'PASS' if ok else 'FAIL'}  {name}" + (f": {detail}" if detail else ""))
        print(f"  all invariants hold: {'YES' if all(ok for _, ok, _ in results) else 'NO'}")
    finally:
        drop_database(dsn)


SETTLE_SECONDS = 120


def _outcome(name: str, check: Callable[[], None]) -> tuple[str, bool, str]:
    """An invariant over views that follow other services' feeds holds once they have
    caught up: it is asked again for up to SETTLE_SECONDS (a lag heals, a broken invariant
    does not), and the time it needed is printed."""
    started = time.monotonic()
    while True:
        try:
            check()
        except AssertionError as exc:
            if time.monotonic() - started < SETTLE_SECONDS:
                time.sleep(3)
                continue
            return (name, False, f"still after {SETTLE_SECONDS} s: {str(exc)[:300]}")
        waited = time.monotonic() - started
        return (name, True, f"held after {waited:.0f} s of catching up" if waited >= 1 else "")


if __name__ == "__main__":
    main()
