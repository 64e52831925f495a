"""The gateway passes a CSV export on as the service writes it (never held whole): the
caller reads the first rows while the service has not written the last ones yet. A problem
(a 422 from the service) is passed on as usual. The service behind is a small ASGI app."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from mtf.kernel.auth import issue_access_token
from mtf.kernel.settings import SERVICES, Settings, load_settings
from tests.conftest import make_settings
from tests.integration.gateway_harness import serving

HEADER = b"number,total\r\n"
released = threading.Event()  # the test lets the service write the rest


async def exporting_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    if "bad" in scope.get("query_string", b"").decode():
        body = b'{"status": 422, "title": "Invalid", "errors": [{"field": "period"}]}'
        await send(
            {
                "type": "http.response.start",
                "status": 422,
                "headers": [(b"content-type", b"application/problem+json")],
            }
        )
        await send({"type": "http.response.body", "body": body})
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"text/csv; charset=utf-8"),
                (b"content-disposition", b'attachment; filename="invoices.csv"'),
            ],
        }
    )
    await send({"type": "http.response.body", "body": HEADER, "more_body": True})
    for _ in range(200):  # at most 10 s: the rest only once the caller has read the header
        if released.is_set():
            break
        await asyncio.sleep(0.05)
    await send({"type": "http.response.body", "body": b"FAC-1,120.00\r\n", "more_body": True})
    await send({"type": "http.response.body", "body": b"FAC-2,80.00\r\n"})


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    settings = make_settings(load_settings().database_url)
    dist: Path = tmp_path_factory.mktemp("dist")
    (dist / "index.html").write_text("<!doctype html><html><body></body></html>")
    from mtf.gateway.app import create_app

    with serving(exporting_app) as upstream:
        gateway_settings = replace(
            settings, service_urls={name: upstream for name in SERVICES}, frontend_dist=str(dist)
        )
        with serving(create_app(gateway_settings)) as base:
            yield base, settings


def _auth(settings: Settings) -> dict[str, str]:
    token = issue_access_token(
        settings.jwt_secret, subject="op", username="op", permissions=[], ttl_seconds=600
    )
    return {"Authorization": f"Bearer {token}"}


def test_an_export_reaches_the_caller_before_the_service_has_finished_it(
    gateway: tuple[str, Settings],
) -> None:
    base, settings = gateway
    released.clear()
    with httpx.stream(
        "GET", base + "/api/v1/invoices/export", headers=_auth(settings), timeout=30
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert response.headers["content-disposition"] == 'attachment; filename="invoices.csv"'
        chunks = response.iter_raw()
        first = next(chunks)  # the service is still waiting: had it been buffered, no byte yet
        assert first == HEADER and not released.is_set()
        released.set()
        rest = b"".join(chunks)
    assert first + rest == HEADER + b"FAC-1,120.00\r\nFAC-2,80.00\r\n"


def test_a_problem_from_the_service_is_passed_on(gateway: tuple[str, Settings]) -> None:
    base, settings = gateway
    r = httpx.get(base + "/api/v1/payments/export?bad=1", headers=_auth(settings), timeout=30)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"] == [{"field": "period"}]
