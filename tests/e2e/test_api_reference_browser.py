"""A partner reads the API reference at /api/v1/docs in Chromium, on the whole stack: the
operations of the merged OpenAPI document with their schemas, the authentication and an
example request; nothing loaded from anywhere but the stack's origin (no CDN, no font
service, no telemetry), no console error, no Content-Security-Policy violation."""

from __future__ import annotations

from playwright.sync_api import Page, Request, expect

from tests.e2e.conftest import Stack

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""
PAYMENT = "Post a payment (Idempotency-Key required)"


def test_a_partner_finds_an_operation_its_schema_and_how_to_authenticate(
    page: Page, stack: Stack
) -> None:
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def seen(request: Request) -> None:
        requests.append(request.url)

    page.on("request", seen)
    page.add_init_script(WATCH)

    response = page.goto(f"{stack.base_url}/api/v1/docs")
    assert response is not None and response.status == 200
    # scripts from this origin only, whatever the page
    assert "script-src 'self';" in response.headers["content-security-policy"]
    # the gateway gathers the document from every service on its first call: give it time
    title = page.get_by_role("heading", name="MT-Facturation public API", exact=True)
    expect(title).to_be_visible(timeout=30_000)
    expect(page.get_by_role("link", name="OpenAPI document")).to_have_attribute(
        "href", "/api/v1/openapi.json"
    )
    # how to authenticate: the bearer token scheme of the document
    expect(page.get_by_text("Bearer Token").first).to_be_visible()

    # an operation, found the way a reader would: its tag, then its summary
    page.get_by_text("collections", exact=True).first.click()
    page.get_by_text(PAYMENT, exact=True).first.click()
    heading = page.get_by_role("heading", name=PAYMENT)
    expect(heading).to_be_visible()
    operation = page.locator("section", has=heading).first
    # its request schema, with a required field and the values an enum allows
    expect(operation.get_by_text("PaymentCreate")).to_be_visible()
    expect(operation.get_by_text("amount", exact=True)).to_be_visible()
    expect(operation.get_by_text("bank_transfer", exact=True)).to_be_visible()
    # and an example request: the method, the path, the bearer token
    example = operation.locator("pre, code").filter(has_text="/api/v1/payments").first
    expect(example).to_contain_text("--request POST")
    expect(example).to_contain_text("Authorization: Bearer")

    # a schema of the document, among the models
    page.get_by_text("Models", exact=True).first.click()
    page.get_by_text("PaymentOut", exact=True).first.click()
    model = page.get_by_role("heading", name="PaymentOut", exact=True)
    expect(model).to_be_visible()

    # no link leads off the stack's origin (Scalar's "Open API Client" and "Powered by")
    links = page.eval_on_selector_all(
        "a[href]", "as => as.filter(a => a.offsetParent !== null).map(a => a.href)"
    )
    assert links and [h for h in links if not h.startswith(stack.base_url + "/")] == []

    violations = page.evaluate("window.__csp")
    assert violations == [], violations
    assert errors == [], errors
    outside = [
        url
        for url in requests
        if not url.startswith(stack.base_url + "/") and not url.startswith(("data:", "blob:"))
    ]
    assert outside == [], outside
    assert f"{stack.base_url}/api/v1/openapi.json" in requests


def test_a_partner_tries_an_operation_from_the_reference(page: Page, stack: Stack) -> None:
    """ "Test request" sends the call from the page to the stack (no proxy) with the token the
    partner typed, and shows the answer."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{stack.base_url}/api/v1/docs")
    title = page.get_by_role("heading", name="MT-Facturation public API", exact=True)
    expect(title).to_be_visible(timeout=30_000)
    page.get_by_text("offers", exact=True).first.click()
    page.get_by_text("List offers", exact=True).first.click()
    heading = page.get_by_role("heading", name="List offers")
    expect(heading).to_be_visible()
    page.locator("section", has=heading).first.get_by_role("button", name="Test Request").click()
    client = page.get_by_role("dialog").first
    expect(client).to_be_visible()
    token = client.get_by_label("Bearer Token")
    token.click()
    page.keyboard.type(stack.token())
    client.get_by_role("button", name="Send").first.click()
    expect(client).to_contain_text("200 OK", timeout=15_000)
    expect(client).to_contain_text('"items"')  # the page of offers, as the stack answered it
    calls = [u for u in requests if "/api/v1/offers" in u]
    assert calls and all(u.startswith(stack.base_url + "/api/v1/offers") for u in calls)
