"""The whole stack started as the launcher starts it (migrate, seed, `mtf up`: one process
per service plus the gateway and the worker), on its own database and ports."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from mtf.platform.stack import RunningStack, running_stack, stack_env
from tests.conftest import ROOT, Databases

PORT_BASE = int(os.environ.get("MTF_E2E_PORT_BASE", "18000"))


class Stack(RunningStack):
    def children(self) -> dict[str, int]:
        data: dict[str, int] = json.loads((self.run_dir / "children.json").read_text())
        return data

    def log(self, name: str) -> str:
        return (self.log_dir / f"{name}.log").read_text(errors="replace")


@pytest.fixture(scope="module")
def stack(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    work = tmp_path_factory.mktemp("stack")
    env = stack_env(
        databases.create("mtf_e2e"),
        work,
        PORT_BASE,
        MTF_AUTO_BILL_RUN="0",
        # the tests' webhook receivers listen on loopback, refused otherwise
        MTF_WEBHOOK_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    with running_stack(env, work) as running:
        yield Stack(**vars(running))


CHROMIUM = os.environ.get("MTF_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"Chromium is needed at {CHROMIUM} (apt-get install chromium)"
    assert (ROOT / "frontend" / "dist" / "index.html").exists(), (
        "build the console first (npm run build)"
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


# The console and the landing page open in French; the browser tests written in English pick
# English as a user would (the switch is remembered in localStorage "mtf.lang"). The French and
# Arabic tests (test_i18n_browser.py) open their own pages with `lang_context`.
def lang_context(browser: Browser, lang: str | None, **options: object) -> BrowserContext:
    """A browser context whose pages start in `lang` (None: nothing remembered, the default)."""
    context = browser.new_context(**options)  # type: ignore[arg-type]
    if lang is not None:
        context.add_init_script(
            f"if (!sessionStorage.getItem('mtf.lang.set')) {{ localStorage.setItem('mtf.lang', '{lang}');"
            " sessionStorage.setItem('mtf.lang.set', '1'); }"
        )
    return context


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = lang_context(browser, "en", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
