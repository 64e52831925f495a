"""The console tells the operator when a read model is stuck (issue #10): the whole stack as
the launcher runs it, a real Chromium. A payment is posted through the gateway while the
collections read model refuses it (a CHECK constraint on its table, as a too-strict migration
would add): the projector stops on that event, reads keep answering from the last good state,
the gateway's /health/ready names it and the console's banner says so. Once the table is
fixed the projector gets past the event and the banner goes away."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import psycopg
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from tests.dates import today
from tests.e2e.conftest import Stack
from tests.e2e.test_console_browser import sign_in

REFUSED = "HB-REFUSED-BY-VIEW"
CONSTRAINT = "e2e_payments_refuse_reference"


TIMEOUT = 60  # a shared 2-core machine can be slow to answer; nothing here is timed


def api(stack: Stack) -> dict[str, str]:
    r = httpx.post(
        f"{stack.base_url}/api/v1/auth/token",
        json={"username": "admin", "password": stack.admin_password},
        timeout=TIMEOUT,
    )
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def sql(stack: Stack, query: str, *args: Any) -> list[Any]:
    with psycopg.connect(stack.env["DATABASE_URL"], autocommit=True) as conn:
        cur = conn.execute(query, args)
        return list(cur.fetchall()) if cur.description else []


def readiness_seen_after_reload(page: Page, attempts: int = 5) -> dict[str, Any]:
    """Reload the console and answer what its banner was told (the banner checks on mount).
    A check still in flight from the page being left can be the response caught, its body
    gone with that page ("No resource with given identifier"): reload again then."""
    for attempt in range(attempts):
        with page.expect_response(lambda r: r.url.endswith("/health/ready")) as answered:
            page.reload()
        try:
            body: dict[str, Any] = answered.value.json()
            return body
        except PlaywrightError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def reload_until(page: Page, wanted: Callable[[dict[str, Any]], bool], tries: int = 60) -> Any:
    """Reload until the console's readiness answer is the one wanted (the worker and the
    services retry a stuck event every few seconds); the last answer either way."""
    body = readiness_seen_after_reload(page)
    for _ in range(tries):
        if wanted(body):
            break
        time.sleep(1)
        body = readiness_seen_after_reload(page)
    return body


def new_client(stack: Stack, headers: dict[str, str]) -> str:
    base = stack.base_url
    offer = httpx.get(
        f"{base}/api/v1/offers", params={"code": "MOB-10G"}, headers=headers, timeout=TIMEOUT
    ).json()["items"][0]
    order = httpx.post(
        f"{base}/api/v1/provisioning/orders",
        json={
            "offer_id": offer["id"],
            "effective_date": (today() - timedelta(days=5)).isoformat(),
            "new_client": {
                "first_name": "Nadia",
                "last_name": "Bennani",
                "cin": f"HB{uuid.uuid4().int % 1_000_000:06d}",
                "phone": "0600445566",
            },
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        timeout=TIMEOUT,
    )
    assert order.status_code == 201, order.text
    return str(order.json()["client_id"])


def post_payment(stack: Stack, headers: dict[str, str], client: str, reference: str) -> str:
    r = httpx.post(
        f"{stack.base_url}/api/v1/payments",
        json={
            "client_id": client,
            "amount": "12.00",
            "method": "cash",
            "reference": reference,
            "received_on": today().isoformat(),
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        timeout=TIMEOUT,
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def payments_listed(stack: Stack, headers: dict[str, str], client: str) -> list[str]:
    r = httpx.get(
        f"{stack.base_url}/api/v1/payments",
        params={"client_id": client},
        headers=headers,
        timeout=TIMEOUT,
    )
    assert r.status_code == 200, r.text  # reads keep answering, stuck or not
    return [p["id"] for p in r.json()["items"]]


def test_a_stuck_projector_is_named_in_the_console_until_it_gets_past_its_event(
    page: Page, stack: Stack
) -> None:
    page.set_default_timeout(TIMEOUT * 1000)
    headers = api(stack)
    client = new_client(stack, headers)
    good = post_payment(stack, headers, client, "HB-GOOD")

    sign_in(page, stack)
    banner = page.get_by_test_id("health-banner")
    # healthy: the console asked, was told "ok" and shows no banner
    healthy = reload_until(page, lambda b: b["status"] == "ok")
    assert healthy["status"] == "ok", healthy
    expect(page.get_by_role("link", name="Offers")).to_be_visible()
    expect(banner).to_have_count(0)
    assert payments_listed(stack, headers, client) == [good]

    # the view's table refuses what the next event says: its projector stops there
    sql(
        stack,
        f"ALTER TABLE collections.payments ADD CONSTRAINT {CONSTRAINT} "
        f"CHECK (reference <> '{REFUSED}') NOT VALID",
    )
    try:
        refused = post_payment(stack, headers, client, REFUSED)  # the write itself is safe
        [(event_id,)] = sql(
            stack,
            "SELECT notification_id FROM collections.collections_events WHERE originator_id = %s",
            uuid.UUID(refused),
        )
        # reads answer from the last good state: the payment before the event, not it
        assert payments_listed(stack, headers, client) == [good]

        stuck = reload_until(page, lambda b: b["status"] == "degraded")
        assert stuck["status"] == "degraded", stuck
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("Some views are behind")
        expect(banner).to_contain_text(
            f"collections · collections.views stopped on event {event_id} (Payment.Posted)"
        )
        [named] = [s for s in stuck["stuck"] if s["service"] == "collections"]
        assert (named["name"], named["event_id"]) == ("collections.views", event_id)
        expect(banner).to_contain_text(f"it shows the state as of event {named['position']}")
        expect(banner).to_contain_text("Writes are safe")
        # every tab shows it: it sits above the content
        page.get_by_role("link", name="Invoices").click()
        expect(banner).to_be_visible()
        assert "collections.views" in (stuck["checks"].get("collections") or "")
    finally:
        # the fix: the table takes the event again
        sql(stack, f"ALTER TABLE collections.payments DROP CONSTRAINT IF EXISTS {CONSTRAINT}")

    # the projector retries, gets past the event, and the banner goes away
    healed = reload_until(page, lambda b: b["status"] == "ok")
    assert healed["status"] == "ok", healed
    expect(page.get_by_role("link", name="Offers")).to_be_visible()
    expect(banner).to_have_count(0)
    assert sorted(payments_listed(stack, headers, client)) == sorted([good, refused])
