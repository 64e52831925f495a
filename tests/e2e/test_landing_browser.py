"""The landing page on a phone: sign up, change plan (the chosen effective date becomes the
new contract's start date, as the console shows), and download an invoice PDF and its UBL e-invoice."""

from __future__ import annotations

import random
import re
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.dates import today
from tests.e2e.conftest import Stack, lang_context
from tests.e2e.test_console_browser import sign_in
from tests.unit.test_einvoice import UBL, UBL_INVOICE, valid


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = lang_context(
        browser, "en", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def no_horizontal_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_a_client_signs_up_from_a_phone(phone: Page, stack: Stack) -> None:
    cin = f"LP{random.randint(100000, 999999)}"
    phone.goto(f"{stack.base_url}/landing")
    phone.get_by_role("tab", name="Sign up").click()
    phone.get_by_role("button", name="Choose MOB-50G").click()
    phone.get_by_label("First name").fill("Salma")
    phone.get_by_label("Last name").fill("Bennani")
    phone.get_by_label("CIN").fill(cin)
    phone.get_by_label("Phone").fill("0612000111")
    assert no_horizontal_scroll(phone)
    phone.get_by_role("button", name="Confirm my order").click()
    expect(phone.get_by_text("Welcome! Your line is being activated")).to_be_visible()
    headers = {"Authorization": f"Bearer {stack.token()}"}
    [client] = httpx.get(
        f"{stack.base_url}/api/v1/clients", params={"cin": cin}, headers=headers
    ).json()["items"]
    [contract] = httpx.get(
        f"{stack.base_url}/api/v1/contracts", params={"client_id": client["id"]}, headers=headers
    ).json()["items"]
    assert (contract["offer_code"], contract["status"], contract["start_date"]) == (
        "MOB-50G",
        "active",
        today().isoformat(),
    )


def test_signing_up_again_with_a_clients_cin_says_look_yourself_up(
    phone: Page, stack: Stack
) -> None:
    cin = f"LA{random.randint(100000, 999999)}"
    for first_name in ("Salma", "Eve"):
        phone.goto(f"{stack.base_url}/landing")
        phone.get_by_role("tab", name="Sign up").click()
        phone.get_by_role("button", name="Choose MOB-50G").click()
        phone.get_by_label("First name").fill(first_name)
        phone.get_by_label("Last name").fill("Bennani")
        phone.get_by_label("CIN").fill(cin)
        phone.get_by_label("Phone").fill("0612000111")
        phone.get_by_role("button", name="Confirm my order").click()
        if first_name == "Salma":
            expect(phone.get_by_text("Welcome! Your line is being activated")).to_be_visible()
    expect(phone.get_by_text("You are already a client")).to_be_visible()
    phone.get_by_role("button", name="Look me up").click()
    expect(phone.get_by_label("Your CIN")).to_be_visible()
    headers = {"Authorization": f"Bearer {stack.token()}"}
    [client] = httpx.get(
        f"{stack.base_url}/api/v1/clients", params={"cin": cin}, headers=headers
    ).json()["items"]
    contracts = httpx.get(
        f"{stack.base_url}/api/v1/contracts", params={"client_id": client["id"]}, headers=headers
    ).json()["items"]
    assert len(contracts) == 1  # the second sign-up added nothing to Salma's account


def test_a_plan_change_from_the_landing_page_starts_on_the_chosen_date(
    phone: Page, page: Page, stack: Stack
) -> None:
    headers = {"Authorization": f"Bearer {stack.token()}"}
    cin = f"LC{random.randint(100000, 999999)}"
    offer = httpx.get(
        f"{stack.base_url}/api/v1/offers", params={"code": "MOB-10G"}, headers=headers
    ).json()["items"][0]
    r = httpx.post(
        f"{stack.base_url}/api/v1/provisioning/orders",
        json={
            "offer_id": offer["id"],
            "new_client": {
                "first_name": "Karima",
                "last_name": "Ouali",
                "cin": cin,
                "phone": "0633445566",
            },
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    number = httpx.get(
        f"{stack.base_url}/api/v1/clients/{r.json()['client_id']}", headers=headers
    ).json()["subscribers"][0]["number"]
    start = (today() + timedelta(days=5)).isoformat()
    phone.goto(f"{stack.base_url}/landing")
    phone.get_by_role("tab", name="Change my plan").click()
    phone.get_by_label("Your CIN").fill(cin)
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_text("K. O***")).to_be_visible()
    phone.get_by_label(number).check()
    phone.get_by_role("button", name="Choose MOB-ILLIMITE").click()
    phone.get_by_label("Effective date").fill(start)
    phone.get_by_role("button", name="Confirm plan change").click()
    confirmed = phone.get_by_role("status", name="Your plan change is confirmed")
    day = date.fromisoformat(start)
    expect(confirmed).to_contain_text(f"{day.day} {day.strftime('%B')} {day.year}")
    assert no_horizontal_scroll(phone)

    # the operator sees the new contract starting on that date
    new = [
        c
        for c in httpx.get(
            f"{stack.base_url}/api/v1/contracts",
            params={"client_id": r.json()["client_id"]},
            headers=headers,
        ).json()["items"]
        if c["offer_code"] == "MOB-ILLIMITE"
    ]
    assert [c["start_date"] for c in new] == [start]
    sign_in(page, stack)
    page.goto(f"{stack.base_url}/?tab=contracts&contract={new[0]['id']}")
    # dates are shown for the language (English: "27 Sept 2026")
    shown = re.compile(rf"^{day.day} {day.strftime('%b')}\w* {day.year}$")
    expect(page.get_by_text(shown).first).to_be_visible()


def test_a_client_downloads_an_invoice_pdf_from_the_landing_page(
    phone: Page, stack: Stack, tmp_path: Path
) -> None:
    headers = {"Authorization": f"Bearer {stack.token()}"}
    cin = f"LI{random.randint(100000, 999999)}"
    offer = httpx.get(
        f"{stack.base_url}/api/v1/offers", params={"code": "FIXE-MONDE"}, headers=headers
    ).json()["items"][0]
    httpx.post(
        f"{stack.base_url}/api/v1/provisioning/orders",
        json={
            "offer_id": offer["id"],
            "effective_date": "2026-03-01",
            "new_client": {
                "first_name": "Imane",
                "last_name": "Fassi",
                "cin": cin,
                "phone": "0522446688",
            },
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    ).raise_for_status()
    run = httpx.post(
        f"{stack.base_url}/api/v1/bill-runs",
        json={"period": "2026-03", "as_of": "2026-04-01"},
        headers=headers,
    ).json()
    deadline = time.monotonic() + 60
    while (
        httpx.get(f"{stack.base_url}/api/v1/bill-runs/{run['id']}", headers=headers).json()[
            "status"
        ]
        != "completed"
    ):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    phone.goto(f"{stack.base_url}/landing")
    phone.get_by_role("tab", name="My invoices").click()
    phone.get_by_label("Your CIN").fill(cin)
    phone.get_by_role("button", name="Continue").click()
    button = phone.get_by_role("button", name="Download PDF FAC-")
    expect(button).to_be_visible()
    with phone.expect_download() as info:
        button.first.click()
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert download.suggested_filename.startswith("FAC-2026-") and path.read_bytes().startswith(
        b"%PDF"
    )


def test_a_client_downloads_an_invoice_as_an_e_invoice_from_the_landing_page(
    phone: Page, stack: Stack, tmp_path: Path
) -> None:
    """Issue 15: the landing page's "E-invoice (UBL)" button gives the invoice as UBL 2.1 XML
    whose payable amount is the invoice's total."""
    headers = {"Authorization": f"Bearer {stack.token()}"}
    cin = f"LU{random.randint(100000, 999999)}"
    offer = httpx.get(
        f"{stack.base_url}/api/v1/offers", params={"code": "FIXE-MONDE"}, headers=headers
    ).json()["items"][0]
    order = httpx.post(
        f"{stack.base_url}/api/v1/provisioning/orders",
        json={
            "offer_id": offer["id"],
            "effective_date": "2026-05-11",
            "new_client": {
                "first_name": "Yasmine",
                "last_name": "Tazi",
                "cin": cin,
                "phone": "0522446699",
            },
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert order.status_code == 201, order.text
    started = httpx.post(
        f"{stack.base_url}/api/v1/bill-runs",
        json={"period": "2026-05", "as_of": "2026-06-01"},
        headers=headers,
    )
    assert started.status_code == 202, started.text
    run = started.json()
    deadline = time.monotonic() + 60
    while (
        httpx.get(f"{stack.base_url}/api/v1/bill-runs/{run['id']}", headers=headers).json()[
            "status"
        ]
        != "completed"
    ):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    [invoice] = httpx.get(
        f"{stack.base_url}/api/v1/invoices",
        params={"client_id": order.json()["client_id"]},
        headers=headers,
    ).json()["items"]
    phone.goto(f"{stack.base_url}/landing")
    phone.get_by_role("tab", name="My invoices").click()
    phone.get_by_label("Your CIN").fill(cin)
    phone.get_by_role("button", name="Continue").click()
    button = phone.get_by_role(
        "button", name=f"Download invoice {invoice['number']} as an e-invoice (UBL XML)"
    )
    expect(button).to_have_text("E-invoice (UBL)")
    with phone.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == f"{invoice['number']}.xml"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    tree = valid(path.read_bytes(), UBL_INVOICE)  # valid against the UBL 2.1 XSD
    assert tree.findtext("cbc:ID", namespaces=UBL) == invoice["number"]
    payable = tree.find("cac:LegalMonetaryTotal/cbc:PayableAmount", UBL)
    assert (payable.text, payable.get("currencyID")) == (invoice["total"], "MAD")
    assert float(invoice["total"]) > 0
    buyer = tree.findtext("cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name", None, UBL)
    assert buyer == "Yasmine Tazi"
