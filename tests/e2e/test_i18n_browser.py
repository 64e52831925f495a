"""The console in French (its default) and the landing page in Arabic, right to left, in a
real Chromium; the language switch is remembered."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import Stack, lang_context

# RTL screenshots land here for a person to look at (MTF_SCREENSHOTS overrides)
SHOTS = Path(os.environ.get("MTF_SCREENSHOTS", Path(__file__).parent / "screenshots"))


@pytest.fixture
def fresh(browser: Browser) -> Iterator[Page]:
    """A desktop page with no language remembered: what a new operator sees."""
    context = lang_context(browser, None, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def arabic_phone(browser: Browser) -> Iterator[Page]:
    context = lang_context(
        browser, None, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_the_console_opens_in_french_and_remembers_english(fresh: Page, stack: Stack) -> None:
    page = fresh
    page.goto(f"{stack.base_url}/")
    expect(page).to_have_url(f"{stack.base_url}/login")
    assert page.evaluate("document.documentElement.lang") == "fr"
    page.get_by_label("Identifiant").fill("admin")
    page.get_by_label("Mot de passe").fill(stack.admin_password)
    page.get_by_role("button", name="Se connecter").click()
    nav = page.get_by_role("navigation", name="Espace de travail")
    for tab in ("Contrats", "Clients", "Offres", "Factures", "Recouvrement"):
        expect(nav.get_by_role("link", name=tab, exact=True)).to_be_visible()

    # a list in French: the offer catalog, its headings, filters and amounts formatted in French
    nav.get_by_role("link", name="Offres", exact=True).click()
    expect(page.get_by_role("heading", name="Catalogue des offres")).to_be_visible()
    expect(page.get_by_role("button", name="Nouvelle offre")).to_be_visible()
    expect(page.get_by_label("Tri")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="MOB-10G")
    expect(row).to_be_visible()
    expect(row).to_contain_text("Aucun")  # no commitment, in French
    expect(page.get_by_role("columnheader", name="Mensualité (MAD)")).to_be_visible()

    # the switch: English now, and still English after a reload
    page.get_by_role("combobox", name="Langue").select_option("en")
    nav = page.get_by_role("navigation", name="Workspace")
    expect(nav.get_by_role("link", name="Offers", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Offer catalog")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Offer catalog")).to_be_visible()
    assert page.evaluate("localStorage.getItem('mtf.lang')") == "en"
    assert page.evaluate("document.documentElement.lang") == "en"


def test_a_client_signs_up_in_arabic_right_to_left(arabic_phone: Page, stack: Stack) -> None:
    page = arabic_phone
    page.goto(f"{stack.base_url}/landing")
    # French by default, then Arabic from the switch
    expect(page.get_by_role("tab", name="Souscrire")).to_be_visible()
    page.get_by_role("combobox", name="Langue").select_option("ar")
    expect(page.get_by_role("heading", name="عروض بسيطة، كلها في مكان واحد.")).to_be_visible()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "landing-ar-hero.png"))
    page.get_by_role("tab", name="اشترك").click()
    page.get_by_role("button", name="اختيار MOB-50G").click()
    cin = f"AR{random.randint(100000, 999999)}"
    page.get_by_label("الاسم الشخصي").fill("Salma")
    page.get_by_label("الاسم العائلي").fill("Bennani")
    page.get_by_label("رقم البطاقة الوطنية").fill(cin)
    page.get_by_label("الهاتف").fill("0612000111")

    # mirrored, not just translated: the form's labels start on the right of their fields
    label = page.get_by_text("الاسم الشخصي", exact=True).first.bounding_box()
    field = page.get_by_label("الاسم الشخصي").bounding_box()
    assert label and field
    assert abs((label["x"] + label["width"]) - (field["x"] + field["width"])) < 24, (label, field)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.get_by_label("الاسم الشخصي").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "landing-ar-signup.png"))

    page.get_by_role("button", name="تأكيد طلبي").click()
    expect(page.get_by_text("مرحباً! جارٍ تفعيل خطك")).to_be_visible()
    page.screenshot(path=str(SHOTS / "landing-ar-done.png"), full_page=True)
    # remembered: a new visit opens in Arabic
    page.goto(f"{stack.base_url}/landing")
    expect(page.get_by_role("tab", name="اشترك")).to_be_visible()
    assert page.evaluate("document.documentElement.dir") == "rtl"
