"""Collections runs and dunning as an operator meets them, over real HTTP on real PostgreSQL
(catalog, customer, contracts, billing, collections): a run is idempotent per case and step
(a second run the same day handles what became overdue since, repeats nothing; an earlier
date is 409), dunning acts on each line's current contract (after a plan change, the new
one), and a credit note on a paid invoice gives the paid money back as client credit.

Dates derive from the business clock: the invoices are for a month ending about three
months before today, so they are 34 to 65 days overdue today."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx
import psycopg
import pytest

from mtf.collections.app import CollectionsContext
from mtf.kernel.clock import ShiftedClock
from mtf.kernel.db import make_engine
from mtf.platform.migrate import migrate_all
from tests.conftest import Databases, make_settings
from tests.dates import month_of, today
from tests.integration.services import ServiceEnv, operator_headers, running_services
from tests.integration.test_collections_http import checkout, offer, person

T = today()
START = (T - timedelta(days=95)).replace(day=1)  # the first billed month
PERIOD = month_of(START)
AS_OF = (START + timedelta(days=32)).replace(day=1)  # its invoices are issued the 1st after
NEXT_PERIOD = month_of(AS_OF)
NEXT_AS_OF = (AS_OF + timedelta(days=32)).replace(day=1)
assert AS_OF + timedelta(days=30) <= T - timedelta(days=30)  # overdue 30+ days today


class Env(ServiceEnv):
    def pay(self, client_id: str, amount: str, **extra: Any) -> httpx.Response:
        return self.post(
            "collections",
            "/api/v1/payments",
            {
                "client_id": client_id,
                "amount": amount,
                "method": "cash",
                "reference": "CASH-1",
                "received_on": T.isoformat(),
                **extra,
            },
            **{"Idempotency-Key": str(uuid.uuid4())},
        )

    def run(self, as_of: date) -> httpx.Response:
        return self.post("collections", "/api/v1/collections/runs", {"as_of": as_of.isoformat()})

    def contract(self, contract_id: str) -> dict[str, Any]:
        return dict(self.get("contracts", f"/api/v1/contracts/{contract_id}"))

    def invoice_of(self, client_id: str, period: str) -> dict[str, Any]:
        [found] = [
            i
            for i in self.get("billing", "/api/v1/invoices", client_id=client_id)["items"]
            if i["period"] == period
        ]
        return dict(found)

    def cases(self, client_id: str) -> list[dict[str, Any]]:
        return list(
            self.get("collections", "/api/v1/collections/cases", client_id=client_id)["items"]
        )

    def reminders(self, client_id: str) -> int:
        with psycopg.connect(self.settings.database_url) as conn:
            row = conn.execute(
                "SELECT count(*) FROM collections.notifications WHERE client_id = %s",
                (client_id,),
            ).fetchone()
        assert row is not None
        return int(row[0])


def bill(env: Env, period: str, as_of: date) -> None:
    run = env.post("billing", "/api/v1/bill-runs", {"period": period, "as_of": as_of.isoformat()})
    assert run.status_code in (200, 201, 202), run.text
    deadline = time.monotonic() + 60
    while env.get("billing", f"/api/v1/bill-runs/{run.json()['id']}")["status"] != "completed":
        assert time.monotonic() < deadline, "the bill run did not complete"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def env(databases: Databases) -> Iterator[Env]:
    settings = make_settings(databases.create("mtf_dunning"), auto_bill_run=False)
    migrate_all(settings)
    with running_services(
        settings, ("catalog", "customer", "contracts", "billing", "collections")
    ) as running:
        yield Env(running, operator_headers(running))


@pytest.fixture(scope="module")
def world(env: Env) -> dict[str, Any]:
    """X changes plan after its invoice; Y pays at once; Z pays and gets a credit note."""
    mobile, better = offer(env, "100.00"), offer(env, "200.00")
    start = START.isoformat()
    x = checkout(env, {"offer_id": mobile, "new_client": person(), "effective_date": start})
    y = checkout(env, {"offer_id": mobile, "new_client": person(), "effective_date": start})
    z = checkout(env, {"offer_id": mobile, "new_client": person(), "effective_date": start})
    bill(env, PERIOD, AS_OF)
    invoices = {
        k: env.invoice_of(c["client_id"], PERIOD) for k, c in (("x", x), ("y", y), ("z", z))
    }
    assert all(i["total"] == "120.00" for i in invoices.values())
    # X moves to the better plan after the invoice (an operator's backdated plan change)
    changed = checkout(
        env,
        {
            "offer_id": better,
            "client_id": x["client_id"],
            "intent": "plan_change",
            "effective_date": (AS_OF + timedelta(days=5)).isoformat(),
        },
    )
    assert changed["outcome"] == "plan_change" and changed["contract_id"] != x["contract_id"]
    for client in (y, z):
        assert env.pay(client["client_id"], "120.00").status_code == 201
    return {"x": x, "y": y, "z": z, "x_new": changed, "invoices": invoices}


def test_dunning_suspends_the_line_s_current_contract_and_payment_resumes_it(
    env: Env, world: dict[str, Any]
) -> None:
    x, new_contract = world["x"], world["x_new"]["contract_id"]
    assert env.contract(x["contract_id"])["status"] == "superseded"
    first = env.run(T)
    assert first.status_code == 201, first.text
    assert first.json()["cases_opened"] == 1 and first.json()["suspensions"] == 1
    now = env.contract(new_contract)
    assert (now["status"], now["status_reason"]) == ("suspended", "dunning")
    # the superseded contract printed on the invoice is left as it was
    assert env.contract(x["contract_id"])["status"] == "superseded"
    line = env.get("customer", f"/api/v1/subscribers/{x['subscriber_id']}")
    assert line["status"] == "suspended" and line["contract_id"] == new_contract
    [case] = env.cases(x["client_id"])
    detail = env.get("collections", f"/api/v1/collections/cases/{case['id']}")
    assert detail["suspended_contract_ids"] == [new_contract]

    assert env.pay(x["client_id"], world["invoices"]["x"]["total"]).status_code == 201
    settled = env.run(T)  # the same day again: what changed since (the payment)
    assert settled.status_code == 201, settled.text
    assert (settled.json()["cases_closed"], settled.json()["resumptions"]) == (1, 1)
    assert settled.json()["suspensions"] == 0 and settled.json()["reminders"] == 0
    assert env.contract(new_contract)["status"] == "active"
    assert env.get("customer", f"/api/v1/subscribers/{x['subscriber_id']}")["status"] == "active"


def test_a_second_run_the_same_day_handles_what_became_overdue_and_repeats_nothing(
    env: Env, world: dict[str, Any]
) -> None:
    y = world["y"]
    quiet = env.run(T)  # nothing new since the runs above
    assert quiet.status_code == 200, quiet.text
    assert quiet.json()["cases_opened"] == 0 and quiet.json()["reminders"] == 0
    assert env.cases(y["client_id"]) == []

    # Y's payment bounces after today's runs: its invoice is overdue again
    [payment] = env.get("collections", "/api/v1/payments", client_id=y["client_id"])["items"]
    bounced = env.post(
        "collections", f"/api/v1/payments/{payment['id']}/reverse", {"reason": "chèque impayé"}
    )
    assert bounced.status_code == 200
    again = env.run(T)
    assert again.status_code == 201, again.text
    assert again.json()["cases_opened"] == 1
    assert again.json()["reminders"] == 2 and again.json()["suspensions"] == 1
    [case] = env.cases(y["client_id"])
    assert case["status"] == "open"
    timeline = env.get("collections", f"/api/v1/collections/cases/{case['id']}")["timeline"]
    assert env.reminders(y["client_id"]) == 2
    assert env.contract(y["contract_id"])["status"] == "suspended"

    repeat = env.run(T)  # and once more: no reminder, suspension or closure repeated
    assert repeat.status_code == 200
    assert {
        k: v
        for k, v in repeat.json().items()
        if k not in ("id", "as_of", "created_at", "passes", "overdue_invoices")
    } == {
        "cases_opened": 0,
        "reminders": 0,
        "suspensions": 0,
        "resumptions": 0,
        "terminations_proposed": 0,
        "cases_closed": 0,
    }
    assert repeat.json()["passes"] == again.json()["passes"]
    assert env.reminders(y["client_id"]) == 2
    assert env.get("collections", f"/api/v1/collections/cases/{case['id']}")["timeline"] == timeline

    # the worker's daily run is the same call: nothing new, nothing repeated; and a worker
    # whose clock is a day behind is refused like an operator's earlier date
    engine = make_engine(env.settings.database_url_for("collections"), "collections")
    try:
        worker = CollectionsContext(env.settings, engine).collections().daily()
        assert worker is not None and worker["recorded"] is False
        assert worker["figures"]["reminders"] == 0
        late = CollectionsContext(
            env.settings, engine, clock=ShiftedClock(env.settings.timezone, T - timedelta(days=1))
        )
        assert late.collections().daily() is None
    finally:
        engine.dispose()
    assert env.reminders(y["client_id"]) == 2

    # a run dated before the latest one would judge today's payments with an old date
    earlier = env.run(T - timedelta(days=1))
    assert earlier.status_code == 409, earlier.text
    assert earlier.headers["content-type"].startswith("application/problem+json")
    assert T.isoformat() in earlier.json()["detail"]
    assert [c["status"] for c in env.cases(y["client_id"])] == ["open"]
    assert env.contract(y["contract_id"])["status"] == "suspended"
    assert env.reminders(y["client_id"]) == 2
    run_row = env.get("collections", "/api/v1/collections/cases", client_id=y["client_id"])
    assert run_row["total"] == 1

    # paid again: the next pass closes the case and resumes the line, once
    assert env.pay(y["client_id"], "120.00").status_code == 201
    closed = env.run(T)
    assert (closed.json()["cases_closed"], closed.json()["resumptions"]) == (1, 1)
    assert env.contract(y["contract_id"])["status"] == "active"
    assert env.run(T).json()["cases_closed"] == 0

    # and if that payment bounces too, the same day: a new case (the day's first is closed)
    posted = env.get("collections", "/api/v1/payments", client_id=y["client_id"], status="posted")
    [second] = posted["items"]
    assert env.post("collections", f"/api/v1/payments/{second['id']}/reverse").status_code == 200
    reopened = env.run(T)
    assert reopened.status_code == 201, reopened.text
    assert reopened.json()["cases_opened"] == 1
    assert sorted(c["status"] for c in env.cases(y["client_id"])) == ["closed", "open"]


def money_of(env: Env, client_id: str) -> dict[str, Decimal]:
    """received - reversed, allocated (net) and credit, from the client's payments."""
    payments = env.get("collections", "/api/v1/payments", client_id=client_id, limit=500)["items"]
    received = sum(
        (Decimal(p["amount"]) for p in payments if p["status"] == "posted"), Decimal("0.00")
    )
    allocated = sum(
        (
            Decimal(a["amount"])
            for p in payments
            if p["status"] == "posted"
            for a in p["allocations"]
        ),
        Decimal("0.00"),
    )
    balance = env.get("collections", f"/api/v1/clients/{client_id}/balance")
    return {"net_received": received, "allocated": allocated, "credit": Decimal(balance["credit"])}


def test_crediting_a_paid_invoice_turns_the_paid_money_into_credit_used_by_the_next_invoice(
    env: Env, world: dict[str, Any]
) -> None:
    z, invoice = world["z"], world["invoices"]["z"]
    assert env.get("collections", f"/api/v1/clients/{z['client_id']}/balance")["credit"] == "0.00"
    note = env.post(
        "billing",
        f"/api/v1/invoices/{invoice['id']}/credit-notes",
        {"reason": "geste commercial", "amount": "50.00"},
        **{"Idempotency-Key": str(uuid.uuid4())},
    )
    assert note.status_code == 201, note.text
    # the 50.00 credited had been paid: it is the client's credit at once (no worker here)
    balance = env.get("collections", f"/api/v1/clients/{z['client_id']}/balance")
    assert (balance["credit"], balance["amount_due"]) == ("50.00", "0.00")
    receivable = env.get(
        "collections", "/api/v1/collections/receivables", client_id=z["client_id"]
    )["items"]
    assert [(r["total"], r["credited"]) for r in receivable] == [("120.00", "50.00")]

    # credit use (the worker's, or a run's) returns it to the payment, money conserved
    env.post("collections", "/api/v1/collections/runs", {"as_of": T.isoformat()})
    money = money_of(env, z["client_id"])
    assert money == {
        "net_received": Decimal("120.00"),
        "allocated": Decimal("70.00"),
        "credit": Decimal("50.00"),
    }
    assert money["net_received"] == money["allocated"] + money["credit"]
    receivable = env.get(
        "collections", "/api/v1/collections/receivables", client_id=z["client_id"]
    )["items"]
    assert [(r["paid"], r["amount_due"], r["status"]) for r in receivable] == [
        ("70.00", "0.00", "paid")
    ]
    # billing sees the same: paid 70, credited 50, nothing due
    from tests.integration.test_collections_http import Env as BillingFollow

    BillingFollow(env.settings, env.headers).billing_follows()
    seen = env.get("billing", f"/api/v1/invoices/{invoice['id']}")
    assert (seen["paid"], seen["credited"], seen["amount_due"]) == ("70.00", "50.00", "0.00")

    # the next invoice uses the credit automatically
    bill(env, NEXT_PERIOD, NEXT_AS_OF)
    following = env.invoice_of(z["client_id"], NEXT_PERIOD)
    env.post("collections", "/api/v1/collections/runs", {"as_of": T.isoformat()})
    balance = env.get("collections", f"/api/v1/clients/{z['client_id']}/balance")
    assert balance["credit"] == "0.00"
    due = Decimal(following["total"]) - Decimal("50.00")
    assert Decimal(balance["amount_due"]) == due
    money = money_of(env, z["client_id"])
    assert money["net_received"] == money["allocated"] + money["credit"] == Decimal("120.00")
    # a second credit note on the first invoice (unpaid part no longer any): all of it credit
    rest = env.post(
        "billing",
        f"/api/v1/invoices/{invoice['id']}/credit-notes",
        {"reason": "annulation", "amount": "70.00"},
        **{"Idempotency-Key": str(uuid.uuid4())},
    )
    assert rest.status_code == 201, rest.text
    env.post("collections", "/api/v1/collections/runs", {"as_of": T.isoformat()})
    money = money_of(env, z["client_id"])
    assert money["net_received"] == money["allocated"] + money["credit"] == Decimal("120.00")
    balance = env.get("collections", f"/api/v1/clients/{z['client_id']}/balance")
    # the 70.00 went to the next invoice's amount due
    assert Decimal(balance["amount_due"]) == max(Decimal("0.00"), due - Decimal("70.00"))
