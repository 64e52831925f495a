"""The charter's third critical flow, from the Collections tab: overdue status and dunning
(lines suspended), payment posting, invoice settlement and automatic resumption."""

from __future__ import annotations

import random
import time
import uuid
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.dates import today
from tests.e2e.conftest import Stack
from tests.e2e.test_console_browser import sign_in


def api(stack: Stack) -> dict[str, str]:
    return {"Authorization": f"Bearer {stack.token()}"}


def wait_until(check: Any, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    return check()


def test_dunning_suspends_the_line_and_payment_settles_and_resumes_it(
    page: Page, stack: Stack
) -> None:
    headers = api(stack)
    base = stack.base_url
    offer = httpx.get(f"{base}/api/v1/offers", params={"code": "MOB-10G"}, headers=headers).json()[
        "items"
    ][0]
    order = httpx.post(
        f"{base}/api/v1/provisioning/orders",
        json={
            "offer_id": offer["id"],
            "effective_date": "2026-05-01",
            "new_client": {
                "first_name": "Amine",
                "last_name": "Lahlou",
                "cin": f"DU{random.randint(100000, 999999)}",
                "phone": "0600112233",
            },
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    ).json()
    run = httpx.post(
        f"{base}/api/v1/bill-runs",
        json={"period": "2026-05", "as_of": "2026-06-01"},
        headers=headers,
    ).json()
    assert wait_until(
        lambda: (
            httpx.get(f"{base}/api/v1/bill-runs/{run['id']}", headers=headers).json()["status"]
            == "completed"
        )
    )
    [invoice] = httpx.get(
        f"{base}/api/v1/invoices", params={"client_id": order["client_id"]}, headers=headers
    ).json()["items"]
    assert invoice["status"] == "overdue"  # due 2026-07-01

    sign_in(page, stack)
    page.get_by_role("link", name="Collections").click()
    # the worker already ran today: a second run the same day handles what became overdue
    # since (this invoice), and an earlier date would be refused (409)
    page.get_by_label("As of").fill(today().isoformat())
    page.get_by_role("button", name="Run collections").click()
    report = page.get_by_test_id("collections-run-report")
    expect(report).to_be_visible(timeout=30_000)
    contract = httpx.get(f"{base}/api/v1/contracts/{order['contract_id']}", headers=headers).json()
    assert (contract["status"], contract["status_reason"]) == ("suspended", "dunning")
    cases = httpx.get(
        f"{base}/api/v1/collections/cases",
        params={"client_id": order["client_id"]},
        headers=headers,
    ).json()["items"]
    assert cases and cases[0]["stage"] == "termination_proposed" and cases[0]["status"] == "open"
    expect(page.get_by_test_id("aging-chart")).to_be_visible()

    page.goto(f"{base}/?tab=collections&pay={order['client_id']}")
    form = page.get_by_role("form", name="Post a payment")
    form.get_by_label("Amount").fill(invoice["total"])
    form.get_by_label("Reference").fill("VIR-2026-0042")
    form.get_by_role("button", name="Preview allocation").click()
    expect(page.get_by_text(invoice["number"]).first).to_be_visible()
    form.get_by_role("button", name="Post payment").click()
    expect(page.get_by_test_id("payment-result")).to_be_visible()

    # settlement: the invoice is paid, the case closes, the line is resumed, by themselves
    assert wait_until(
        lambda: (
            httpx.get(f"{base}/api/v1/invoices/{invoice['id']}", headers=headers).json()["status"]
            == "paid"
        )
    )
    assert wait_until(
        lambda: (
            httpx.get(f"{base}/api/v1/contracts/{order['contract_id']}", headers=headers).json()[
                "status"
            ]
            == "active"
        )
    )
    case = httpx.get(f"{base}/api/v1/collections/cases/{cases[0]['id']}", headers=headers).json()
    assert case["status"] == "closed" and "lines_resumed" in [t["kind"] for t in case["timeline"]]
    balance = httpx.get(
        f"{base}/api/v1/clients/{order['client_id']}/balance", headers=headers
    ).json()
    assert (balance["amount_due"], balance["overdue_amount"]) == ("0.00", "0.00")
