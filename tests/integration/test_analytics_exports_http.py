"""The console's business figures and the CSV exports, on a real PostgreSQL across catalog,
customer, contracts, billing and collections over HTTP: two months are billed, paid in part,
credited and a line terminated; `GET /api/v1/analytics/*` must reconcile to the cent with
the sums over the list APIs, and each export must hold one row per item of its list."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from mtf.platform.migrate import migrate_all
from tests.conftest import Databases, make_settings
from tests.dates import month_of, today
from tests.integration.services import ServiceEnv, operator_headers, running_services
from tests.integration.test_collections_http import bill, checkout, months_after, offer, person

TODAY = today()
BASE = months_after(TODAY, -6)
SECOND = months_after(BASE, 1)
ENDED_ON = months_after(BASE, 2) + timedelta(days=9)  # B's line is terminated then
ZERO = Decimal("0.00")


class Env(ServiceEnv):
    def raw(self, service: str, path: str, **params: Any) -> httpx.Response:
        return httpx.get(self.url(service, path), params=params, headers=self.headers, timeout=60)

    def every(self, service: str, path: str, **params: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        cursor = None
        while True:
            page = self.get(
                service, path, limit=500, **params, **({"cursor": cursor} if cursor else {})
            )
            items += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                return items

    def csv(self, service: str, path: str, **params: Any) -> list[dict[str, str]]:
        r = self.raw(service, path, **params)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("text/csv")
        assert r.headers["content-disposition"].startswith("attachment; filename=")
        return list(csv.DictReader(io.StringIO(r.text)))


@pytest.fixture(scope="module")
def env(databases: Databases) -> Iterator[Env]:
    settings = make_settings(databases.create("mtf_analytics"), auto_bill_run=False)
    migrate_all(settings)
    with running_services(
        settings, ("catalog", "customer", "contracts", "billing", "collections")
    ) as running:
        yield Env(running, operator_headers(running))


def pay(env: Env, client_id: str, amount: str, invoice_id: str | None = None) -> dict[str, Any]:
    r = env.post(
        "collections",
        "/api/v1/payments",
        {
            "client_id": client_id,
            "amount": amount,
            "method": "bank_transfer",
            "reference": f"VIR-{uuid.uuid4().hex[:6]}",
            "received_on": TODAY.isoformat(),
            **({"invoice_ids": [invoice_id]} if invoice_id else {}),
        },
        **{"Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


@pytest.fixture(scope="module")
def world(env: Env) -> dict[str, Any]:
    """A: a mobile line (100.00) and a fibre line (300.00); B: a mobile line, terminated in
    BASE's month + 2. Two months billed; A pays 200.00 and gets a 50.00 credit note on its
    first invoice, B pays its first invoice in full; a payment of B is reversed."""
    mobile, fibre = offer(env, "100.00"), offer(env, "300.00", "internet")
    start = BASE.isoformat()
    a = checkout(env, {"offer_id": mobile, "new_client": person(), "effective_date": start})
    checkout(env, {"offer_id": fibre, "client_id": a["client_id"], "effective_date": start})
    b = checkout(env, {"offer_id": mobile, "new_client": person(), "effective_date": start})
    bill(env, month_of(BASE), SECOND.isoformat())
    [inv_a] = env.get("billing", "/api/v1/invoices", client_id=a["client_id"])["items"]
    [inv_b] = env.get("billing", "/api/v1/invoices", client_id=b["client_id"])["items"]
    pay(env, a["client_id"], "200.00", inv_a["id"])
    pay(env, b["client_id"], inv_b["total"], inv_b["id"])
    bounced = pay(env, b["client_id"], "10.00")
    env.post(
        "collections", f"/api/v1/payments/{bounced['id']}/reverse", {"reason": "rejet banque"}
    ).raise_for_status()
    note = env.post(
        "billing",
        f"/api/v1/invoices/{inv_a['id']}/credit-notes",
        {"amount": "50.00", "reason": "geste commercial"},
        **{"Idempotency-Key": str(uuid.uuid4())},
    )
    assert note.status_code == 201, note.text
    bill(env, month_of(SECOND), months_after(BASE, 2).isoformat())
    env.post(
        "contracts",
        f"/api/v1/contracts/{b['contract_id']}/terminate",
        {"reason": "moving", "effective_date": ENDED_ON.isoformat()},
    ).raise_for_status()
    return {"a": a, "b": b, "inv_a": inv_a, "inv_b": inv_b}


def test_the_monthly_figures_reconcile_to_the_cent_with_the_lists(
    env: Env, world: dict[str, Any]
) -> None:
    revenue = env.get(
        "billing", "/api/v1/analytics/revenue", **{"from": month_of(BASE), "to": month_of(TODAY)}
    )
    invoices = env.every("billing", "/api/v1/invoices")
    assert len(invoices) == 4
    by_period = {m["period"]: m for m in revenue["items"]}
    assert list(by_period) == [month_of(months_after(BASE, i)) for i in range(7)]
    for period, month in by_period.items():
        mine = [i for i in invoices if i["period"] == period]
        notes = [n for i in mine for n in i["credit_notes"]]
        assert month["invoices"] == len(mine), period
        assert Decimal(month["billed"]) == sum((Decimal(i["total"]) for i in mine), ZERO)
        assert Decimal(month["credited"]) == sum((Decimal(n["total"]) for n in notes), ZERO)
        assert Decimal(month["credited"]) == sum((Decimal(i["credited"]) for i in mine), ZERO)
        assert Decimal(month["collected"]) == sum((Decimal(i["paid"]) for i in mine), ZERO)
    first = by_period[month_of(BASE)]
    # what was paid on the first month's invoices: A's 200.00 and B's invoice in full
    assert (first["billed"], first["credited"]) == ("600.00", "50.00")
    assert first["collected"] == f"{Decimal('200.00') + Decimal(world['inv_b']['total']):.2f}"
    assert first["new_lines"] == 3 and by_period[month_of(SECOND)]["new_lines"] == 0
    assert by_period[month_of(ENDED_ON)]["ended_lines"] == 1
    assert sum(m["ended_lines"] for m in revenue["items"]) == 1


def test_the_summary_counts_the_active_lines_and_what_is_overdue(
    env: Env, world: dict[str, Any]
) -> None:
    summary = env.get("billing", "/api/v1/analytics/summary")
    invoices = env.every("billing", "/api/v1/invoices")
    overdue = sum(
        (Decimal(i["amount_due"]) for i in invoices if i["due_date"] < TODAY.isoformat()), ZERO
    )
    assert overdue > 0
    assert summary["as_of"] == TODAY.isoformat()
    assert Decimal(summary["overdue_amount"]) == overdue
    aging = env.get("collections", "/api/v1/collections/aging")
    assert Decimal(aging["total_overdue"]) == overdue  # as collections counts it
    # B's line ended: A's two lines are what is active
    assert summary["active_lines"] == {"mobile": 1, "internet": 1, "landline": 0}
    assert (summary["mrr"], summary["arpu"], summary["active_clients"]) == ("400.00", "400.00", 1)
    # the credit note was issued today, on an invoice of six months ago
    assert (summary["credit_notes_this_month"], summary["credited_this_month"]) == (1, "50.00")
    month = env.get("billing", "/api/v1/analytics/revenue")["items"]
    assert len(month) == 12 and month[-1]["period"] == month_of(TODAY)
    assert month[-1]["overdue_at_end"] == summary["overdue_amount"]  # the trend ends today


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-13"}, "from"),
        ({"to": "26-01"}, "to"),
        ({"to": "0000-01"}, "to"),
        ({"from": "1999-12", "to": "2000-01"}, "from"),
        ({"from": "2026-05", "to": "2026-01"}, "from"),
        ({"from": "2020-01", "to": "2026-01"}, "to"),
    ],
)
def test_bad_revenue_filters_are_a_422_naming_the_field(
    env: Env, params: dict[str, str], field: str
) -> None:
    r = env.raw("billing", "/api/v1/analytics/revenue", **params)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"][0]["field"] == field


def test_the_invoice_export_holds_one_row_per_invoice_of_the_filters(
    env: Env, world: dict[str, Any]
) -> None:
    listed = {i["number"]: i for i in env.every("billing", "/api/v1/invoices")}
    rows = env.csv("billing", "/api/v1/invoices/export")
    assert [r["number"] for r in rows] == sorted(listed)
    for row in rows:
        item = listed[row["number"]]
        for column in ("id", "client_id", "period", "due_date", "total", "credited", "paid"):
            assert row[column] == item[column], column
        assert (row["amount_due"], row["status"]) == (item["amount_due"], item["status"])
    assert "first_name" not in rows[0] and "name" not in rows[0]  # no personal data
    only = env.csv("billing", "/api/v1/invoices/export", period=month_of(SECOND))
    assert {r["period"] for r in only} == {month_of(SECOND)} and len(only) == 2
    mine = env.csv("billing", "/api/v1/invoices/export", client_id=world["a"]["client_id"])
    assert {r["client_id"] for r in mine} == {world["a"]["client_id"]} and len(mine) == 2
    paid = env.csv("billing", "/api/v1/invoices/export", status="paid")
    assert [r["number"] for r in paid] == [world["inv_b"]["number"]]
    empty = env.raw("billing", "/api/v1/invoices/export", period="2001-01")
    assert empty.text.splitlines() == [
        ",".join(csv.DictReader(io.StringIO(empty.text)).fieldnames or [])
    ]
    for params, field in (
        ({"period": "2026-13"}, "period"),
        ({"status": "lost"}, "status"),
        ({"client_id": "nope"}, "client_id"),
    ):
        bad = env.raw("billing", "/api/v1/invoices/export", **params)
        assert bad.status_code in (400, 422), bad.text
        assert bad.headers["content-type"].startswith("application/problem+json")
        assert field in bad.text


def test_the_payment_and_aging_exports_hold_the_lists_items(
    env: Env, world: dict[str, Any]
) -> None:
    listed = env.every("collections", "/api/v1/payments")
    rows = env.csv("collections", "/api/v1/payments/export")
    assert [r["id"] for r in rows] == [p["id"] for p in listed]
    assert [r["amount"] for r in rows] == [p["amount"] for p in listed]
    reversed_ = env.csv("collections", "/api/v1/payments/export", status="reversed")
    assert len(reversed_) == 1 and reversed_[0]["amount"] == "10.00"
    a_rows = env.csv("collections", "/api/v1/payments/export", client_id=world["a"]["client_id"])
    assert len(a_rows) == 1 and a_rows[0]["invoice_numbers"] == world["inv_a"]["number"]
    bad = env.raw("collections", "/api/v1/payments/export", status="lost")
    assert bad.status_code == 422 and "status" in bad.text

    aging = env.get("collections", "/api/v1/collections/aging")
    overdue = env.csv("collections", "/api/v1/collections/aging/export")
    assert len(overdue) == sum(b["invoices"] for b in aging["buckets"])
    assert sum((Decimal(r["amount_due"]) for r in overdue), ZERO) == Decimal(aging["total_overdue"])
    for bucket in aging["buckets"]:
        mine = env.csv("collections", "/api/v1/collections/aging/export", bucket=bucket["bucket"])
        assert len(mine) == bucket["invoices"]
        assert sum((Decimal(r["amount_due"]) for r in mine), ZERO) == Decimal(bucket["amount"])
    bad = env.raw("collections", "/api/v1/collections/aging/export", bucket="12")
    assert bad.status_code == 422 and "bucket" in bad.text


def test_a_rebuild_gives_the_same_figures(env: Env, world: dict[str, Any]) -> None:
    """The aggregates are a projection: replayed from the events (and the collections feed
    followed again), they answer the same, and `mtf rebuild --check` finds no difference."""
    from mtf.billing.app import Billing
    from mtf.kernel.db import make_engine
    from mtf.platform.rebuild import check_projection

    months = {"from": month_of(BASE), "to": month_of(TODAY)}
    summary = env.get("billing", "/api/v1/analytics/summary")
    revenue = env.get("billing", "/api/v1/analytics/revenue", **months)
    billing = Billing(env.settings, make_engine(env.settings.database_url, "billing"))
    assert check_projection(billing.projector) == {"differences": {}, "matches": True}
    billing.projector.rebuild()
    billing.collections_feed.catch_up()
    assert env.get("billing", "/api/v1/analytics/summary") == summary
    assert env.get("billing", "/api/v1/analytics/revenue", **months) == revenue
