"""The console, the landing page and the API reference run in Chromium under the gateway's
Content-Security-Policy: no violation reported, each page rendered. The gateway serves the
built console; its services are the echo app (no database needed)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.conftest import ROOT, make_settings
from tests.integration.gateway_harness import gateway_over_echo

DIST = Path(os.environ.get("MTF_FRONTEND_DIST") or ROOT / "frontend" / "dist")
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="module")
def gateway() -> Iterator[str]:
    assert (DIST / "index.html").exists(), "build the console first (npm run build)"
    settings = make_settings("postgresql://postgres@127.0.0.1:5432/unused")
    with gateway_over_echo(settings, DIST) as base:
        yield base


@pytest.mark.parametrize(
    ("path", "rendered"),
    [("/", "#root > *"), ("/landing", "#root > *"), ("/api/v1/docs", "#reference > *")],
)
def test_each_page_runs_under_the_policy(
    browser: Browser, gateway: str, path: str, rendered: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(WATCH)
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    response = page.goto(gateway + path)
    assert response is not None
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.wait_for_selector(rendered, timeout=15_000)
    violations = page.evaluate("window.__csp")
    context.close()
    assert violations == [], violations
    assert not [m for m in messages if "Content Security Policy" in m], messages


def test_the_api_reference_page_has_no_inline_script_and_names_no_other_origin() -> None:
    """The built page (served at /api/v1/docs) loads its renderer from /assets only."""
    import re

    page = (DIST / "api-reference.html").read_text()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts, "the page loads its renderer"
    for attributes, body in scripts:
        assert body.strip() == "", "no inline script"
        assert re.search(r'src="/assets/[^"]+\.js"', attributes), attributes
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', page)
    assert 'href="/api/v1/openapi.json"' in page
