"""Collections on a real PostgreSQL across billing, collections, contracts and customer
over HTTP: payments with idempotency, allocation races, reversal, credit, overdue runs,
dunning suspension per line and automatic resumption on payment."""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx
import psycopg
import pytest

from mtf.billing.app import Billing
from mtf.collections.app import CollectionsContext
from mtf.kernel.db import make_engine
from mtf.platform.migrate import migrate_all
from tests.conftest import Databases, make_settings
from tests.dates import month_of, today
from tests.integration.services import ServiceEnv, operator_headers, running_services

TODAY = today().isoformat()


class Env(ServiceEnv):
    def pay(self, body: dict[str, Any], key: str | None = None) -> httpx.Response:
        return self.post(
            "collections",
            "/api/v1/payments",
            {"method": "bank_transfer", "reference": "VIR-1", "received_on": TODAY, **body},
            **{"Idempotency-Key": key or str(uuid.uuid4())},
        )

    def collections(self) -> CollectionsContext:
        return CollectionsContext(
            self.settings, make_engine(self.settings.database_url, "collections")
        )

    def billing_follows(self) -> None:
        Billing(
            self.settings, make_engine(self.settings.database_url, "billing")
        ).collections_feed.catch_up()


@pytest.fixture(scope="module")
def env(databases: Databases) -> Iterator[Env]:
    settings = make_settings(databases.create("mtf_collections"), auto_bill_run=False)
    migrate_all(settings)
    with running_services(
        settings, ("catalog", "customer", "contracts", "billing", "collections")
    ) as running:
        yield Env(running, operator_headers(running))


def offer(env: Env, fee: str, service: str = "mobile") -> str:
    components = {
        "mobile": {"calls": {"hours": 5}},
        "internet": {"fiber": {"speed_mbps": 50}, "landline": {}},
    }[service]
    created = env.post(
        "catalog",
        "/api/v1/offers",
        {
            "code": f"C-{uuid.uuid4().hex[:8]}",
            "name": f"Offre {fee}",
            "service": service,
            "monthly_fee": fee,
            "components": components,
        },
    ).json()
    env.post("catalog", f"/api/v1/offers/{created['id']}/publish")
    return str(created["id"])


def checkout(env: Env, body: dict[str, Any]) -> dict[str, Any]:
    r = env.post(
        "contracts", "/api/v1/provisioning/orders", body, **{"Idempotency-Key": str(uuid.uuid4())}
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def person() -> dict[str, str]:
    return {
        "first_name": "Rachid",
        "last_name": "Tazi",
        "cin": f"R{random.randint(100000, 999999)}",
        "phone": "0655443322",
    }


def bill(env: Env, period: str, as_of: str) -> None:
    run = env.post("billing", "/api/v1/bill-runs", {"period": period, "as_of": as_of}).json()
    deadline = time.monotonic() + 60
    while env.get("billing", f"/api/v1/bill-runs/{run['id']}")["status"] != "completed":
        assert time.monotonic() < deadline
        time.sleep(0.1)


def months_after(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# the world's month: six months ago, so every date below is in the past and within a year
BASE = months_after(today(), -6)


@pytest.fixture(scope="module")
def world(env: Env) -> dict[str, Any]:
    """Two clients billed for BASE's month (due 30 days after the run's date): A with two
    lines, B with one."""
    mobile, fibre = offer(env, "100.00"), offer(env, "300.00", "internet")
    start = BASE.isoformat()
    a = checkout(env, {"offer_id": mobile, "new_client": person(), "effective_date": start})
    a2 = checkout(env, {"offer_id": fibre, "client_id": a["client_id"], "effective_date": start})
    b = checkout(env, {"offer_id": mobile, "new_client": person(), "effective_date": start})
    as_of = months_after(BASE, 1)
    bill(env, month_of(BASE), as_of.isoformat())
    due = as_of + timedelta(days=30)
    [inv_a] = env.get("billing", "/api/v1/invoices", client_id=a["client_id"])["items"]
    [inv_b] = env.get("billing", "/api/v1/invoices", client_id=b["client_id"])["items"]
    assert (inv_a["total"], inv_b["total"], inv_a["due_date"]) == (
        "480.00",
        "120.00",
        due.isoformat(),
    )
    return {"a": a, "a2": a2, "b": b, "inv_a": inv_a, "inv_b": inv_b, "mobile": mobile, "due": due}


def test_payments_are_idempotent_and_validated(env: Env, world: dict[str, Any]) -> None:
    client = world["b"]["client_id"]
    body = {"client_id": client, "amount": "20.00", "invoice_ids": [world["inv_b"]["id"]]}
    first = env.pay(body, key="pay-key-1")
    again = env.pay(body, key="pay-key-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert first.json()["allocations"] == [
        {
            "invoice_id": world["inv_b"]["id"],
            "invoice_number": world["inv_b"]["number"],
            "amount": "20.00",
        }
    ]
    other = env.pay({**body, "amount": "21.00"}, key="pay-key-1")
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "Idempotency-Key"
    missing = env.post(
        "collections",
        "/api/v1/payments",
        {**body, "method": "cash", "reference": "x", "received_on": TODAY},
    )
    assert missing.status_code == 400
    for bad, field in (
        ({"amount": "0"}, "amount"),
        ({"amount": "-5.00"}, "amount"),
        ({"amount": "1.234"}, "amount"),
        ({"client_id": str(uuid.uuid4())}, "client_id"),
        ({"invoice_ids": [str(uuid.uuid4())]}, "invoice_ids"),
        ({"invoice_ids": [world["inv_a"]["id"]]}, "invoice_ids"),
        ({"received_on": "2099-01-01"}, "received_on"),
    ):
        r = env.pay({**body, **bad})
        assert r.status_code == 422, (bad, r.text)
        assert r.json()["errors"][0]["field"] == field
    assert env.get("collections", f"/api/v1/clients/{client}/balance")["amount_due"] == "100.00"
    unknown = httpx.get(
        env.url("collections", f"/api/v1/clients/{uuid.uuid4()}/balance"), headers=env.headers
    )
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")


def recorded_events(env: Env) -> int:
    with psycopg.connect(env.settings.database_url) as conn:
        row = conn.execute("SELECT count(*) FROM collections.collections_events").fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize(
    "amount",
    ["1e30", "1000000000000.00", "NaN", "-5", "1.999", " 5", 5, "100000000.01", "Infinity"],
)
def test_amounts_the_money_rules_refuse_are_a_422_naming_amount_and_record_nothing(
    env: Env, world: dict[str, Any], amount: object
) -> None:
    """Before the money rules, "1000000000000.00" was accepted and then blocked the
    collections projector for good (every read 500, dunning stopped); "1e30" answered 500."""
    client = world["b"]["client_id"]
    before = recorded_events(env)
    r = env.pay({"client_id": client, "amount": amount})
    assert r.status_code == 422, (amount, r.text)
    assert r.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in r.json()["errors"]] == ["amount"], r.text
    assert recorded_events(env) == before
    # the views answer as before (nothing stuck)
    listed = httpx.get(
        env.url("collections", "/api/v1/payments"), headers=env.headers, params={"limit": 1}
    )
    assert listed.status_code == 200
    assert httpx.get(env.url("collections", "/health/ready")).json()["status"] == "ok"


def test_the_largest_amount_allowed_is_accepted_and_projected(
    env: Env, world: dict[str, Any]
) -> None:
    client = world["b"]["client_id"]
    posted = env.pay({"client_id": client, "amount": "100000000.00"})
    assert posted.status_code == 201, posted.text
    found = env.get("collections", f"/api/v1/payments/{posted.json()['id']}")
    assert found["amount"] == "100000000.00"
    # given back at once, so the rest of this module's money is as it was
    reversed_ = env.post(
        "collections", f"/api/v1/payments/{posted.json()['id']}/reverse", {"reason": "test"}
    )
    assert reversed_.status_code == 200


def test_payments_racing_for_one_invoice_never_over_allocate_it(
    env: Env, world: dict[str, Any]
) -> None:
    client = world["b"]["client_id"]
    results: list[httpx.Response] = []

    def pay() -> None:
        results.append(
            env.pay({"client_id": client, "amount": "60.00", "invoice_ids": [world["inv_b"]["id"]]})
        )

    threads = [threading.Thread(target=pay) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.status_code == 201 for r in results)
    allocated = sum(Decimal(a["amount"]) for r in results for a in r.json()["allocations"])
    credit = sum(Decimal(r.json()["credit"]) for r in results)
    assert allocated == Decimal("100.00")  # what was left due, not a cent more
    assert allocated + credit == Decimal("240.00")
    balance = env.get("collections", f"/api/v1/clients/{client}/balance")
    assert (balance["amount_due"], balance["credit"]) == ("0.00", "140.00")
    env.billing_follows()
    assert env.get("billing", f"/api/v1/invoices/{world['inv_b']['id']}")["status"] == "paid"


def test_a_reversal_reopens_the_invoice_and_cannot_happen_twice(
    env: Env, world: dict[str, Any]
) -> None:
    client = world["b"]["client_id"]
    payments = env.get("collections", "/api/v1/payments", client_id=client, status="posted")[
        "items"
    ]
    target = next(
        p for p in payments if p["allocations"] and p["allocations"][0]["amount"] == "60.00"
    )
    reversed_ = env.post(
        "collections", f"/api/v1/payments/{target['id']}/reverse", {"reason": "chèque impayé"}
    )
    assert reversed_.status_code == 200 and reversed_.json()["status"] == "reversed"
    again = env.post("collections", f"/api/v1/payments/{target['id']}/reverse", {"reason": "again"})
    assert again.status_code == 409
    unknown = env.post("collections", f"/api/v1/payments/{uuid.uuid4()}/reverse")
    assert unknown.status_code == 404
    env.billing_follows()
    invoice = env.get("billing", f"/api/v1/invoices/{world['inv_b']['id']}")
    assert invoice["status"] == "partially_paid" or invoice["status"] == "overdue"
    assert Decimal(invoice["amount_due"]) == Decimal("60.00")
    # the client's credit pays it again as soon as credit is applied
    env.collections().payments().apply_credits()
    env.billing_follows()
    assert env.get("billing", f"/api/v1/invoices/{world['inv_b']['id']}")["amount_due"] == "0.00"


def test_overdue_dunning_suspends_the_lines_and_full_payment_resumes_them(
    env: Env, world: dict[str, Any]
) -> None:
    client = world["a"]["client_id"]
    day_after_due = (world["due"] + timedelta(days=1)).isoformat()
    first = env.post("collections", "/api/v1/collections/runs", {"as_of": day_after_due})
    assert (
        first.status_code == 201
        and first.json()["cases_opened"] >= 1
        and first.json()["reminders"] >= 1
    )
    same = env.post("collections", "/api/v1/collections/runs", {"as_of": day_after_due})
    # nothing new since: a pass that acts on nothing (200), no step repeated
    assert same.status_code == 200, same.text
    assert (same.json()["id"], same.json()["cases_opened"], same.json()["reminders"]) == (
        first.json()["id"],
        0,
        0,
    )
    [case] = env.get("collections", "/api/v1/collections/cases", client_id=client, status="open")[
        "items"
    ]
    assert case["stage"] == "reminder"
    month_past_due = (world["due"] + timedelta(days=31)).isoformat()
    later = env.post("collections", "/api/v1/collections/runs", {"as_of": month_past_due}).json()
    assert later["suspensions"] == 2
    for contract in (world["a"]["contract_id"], world["a2"]["contract_id"]):
        c = env.get("contracts", f"/api/v1/contracts/{contract}")
        assert (c["status"], c["status_reason"]) == ("suspended", "dunning")
    detail = env.get("collections", f"/api/v1/collections/cases/{case['id']}")
    assert detail["stage"] == "suspended"
    assert [t["kind"] for t in detail["timeline"]][:4] == [
        "opened",
        "reminder_sent",
        "second_reminder_sent",
        "lines_suspended",
    ]
    with psycopg.connect(env.settings.database_url) as conn:
        reminders = conn.execute(
            "SELECT count(*) FROM collections.notifications WHERE client_id = %s", (client,)
        ).fetchone()
    assert reminders == (2,)
    aging = env.get("collections", "/api/v1/collections/aging")
    assert Decimal(aging["total_overdue"]) >= Decimal("480.00")

    partial = env.pay({"client_id": client, "amount": "100.00"})
    assert partial.status_code == 201
    env.collections().collections().settle(today(), "test")
    assert (
        env.get("contracts", f"/api/v1/contracts/{world['a']['contract_id']}")["status"]
        == "suspended"
    )
    rest = env.pay({"client_id": client, "amount": "380.00"})
    assert rest.status_code == 201
    settled = env.collections().collections().settle(today(), "test")
    assert settled == {"resumptions": 2, "cases_closed": 1}
    for contract in (world["a"]["contract_id"], world["a2"]["contract_id"]):
        assert env.get("contracts", f"/api/v1/contracts/{contract}")["status"] == "active"
    closed = env.get("collections", f"/api/v1/collections/cases/{case['id']}")
    assert closed["status"] == "closed" and "lines_resumed" in [
        t["kind"] for t in closed["timeline"]
    ]


def test_a_reversal_needs_no_body(env: Env, world: dict[str, Any]) -> None:
    posted = env.pay({"client_id": world["b"]["client_id"], "amount": "5.00"})
    reversed_ = httpx.post(
        env.url("collections", f"/api/v1/payments/{posted.json()['id']}/reverse"),
        headers=env.headers,
    )
    assert reversed_.status_code == 200
    assert (reversed_.json()["status"], reversed_.json()["reversal_reason"]) == (
        "reversed",
        "payment bounced",
    )


def test_case_actions_and_bad_run_dates(env: Env, world: dict[str, Any]) -> None:
    far = env.post("collections", "/api/v1/collections/runs", {"as_of": "2099-01-01"})
    assert far.status_code == 422 and far.json()["errors"][0]["field"] == "as_of"
    cases = env.get("collections", "/api/v1/collections/cases")["items"]
    case_id = cases[0]["id"]
    note = env.post(
        "collections",
        f"/api/v1/collections/cases/{case_id}/actions",
        {"action": "note", "note": "called the client"},
    )
    assert note.status_code == 200 and note.json()["timeline"][-1]["kind"] == "note"
    past = env.post(
        "collections",
        f"/api/v1/collections/cases/{case_id}/actions",
        {"action": "promise_to_pay", "promise_date": "2020-01-01"},
    )
    assert past.status_code in (409, 422)


def test_right_after_a_bill_run_the_balance_shows_the_invoice_and_a_payment_pays_it(
    env: Env, world: dict[str, Any]
) -> None:
    """No worker runs here: collections learns the new invoices from billing's feed when asked
    (a balance read, a payment), so nothing lands as credit for lack of an invoice."""
    c = checkout(
        env,
        {
            "offer_id": world["mobile"],
            "new_client": person(),
            "effective_date": months_after(BASE, 4).isoformat(),
        },
    )
    bill(env, month_of(months_after(BASE, 4)), months_after(BASE, 5).isoformat())
    [invoice] = env.get("billing", "/api/v1/invoices", client_id=c["client_id"])["items"]
    balance = env.get("collections", f"/api/v1/clients/{c['client_id']}/balance")
    assert (balance["amount_due"], balance["credit"]) == (invoice["total"], "0.00")
    paid = env.pay({"client_id": c["client_id"], "amount": "30.00"})
    assert paid.status_code == 201, paid.text
    assert paid.json()["allocations"] == [
        {"invoice_id": invoice["id"], "invoice_number": invoice["number"], "amount": "30.00"}
    ]
    assert paid.json()["credit"] == "0.00"
    left = Decimal(invoice["total"]) - Decimal("30.00")
    assert env.get("collections", f"/api/v1/clients/{c['client_id']}/balance")["amount_due"] == (
        f"{left:.2f}"
    )


def test_the_settlements_ledger_agrees_with_the_views_after_everything_above(
    env: Env, world: dict[str, Any]
) -> None:
    """Allocation reads the ledger written with the payment events; the views follow the
    events. After payments, a race, a reversal, credit use and dunning they must agree."""
    env.get("collections", "/api/v1/payments", limit=1)  # the views catch up on read
    with psycopg.connect(env.settings.database_url) as conn:
        rows = conn.execute(
            "SELECT r.invoice_id, r.paid, coalesce(s.paid, 0) FROM collections.receivables r "
            "LEFT JOIN collections.settlements s USING (invoice_id)"
        ).fetchall()
    assert rows and any(view > 0 for _, view, _ in rows)
    assert [(i, view) for i, view, _ in rows] == [(i, ledger) for i, _, ledger in rows]


def test_rebuild_replays_the_views_and_repairs_a_ledger_that_drifted(
    env: Env, world: dict[str, Any]
) -> None:
    """`mtf rebuild collections`: the views replayed from zero give the same balances, and
    `--check` finds a ledger amount that does not match the payment events."""
    from mtf.platform.rebuild import rebuild

    clients = [world["a"]["client_id"], world["b"]["client_id"]]
    # a paid invoice of its own (the test does not lean on the module's earlier payments)
    paid = env.pay(
        {"client_id": clients[0], "amount": "1.00", "invoice_ids": [world["inv_a"]["id"]]}
    )
    assert paid.status_code == 201, paid.text

    def balances() -> list[dict[str, Any]]:
        return [env.get("collections", f"/api/v1/clients/{c}/balance") for c in clients]

    before = balances()
    assert (
        rebuild(env.settings, ("collections",), check_only=True)["collections"]["settlements"][
            "differences"
        ]
        == []
    )
    with psycopg.connect(env.settings.database_url) as conn:
        conn.execute(
            "UPDATE collections.settlements SET paid = paid + 1 WHERE invoice_id = "
            "(SELECT invoice_id FROM collections.settlements WHERE paid > 0 LIMIT 1)"
        )
    drifted = rebuild(env.settings, ("collections",), check_only=True)["collections"]
    assert len(drifted["settlements"]["differences"]) == 1
    told: list[tuple[str, int, int]] = []
    report = rebuild(
        env.settings,
        ("collections",),
        check_only=False,
        progress=lambda name, position, head: told.append((name, position, head)),
    )["collections"]
    assert report["collections.views"]["events_replayed"] > 0
    # the operator watching `mtf rebuild` sees it move forward and reach the log's head
    positions = [p for name, p, _ in told if name == "collections.views"]
    assert positions == sorted(positions) and positions[-1] == told[-1][2] > 0
    assert (
        rebuild(env.settings, ("collections",), check_only=True)["collections"]["settlements"][
            "differences"
        ]
        == []
    )
    assert balances() == before
    # billing's views replayed too: what is paid on each invoice comes back from collections
    env.billing_follows()
    invoices = [world["inv_a"]["id"], world["inv_b"]["id"]]
    seen = [env.get("billing", f"/api/v1/invoices/{i}") for i in invoices]
    assert any(Decimal(i["paid"]) > 0 for i in seen)
    rebuild(env.settings, ("billing",), check_only=False)
    assert [env.get("billing", f"/api/v1/invoices/{i}") for i in invoices] == seen


def test_the_payments_list_totals_agree_with_the_payments_after_posting_and_a_rebuild(
    env: Env, world: dict[str, Any]
) -> None:
    """Without a client filter the list's `total` comes from counts kept beside the payments
    (issue #13: no count over every payment per page): it is exactly what the list holds,
    per status too, after a payment, a reversal (earlier tests) and a replay of the views."""
    from mtf.platform.rebuild import rebuild

    def totals() -> dict[str, int]:
        found: dict[str, int] = {}
        for status in ("", "posted", "reversed"):
            params = {"limit": 500, **({"status": status} if status else {})}
            page = env.get("collections", "/api/v1/payments", **params)
            assert len(page["items"]) == page["total"]  # every payment there is, counted
            found[status or "all"] = page["total"]
        return found

    before = totals()
    assert before["reversed"] >= 1 and before["all"] == before["posted"] + before["reversed"]
    paid = env.pay({"client_id": world["a"]["client_id"], "amount": "5.00"})
    assert paid.status_code == 201
    after = totals()
    assert after == {**before, "all": before["all"] + 1, "posted": before["posted"] + 1}
    first = env.get("collections", "/api/v1/payments", limit=1)
    assert first["total"] == after["all"] and len(first["items"]) == 1 and first["next_cursor"]
    rebuild(env.settings, ("collections",), check_only=False)
    assert totals() == after
