"""What a service answers when the gateway's checks are not in front of it (a call from the
same host): deeply nested JSON is the caller's fault, a 400 problem, not a 500."""

from __future__ import annotations

from typing import Any

from litestar.testing import AsyncTestClient


async def test_deeply_nested_json_is_a_400_problem_in_a_service(
    catalog: AsyncTestClient[Any], admin_headers: dict[str, str]
) -> None:
    before = (await catalog.get("/api/v1/offers", headers=admin_headers)).json()["total"]
    deep = b'{"code": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    response = await catalog.post(
        "/api/v1/offers",
        content=deep,
        headers={**admin_headers, "Content-Type": "application/json", "Idempotency-Key": "d1"},
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == "The request body nests too deeply."
    listed = await catalog.get("/api/v1/offers", headers=admin_headers)
    assert listed.json()["total"] == before
