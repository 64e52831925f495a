"""The worker's share of a bill run: one batch of clients per call (its feeds get their turns
in between), the run completed by the call that bills the last clients, each invoice once,
numbers gapless. Real PostgreSQL, the services over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from mtf.billing.app import Billing
from mtf.kernel.db import make_engine
from mtf.platform.migrate import migrate_all
from tests.conftest import Databases, make_settings
from tests.dates import month_of, today
from tests.integration.services import operator_headers, running_services
from tests.integration.test_billing_http import (
    PERMS,
    Env,
    checkout,
    gapless,
    numbers,
    offer,
    person,
)


@pytest.fixture(scope="module")
def env(databases: Databases) -> Iterator[Env]:
    settings = make_settings(databases.create("mtf_worker_share"), auto_bill_run=False)
    migrate_all(settings)
    with running_services(
        settings, ("catalog", "customer", "contracts", "billing", "collections")
    ) as running:
        yield Env(running, operator_headers(running, PERMS))


def test_the_worker_bills_an_open_run_one_batch_per_call_until_it_completes(env: Env) -> None:
    first = (today().replace(day=1) - timedelta(days=40)).replace(day=1)
    period = month_of(first)
    fee = offer(env, "45.00")
    for _ in range(7):
        checkout(env, {"offer_id": fee, "new_client": person(), "effective_date": str(first)})
    billing = Billing(env.settings, make_engine(env.settings.database_url, "billing"))
    runner = billing.runner()
    runner.batch_size = 3
    run_id = runner.start(period, today(), "test")

    seen = []
    for _ in range(3):
        did = runner.work_on_open_runs(max_batches=1)  # what the worker's bill_runs job does
        run = env.get("billing", f"/api/v1/bill-runs/{run_id}")
        seen.append((did, run["status"], run["progress"]["clients_done"]))
    # 3 clients, then 3 more, then the last one and the run is complete
    assert seen == [(3, "running", 3), (3, "running", 6), (1, "completed", 7)]
    assert runner.work_on_open_runs(max_batches=1) == 0  # nothing left open
    invoices = env.get("billing", "/api/v1/invoices", period=period, limit=100)["items"]
    assert len({i["client_id"] for i in invoices}) == len(invoices) == 7
    assert numbers(env) == gapless(env)
