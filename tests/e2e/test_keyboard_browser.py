"""Issue 14, "Accessible": the console's main flows done with the keyboard alone (Tab,
Shift+Tab, Enter, Space, arrows, typing; no mouse), in French, the console's default:
onboarding a client with a line, posting a payment for a client found with the client
picker, a bill run seen to completion, a bank statement imported and confirmed (the file is
given to its input as a file chooser would; everything else by keyboard). Each stop of the
focus is visible, and each screen reached is checked with axe-core."""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.dates import today
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import Stack, lang_context
from tests.e2e.test_accessibility_browser import _wait_run, order

TABS_LIMIT = 80


def is_focused(target: Locator) -> bool:
    return bool(target.evaluate("el => el === document.activeElement"))


def focus_is_shown(page: Page) -> bool:
    """The focused element shows it: an outline or a focus ring (box-shadow)."""
    return bool(
        page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return false;
                const s = getComputedStyle(el);
                const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
                return outline || s.boxShadow !== "none";
            }"""
        )
    )


def tab_to(page: Page, target: Locator, *, back: bool = False) -> None:
    """Press Tab (Shift+Tab) until `target` has the focus, as an operator moving through the
    screen would; the focus must be visible there."""
    expect(target).to_be_visible()
    for _ in range(TABS_LIMIT):
        if is_focused(target):
            assert focus_is_shown(page), f"no visible focus on {target}"
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"{target} is not reached with {'Shift+Tab' if back else 'Tab'}")


def press(page: Page, target: Locator, key: str = "Enter") -> None:
    tab_to(page, target)
    page.keyboard.press(key)


@pytest.fixture
def kb(browser: Browser, stack: Stack) -> Iterator[Page]:
    """A French console, signed in with the keyboard: the username field has the focus."""
    context = lang_context(browser, None, viewport={"width": 1366, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{stack.base_url}/login")
    expect(page.get_by_label("Identifiant")).to_be_focused()
    page.keyboard.type("admin")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Mot de passe")).to_be_focused()
    page.keyboard.type(stack.admin_password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Offres")).to_be_visible()
    yield page
    context.close()


def open_tab(page: Page, name: str) -> None:
    press(page, page.get_by_role("navigation").get_by_role("link", name=name, exact=True))
    expect(page.get_by_role("link", name=name, exact=True)).to_have_attribute(
        "aria-current", "page"
    )


def api(stack: Stack) -> dict[str, str]:
    return {"Authorization": f"Bearer {stack.token()}"}


def test_an_operator_onboards_a_client_with_the_keyboard_alone(kb: Page, stack: Stack) -> None:
    page = kb
    cin = f"KB{random.randint(100000, 999999)}"
    open_tab(page, "Contrats")
    press(page, page.get_by_role("button", name="Nouveau client"))
    form = page.get_by_role("form", name="Données personnelles")
    for label, value in (
        ("Prénom", "Salma"),
        ("Nom", "Idrissi"),
        ("CIN", cin),
        ("Téléphone", "0661223344"),
    ):
        tab_to(page, form.get_by_label(label, exact=True))
        page.keyboard.type(value)
    page.keyboard.press("Enter")  # submits the step, as its button would

    # the offers: Tab into the radio group, arrows to MOB-10G
    offer = page.get_by_label("MOB-10G", exact=True)
    tab_to(page, page.get_by_role("radio").first)
    page.keyboard.press("Space")
    for _ in range(12):
        if offer.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(offer).to_be_checked()
    press(page, page.get_by_role("button", name="Aperçu", exact=True))
    preview = page.get_by_role("region", name="Aperçu")
    expect(preview.get_by_test_id("preview-outcome")).to_have_text("new_client")
    assert_accessible(page, "checkout preview")
    press(page, preview.get_by_role("button", name="Confirmer"))
    result = page.get_by_role("status", name="Résultat de la commande")
    expect(result.get_by_test_id("order-outcome")).to_have_text("new_client")
    expect(result.get_by_test_id("order-number")).to_have_text(re.compile(r"^06\d{8}$"))
    assert_accessible(page, "checkout result")

    # the client's page, reached from the result with Enter on its link
    press(page, result.get_by_role("link", name="Salma Idrissi"))
    expect(page).to_have_url(re.compile(r"/clients/[0-9a-f-]+$"))
    expect(page.get_by_role("heading", name=re.compile("Salma Idrissi"))).to_be_visible()
    expect(page.get_by_text(cin).first).to_be_visible()
    [client] = httpx.get(
        f"{stack.base_url}/api/v1/clients", params={"cin": cin}, headers=api(stack)
    ).json()["items"]
    [contract] = httpx.get(
        f"{stack.base_url}/api/v1/contracts",
        params={"client_id": client["id"]},
        headers=api(stack),
    ).json()["items"]
    assert (contract["status"], contract["offer_code"]) == ("active", "MOB-10G")


@pytest.fixture
def billed(stack: Stack) -> dict[str, Any]:
    """A client with one open invoice (March, issued by a bill run through the API)."""
    headers = api(stack)
    client = order(stack, headers, "MOB-10G", "Karim", "Benjelloun", effective_date="2026-03-01")
    run = httpx.post(
        f"{stack.base_url}/api/v1/bill-runs",
        json={"period": "2026-03", "as_of": "2026-04-01"},
        headers=headers,
    )
    assert run.status_code == 202, run.text
    _wait_run(stack, headers, run.json()["id"])
    [invoice] = httpx.get(
        f"{stack.base_url}/api/v1/invoices",
        params={"client_id": client["client_id"]},
        headers=headers,
    ).json()["items"]
    return {**client, "invoice": invoice}


def test_an_operator_posts_a_payment_for_a_client_found_with_the_picker(
    kb: Page, stack: Stack, billed: dict[str, Any]
) -> None:
    page = kb
    invoice = billed["invoice"]
    open_tab(page, "Recouvrement")
    form = page.get_by_role("form", name="Saisir un paiement")
    picker = form.get_by_role("combobox", name="Client")
    tab_to(page, picker)
    page.keyboard.type(billed["cin"])
    option = page.get_by_role("option", name=re.compile("Karim Benjelloun"))
    expect(option).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(picker).to_have_value("Karim Benjelloun")
    expect(form.get_by_role("table", name="Factures ouvertes")).to_contain_text(invoice["number"])
    tab_to(page, form.get_by_label("Montant", exact=True))
    page.keyboard.type(invoice["total"])
    tab_to(page, form.get_by_label("Référence", exact=True))
    page.keyboard.type("VIR-KB-0001")
    press(page, form.get_by_role("button", name="Aperçu de l'affectation"))
    expect(form.get_by_text(invoice["number"]).first).to_be_visible()
    assert_accessible(page, "payment allocation preview")
    press(page, form.get_by_role("button", name="Enregistrer le paiement"))
    result = page.get_by_test_id("payment-result")
    expect(result).to_be_visible()
    expect(result).to_contain_text(invoice["number"])
    payments = page.get_by_test_id("payment-row").filter(has_text="VIR-KB-0001")
    expect(payments).to_have_count(1)
    expect(payments).to_contain_text("Karim Benjelloun")
    assert_accessible(page, "payment posted")
    [posted] = [
        p
        for p in httpx.get(
            f"{stack.base_url}/api/v1/payments",
            params={"client_id": billed["client_id"]},
            headers=api(stack),
        ).json()["items"]
        if p["reference"] == "VIR-KB-0001"
    ]
    assert posted["amount"] == invoice["total"]


def test_an_operator_starts_a_bill_run_and_sees_its_invoices(kb: Page, stack: Stack) -> None:
    page = kb
    client = order(stack, api(stack), "MOB-50G", "Nadia", "Chraibi", effective_date="2026-02-01")
    open_tab(page, "Factures")
    form = page.get_by_role("form", name="Lancer une facturation")
    tab_to(page, form.get_by_label("Période", exact=True))
    page.keyboard.type("février")  # the month field, as typed in French
    page.keyboard.press("Tab")
    page.keyboard.type("2026")
    expect(form.get_by_label("Période", exact=True)).to_have_value("2026-02")
    press(page, form.get_by_role("button", name="Lancer la facturation"))
    report = page.get_by_test_id("bill-run-report")
    expect(report.get_by_test_id("report-invoices")).to_have_text("1", timeout=30_000)
    assert_accessible(page, "bill run report")

    [invoice] = httpx.get(
        f"{stack.base_url}/api/v1/invoices",
        params={"client_id": client["client_id"]},
        headers=api(stack),
    ).json()["items"]
    row = (
        page.get_by_role("table", name="Factures")
        .get_by_role("row")
        .filter(has_text=invoice["number"])
    )
    expect(row).to_contain_text("Nadia Chraibi")
    press(page, row.get_by_role("link", name=invoice["number"]))
    expect(page).to_have_url(re.compile(rf"/invoices/{invoice['id']}$"))
    expect(page.get_by_test_id("invoice-total")).to_contain_text(invoice["total"].replace(".", ","))


def test_an_operator_imports_a_bank_statement_with_the_keyboard(kb: Page, stack: Stack) -> None:
    page = kb
    headers = api(stack)
    known = order(stack, headers, "MOB-10G", "Yasmine", "Tazi")
    payer = order(stack, headers, "MOB-10G", "Omar", "Fassi")
    day = (today() - timedelta(days=1)).isoformat()
    refs = [f"BK-{uuid.uuid4().hex[:10]}" for _ in range(2)]
    statement = (
        "date,amount,label,bank_reference\n"
        f"{day},150.00,VIREMENT CIN {known['cin']},{refs[0]}\n"
        f"{day},80.00,VIR M OMAR SANS REF,{refs[1]}\n"
    )
    open_tab(page, "Recouvrement")
    card = page.get_by_role("region", name="Relevé bancaire")
    file_input = card.get_by_label("Fichier du relevé (.csv ou .xml)")
    tab_to(page, file_input)
    file_input.set_input_files(
        files=[{"name": "releve.csv", "mimeType": "text/csv", "buffer": statement.encode()}]
    )
    press(page, card.get_by_role("button", name="Lire le relevé"))
    expect(card.get_by_test_id("count-matched")).to_have_text("1")
    expect(card.get_by_test_id("count-unmatched")).to_have_text("1")

    unmatched = card.locator("[data-group=unmatched] tr[data-line='3']")
    press(page, unmatched.get_by_role("button", name="Attribuer un client"))
    picker = card.get_by_role("group", name="Client de la ligne 3").get_by_role("combobox")
    tab_to(page, picker)
    page.keyboard.type(payer["cin"])
    expect(page.get_by_role("option", name=re.compile("Omar Fassi"))).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(unmatched).to_contain_text("Omar Fassi")
    assert_accessible(page, "statement lines assigned")

    press(page, card.get_by_role("button", name="Confirmer : comptabiliser 2 paiements"))
    expect(card.get_by_test_id("statement-result")).to_contain_text("2 paiements comptabilisés")
    expect(unmatched).to_contain_text("Comptabilisé")

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


def test_a_client_signs_up_on_the_arabic_landing_page_with_the_keyboard(
    browser: Browser, stack: Stack
) -> None:
    """Right to left, the landing tabs follow the layout (the left arrow goes to the next
    tab), then the sign-up from an offer to the welcome, by keyboard."""
    context = lang_context(browser, "ar", viewport={"width": 1280, "height": 900}, locale="ar-MA")
    page = context.new_page()
    page.set_default_timeout(15_000)
    cin = f"KA{random.randint(100000, 999999)}"
    try:
        page.goto(f"{stack.base_url}/landing")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        sign_up, change_plan, invoices = (
            page.locator(f"#ss-tab-{key}") for key in ("sign-up", "change-plan", "invoices")
        )
        tab_to(page, sign_up)
        page.keyboard.press("ArrowLeft")
        expect(change_plan).to_be_focused()
        expect(change_plan).to_have_attribute("aria-selected", "true")
        expect(page.locator("#ss-cin")).to_be_visible()
        page.keyboard.press("ArrowLeft")
        expect(invoices).to_be_focused()
        page.keyboard.press("ArrowLeft")  # from the last, round to the first
        expect(sign_up).to_be_focused()
        page.keyboard.press("ArrowRight")
        expect(invoices).to_be_focused()
        page.keyboard.press("Home")
        expect(sign_up).to_have_attribute("aria-selected", "true")

        press(page, page.get_by_role("button", name="اختيار MOB-50G"))
        for field, value in (
            ("first_name", "سلمى"),
            ("last_name", "بناني"),
            ("cin", cin),
            ("phone", "0612000111"),
        ):
            tab_to(page, page.locator(f"#ss-su-{field}"))
            page.keyboard.type(value)
        press(page, page.locator("button[type=submit][form=ss-signup-form]"))
        welcome = page.get_by_role("status").filter(has=page.locator("#ss-welcome-title"))
        expect(welcome).to_be_visible()
        assert_accessible(page, "landing, welcome (ar)")
    finally:
        context.close()
    headers = api(stack)
    [client] = httpx.get(
        f"{stack.base_url}/api/v1/clients", params={"cin": cin}, headers=headers
    ).json()["items"]
    assert (client["first_name"], client["last_name"]) == ("سلمى", "بناني")
    [contract] = httpx.get(
        f"{stack.base_url}/api/v1/contracts", params={"client_id": client["id"]}, headers=headers
    ).json()["items"]
    assert (contract["offer_code"], contract["status"]) == ("MOB-50G", "active")
