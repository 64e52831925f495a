"""An operator onboards a business client from the console (issue 15): the company (name,
ICE, IF, RC) and its contact person, a refused ICE shown on its field, the order confirmed;
then the client is found by its ICE and by its company name and its page shows both."""

from __future__ import annotations

import random

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Stack
from tests.e2e.test_console_browser import sign_in


def test_an_operator_onboards_a_business_and_finds_it_by_ice_and_name(
    page: Page, stack: Stack
) -> None:
    ice = f"{random.randint(10**13, 10**15 - 1):015d}"
    company = f"Atlas Logistique {random.randint(1000, 9999)}"
    sign_in(page, stack)
    page.get_by_role("link", name="Contracts").click()
    page.get_by_role("button", name="New client").click()
    page.get_by_label("Business").check()
    page.get_by_label("Company name").fill(company)
    page.get_by_label("ICE", exact=True).fill("00123")  # too short: the backend says why
    page.get_by_label("Tax id (IF)").fill("12345678")
    page.get_by_label("Trade register (RC)").fill("Casablanca 123456")
    page.get_by_label("First name").fill("Salma")
    page.get_by_label("Last name").fill("Berrada")
    page.get_by_label("Phone").fill("05 22 33 44 55")
    page.get_by_role("button", name="Next: choose an offer").click()
    page.get_by_label("MOB-10G").check()
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("must be the company's ICE: 15 digits", exact=True)).to_be_visible()
    # printed with spaces on the company's documents: the console sends the 15 digits
    page.get_by_label("ICE", exact=True).fill(f"{ice[:3]} {ice[3:9]} {ice[9:]}")
    page.get_by_role("button", name="Next: choose an offer").click()
    page.get_by_label("MOB-10G").check()
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("New client, new mobile line and a MOB-10G contract")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()
    result = page.get_by_role("status", name="Order result")
    expect(result.get_by_test_id("order-outcome")).to_have_text("new_client")

    headers = {"Authorization": f"Bearer {stack.token()}"}
    [client] = httpx.get(
        f"{stack.base_url}/api/v1/clients", params={"ice": ice}, headers=headers
    ).json()["items"]
    assert (client["kind"], client["company_name"], client["tax_id"]) == (
        "business",
        company,
        "12345678",
    )
    assert (client["first_name"], client["phone"], client["cin"]) == ("Salma", "0522334455", None)

    # the Clients tab finds it by its ICE, then by a word of its company name
    page.get_by_role("link", name="Clients").click()
    page.get_by_label("Search").fill(ice)
    rows = page.get_by_role("table", name="Clients").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(company)
    expect(rows.first).to_contain_text(f"ICE {ice}")
    page.get_by_label("Search").fill(company.rsplit(maxsplit=1)[-1])
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link", name=company).click()
    expect(page.get_by_role("heading", name=company)).to_be_visible()
    expect(page.get_by_test_id("client-ice")).to_have_text(ice)
    details = page.get_by_role("definition")
    expect(details.filter(has_text="Casablanca 123456")).to_have_count(1)
    expect(page.get_by_text("Contact person")).to_be_visible()
    expect(details.filter(has_text="Berrada")).to_have_count(1)
