"""The gateway as an attacker meets it: path tricks refused before routing, nothing but
`/api/v1/...` public routes reaching a service, the client address decided by the gateway,
security headers on every answer. The services behind it are an echo app (no database)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mtf.gateway.adapters.guard import MAX_BODY_BYTES, UPLOADS
from mtf.kernel.auth import issue_access_token
from mtf.kernel.settings import Settings, load_settings
from tests.conftest import make_settings
from tests.integration.gateway_harness import UPSTREAM_SECRET, gateway_over_echo, raw_request

INDEX = '<!doctype html><html><head><script type="module" src="/assets/app.js"></script>'


@pytest.fixture(scope="module")
def settings() -> Settings:
    # no database is used: the services are the echo app
    return make_settings(load_settings().database_url)


REFERENCE = (
    '<!doctype html><html><head><script type="module" src="/assets/reference.js"></script>'
    '</head><body><div id="reference"></div></body></html>'
)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    (folder / "index.html").write_text(INDEX + '</head><body><div id="root"></div></body></html>')
    (folder / "assets").mkdir()
    (folder / "assets" / "app.js").write_text("console.log('console')")
    (folder / "api-reference.html").write_text(REFERENCE)
    return folder


@pytest.fixture(scope="module")
def gateway(settings: Settings, dist: Path) -> Iterator[str]:
    """A gateway that trusts no proxy (the default)."""
    with gateway_over_echo(settings, dist) as base:
        yield base


@pytest.fixture(scope="module")
def behind_proxy(settings: Settings, dist: Path) -> Iterator[str]:
    """A gateway told that 127.0.0.0/8 (where the test client connects from) is its proxy."""
    with gateway_over_echo(settings, dist, trusted_proxies="127.0.0.0/8") as base:
        yield base


@pytest.fixture(scope="module")
def auth(settings: Settings) -> dict[str, str]:
    token = issue_access_token(
        settings.jwt_secret, subject="op", username="op", permissions=["read"], ttl_seconds=600
    )
    return {"Authorization": f"Bearer {token}"}


TRICKS = [
    "/api/v1/self-service/../../../metrics",
    "/api/v1/self-service/../../internal/events",
    "/api/v1/offers/./x",
    "/api/v1/offers/..",
    "/api/v1/offers/%2e%2e/%2e%2e/%2e%2e/metrics",
    "/api/v1/offers/%2E%2E/%2E%2E/%2E%2E/metrics",
    "/api/v1/offers/.%2e/.%2e/.%2e/health/ready",
    "/api/v1/offers/%252e%252e/%252e%252e/%252e%252e/metrics",
    "/api/v1/offers/..%2f..%2f..%2fmetrics",
    "/api/v1/offers/..%2F..%2F..%2Finternal%2Fevents",
    "/api/v1/offers/..%5c..%5c..%5cmetrics",
    "/api/v1/offers/..\\..\\..\\metrics",
    "/api/v1//offers",
    "//api/v1/offers",
    "/api/v1/offers/",
    "/api/v1/offers/%00",
    "/../metrics",
    "/landing/../metrics",
]


@pytest.mark.parametrize("path", TRICKS)
def test_path_tricks_are_refused_before_routing_with_a_problem(
    gateway: str, auth: dict[str, str], path: str
) -> None:
    for method in ("GET", "POST"):
        status, headers, body = raw_request(gateway, method, path, auth)
        assert status == 400, (method, path, status, body[:200])
        assert headers["content-type"].startswith("application/problem+json")
        problem = json.loads(body)
        assert problem["status"] == 400 and problem["detail"] and problem["request_id"]
        assert UPSTREAM_SECRET.encode() not in body
        assert headers["x-content-type-options"] == "nosniff"  # refusals carry the headers too


@pytest.mark.parametrize(
    "path",
    ["/internal/events", "/internal/api-keys/verify", "/metrics", "/health/ready", "/schema"],
)
def test_a_service_s_internal_metrics_and_health_routes_are_never_reached(
    gateway: str, auth: dict[str, str], path: str
) -> None:
    for method in ("GET", "POST"):
        status, _, body = raw_request(gateway, method, path, auth)
        assert UPSTREAM_SECRET.encode() not in body, (method, path)
        assert status < 500 or path == "/health/ready", (method, path, status)
    # under /api/v1 they are no resource either
    status, _, body = raw_request(gateway, "GET", "/api/v1/internal/events", auth)
    assert status == 404 and UPSTREAM_SECRET.encode() not in body


def test_the_upstream_path_and_query_are_sent_as_written(
    gateway: str, auth: dict[str, str]
) -> None:
    # an encoded ? or # stays in the path segment: no query or fragment smuggled upstream
    status, _, body = raw_request(
        gateway, "GET", "/api/v1/offers/a%3Fb%23c?limit=5&sort=name", auth
    )
    assert status == 200, body
    echo = json.loads(body)
    assert echo["raw_path"] == "/api/v1/offers/a%3Fb%23c"
    assert echo["query"] == "limit=5&sort=name"


def test_an_api_read_carries_the_request_id_and_is_counted_like_any_request(
    gateway: str, auth: dict[str, str]
) -> None:
    """The API's GETs are forwarded straight from the ASGI scope (no routing): the caller's
    request id still goes upstream and comes back, the caller's forwarded address is
    replaced by the gateway's decision, and the metrics count the read."""
    status, headers, body = raw_request(
        gateway,
        "GET",
        "/api/v1/invoices?limit=3",
        {**auth, "X-Request-ID": "read-42", "X-Forwarded-For": "6.6.6.6"},
    )
    assert status == 200, body
    assert headers["x-request-id"] == "read-42"
    assert headers["x-content-type-options"] == "nosniff"
    upstream = json.loads(body)["headers"]
    assert upstream["x-request-id"] == "read-42"
    assert upstream["authorization"] == auth["Authorization"]
    assert upstream["x-forwarded-for"] != "6.6.6.6"
    metrics = httpx.get(gateway + "/metrics").text
    assert any(
        line.startswith("mtf_requests_total{")
        and 'method="GET"' in line
        and 'path="/api/v1/{path:path}"' in line
        for line in metrics.splitlines()
    )


def test_an_api_read_refused_or_unanswered_is_a_problem_with_its_request_id(
    settings: Settings, dist: Path, auth: dict[str, str]
) -> None:
    from dataclasses import replace

    from mtf.gateway.app import create_app
    from tests.integration.gateway_harness import serving

    # nothing listens on port 9 of this host: the catalog does not answer
    down = replace(
        settings,
        service_urls={**settings.service_urls, "catalog": "http://127.0.0.1:9"},
        frontend_dist=str(dist),
    )
    with serving(create_app(down)) as base:
        status, headers, body = raw_request(base, "GET", "/api/v1/offers", auth)
        assert status == 503, body
        assert headers["content-type"].startswith("application/problem+json")
        problem = json.loads(body)
        assert "catalog service is not answering" in problem["detail"]
        assert problem["request_id"] == headers["x-request-id"]
        status, headers, body = raw_request(base, "GET", "/api/v1/offers", {})
        assert status == 401 and json.loads(body)["request_id"] == headers["x-request-id"]
        status, _, body = raw_request(base, "GET", "/api/v1/no-such-thing", auth)
        assert status == 404 and json.loads(body)["status"] == 404


def test_the_gateway_s_own_health_metrics_and_pages_still_answer(gateway: str) -> None:
    assert httpx.get(gateway + "/health/live").json()["service"] == "gateway"
    metrics = httpx.get(gateway + "/metrics")
    assert metrics.status_code == 200 and UPSTREAM_SECRET not in metrics.text
    assert '<div id="root">' in httpx.get(gateway + "/landing").text
    assert '<div id="root">' in httpx.get(gateway + "/landing/").text
    assert httpx.get(gateway + "/assets/app.js").status_code == 200


def test_every_detail_path_of_the_console_answers_its_page(gateway: str) -> None:
    """A link to one invoice (or client, contract, case) opens, and reloads, the console there:
    the console's router reads the path (issue 14)."""
    some = "0b6f3c2e-5a1d-4c7e-9f00-1234567890ab"
    for path in (
        f"/clients/{some}",
        f"/invoices/{some}",
        f"/contracts/{some}?created=1",
        f"/collections/cases/{some}",
    ):
        page = httpx.get(gateway + path)
        assert page.status_code == 200, path
        assert page.headers["content-type"].startswith("text/html"), path
        assert '<div id="root">' in page.text, path
    # the API under the same words is still the API (never the page)
    assert httpx.get(gateway + f"/api/v1/invoices/{some}").headers["content-type"] != "text/html"


SPOOFS = {
    "X-Forwarded-For": "203.0.113.7",
    "X-MTF-Client-Address": "203.0.113.8",
    "X-Real-IP": "203.0.113.9",
    "Forwarded": "for=203.0.113.10",
}


def test_an_untrusted_peer_cannot_choose_its_client_address(
    gateway: str, auth: dict[str, str]
) -> None:
    echo = httpx.get(gateway + "/api/v1/offers", headers={**auth, **SPOOFS}).json()
    seen = echo["headers"]
    assert seen["x-mtf-client-address"] == "127.0.0.1"
    assert seen["x-forwarded-for"] == "127.0.0.1"
    assert "x-real-ip" not in seen and "forwarded" not in seen
    assert "203.0.113" not in json.dumps(seen)


def test_a_trusted_proxy_s_forwarded_for_is_believed(
    behind_proxy: str, auth: dict[str, str]
) -> None:
    headers = {**auth, **SPOOFS, "X-Forwarded-For": "198.51.100.4, 127.0.0.5"}
    seen = httpx.get(behind_proxy + "/api/v1/offers", headers=headers).json()["headers"]
    # the rightmost hop that is not a trusted proxy; the caller's own header is dropped
    assert seen["x-mtf-client-address"] == "198.51.100.4"
    assert seen["x-forwarded-for"] == "198.51.100.4"


@pytest.mark.parametrize("path", ["/", "/landing", "/api/v1/offers", "/api/v1/docs", "/nowhere"])
def test_every_answer_carries_the_security_headers(
    gateway: str, auth: dict[str, str], path: str
) -> None:
    response = httpx.get(gateway + path, headers=auth)
    csp = response.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["frame-ancestors"] == "'none'"
    assert directives["script-src"] == "'self'"
    # inline styles: only on the API reference page, whose renderer adds them (docs/security.md)
    assert ("'unsafe-inline'" in directives["style-src"]) == (path == "/api/v1/docs")
    assert directives["object-src"] == "'none'"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    # plain HTTP: no HSTS (a browser would pin a site that cannot serve HTTPS)
    assert "strict-transport-security" not in response.headers
    # a POST the router has no route for is refused with the same headers
    refused = httpx.post(gateway + "/landing", headers=auth)
    assert 400 <= refused.status_code < 500
    assert refused.headers["x-frame-options"] == "DENY"


def test_hsts_only_over_https_as_a_trusted_proxy_says(gateway: str, behind_proxy: str) -> None:
    https = {"X-Forwarded-Proto": "https"}
    assert "strict-transport-security" not in httpx.get(gateway + "/", headers=https).headers
    hsts = httpx.get(behind_proxy + "/", headers=https).headers["strict-transport-security"]
    assert hsts.startswith("max-age=") and int(hsts.split("=")[1].split(";")[0]) >= 15552000
    plain = httpx.get(behind_proxy + "/", headers={"X-Forwarded-Proto": "http"}).headers
    assert "strict-transport-security" not in plain


def test_the_api_reference_is_the_page_of_the_frontend_build(gateway: str) -> None:
    response = httpx.get(gateway + "/api/v1/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text == REFERENCE


def test_an_oversized_body_is_refused_with_413_and_never_forwarded(
    gateway: str, auth: dict[str, str]
) -> None:
    # a declared length over the limit: refused before a byte of the body is read
    status, headers, body = raw_request(
        gateway,
        "POST",
        "/api/v1/offers",
        {**auth, "Content-Type": "application/json", "Content-Length": str(MAX_BODY_BYTES + 1)},
    )
    assert status == 413
    assert headers["content-type"].startswith("application/problem+json")
    assert json.loads(body)["status"] == 413
    # chunked, no declared length: refused as soon as it grows past the limit
    chunks = (b"x" * 65536 for _ in range(MAX_BODY_BYTES // 65536 + 2))
    response = httpx.post(
        gateway + "/api/v1/offers",
        content=chunks,
        headers={**auth, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    # just under the limit goes through
    ok = httpx.post(
        gateway + "/api/v1/offers",
        content=b"x" * (MAX_BODY_BYTES - 1),
        headers={**auth, "Content-Type": "application/json"},
    )
    assert ok.status_code == 200 and ok.json()["body_length"] == MAX_BODY_BYTES - 1


def test_a_file_upload_path_takes_csv_and_multipart_up_to_its_own_limit(
    gateway: str, auth: dict[str, str]
) -> None:
    """`POST /api/v1/imports` takes a file (docs/imports.md): text/csv or multipart, larger
    than a JSON body may be; every other path still speaks JSON only, within 1 MiB."""
    csv_body = b"row_id,client_ref,offer_code,start_date\n" + b"x" * (MAX_BODY_BYTES + 10)
    as_csv = httpx.post(
        gateway + "/api/v1/imports",
        content=csv_body,
        headers={**auth, "Content-Type": "text/csv"},
    )
    assert as_csv.status_code == 200 and as_csv.json()["body_length"] == len(csv_body)
    as_form = httpx.post(
        gateway + "/api/v1/imports", files={"file": ("a.csv", b"a,b\n")}, headers=auth
    )
    assert as_form.status_code == 200
    # the same CSV elsewhere is refused at the door
    elsewhere = httpx.post(
        gateway + "/api/v1/offers", content=b"a,b\n", headers={**auth, "Content-Type": "text/csv"}
    )
    assert elsewhere.status_code == 415
    # and the upload has its limit too
    status, _, body = raw_request(
        gateway,
        "POST",
        "/api/v1/imports",
        {
            **auth,
            "Content-Type": "text/csv",
            "Content-Length": str(UPLOADS["/api/v1/imports"][0] + 1),
        },
    )
    assert status == 413 and str(UPLOADS["/api/v1/imports"][0]) in json.loads(body)["detail"]
