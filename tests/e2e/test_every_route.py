"""Every route of the public API follows the conventions: a token is required (except the
few public ones) and every refusal is a problem document with a request id."""

from __future__ import annotations

import json
import re
import uuid

import httpx
import pytest

from tests.conftest import ROOT

MERGED = json.loads((ROOT / "docs" / "openapi" / "openapi.json").read_text())
PUBLIC = {"/api/v1/auth/token", "/health/live", "/health/ready"}
OPERATIONS = [
    (method.upper(), path)
    for path, item in MERGED["paths"].items()
    for method in item
    if method in ("get", "post", "patch", "put", "delete")
    and path not in PUBLIC
    and not path.startswith("/api/v1/self-service")
]


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path.replace("{aggregate_type}", "offer"))


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_route_needs_a_token_and_refuses_with_a_problem(
    stack: object, method: str, path: str
) -> None:
    base = stack.base_url  # type: ignore[attr-defined]
    response = httpx.request(
        method,
        base + concrete(path),
        json={} if method != "GET" else None,
        headers={"X-Request-ID": "contract-check-1"},
    )
    assert response.status_code == 401, (method, path, response.status_code)
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert response.headers["x-request-id"] == "contract-check-1"
