"""The whole stack started as the launcher starts it (migrate, seed, `mtf up`: one process
per service plus the gateway and the worker), on its own database and ports."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import ROOT, Databases

PORT_BASE = int(os.environ.get("MTF_E2E_PORT_BASE", "18000"))
SERVICES = ("identity", "catalog", "customer", "contracts", "billing", "collections")


@dataclass
class Stack:
    base_url: str
    admin_password: str
    env: dict[str, str]
    log_dir: Path
    run_dir: Path

    def token(self) -> str:
        r = httpx.post(
            f"{self.base_url}/api/v1/auth/token",
            json={"username": "admin", "password": self.admin_password},
        )
        r.raise_for_status()
        return str(r.json()["access_token"])

    def children(self) -> dict[str, int]:
        data: dict[str, int] = json.loads((self.run_dir / "children.json").read_text())
        return data

    def log(self, name: str) -> str:
        return (self.log_dir / f"{name}.log").read_text(errors="replace")


@pytest.fixture(scope="session")
def stack(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    work = tmp_path_factory.mktemp("stack")
    env = {
        **os.environ,
        "DATABASE_URL": databases.create("mtf_e2e"),
        "MTF_JWT_SECRET": "e2e-jwt-secret-0123456789abcdef0123456789",
        "MTF_SERVICE_SECRET": "e2e-service-secret-0123456789abcdef012345",
        "MTF_ADMIN_PASSWORD": "e2e-admin-password",
        "MTF_PII_KEY": "e2e-pii-key-0123456789abcdef0123456789",
        "MTF_CIN_HASH_KEY": "e2e-cin-hash-key-0123456789abcdef012345",
        "MTF_LOG_FORMAT": "json",
        "MTF_AUTO_BILL_RUN": "0",
        "MTF_LOG_DIR": str(work / "logs"),
        "MTF_RUN_DIR": str(work / "run"),
        "MTF_GATEWAY_PORT": str(PORT_BASE),
        **{f"MTF_{s.upper()}_PORT": str(PORT_BASE + i + 1) for i, s in enumerate(SERVICES)},
    }
    env.pop("OTEL_EXPORTER_OTLP_ENDPOINT", None)
    python = sys.executable
    for step in (["migrate"], ["seed", "--demo"]):
        subprocess.run(
            [python, "-m", "mtf.cli", *step], env=env, cwd=ROOT, check=True, capture_output=True
        )
    supervisor = subprocess.Popen([python, "-m", "mtf.cli", "up"], env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{PORT_BASE}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{base}/health/ready", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or supervisor.poll() is not None:
            supervisor.kill()
            pytest.fail("the stack did not become ready in 90 s")
        time.sleep(0.3)
    try:
        yield Stack(base, env["MTF_ADMIN_PASSWORD"], env, work / "logs", work / "run")
    finally:
        supervisor.send_signal(signal.SIGTERM)
        try:
            supervisor.wait(timeout=20)
        except subprocess.TimeoutExpired:
            supervisor.kill()


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


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
