"""Issue 14, "Accessible": axe-core (WCAG 2.x A/AA rules) finds no serious or critical
violation on any screen of the console (in French, its default language), on a stack with
data (a client with a line, invoices from a bill run, an overdue case, a payment, a read
bank statement), nor on the landing page in French, Arabic (right to left) and English,
along its three flows."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.dates import today
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import Stack, lang_context


def _wait_run(stack: Stack, headers: dict[str, str], run_id: str) -> None:
    deadline = time.monotonic() + 60
    while (
        httpx.get(f"{stack.base_url}/api/v1/bill-runs/{run_id}", headers=headers).json()["status"]
        != "completed"
    ):
        assert time.monotonic() < deadline, "the bill run did not complete"
        time.sleep(0.2)


def order(
    stack: Stack, headers: dict[str, str], code: str, first: str, last: str, **extra: Any
) -> dict[str, Any]:
    base = stack.base_url
    offer = httpx.get(f"{base}/api/v1/offers", params={"code": code}, headers=headers).json()[
        "items"
    ][0]
    cin = f"AX{random.randint(100000, 999999)}"
    r = httpx.post(
        f"{base}/api/v1/provisioning/orders",
        json={
            "offer_id": offer["id"],
            "new_client": {
                "first_name": first,
                "last_name": last,
                "cin": cin,
                "phone": "0661223344",
            },
            **extra,
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 201, r.text
    return {**r.json(), "cin": cin, "offer_id": offer["id"]}


@pytest.fixture(scope="module")
def data(stack: Stack) -> dict[str, Any]:
    """A client with a line billed in May (overdue, a dunning case), a payment, an offer."""
    base = stack.base_url
    headers = {"Authorization": f"Bearer {stack.token()}"}
    client = order(stack, headers, "MOB-10G", "Yasmine", "Alaoui", effective_date="2026-05-01")
    run = httpx.post(
        f"{base}/api/v1/bill-runs",
        json={"period": "2026-05", "as_of": "2026-06-01"},
        headers=headers,
    )
    assert run.status_code == 202, run.text
    _wait_run(stack, headers, run.json()["id"])
    [invoice] = httpx.get(
        f"{base}/api/v1/invoices", params={"client_id": client["client_id"]}, headers=headers
    ).json()["items"]
    collections = httpx.post(
        f"{base}/api/v1/collections/runs", json={"as_of": today().isoformat()}, headers=headers
    )
    assert collections.status_code in (200, 201, 202), collections.text
    deadline = time.monotonic() + 30
    cases: list[dict[str, Any]] = []
    while not cases:
        assert time.monotonic() < deadline, "no collections case opened"
        cases = httpx.get(
            f"{base}/api/v1/collections/cases",
            params={"client_id": client["client_id"]},
            headers=headers,
        ).json()["items"]
        time.sleep(0.2)
    payment = httpx.post(
        f"{base}/api/v1/payments",
        json={
            "client_id": client["client_id"],
            "amount": "10.00",
            "method": "bank_transfer",
            "received_on": today().isoformat(),
            "reference": "VIR-AXE-1",
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert payment.status_code == 201, payment.text
    return {
        **client,
        "invoice_id": invoice["id"],
        "case_id": cases[0]["id"],
        "headers": headers,
    }


@pytest.fixture(scope="module")
def console(browser: Browser, stack: Stack) -> Iterator[Page]:
    """One signed-in page in French (the console's default), shared by the module's tests."""
    context = lang_context(browser, None, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{stack.base_url}/login")
    page.get_by_label("Identifiant").fill("admin")
    page.get_by_label("Mot de passe").fill(stack.admin_password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("link", name="Offres")).to_be_visible()
    yield page
    context.close()


def settled(page: Page) -> None:
    """The screen's reads answered: no spinner left."""
    page.wait_for_load_state("networkidle")
    expect(page.locator(".loading, .ss-loading")).to_have_count(0)


# (screen, address, something the operator sees when it is shown)
SCREENS = [
    ("dashboard", "/", "main h1, main h2"),
    ("contracts", "/?tab=contracts", "#entry-new-title"),
    ("new client checkout", "/?tab=contracts&view=onboard", "main form, main input"),
    ("existing client checkout", "/?tab=contracts&client={client_id}", "main input[type=radio]"),
    ("contract detail", "/contracts/{contract_id}", "main h1, main h2"),
    ("clients", "/?tab=clients", "main table tbody tr"),
    ("new client form", "/?tab=clients&view=new", "main input"),
    ("client detail", "/clients/{client_id}", "main h1, main h2"),
    ("offers", "/?tab=offers", "main table tbody tr"),
    ("offer detail", "/?tab=offers&offer={offer_id}", "main h1, main h2"),
    ("new offer form", "/?tab=offers&view=new", "main input"),
    ("invoices and bill runs", "/?tab=invoices", "main table tbody tr"),
    ("invoice detail", "/invoices/{invoice_id}", "main h1, main h2"),
    ("collections, payments, statement import", "/?tab=collections", "main table tbody tr"),
    ("post a payment for a client", "/?tab=collections&pay={client_id}", "#payment-amount"),
    ("collections case", "/collections/cases/{case_id}", "main h1, main h2"),
    ("partner API", "/?tab=partners", "[data-testid=partners-tab]"),
]


@pytest.mark.parametrize(("screen", "address", "shown"), SCREENS, ids=[s[0] for s in SCREENS])
def test_a_console_screen_has_no_serious_accessibility_violation(
    console: Page, stack: Stack, data: dict[str, Any], screen: str, address: str, shown: str
) -> None:
    console.goto(stack.base_url + address.format(**data))
    expect(console.locator(shown).first).to_be_visible()
    settled(console)
    assert_accessible(console, screen)


def test_the_statement_import_and_its_lines_have_no_serious_violation(
    console: Page, stack: Stack, data: dict[str, Any]
) -> None:
    day = (today() - timedelta(days=1)).isoformat()
    statement = (
        "date,amount,label,bank_reference\n"
        f"{day},20.00,VIREMENT CIN {data['cin']},BK-{uuid.uuid4().hex[:10]}\n"
        f"{day},30.00,VIR SANS REF,BK-{uuid.uuid4().hex[:10]}\n"
    )
    console.goto(f"{stack.base_url}/?tab=collections")
    card = console.get_by_role("region", name="Relevé bancaire")
    card.get_by_label("Fichier du relevé (.csv ou .xml)").set_input_files(
        files=[{"name": "releve.csv", "mimeType": "text/csv", "buffer": statement.encode()}]
    )
    card.get_by_role("button", name="Lire le relevé").click()
    expect(card.get_by_test_id("count-matched")).to_have_text("1")
    card.get_by_role("button", name="Attribuer un client").click()
    expect(card.get_by_label("Client de la ligne 3")).to_be_visible()
    assert_accessible(console, "bank statement read, a line being assigned")


def test_the_api_reference_has_no_serious_violation(console: Page, stack: Stack) -> None:
    console.goto(f"{stack.base_url}/api/v1/docs")
    title = console.get_by_role("heading", name="MT-Facturation public API", exact=True)
    expect(title).to_be_visible(timeout=30_000)
    assert_accessible(console, "API reference")


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_the_landing_flows_have_no_serious_violation(
    browser: Browser, stack: Stack, data: dict[str, Any], lang: str
) -> None:
    """Sign-up (offers, then the form), change plan (after the CIN) and my invoices (after
    the CIN), each checked; in Arabic the page is right to left."""
    context = lang_context(browser, lang, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{stack.base_url}/landing")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
        expect(page.locator("article.ss-offer").first).to_be_visible()
        settled(page)
        assert_accessible(page, f"landing, offers ({lang})")
        page.locator("article.ss-offer").first.get_by_role("button").first.click()
        expect(page.locator("main input").first).to_be_visible()
        assert_accessible(page, f"landing, sign-up form ({lang})")

        page.locator("#ss-tab-change-plan").click()
        page.locator("#ss-cin").fill(data["cin"])
        page.locator("#ss-cin").press("Enter")
        expect(page.locator("main input[type=radio]").first).to_be_attached()
        settled(page)
        assert_accessible(page, f"landing, change plan ({lang})")

        page.locator("#ss-tab-invoices").click()  # the client is known now: no CIN asked again
        expect(page.locator("#ss-invoices-title")).to_be_visible()
        settled(page)
        assert_accessible(page, f"landing, my invoices ({lang})")
    finally:
        context.close()
