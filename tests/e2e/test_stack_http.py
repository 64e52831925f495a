"""The stack over real HTTP: gateway routing, auth, request ids, OpenAPI, health, errors."""

from __future__ import annotations

import secrets
import time

import httpx
import pytest
from litestar.testing import AsyncTestClient

from mtf.kernel.auth import issue_service_token
from mtf.kernel.service_keys import ServiceKeys
from tests.conftest import make_settings
from tests.e2e.conftest import Stack


def auth(stack: Stack) -> dict[str, str]:
    return {"Authorization": f"Bearer {stack.token()}"}


def test_every_service_answers_and_the_gateway_is_ready(stack: Stack) -> None:
    ready = httpx.get(f"{stack.base_url}/health/ready")
    assert ready.status_code == 200
    checks = ready.json()["checks"]
    assert checks == {
        s: "ok"
        for s in (
            "identity",
            "catalog",
            "customer",
            "contracts",
            "billing",
            "collections",
            "database",
        )
    }
    assert httpx.get(f"{stack.base_url}/health/live").json()["status"] == "ok"


def test_an_operator_signs_in_and_manages_offers_through_the_gateway(stack: Stack) -> None:
    headers = auth(stack)
    seeded = httpx.get(
        f"{stack.base_url}/api/v1/offers", params={"status": "published"}, headers=headers
    ).json()
    assert {o["service"] for o in seeded["items"]} == {"mobile", "internet", "landline"}
    code = f"E2E-{secrets.token_hex(3).upper()}"
    created = httpx.post(
        f"{stack.base_url}/api/v1/offers",
        headers=headers,
        json={
            "code": code,
            "name": "Fibre test",
            "service": "internet",
            "monthly_fee": "299.00",
            "commitment_months": 24,
            "components": {"fiber": {"speed_mbps": 500}, "landline": {}, "tv": {}},
        },
    )
    assert created.status_code == 201, created.text
    offer_id = created.json()["id"]
    published = httpx.post(f"{stack.base_url}/api/v1/offers/{offer_id}/publish", headers=headers)
    assert published.json()["status"] == "published"
    history = httpx.get(
        f"{stack.base_url}/api/v1/audit/offer/{offer_id}/events", headers=headers
    ).json()
    assert [e["event_type"] for e in history["items"]] == ["Created", "Published"]


def test_the_request_id_and_trace_context_reach_the_owning_service(stack: Stack) -> None:
    request_id = f"e2e-{secrets.token_hex(6)}"
    trace_id = secrets.token_hex(16)
    response = httpx.get(
        f"{stack.base_url}/api/v1/offers",
        headers={
            **auth(stack),
            "X-Request-ID": request_id,
            "traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01",
        },
    )
    assert response.headers["x-request-id"] == request_id
    deadline = time.monotonic() + 5
    while request_id not in stack.log("catalog") and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = [line for line in stack.log("catalog").splitlines() if request_id in line]
    assert lines, "the catalog service logged nothing with the gateway's request id"
    assert any(trace_id in line and '"service": "catalog"' in line for line in lines)
    # the gateway writes its access line once the answer is sent: give it the same moment
    deadline = time.monotonic() + 5
    while request_id not in stack.log("gateway") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert request_id in stack.log("gateway")


@pytest.mark.parametrize(
    "header",
    [None, "Bearer nonsense", "Basic YWRtaW46YWRtaW4="],
)
def test_the_gateway_refuses_missing_or_bad_tokens_with_a_problem(
    stack: Stack, header: str | None
) -> None:
    headers = {"Authorization": header} if header else {}
    response = httpx.get(f"{stack.base_url}/api/v1/offers", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 401
    assert response.headers["x-request-id"]


def test_a_service_token_is_not_accepted_from_outside(stack: Stack) -> None:
    # even a genuine one, signed with billing's own key for the catalog service
    keys = ServiceKeys.from_env(stack.env)
    service_token = issue_service_token(keys, caller="billing", target="catalog")
    response = httpx.get(
        f"{stack.base_url}/api/v1/offers", headers={"Authorization": f"Bearer {service_token}"}
    )
    assert response.status_code == 401


def test_unknown_api_paths_are_404_problems_and_internal_feeds_are_not_exposed(
    stack: Stack,
) -> None:
    headers = auth(stack)
    assert httpx.get(f"{stack.base_url}/api/v1/nothing", headers=headers).status_code == 404
    internal = httpx.get(f"{stack.base_url}/internal/events")
    assert internal.status_code != 200 or "items" not in internal.text


def test_the_merged_openapi_document_and_docs_page(stack: Stack) -> None:
    doc = httpx.get(f"{stack.base_url}/api/v1/openapi.json").json()
    for path in (
        "/api/v1/offers",
        "/api/v1/offers/{offer_id}/publish",
        "/api/v1/auth/token",
        "/api/v1/audit/{aggregate_type}/{aggregate_id}/events",
        "/health/ready",
    ):
        assert path in doc["paths"], path
    assert "OfferCreate" in doc["components"]["schemas"]
    page = httpx.get(f"{stack.base_url}/api/v1/docs")
    assert page.status_code == 200 and "/api/v1/openapi.json" in page.text
    for port_offset, name in enumerate(("identity", "catalog"), start=1):
        own = httpx.get(
            f"http://127.0.0.1:{int(stack.env['MTF_GATEWAY_PORT']) + port_offset}/schema/openapi.json"
        )
        assert own.status_code == 200, name


def test_each_service_exposes_prometheus_metrics(stack: Stack) -> None:
    httpx.get(f"{stack.base_url}/api/v1/offers", headers=auth(stack))
    gateway_port = int(stack.env["MTF_GATEWAY_PORT"])
    for offset in range(7):
        metrics = httpx.get(f"http://127.0.0.1:{gateway_port + offset}/metrics")
        assert metrics.status_code == 200
        assert "mtf_requests_total" in metrics.text or "mtf_request" in metrics.text


def test_metrics_of_a_service_with_two_processes_count_every_request(stack: Stack) -> None:
    """Collections runs two processes: a scrape answers for both, whichever takes it."""
    import re

    port = int(stack.env["MTF_GATEWAY_PORT"]) + 6
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {stack.token()}"}

    def counted() -> int:
        text = httpx.get(f"{base}/metrics").text
        return sum(
            int(float(m))
            for m in re.findall(
                r'^mtf_requests_total\{[^}]*path="/api/v1/collections/aging"[^}]*\} (\S+)$',
                text,
                re.M,
            )
        )

    before = counted()
    for _ in range(20):  # a new connection each: both processes take some
        assert httpx.get(f"{base}/api/v1/collections/aging", headers=headers).status_code == 200
    assert all(counted() - before == 20 for _ in range(6))


def test_the_console_and_the_landing_page_are_served(stack: Stack) -> None:
    for path in ("/", "/landing", "/login"):
        page = httpx.get(f"{stack.base_url}{path}")
        assert page.status_code == 200
        assert '<div id="root"' in page.text


async def test_a_service_that_is_down_gets_a_503_problem_without_hanging() -> None:
    from mtf.gateway.app import create_app
    from mtf.kernel.auth import issue_access_token

    settings = make_settings("postgresql://postgres@127.0.0.1:1/none")
    urls = dict(settings.service_urls, catalog="http://127.0.0.1:9")
    from dataclasses import replace

    settings = replace(settings, service_urls=urls)
    token = issue_access_token(
        settings.jwt_secret, subject="x", username="x", permissions=[], ttl_seconds=60
    )
    async with AsyncTestClient(app=create_app(settings)) as client:
        started = time.monotonic()
        response = await client.get("/api/v1/offers", headers={"Authorization": f"Bearer {token}"})
        assert time.monotonic() - started < 10
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "catalog" in response.json()["detail"]
