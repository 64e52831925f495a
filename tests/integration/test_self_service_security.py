"""The landing page as an attacker tries it: an anonymous sign-up never touches an existing
client's account, sessions are opaque (known and unknown CINs look alike), and the limits
count per address the gateway decided (IPv6 per /64) and per CIN, sign-ups included."""

from __future__ import annotations

import json
import random
import re
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest

from mtf.kernel.auth import issue_access_token
from mtf.kernel.peers import CLIENT_ADDRESS_HEADER
from tests.conftest import Databases, make_settings
from tests.integration.services import ServiceEnv, running_services

TOKEN_SHAPE = re.compile(r"^mtfss_[A-Za-z0-9_-]{43}$")
# rows that may change on a refused request: the limits' counters
COUNTERS = {"rate_limit_hits", "self_service_sessions"}


@pytest.fixture(scope="module")
def env(databases: Databases) -> Iterator[ServiceEnv]:
    from mtf.platform.migrate import migrate_all

    settings = make_settings(databases.create("mtf_selfsec"))
    migrate_all(settings)
    with running_services(settings, ("catalog", "customer", "contracts")) as running:
        token = issue_access_token(
            running.jwt_secret,
            subject="op-1",
            username="admin",
            permissions=[
                "offers:write",
                "clients:write",
                "pii:read",
                "contracts:write",
                "provisioning:write",
            ],
            ttl_seconds=900,
        )
        yield ServiceEnv(running, {"Authorization": f"Bearer {token}"})


def address() -> dict[str, str]:
    """Each test its own client address (as the gateway forwards it), so limits don't mix."""
    return {CLIENT_ADDRESS_HEADER: f"198.51.{random.randint(0, 255)}.{random.randint(1, 254)}"}


def offer(env: ServiceEnv) -> str:
    body = {
        "code": f"SS-{uuid.uuid4().hex[:8].upper()}",
        "name": "Test",
        "service": "mobile",
        "monthly_fee": "99.00",
        "components": {"data": {"quota_gb": 10}},
    }
    created = env.post("catalog", "/api/v1/offers", body).json()
    env.post("catalog", f"/api/v1/offers/{created['id']}/publish").raise_for_status()
    return str(created["id"])


def person(cin: str | None = None, **changes: str) -> dict[str, str]:
    return {
        "first_name": "Karim",
        "last_name": "Benali",
        "cin": cin or f"K{random.randint(100000, 999999)}",
        "phone": "0522334455",
        **changes,
    }


def existing_client(env: ServiceEnv, offer_id: str) -> dict[str, Any]:
    client = person()
    r = env.post(
        "contracts",
        "/api/v1/provisioning/orders",
        {"offer_id": offer_id, "new_client": client},
        **{"Idempotency-Key": str(uuid.uuid4())},
    )
    assert r.status_code == 201, r.text
    return {**client, **r.json()}


def sign_up(
    env: ServiceEnv, body: dict[str, Any], headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.post(
        env.url("contracts", "/api/v1/self-service/orders"),
        json=body,
        headers={"Idempotency-Key": str(uuid.uuid4()), **(headers or {})},
        timeout=30,
    )


def look_up(env: ServiceEnv, cin: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.post(
        env.url("contracts", "/api/v1/self-service/sessions"),
        json={"cin": cin},
        headers=headers or {},
        timeout=30,
    )


def row_counts(env: ServiceEnv) -> dict[str, int]:
    """Every table of the services a sign-up writes to, but the limits' counters."""
    counts: dict[str, int] = {}
    with psycopg.connect(env.settings.database_url) as conn:
        tables = conn.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema IN ('contracts', 'customer') AND table_type = 'BASE TABLE'"
        ).fetchall()
        for schema, table in tables:
            if table in COUNTERS:
                continue
            (n,) = conn.execute(f'SELECT count(*) FROM "{schema}"."{table}"').fetchone() or (0,)
            counts[f"{schema}.{table}"] = n
    return counts


def stable(problem: dict[str, Any]) -> dict[str, Any]:
    return {k: problem.get(k) for k in ("type", "title", "status", "detail", "errors")}


def test_an_anonymous_sign_up_with_a_clients_cin_is_refused_and_changes_nothing(
    env: ServiceEnv,
) -> None:
    mobile = offer(env)
    client = existing_client(env, mobile)
    lines_before = env.get("customer", "/api/v1/subscribers", client_id=client["client_id"])
    attempts = [
        # another name and phone, the CIN typed in lower case with spaces
        {
            "offer_id": mobile,
            "new_client": person(
                " " + client["cin"].lower() + " ", first_name="Eve", phone="0600000000"
            ),
        },
        # the client's own details: still refused, nothing is added to their account
        {"offer_id": mobile, "new_client": person(client["cin"])},
        # trying to reach their line: a plan change on it
        {
            "offer_id": offer(env),
            "new_client": person(client["cin"], last_name="Other"),
            "subscriber_id": client["subscriber_id"],
            "intent": "plan_change",
        },
        {"offer_id": mobile, "new_client": person(client["cin"]), "intent": "new_line"},
    ]
    before = row_counts(env)
    answers = [sign_up(env, body, address()) for body in attempts]
    for r in answers:
        assert r.status_code == 409, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["detail"] == "already a client: look yourself up first"
    # one answer whatever else was sent: no status, no name, no order id
    assert len({str(stable(r.json())) for r in answers}) == 1
    assert "order_id" not in answers[0].json()
    assert row_counts(env) == before  # no order, no event, no client, no line
    lines_after = env.get("customer", "/api/v1/subscribers", client_id=client["client_id"])
    assert lines_after["items"] == lines_before["items"]
    # a new CIN still signs up
    fresh = sign_up(env, {"offer_id": mobile, "new_client": person()}, address())
    assert fresh.status_code == 201 and fresh.json()["outcome"] == "new_client"


def test_sign_ups_and_lookups_share_the_per_cin_limit(env: ServiceEnv) -> None:
    mobile = offer(env)
    client = existing_client(env, mobile)
    # five refused sign-ups for a client's CIN (from five addresses) use up its lookups
    for _ in range(5):
        assert (
            sign_up(
                env, {"offer_id": mobile, "new_client": person(client["cin"])}, address()
            ).status_code
            == 409
        )
    limited = look_up(env, client["cin"], address())
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    refused = sign_up(env, {"offer_id": mobile, "new_client": person(client["cin"])}, address())
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    # and the other way round: lookups of a new CIN stop its sign-up, which creates nothing
    cin = f"N{random.randint(100000, 999999)}"
    for _ in range(5):
        assert look_up(env, cin, address()).status_code == 201
    before = row_counts(env)
    blocked = sign_up(env, {"offer_id": mobile, "new_client": person(cin)}, address())
    assert blocked.status_code == 429, blocked.text
    assert blocked.headers["content-type"].startswith("application/problem+json")
    assert row_counts(env) == before
    assert env.get("customer", "/api/v1/clients", cin=cin)["items"] == []


def test_the_order_route_is_limited_per_address(env: ServiceEnv) -> None:
    mobile = offer(env)
    here = address()
    codes = [
        sign_up(env, {"offer_id": mobile, "new_client": person(first_name="")}, here).status_code
        for _ in range(30)
    ]
    assert set(codes) == {422}
    r = sign_up(env, {"offer_id": mobile, "new_client": person()}, here)
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


def test_tokens_are_opaque_and_alike_for_known_and_unknown_cins(env: ServiceEnv) -> None:
    client = existing_client(env, offer(env))
    known = look_up(env, client["cin"], address())
    unknown = look_up(env, f"QQ{random.randint(100000, 999999)}", address())
    assert known.status_code == unknown.status_code == 201
    k, u = known.json(), unknown.json()
    assert set(k) == set(u) == {"token", "expires_in", "client"}
    assert k["expires_in"] == u["expires_in"] == 900
    for token in (k["token"], u["token"]):
        assert TOKEN_SHAPE.match(token), token  # random bytes: no claims, no client id
        assert "." not in token and client["client_id"] not in token
    assert re.match(r"^[A-Z]\. [A-Z]\*\*\*$", u["client"]["masked_name"])
    assert k["client"]["masked_name"] == "K. B***"
    # the table keeps only a hash of the token
    with psycopg.connect(env.settings.database_url) as conn:
        stored = [
            row[0] for row in conn.execute("SELECT token_hash FROM contracts.self_service_sessions")
        ]
    assert k["token"] not in stored and u["token"] not in stored
    mine = httpx.get(
        env.url("contracts", "/api/v1/self-service/contracts"),
        headers={"Authorization": f"Bearer {k['token']}"},
    ).json()["items"]
    assert [c["subscriber_id"] for c in mine] == [client["subscriber_id"]]
    nobody = httpx.get(
        env.url("contracts", "/api/v1/self-service/contracts"),
        headers={"Authorization": f"Bearer {u['token']}"},
    ).json()["items"]
    assert nobody == []


def test_made_up_operator_and_expired_tokens_are_refused(env: ServiceEnv) -> None:
    client = existing_client(env, offer(env))
    token = look_up(env, client["cin"], address()).json()["token"]
    url = env.url("contracts", "/api/v1/self-service/invoices")
    made_up = "mtfss_" + "A" * 43
    for bad in (
        made_up,
        token[:-1] + ("B" if token[-1] != "B" else "C"),
        env.headers["Authorization"].split()[1],
    ):
        r = httpx.get(url, headers={"Authorization": f"Bearer {bad}"})
        assert r.status_code == 401 and r.headers["content-type"].startswith(
            "application/problem+json"
        )
    # a session past its lifetime opens nothing
    with psycopg.connect(env.settings.database_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE contracts.self_service_sessions SET expires_at = now() - interval '1 second' "
            "WHERE token_hash = encode(sha256(%s::bytea), 'hex')",
            (token.encode(),),
        )
    expired = httpx.get(url, headers={"Authorization": f"Bearer {token}"})
    assert expired.status_code == 401
    # the session token is no operator token either
    assert (
        httpx.get(
            env.url("contracts", "/api/v1/contracts"),
            headers={"Authorization": f"Bearer {made_up}"},
        ).status_code
        == 401
    )


def test_two_addresses_of_one_ipv6_64_share_a_limit(env: ServiceEnv) -> None:
    first = {CLIENT_ADDRESS_HEADER: "2001:db8:77:1::1"}
    for _ in range(30):
        assert look_up(env, f"V{random.randint(100000, 999999)}", first).status_code == 201
    same_64 = {CLIENT_ADDRESS_HEADER: "2001:db8:77:1:ffff:ab:cd:9"}
    limited = look_up(env, f"V{random.randint(100000, 999999)}", same_64)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    next_64 = {CLIENT_ADDRESS_HEADER: "2001:db8:77:2::1"}
    assert look_up(env, f"V{random.randint(100000, 999999)}", next_64).status_code == 201


def test_a_spoofed_forwarded_for_does_not_reset_the_limit(env: ServiceEnv) -> None:
    here = address()
    for i in range(30):
        spoofed = {**here, "X-Forwarded-For": f"203.0.113.{i + 1}"}
        assert look_up(env, f"X{random.randint(100000, 999999)}", spoofed).status_code == 201
    again = look_up(
        env, f"X{random.randint(100000, 999999)}", {**here, "X-Forwarded-For": "10.9.9.9"}
    )
    assert again.status_code == 429


def test_odd_cins_in_a_sign_up_are_4xx_and_the_counters_hold_no_cin(env: ServiceEnv) -> None:
    mobile = offer(env)
    for cin in ("K1\u00002345", "\ud800", "K" + "9" * 500, "\u202eK123456"):
        person_json = '{"first_name": "A", "last_name": "B", "phone": "0522334455", "cin": '
        body = f'{{"offer_id": "{mobile}", "new_client": {person_json}{json.dumps(cin)}}}}}'

        r = httpx.post(
            env.url("contracts", "/api/v1/self-service/orders"),
            content=body,
            headers={
                "content-type": "application/json",
                "Idempotency-Key": str(uuid.uuid4()),
                **address(),
            },
            timeout=30,
        )
        assert 400 <= r.status_code < 500, (cin[:10], r.status_code, r.text)
    client = existing_client(env, mobile)
    assert look_up(env, client["cin"], address()).status_code == 201
    with psycopg.connect(env.settings.database_url) as conn:
        keys = [row[0] for row in conn.execute("SELECT key FROM contracts.rate_limit_hits")]
    assert keys and not any(client["cin"] in k for k in keys)
