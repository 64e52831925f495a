"""Finding a client instead of typing an id, and linking to one invoice (issue 14), in real
Chromium on the whole stack: the payment form's client chosen with the keyboard alone
(arrows, Enter, Escape; by name and by phone), and an invoice's own address opened and
reloaded directly."""

from __future__ import annotations

import random
import re
import string
import time
import uuid
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Stack
from tests.e2e.test_console_browser import sign_in


def headers(stack: Stack) -> dict[str, str]:
    return {"Authorization": f"Bearer {stack.token()}"}


def onboard(stack: Stack, first: str, last: str, phone: str, period_start: str) -> dict[str, Any]:
    h = headers(stack)
    offer = httpx.get(
        f"{stack.base_url}/api/v1/offers", params={"code": "MOB-10G"}, headers=h
    ).json()["items"][0]
    placed = httpx.post(
        f"{stack.base_url}/api/v1/provisioning/orders",
        json={
            "offer_id": offer["id"],
            "effective_date": period_start,
            "new_client": {
                "first_name": first,
                "last_name": last,
                "cin": f"PK{random.randint(100000, 999999)}",
                "phone": phone,
            },
        },
        headers={**h, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert placed.status_code == 201, placed.text
    return dict(placed.json())


def a_name() -> str:
    return "".join(random.choices(string.ascii_lowercase, k=9)).capitalize()


def test_the_payment_form_s_client_is_chosen_with_the_keyboard(page: Page, stack: Stack) -> None:
    family = a_name()
    phone = f"06{random.randint(0, 10**8 - 1):08d}"
    first = onboard(stack, "Yasmine", family, f"07{random.randint(0, 10**8 - 1):08d}", "2026-05-01")
    second = onboard(stack, "Omar", family, phone, "2026-05-01")
    names = {first["client_id"]: f"Yasmine {family}", second["client_id"]: f"Omar {family}"}

    sign_in(page, stack)
    page.get_by_role("link", name="Collections").click()
    form = page.get_by_role("form", name="Post a payment")
    picker = form.get_by_role("combobox", name="Client")
    expect(picker).to_have_attribute("aria-expanded", "false")
    picker.focus()
    page.keyboard.type(family.lower())
    results = form.get_by_role("listbox", name="Matching clients")
    expect(results.get_by_role("option")).to_have_count(2)
    expect(picker).to_have_attribute("aria-expanded", "true")
    # the first is active; the arrow moves to the second (and the input says which)
    options = results.get_by_role("option")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(picker).to_have_attribute("aria-activedescendant", re.compile(".+"))
    chosen = options.nth(1).locator("strong").inner_text()
    assert chosen in names.values()
    page.keyboard.press("Enter")  # chooses; does not submit the form
    expect(picker).to_have_value(chosen)
    expect(results).to_be_hidden()
    expect(form.get_by_text("No open invoice", exact=False)).to_be_visible()
    expect(page.get_by_test_id("payment-result")).to_have_count(0)

    # Escape closes the list, and again gives the chosen client back
    page.keyboard.press("ArrowDown")
    expect(results.get_by_role("option").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(results).to_be_hidden()
    page.keyboard.press("Escape")
    expect(picker).to_have_value(chosen)

    # by phone, however it is typed
    page.keyboard.press("Control+A")
    page.keyboard.type(f"{phone[:2]} {phone[2:4]} {phone[4:6]} {phone[6:8]} {phone[8:]}")
    expect(results.get_by_role("option")).to_have_count(1)
    expect(results.get_by_role("option")).to_contain_text(f"Omar {family}")
    page.keyboard.press("Enter")
    expect(picker).to_have_value(f"Omar {family}")

    form.get_by_label("Amount").fill("150.00")
    form.get_by_label("Reference").fill(f"ESP-{family}")
    form.get_by_label("Reference").press("Enter")
    expect(page.get_by_test_id("payment-result")).to_be_visible()
    payments = httpx.get(
        f"{stack.base_url}/api/v1/payments",
        params={"client_id": second["client_id"]},
        headers=headers(stack),
    ).json()["items"]
    assert [(p["reference"], p["amount"]) for p in payments] == [(f"ESP-{family}", "150.00")]
    # the payments list names its client (one batch lookup of the page's clients)
    row = page.get_by_test_id("payment-row").filter(has_text=f"ESP-{family}")
    expect(row).to_contain_text(f"Omar {family}")
    # no "type a UUID" prompt is left
    expect(page.get_by_text("UUID")).to_have_count(0)


def wait_until(check: Any, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    return check()


def test_an_invoice_s_address_opens_and_reloads_the_invoice(page: Page, stack: Stack) -> None:
    h = headers(stack)
    base = stack.base_url
    family = a_name()
    order = onboard(stack, "Salma", family, f"06{random.randint(0, 10**8 - 1):08d}", "2026-03-01")
    run = httpx.post(
        f"{base}/api/v1/bill-runs", json={"period": "2026-03", "as_of": "2026-04-01"}, headers=h
    ).json()
    assert wait_until(
        lambda: (
            httpx.get(f"{base}/api/v1/bill-runs/{run['id']}", headers=h).json()["status"]
            == "completed"
        )
    )
    [invoice] = httpx.get(
        f"{base}/api/v1/invoices", params={"client_id": order["client_id"]}, headers=h
    ).json()["items"]

    sign_in(page, stack)
    page.goto(f"{base}/invoices/{invoice['id']}")
    title = page.locator("#invoice-title")
    expect(title).to_contain_text(invoice["number"])
    expect(page.get_by_test_id("invoice-total")).to_contain_text(invoice["total"])
    page.reload()
    expect(page).to_have_url(f"{base}/invoices/{invoice['id']}")
    expect(title).to_contain_text(invoice["number"])
    expect(page.get_by_role("link", name="Invoices")).to_have_attribute("aria-current", "page")

    # the former address goes to the path; the list's rows link to it
    page.goto(f"{base}/?tab=invoices&invoice={invoice['id']}")
    expect(page).to_have_url(f"{base}/invoices/{invoice['id']}")
    expect(title).to_contain_text(invoice["number"])
    page.goto(f"{base}/?tab=invoices")
    page.get_by_role("link", name=invoice["number"]).click()
    expect(page).to_have_url(f"{base}/invoices/{invoice['id']}")
    page.go_back()
    expect(page.get_by_role("table", name="Invoices")).to_be_visible()

    # a signed-out reader of the link signs in and lands on the invoice
    page.context.clear_cookies()
    page.evaluate("window.localStorage.clear(); window.sessionStorage.clear()")
    page.goto(f"{base}/invoices/{invoice['id']}")
    expect(page).to_have_url(f"{base}/login")
