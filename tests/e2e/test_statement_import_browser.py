"""Bank statement import from the Collections tab, in a real Chromium: a small CSV read,
its lines shown by group, an unmatched line assigned with the client search, confirmed."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.dates import today
from tests.e2e.conftest import Stack, lang_context
from tests.e2e.test_console_browser import sign_in


def new_client(stack: Stack, headers: dict[str, str], first: str, last: str) -> dict[str, Any]:
    base = stack.base_url
    offer = httpx.get(f"{base}/api/v1/offers", params={"code": "MOB-10G"}, headers=headers).json()[
        "items"
    ][0]
    cin = f"ST{random.randint(100000, 999999)}"
    order = httpx.post(
        f"{base}/api/v1/provisioning/orders",
        json={
            "offer_id": offer["id"],
            "new_client": {
                "first_name": first,
                "last_name": last,
                "cin": cin,
                "phone": "0600112233",
            },
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert order.status_code == 201, order.text
    return {"cin": cin, "client_id": order.json()["client_id"]}


def test_an_operator_imports_a_statement_assigns_a_line_and_confirms(
    page: Page, stack: Stack
) -> None:
    headers = {"Authorization": f"Bearer {stack.token()}"}
    known = new_client(stack, headers, "Yasmine", "Alaoui")
    payer = new_client(stack, headers, "Omar", "Bennis")
    day = (today() - timedelta(days=1)).isoformat()
    refs = [f"BK-{uuid.uuid4().hex[:10]}" for _ in range(2)]
    statement = (
        "date,amount,label,bank_reference\n"
        f"{day},150.00,VIREMENT CIN {known['cin']},{refs[0]}\n"
        f"{day},80.00,VIR M OMAR SANS REF,{refs[1]}\n"
    )

    sign_in(page, stack)
    page.get_by_role("link", name="Collections").click()
    card = page.get_by_role("region", name="Bank statement")
    card.get_by_label("Statement file (.csv or .xml)").set_input_files(
        files=[{"name": "releve.csv", "mimeType": "text/csv", "buffer": statement.encode()}]
    )
    card.get_by_role("button", name="Read the statement").click()
    expect(card.get_by_test_id("count-matched")).to_have_text("1")
    expect(card.get_by_test_id("count-unmatched")).to_have_text("1")
    expect(card.locator("[data-group=matched] tr[data-line='2']")).to_contain_text("Yasmine")

    unmatched = card.locator("[data-group=unmatched] tr[data-line='3']")
    expect(unmatched).to_contain_text("No client found")
    unmatched.get_by_role("button", name="Assign a client").click()
    picker = card.get_by_label("Client of line 3")
    picker.get_by_label("Search client").fill(payer["cin"])
    picker.get_by_role("option", name="Omar").click()  # the client picker's results (issue 14)
    expect(unmatched).to_contain_text("Omar Bennis")

    card.get_by_role("button", name="Confirm: post 2 payments").click()
    expect(card.get_by_test_id("statement-result")).to_contain_text("2 payments posted")
    expect(unmatched).to_contain_text("Posted")

    items = httpx.get(
        f"{stack.base_url}/api/v1/payments", params={"limit": 500}, headers=headers
    ).json()["items"]
    posted = {
        p["reference"]: (p["client_id"], p["amount"]) for p in items if p["reference"] in refs
    }
    assert posted == {
        refs[0]: (known["client_id"], "150.00"),
        refs[1]: (payer["client_id"], "80.00"),
    }


def test_in_french_a_bad_statement_names_its_line_and_the_keyboard_reads_a_good_one(
    browser: Browser, stack: Stack
) -> None:
    context = lang_context(browser, "fr", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{stack.base_url}/")
        page.get_by_label("Identifiant").fill("admin")
        page.get_by_label("Mot de passe").fill(stack.admin_password)
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_role("link", name="Recouvrement", exact=True).click()
        card = page.get_by_role("region", name="Relevé bancaire")
        day = (today() - timedelta(days=1)).isoformat()
        bad = f"date,amount,label,bank_reference\n{day},10.00,x,R1\n{day},12,50,x,R2\n"
        file_input = card.get_by_label("Fichier du relevé (.csv ou .xml)")
        file_input.set_input_files(
            files=[{"name": "releve.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
        )
        card.get_by_role("button", name="Lire le relevé").click()
        expect(card.get_by_role("alert")).to_contain_text("line 3")
        expect(card.get_by_test_id("count-matched")).to_have_count(0)

        good = f"date,amount,label,bank_reference\n{day},10.00,INCONNU,BK-{uuid.uuid4().hex[:8]}\n"
        file_input.set_input_files(
            files=[{"name": "releve.csv", "mimeType": "text/csv", "buffer": good.encode()}]
        )
        # the keyboard alone: from the file field, Tab to the button, Enter
        file_input.focus()
        page.keyboard.press("Tab")
        expect(card.get_by_role("button", name="Lire le relevé")).to_be_focused()
        page.keyboard.press("Enter")
        expect(card.get_by_test_id("count-unmatched")).to_have_text("1")
        expect(card.get_by_role("heading", name="Non rapprochées (1)")).to_be_visible()
        expect(card.get_by_role("button", name="Attribuer un client")).to_be_visible()
    finally:
        context.close()
