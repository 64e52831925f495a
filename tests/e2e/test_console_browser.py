"""A real headless Chromium drives the console: sign in, create and publish an offer."""

from __future__ import annotations

import secrets

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Stack


def sign_in(page: Page, stack: Stack) -> None:
    page.goto(f"{stack.base_url}/")
    expect(page).to_have_url(f"{stack.base_url}/login")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(stack.admin_password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Offers")).to_be_visible()


def test_a_wrong_password_is_explained(page: Page, stack: Stack) -> None:
    page.goto(f"{stack.base_url}/login")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("unknown username or wrong password")).to_be_visible()


def test_an_operator_creates_and_publishes_an_offer_from_the_console(
    page: Page, stack: Stack
) -> None:
    sign_in(page, stack)
    for tab in ("Contracts", "Clients", "Invoices", "Collections"):
        expect(page.get_by_role("link", name=tab)).to_be_visible()
    page.get_by_role("link", name="Offers").click()
    expect(page.get_by_text("MOB-10G")).to_be_visible()
    page.get_by_role("button", name="New offer").click()
    code = f"UI-{secrets.token_hex(3).upper()}"
    page.get_by_label("Code").fill(code)
    page.get_by_label("Name", exact=True).fill("Mobile navigateur")
    page.get_by_label("Service").select_option("mobile")
    page.get_by_label("Monthly fee").fill("59.00")
    page.get_by_label("Data quota (GB)").fill("1.5")
    page.get_by_label("Call hours").fill("10")
    page.get_by_role("button", name="Create offer").click()
    # the backend refuses a fractional quota and the console shows it beside the field
    expect(page.get_by_text("must be an integer", exact=True)).to_be_visible()
    page.get_by_label("Data quota (GB)").fill("25")
    page.get_by_role("button", name="Create offer").click()
    expect(page.get_by_role("button", name="Publish")).to_be_visible()
    expect(page.get_by_text("draft", exact=True).first).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("button", name="Retire")).to_be_visible()
    expect(page.get_by_text("published", exact=True).first).to_be_visible()

    headers = {"Authorization": f"Bearer {stack.token()}"}
    found = httpx.get(
        f"{stack.base_url}/api/v1/offers", params={"code": code}, headers=headers
    ).json()
    assert found["total"] == 1
    offer = found["items"][0]
    assert offer["status"] == "published"
    assert offer["components"] == {"data": {"quota_gb": 25}, "calls": {"hours": 10}}
    assert offer["monthly_fee"] == "59.00"
