"""The console opens on the business dashboard (real Chromium, English): the figures it shows
are the analytics API's, the charts are drawn, and a list's CSV export downloads the rows of
its filters."""

from __future__ import annotations

import random
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.dates import month_of, today
from tests.e2e.conftest import Stack
from tests.e2e.test_console_browser import sign_in
from tests.integration.test_collections_http import months_after

START = months_after(today(), -10)  # a month no other browser test bills


def _api(stack: Stack) -> dict[str, str]:
    return {"Authorization": f"Bearer {stack.token()}"}


def _billed_client(stack: Stack) -> dict[str, Any]:
    """A client with a mobile line from START, its month billed."""
    base, headers = stack.base_url, _api(stack)
    offer = httpx.get(f"{base}/api/v1/offers", params={"code": "MOB-10G"}, headers=headers).json()[
        "items"
    ][0]
    order = httpx.post(
        f"{base}/api/v1/provisioning/orders",
        json={
            "offer_id": offer["id"],
            "effective_date": START.isoformat(),
            "new_client": {
                "first_name": "Salma",
                "last_name": "Bennani",
                "cin": f"DB{random.randint(100000, 999999)}",
                "phone": "0611223344",
            },
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert order.status_code == 201, order.text
    run = httpx.post(
        f"{base}/api/v1/bill-runs",
        json={"period": month_of(START), "as_of": months_after(START, 1).isoformat()},
        headers=headers,
    ).json()
    deadline = time.monotonic() + 60
    while (
        httpx.get(f"{base}/api/v1/bill-runs/{run['id']}", headers=headers).json()["status"]
        != "completed"
    ):
        assert time.monotonic() < deadline
        time.sleep(0.3)
    return dict(order.json())


def _digits(amount: str) -> str:
    """An amount as English shows it, without the currency: 1,234.50."""
    return f"{Decimal(amount):,.2f}"


def test_the_console_opens_on_the_business_figures(page: Page, stack: Stack) -> None:
    order = _billed_client(stack)
    sign_in(page, stack)
    expect(page.get_by_role("heading", name="The business at a glance")).to_be_visible()
    expect(page.get_by_role("link", name="Home", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    headers = _api(stack)
    summary = httpx.get(f"{stack.base_url}/api/v1/analytics/summary", headers=headers).json()
    revenue = httpx.get(f"{stack.base_url}/api/v1/analytics/revenue", headers=headers).json()
    assert Decimal(summary["mrr"]) > 0 and summary["active_lines"]["mobile"] >= 1
    expect(page.get_by_test_id("kpi-mrr")).to_contain_text(_digits(summary["mrr"]))
    expect(page.get_by_test_id("kpi-arpu")).to_contain_text(_digits(summary["arpu"]))
    expect(page.get_by_test_id("kpi-overdue")).to_contain_text(_digits(summary["overdue_amount"]))
    lines = summary["active_lines"]
    expect(page.get_by_test_id("kpi-lines")).to_contain_text(
        f"{lines['mobile']} mobile · {lines['internet']} internet · {lines['landline']} landline"
    )
    # twelve months in the table, the billed month with its figures
    table = page.get_by_test_id("revenue-table")
    expect(table.locator("tbody tr")).to_have_count(12)
    month = next(m for m in revenue["items"] if m["period"] == month_of(START))
    assert Decimal(month["billed"]) > 0
    row = table.locator("tbody tr").filter(has_text=START.strftime("%B %Y"))
    expect(row).to_contain_text(_digits(month["billed"]))
    # the charts are drawn (recharts' SVG), one bar per month and series
    expect(page.locator(".recharts-surface").first).to_be_visible()
    expect(page.locator(".recharts-bar-rectangle").first).to_be_attached()

    # the invoice list's export: the rows of its filters, as a file
    page.goto(f"{stack.base_url}/?tab=invoices&client={order['client_id']}")
    expect(page.get_by_test_id("invoices-total")).to_contain_text("1")
    with page.expect_download() as info:
        page.get_by_test_id("invoices-export").click()
    download = info.value
    assert download.suggested_filename == "invoices.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    header, *rows = text.strip().splitlines()
    assert header.startswith("number,id,client_id,period,")
    assert len(rows) == 1 and order["client_id"] in rows[0] and month_of(START) in rows[0]


# A stand-in for a large export still streaming: the first rows arrive, the rest never does
# until the request is aborted (the page's own fetch, so the console's code reads the stream).
HELD_EXPORT = """
(() => {
  const real = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    if (!window.__mtfHoldExport || !request.url.includes("/export")) return real(input, init);
    const signal = request.signal;
    const body = new ReadableStream({
      start(controller) {
        const rows = "number,id\\nF-1,a\\nF-2,b\\nF-3,c\\n";
        controller.enqueue(new TextEncoder().encode(rows));
        signal.addEventListener("abort", () => controller.error(new DOMException("aborted", "AbortError")));
      },
    });
    return Promise.resolve(new Response(body, { status: 200, headers: { "content-type": "text/csv" } }));
  };
})();
"""


def test_an_export_shows_its_progress_can_be_cancelled_and_shows_a_problem(
    page: Page, stack: Stack
) -> None:
    order = _billed_client(stack)
    page.add_init_script(HELD_EXPORT)
    sign_in(page, stack)

    # a finished download says how many rows it received
    page.goto(f"{stack.base_url}/?tab=invoices&client={order['client_id']}")
    expect(page.get_by_test_id("invoices-total")).to_contain_text("1")
    state = page.get_by_test_id("invoices-export-state")
    with page.expect_download() as info:
        page.get_by_test_id("invoices-export").click()
    assert info.value.suggested_filename == "invoices.csv"
    expect(state.get_by_role("status")).to_contain_text("1 row downloaded")

    # while it streams: the rows received so far, and Cancel stops it (no file)
    page.evaluate("window.__mtfHoldExport = true")
    downloads: list[str] = []
    page.on("download", lambda d: downloads.append(d.suggested_filename))
    page.get_by_test_id("invoices-export").click()
    expect(state.get_by_role("status")).to_contain_text("3 rows received")
    expect(page.get_by_test_id("invoices-export")).to_be_disabled()
    page.get_by_test_id("invoices-export-cancel").click()
    expect(state.get_by_role("status")).to_have_text("Download cancelled.")
    expect(page.get_by_test_id("invoices-export")).to_be_enabled()
    assert downloads == []
    page.evaluate("window.__mtfHoldExport = false")

    # a filter the API refuses: the export's answer is a problem, shown as one
    page.goto(f"{stack.base_url}/?tab=invoices&period=2026-13")
    page.get_by_test_id("invoices-export").click()
    problem = state.get_by_role("alert")
    expect(problem).to_contain_text("period")
    assert downloads == []
