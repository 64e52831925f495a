"""The charter's first critical flow, as an operator does it from the Contracts tab:
create client -> create subscriber (line) -> activate contract; then a plan change and
a termination scheduled then cancelled, and a suspension from the contract's page."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import httpx
from playwright.sync_api import Page, expect

from tests.dates import today
from tests.e2e.conftest import Stack
from tests.e2e.test_console_browser import sign_in


def test_an_operator_onboards_a_new_client_from_the_contracts_tab(page: Page, stack: Stack) -> None:
    sign_in(page, stack)
    page.get_by_role("link", name="Contracts").click()
    page.get_by_role("button", name="New client").click()
    cin = f"QA{random.randint(100000, 999999)}"
    page.get_by_label("First name").fill("Yasmine")
    page.get_by_label("Last name").fill("El Amrani")
    page.get_by_label("CIN").fill(cin.lower())
    page.get_by_label("Phone").fill("06 61 22 33 44")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Next: choose an offer").click()
    page.get_by_label("MOB-10G").check()
    page.get_by_role("button", name="Preview").click()
    # the backend refuses the e-mail: the console takes the operator back to the field
    expect(page.get_by_text("is not an e-mail address", exact=True)).to_be_visible()
    page.get_by_label("Email").fill("yasmine@example.ma")
    page.get_by_role("button", name="Next: choose an offer").click()
    page.get_by_label("MOB-10G").check()
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("New client, new mobile line and a MOB-10G contract")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()
    result = page.get_by_role("status", name="Order result")
    expect(result.get_by_test_id("order-outcome")).to_have_text("new_client")
    expect(result.get_by_text(re.compile(r"^06\d{8}$"))).to_be_visible()

    headers = {"Authorization": f"Bearer {stack.token()}"}
    [client] = httpx.get(
        f"{stack.base_url}/api/v1/clients", params={"cin": cin}, headers=headers
    ).json()["items"]
    assert (client["first_name"], client["cin"], client["phone"]) == ("Yasmine", cin, "0661223344")
    [contract] = httpx.get(
        f"{stack.base_url}/api/v1/contracts", params={"client_id": client["id"]}, headers=headers
    ).json()["items"]
    assert (contract["status"], contract["offer_code"]) == ("active", "MOB-10G")
    detail = httpx.get(f"{stack.base_url}/api/v1/clients/{client['id']}", headers=headers).json()
    [line] = detail["subscribers"]
    assert line["id"] == contract["subscriber_id"] and line["service"] == "mobile"

    # the contract's page: a termination for a later date is scheduled, shown, cancelled
    result.get_by_role("link", name="Open contract").click()
    contract_url = f"{stack.base_url}/api/v1/contracts/{contract['id']}"
    later = (today() + timedelta(days=20)).isoformat()
    page.get_by_role("button", name="Terminate").click()
    page.get_by_label("Reason").fill("moving abroad")
    page.get_by_label("Effective date").fill(later)
    page.get_by_role("button", name="Confirm").click()
    banner = page.get_by_role("status", name="Scheduled change")
    expect(banner).to_contain_text("Termination scheduled")
    expect(banner).to_contain_text("moving abroad")
    scheduled = httpx.get(contract_url, headers=headers).json()
    assert scheduled["status"] == "active"
    assert scheduled["scheduled_change"]["effective_date"] == later
    banner.get_by_role("button", name="Cancel scheduled change").click()
    expect(page.get_by_role("status", name="Scheduled change")).to_have_count(0)
    assert httpx.get(contract_url, headers=headers).json()["scheduled_change"] is None

    # then suspend it now with a reason, and see it in the history
    page.get_by_role("button", name="Suspend").click()
    page.get_by_label("Reason").fill("lost phone")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("suspended", exact=True).first).to_be_visible()
    expect(page.get_by_text("Suspended").first).to_be_visible()
    assert (
        httpx.get(f"{stack.base_url}/api/v1/contracts/{contract['id']}", headers=headers).json()[
            "status"
        ]
        == "suspended"
    )


def test_a_contract_sold_for_a_later_date_is_pending_and_the_operator_cancels_it(
    page: Page, stack: Stack
) -> None:
    headers = {"Authorization": f"Bearer {stack.token()}"}
    offers = httpx.get(
        f"{stack.base_url}/api/v1/offers", params={"status": "published"}, headers=headers
    ).json()["items"]
    mobile = next(o for o in offers if o["service"] == "mobile")
    start = (today() + timedelta(days=12)).isoformat()
    order = httpx.post(
        f"{stack.base_url}/api/v1/provisioning/orders",
        json={
            "offer_id": mobile["id"],
            "new_client": {
                "first_name": "Omar",
                "last_name": "Bennani",
                "cin": f"QB{random.randint(100000, 999999)}",
                "phone": "0662000000",
            },
            "effective_date": start,
        },
        headers={**headers, "Idempotency-Key": f"later-{random.random()}"},
    )
    assert order.status_code == 201, order.text
    contract_id = order.json()["contract_id"]
    contract_url = f"{stack.base_url}/api/v1/contracts/{contract_id}"
    assert httpx.get(contract_url, headers=headers).json()["status"] == "pending"

    sign_in(page, stack)
    page.goto(f"{stack.base_url}/?tab=contracts&contract={contract_id}")
    expect(page.get_by_text("pending", exact=True).first).to_be_visible()
    page.get_by_role("button", name="Cancel contract").click()
    page.get_by_role("button", name="Confirm").click()  # no reason: refused in place
    expect(page.get_by_text("Required.")).to_be_visible()
    page.get_by_label("Reason").fill("client changed their mind")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("it will never start and bills nothing")).to_be_visible()
    expect(page.get_by_text("cancelled", exact=True).first).to_be_visible()
    cancelled = httpx.get(contract_url, headers=headers).json()
    assert cancelled["status"] == "cancelled"
    line = httpx.get(
        f"{stack.base_url}/api/v1/subscribers/{cancelled['subscriber_id']}", headers=headers
    ).json()
    assert line["status"] == "terminated"
