"""The catalog API on a real PostgreSQL: offers, versions, lifecycle, errors, audit."""

from __future__ import annotations

import secrets
import time
from typing import Any

import jwt
import psycopg
import pytest
from litestar.testing import AsyncTestClient

from mtf.kernel.auth import AUDIENCE_API, ISSUER
from mtf.kernel.db import conninfo_parts, with_database
from mtf.kernel.settings import Settings

Client = AsyncTestClient[Any]


def new_code(prefix: str = "T") -> str:
    return f"{prefix}-{secrets.token_hex(4).upper()}"


def mobile_offer(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": new_code(),
        "name": "Mobile 20 Go",
        "service": "mobile",
        "monthly_fee": "99.00",
        "commitment_months": 12,
        "components": {"data": {"quota_gb": 20}, "calls": {"hours": 10}},
    }
    body.update(overrides)
    return body


async def offer_count(client: Client, headers: dict[str, str]) -> int:
    response = await client.get("/api/v1/offers", headers=headers, params={"limit": 1})
    assert response.status_code == 200
    total: int = response.json()["total"]
    return total


async def test_an_operator_creates_an_offer_and_finds_it_in_the_list(
    catalog: Client, admin_headers: dict[str, str]
) -> None:
    body = mobile_offer(code=new_code("mob").lower())
    created = await catalog.post("/api/v1/offers", json=body, headers=admin_headers)
    assert created.status_code == 201, created.text
    offer = created.json()
    assert offer["code"] == body["code"].upper()
    assert offer["status"] == "draft"
    assert offer["version"] == 1
    assert offer["monthly_fee"] == "99.00"
    assert offer["components"] == body["components"]
    listed = await catalog.get(
        "/api/v1/offers", params={"code": offer["code"]}, headers=admin_headers
    )
    assert [o["id"] for o in listed.json()["items"]] == [offer["id"]]
    fetched = await catalog.get(f"/api/v1/offers/{offer['id']}", headers=admin_headers)
    assert fetched.json()["versions"][0]["actor"] == "operator:admin"


async def test_publish_new_version_and_retire(
    catalog: Client, admin_headers: dict[str, str]
) -> None:
    offer = (
        await catalog.post("/api/v1/offers", json=mobile_offer(), headers=admin_headers)
    ).json()
    oid = offer["id"]
    published = await catalog.post(f"/api/v1/offers/{oid}/publish", headers=admin_headers)
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    again = await catalog.post(f"/api/v1/offers/{oid}/publish", headers=admin_headers)
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    version = await catalog.post(
        f"/api/v1/offers/{oid}/versions", json={"monthly_fee": "89.00"}, headers=admin_headers
    )
    assert version.status_code == 201, version.text
    assert version.json()["version"] == 2
    assert version.json()["monthly_fee"] == "89.00"
    assert [v["monthly_fee"] for v in version.json()["versions"]] == ["99.00", "89.00"]
    retired = await catalog.post(f"/api/v1/offers/{oid}/retire", headers=admin_headers)
    assert retired.json()["status"] == "retired"
    late = await catalog.post(
        f"/api/v1/offers/{oid}/versions", json={"monthly_fee": "79.00"}, headers=admin_headers
    )
    assert late.status_code == 409


async def test_filters_sorting_and_cursor_pagination(
    catalog: Client, admin_headers: dict[str, str]
) -> None:
    tag = secrets.token_hex(3).upper()
    for i in range(5):
        body = mobile_offer(
            code=f"PG{tag}-{i}", name=f"Paged {tag} {i}", monthly_fee=f"{10 + i}.00"
        )
        assert (
            await catalog.post("/api/v1/offers", json=body, headers=admin_headers)
        ).status_code == 201
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"q": f"PG{tag}", "limit": 2, "sort": "-monthly_fee"}
        if cursor:
            params["cursor"] = cursor
        page = (await catalog.get("/api/v1/offers", params=params, headers=admin_headers)).json()
        assert page["total"] == 5
        seen += [o["monthly_fee"] for o in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["14.00", "13.00", "12.00", "11.00", "10.00"]
    drafts = (
        await catalog.get(
            "/api/v1/offers", params={"q": f"PG{tag}", "status": "published"}, headers=admin_headers
        )
    ).json()
    assert drafts["total"] == 0
    internet = (
        await catalog.get(
            "/api/v1/offers", params={"q": f"PG{tag}", "service": "internet"}, headers=admin_headers
        )
    ).json()
    assert internet["items"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"service": "satellite"}, "service"),
        ({"sort": "secret"}, "sort"),
        ({"limit": 501}, "limit"),
        ({"cursor": "zzz"}, "cursor"),
    ],
)
async def test_bad_list_parameters_are_refused_naming_the_parameter(
    catalog: Client, admin_headers: dict[str, str], params: dict[str, Any], field: str
) -> None:
    response = await catalog.get("/api/v1/offers", params=params, headers=admin_headers)
    assert response.status_code in (400, 422)
    body = response.json()
    assert body["status"] == response.status_code
    assert any(field in e["field"] for e in body["errors"]), body


BAD_BODIES: list[tuple[str, Any, int, str]] = [
    (
        "float hours",
        mobile_offer(components={"calls": {"hours": 1.5}}),
        422,
        "components.calls.hours",
    ),
    (
        "string hours",
        mobile_offer(components={"calls": {"hours": "2"}}),
        422,
        "components.calls.hours",
    ),
    ("float commitment", mobile_offer(commitment_months=1.5), 422, "commitment_months"),
    ("wrong type", mobile_offer(name=42), 422, "name"),
    ("unknown field", {**mobile_offer(), "discount": "5"}, 422, "discount"),
    ("unknown service", mobile_offer(service="satellite"), 422, "service"),
    ("component of another service", mobile_offer(components={"tv": {}}), 422, "components.tv"),
    (
        "both fiber and adsl",
        mobile_offer(
            service="internet",
            components={"fiber": {"speed_mbps": 1}, "adsl": {"speed_mbps": 1}, "landline": {}},
        ),
        422,
        "components.adsl",
    ),
    (
        "internet without landline",
        mobile_offer(service="internet", components={"fiber": {"speed_mbps": 100}}),
        422,
        "components.landline",
    ),
    ("zero fee", mobile_offer(monthly_fee="0.00"), 422, "monthly_fee"),
    ("fee as a number", mobile_offer(monthly_fee=99), 422, "monthly_fee"),
    ("missing code", {k: v for k, v in mobile_offer().items() if k != "code"}, 422, "code"),
]


@pytest.mark.parametrize(
    ("case", "body", "status", "field"), BAD_BODIES, ids=[c[0] for c in BAD_BODIES]
)
async def test_a_rule_violation_gets_a_problem_naming_the_field_and_stores_nothing(
    catalog: Client, admin_headers: dict[str, str], case: str, body: Any, status: int, field: str
) -> None:
    before = await offer_count(catalog, admin_headers)
    response = await catalog.post("/api/v1/offers", json=body, headers=admin_headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert {"type", "title", "status", "detail"} <= problem.keys()
    assert field in [e["field"] for e in problem["errors"]], problem
    assert "Traceback" not in response.text
    assert await offer_count(catalog, admin_headers) == before


async def test_malformed_json_is_a_400_problem(
    catalog: Client, admin_headers: dict[str, str]
) -> None:
    before = await offer_count(catalog, admin_headers)
    response = await catalog.post(
        "/api/v1/offers",
        content=b'{"code": "X1",',
        headers={**admin_headers, "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["status"] == 400
    assert await offer_count(catalog, admin_headers) == before


async def test_a_duplicate_code_is_refused_on_the_code_field(
    catalog: Client, admin_headers: dict[str, str]
) -> None:
    body = mobile_offer()
    assert (
        await catalog.post("/api/v1/offers", json=body, headers=admin_headers)
    ).status_code == 201
    before = await offer_count(catalog, admin_headers)
    again = await catalog.post(
        "/api/v1/offers",
        json={**body, "code": body["code"].lower(), "name": "Other"},
        headers=admin_headers,
    )
    assert again.status_code == 409  # a conflict with the existing offer, the field named
    assert again.json()["errors"][0]["field"] == "code"
    assert await offer_count(catalog, admin_headers) == before


async def test_missing_expired_foreign_and_unprivileged_tokens(
    catalog: Client,
    admin_headers: dict[str, str],
    reader_headers: dict[str, str],
    migrated_settings: Settings,
) -> None:
    before = await offer_count(catalog, admin_headers)
    body = mobile_offer()
    missing = await catalog.post("/api/v1/offers", json=body)
    assert missing.status_code == 401
    now = int(time.time())
    expired = jwt.encode(
        {
            "iss": ISSUER,
            "aud": AUDIENCE_API,
            "sub": "x",
            "name": "x",
            "kind": "access",
            "perms": ["offers:write"],
            "iat": now - 120,
            "exp": now - 60,
        },
        migrated_settings.jwt_secret,
        algorithm="HS256",
    )
    expired_response = await catalog.post(
        "/api/v1/offers", json=body, headers={"Authorization": f"Bearer {expired}"}
    )
    assert expired_response.status_code == 401
    assert "expired" in expired_response.json()["detail"]
    other_kind = jwt.encode(
        {
            "iss": ISSUER,
            "aud": AUDIENCE_API,
            "sub": "x",
            "kind": "refresh",
            "iat": now,
            "exp": now + 60,
        },
        migrated_settings.jwt_secret,
        algorithm="HS256",
    )
    assert (
        await catalog.post(
            "/api/v1/offers", json=body, headers={"Authorization": f"Bearer {other_kind}"}
        )
    ).status_code == 401
    forbidden = await catalog.post("/api/v1/offers", json=body, headers=reader_headers)
    assert forbidden.status_code == 403
    assert "offers:write" in forbidden.json()["detail"]
    # reading needs a token but no write permission
    assert (await catalog.get("/api/v1/offers", headers=reader_headers)).status_code == 200
    assert await offer_count(catalog, admin_headers) == before


async def test_the_audit_trail_shows_every_change_and_rebuilds_past_states(
    catalog: Client, admin_headers: dict[str, str]
) -> None:
    offer = (
        await catalog.post("/api/v1/offers", json=mobile_offer(), headers=admin_headers)
    ).json()
    oid = offer["id"]
    await catalog.post(f"/api/v1/offers/{oid}/publish", headers=admin_headers)
    await catalog.post(
        f"/api/v1/offers/{oid}/versions", json={"monthly_fee": "79.00"}, headers=admin_headers
    )
    history = (await catalog.get(f"/api/v1/audit/offer/{oid}/events", headers=admin_headers)).json()
    assert [e["event_type"] for e in history["items"]] == ["Created", "Published", "VersionAdded"]
    assert [e["version"] for e in history["items"]] == [1, 2, 3]
    assert {e["actor"] for e in history["items"]} == {"operator:admin"}
    assert history["items"][2]["payload"]["monthly_fee"] == "79.00"
    first = (
        await catalog.get(
            f"/api/v1/audit/offer/{oid}/state", params={"version": 1}, headers=admin_headers
        )
    ).json()
    assert first["state"]["status"] == "draft"
    assert first["state"]["monthly_fee"] == "99.00"
    at_publish = history["items"][1]["timestamp"]
    published = (
        await catalog.get(
            f"/api/v1/audit/offer/{oid}/state", params={"at": at_publish}, headers=admin_headers
        )
    ).json()
    assert published["version"] == 2
    assert published["state"]["status"] == "published"
    unknown_type = await catalog.get(f"/api/v1/audit/invoice/{oid}/events", headers=admin_headers)
    assert unknown_type.status_code == 404
    too_far = await catalog.get(
        f"/api/v1/audit/offer/{oid}/state", params={"version": 9}, headers=admin_headers
    )
    assert too_far.status_code == 422


async def test_unknown_offer_is_a_404_problem(
    catalog: Client, admin_headers: dict[str, str]
) -> None:
    response = await catalog.get(
        "/api/v1/offers/00000000-0000-0000-0000-000000000000", headers=admin_headers
    )
    assert response.status_code == 404
    assert response.json()["title"] == "Not found"
    publish = await catalog.post(
        "/api/v1/offers/00000000-0000-0000-0000-000000000000/publish", headers=admin_headers
    )
    assert publish.status_code == 404


async def test_every_response_carries_a_request_id_and_echoes_the_callers(
    catalog: Client, admin_headers: dict[str, str]
) -> None:
    mine = await catalog.get(
        "/api/v1/offers", headers={**admin_headers, "X-Request-ID": "partner-req-42"}
    )
    assert mine.headers["x-request-id"] == "partner-req-42"
    generated = await catalog.get("/api/v1/offers", headers=admin_headers)
    assert len(generated.headers["x-request-id"]) == 32
    problem = await catalog.get("/api/v1/offers", headers={"X-Request-ID": "abc-1"})
    assert problem.json()["request_id"] == "abc-1"


async def test_metrics_count_requests_per_route(
    catalog: Client, admin_headers: dict[str, str]
) -> None:
    await catalog.get("/api/v1/offers", headers=admin_headers)
    metrics = (await catalog.get("/metrics")).text
    assert "mtf_requests_total" in metrics
    assert 'path="/api/v1/offers"' in metrics
    assert "mtf_request_duration_seconds_bucket" in metrics


async def test_nul_characters_are_refused_before_they_reach_an_event(
    catalog: Client, admin_headers: dict[str, str]
) -> None:
    before = await offer_count(catalog, admin_headers)
    body = mobile_offer(name="Mobile\u0000 20")
    response = await catalog.post("/api/v1/offers", json=body, headers=admin_headers)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "NUL" in response.json()["detail"]
    search = await catalog.get("/api/v1/offers", params={"q": "a\u0000b"}, headers=admin_headers)
    assert search.status_code == 422
    assert await offer_count(catalog, admin_headers) == before


async def test_a_database_restart_costs_at_most_one_503_never_a_500(
    catalog: Client, admin_headers: dict[str, str], migrated_settings: Settings
) -> None:
    """Pooled connections are not pinged on every use: when the database drops them (a
    restart), the request that meets a dead one is answered 503 with Retry-After, and the
    pool starts afresh."""
    assert (await catalog.get("/api/v1/offers", headers=admin_headers)).status_code == 200
    dbname = conninfo_parts(migrated_settings.database_url)["dbname"]
    with psycopg.connect(
        with_database(migrated_settings.database_url, "postgres"), autocommit=True
    ) as conn:
        killed = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND application_name = 'mtf-catalog'",
            (dbname,),
        ).fetchone()
    assert killed and killed[0] >= 1
    statuses = []
    for _ in range(3):
        response = await catalog.get("/api/v1/offers", headers=admin_headers)
        statuses.append(response.status_code)
        if response.status_code == 503:
            assert response.headers["retry-after"] == "1"
            assert response.json()["type"].endswith("/unavailable")
    assert statuses.count(503) <= 1 and statuses[-1] == 200 and 500 not in statuses
