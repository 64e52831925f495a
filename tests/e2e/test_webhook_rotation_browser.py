"""An operator rotates a webhook's signing secret from the console (real Chromium, English):
the new secret is shown once with until when the old one still signs, the list keeps no
secret, and a leaked secret is stopped at once."""

from __future__ import annotations

import uuid
from datetime import datetime

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Stack
from tests.e2e.test_console_browser import sign_in


def test_an_operator_rotates_a_webhook_secret_with_an_overlap(page: Page, stack: Stack) -> None:
    headers = {"Authorization": f"Bearer {stack.token()}"}
    name = f"ERP {uuid.uuid4().hex[:6]}"
    created = httpx.post(
        f"{stack.base_url}/api/v1/webhooks/subscriptions",
        json={"name": name, "url": "http://127.0.0.1:9/hooks", "event_types": ["*"]},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    first = created.json()["secret"]

    sign_in(page, stack)
    page.goto(f"{stack.base_url}/?tab=partners")
    row = page.get_by_role("row").filter(has_text=name)
    row.get_by_role("button", name="Rotate secret").click()
    panel = page.get_by_role("group", name=f"Rotate the signing secret of {name}")
    expect(panel).to_contain_text("X-MTF-Signature-Previous")
    panel.get_by_role("button", name="Rotate now").click()

    box = page.get_by_test_id("webhook-rotated-secret")
    expect(box).to_contain_text(f"New signing secret of {name}")
    expect(box).to_contain_text("until")
    second = box.get_by_label("Signing secret").input_value()
    assert second.startswith("whsec_") and second != first

    listed = httpx.get(f"{stack.base_url}/api/v1/webhooks/subscriptions", headers=headers).json()
    sub = next(s for s in listed["items"] if s["name"] == name)
    assert "secret" not in sub
    until = datetime.fromisoformat(sub["previous_secret_expires_at"])
    assert until > datetime.fromisoformat(sub["created_at"])

    # a leaked secret: stopped at once
    box.get_by_role("button", name="I have copied it").click()
    row.get_by_role("button", name="Rotate secret").click()
    panel.get_by_label("The old secret leaked", exact=False).check()
    panel.get_by_role("button", name="Rotate now").click()
    expect(box).to_contain_text("The old secret no longer signs")
    third = box.get_by_label("Signing secret").input_value()
    assert third not in (first, second)
