"""Service-to-service tokens (issue 11, point 8): each service signs its calls with its own
key, for one target service, carrying only what the call needs; the gateway cannot act as
billing, and no service can ask another for more than `GRANTS` lets it."""

from __future__ import annotations

import dataclasses
import secrets
import time
import uuid
from collections.abc import Iterator

import httpx
import jwt
import pytest

from mtf.kernel.auth import ALL_PERMISSIONS, ISSUER, issue_access_token, issue_service_token
from mtf.kernel.service_keys import ServiceKeys
from mtf.kernel.settings import Settings
from tests.integration.services import running_services


@dataclasses.dataclass
class Env:
    settings: Settings

    def url(self, service: str, path: str) -> str:
        return self.settings.service_urls[service] + path

    def token(
        self,
        caller: str,
        target: str,
        permissions: tuple[str, ...] = (),
        keys: ServiceKeys | None = None,
    ) -> dict[str, str]:
        signed = issue_service_token(
            keys or self.settings.service_keys,
            caller=caller,
            target=target,
            permissions=permissions,
        )
        return {"Authorization": f"Bearer {signed}"}

    def operator(self) -> dict[str, str]:
        token = issue_access_token(
            self.settings.jwt_secret,
            subject=str(uuid.uuid4()),
            username="admin",
            permissions=list(ALL_PERMISSIONS),
            ttl_seconds=300,
        )
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def env(migrated_settings: Settings) -> Iterator[Env]:
    with running_services(migrated_settings, ("customer", "contracts", "billing")) as settings:
        yield Env(settings)


@pytest.fixture(scope="module")
def client_id(env: Env) -> str:
    digits = f"{secrets.randbelow(10**6):06d}"
    body = {
        "first_name": "Salma",
        "last_name": "Bennani",
        "cin": f"ST{digits}",
        "birth_date": "1990-04-12",
        "phone": f"+2126{secrets.randbelow(10**8):08d}",
        "email": f"salma.{digits}@example.ma",
        "address": "12 rue Tarik, Rabat",
    }
    r = httpx.post(env.url("customer", "/api/v1/clients"), json=body, headers=env.operator())
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def events(env: Env, service: str, headers: dict[str, str]) -> httpx.Response:
    return httpx.get(env.url(service, "/internal/events"), params={"after": 0}, headers=headers)


def test_a_granted_caller_follows_a_feed_with_its_own_key(env: Env, client_id: str) -> None:
    answer = events(env, "customer", env.token("billing", "customer", ("internal:events",)))
    assert answer.status_code == 200
    assert any(e["aggregate_id"] == client_id for e in answer.json()["items"])


def test_the_gateway_cannot_follow_billing_or_sign_as_billing(env: Env) -> None:
    # its own key, its own name: billing does not let the gateway call it at all
    own = events(env, "billing", env.token("gateway", "billing", ("internal:events",)))
    assert own.status_code == 403
    assert "gateway service may not call the billing" in own.json()["detail"]
    # a token that names billing but is signed with the only key the gateway holds
    gateway_only = env.settings.service_keys.only(("gateway",))
    forged_keys = ServiceKeys({"billing": gateway_only.signer("gateway")}, gateway_only.public)
    forged = env.token("billing", "customer", ("internal:events", "pii:read"), keys=forged_keys)
    assert events(env, "customer", forged).status_code == 401
    client = httpx.get(env.url("customer", "/api/v1/clients"), headers=forged)
    assert client.status_code == 401


def test_a_token_for_one_service_does_not_open_another(env: Env) -> None:
    for_customer = env.token("billing", "customer", ("internal:events",))
    replayed = events(env, "contracts", for_customer)
    assert replayed.status_code == 401
    assert "not meant for the contracts service" in replayed.json()["detail"]


def test_a_call_carries_only_what_it_asked_for(env: Env, client_id: str) -> None:
    # billing may ask customer for personal data; a token that does not carry it sees the
    # client masked, one that does sees it in clear
    plain = httpx.get(
        env.url("customer", f"/api/v1/clients/{client_id}"),
        headers=env.token("billing", "customer"),
    )
    assert plain.status_code == 200 and plain.json()["personal_data"] == "masked"
    assert "Bennani" not in plain.text
    clear = httpx.get(
        env.url("customer", f"/api/v1/clients/{client_id}"),
        headers=env.token("billing", "customer", ("pii:read",)),
    )
    assert clear.status_code == 200 and clear.json()["last_name"] == "Bennani"
    # a feed token opens the feed, not the internal client routes
    lookup = httpx.post(
        env.url("customer", "/internal/clients/lookup"),
        json={"ids": [client_id]},
        headers=env.token("billing", "customer", ("internal:events",)),
    )
    assert lookup.status_code == 403
    assert "internal:clients:lookup" in lookup.json()["detail"]
    # and names in clear by lookup need pii:read as well
    no_pii = httpx.post(
        env.url("customer", "/internal/clients/lookup"),
        json={"ids": [client_id]},
        headers=env.token("billing", "customer", ("internal:clients:lookup",)),
    )
    assert no_pii.status_code == 403
    both = httpx.post(
        env.url("customer", "/internal/clients/lookup"),
        json={"ids": [client_id]},
        headers=env.token("billing", "customer", ("internal:clients:lookup", "pii:read")),
    )
    assert both.status_code == 200 and client_id in both.json()["clients"]


def test_no_service_can_ask_for_more_than_its_grant(env: Env, client_id: str) -> None:
    # billing is not the checkout: it may not provision lines, nor erase a client
    line = httpx.put(
        env.url("customer", f"/internal/subscribers/{uuid.uuid4()}"),
        json={"client_id": client_id, "service": "mobile"},
        headers=env.token("billing", "customer", ("internal:clients",)),
    )
    assert line.status_code == 403
    assert "may not ask the customer service for: internal:clients" in line.json()["detail"]
    erase = httpx.delete(
        env.url("customer", f"/api/v1/clients/{client_id}"),
        headers=env.token("billing", "customer", ("clients:erase",)),
    )
    assert erase.status_code == 403
    still = httpx.get(env.url("customer", f"/api/v1/clients/{client_id}"), headers=env.operator())
    assert still.json()["personal_data"] == "visible"
    # operator permissions nobody grants to a service
    admin = httpx.get(
        env.url("customer", "/api/v1/clients"),
        headers=env.token("contracts", "customer", ("operators:admin",)),
    )
    assert admin.status_code == 403


def test_an_expired_or_unsigned_service_token_is_refused(env: Env) -> None:
    now = int(time.time())
    key = env.settings.service_keys.signer("billing")
    claims = {
        "iss": ISSUER,
        "aud": "mtf-service:customer",
        "sub": "service:billing",
        "name": "billing",
        "kind": "service",
        "perms": ["internal:events"],
        "iat": now - 600,
        "exp": now - 300,
    }
    expired = jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": "billing"})
    answer = events(env, "customer", {"Authorization": f"Bearer {expired}"})
    assert answer.status_code == 401 and "expired" in answer.json()["detail"]
    unsigned = jwt.encode(
        {**claims, "exp": now + 60}, None, algorithm="none", headers={"kid": "billing"}
    )
    assert events(env, "customer", {"Authorization": f"Bearer {unsigned}"}).status_code == 401
    # the public key used as an HMAC secret (algorithm confusion)
    public = env.settings.service_keys.public["billing"].public_bytes_raw()
    confused = jwt.encode(
        {**claims, "exp": now + 60}, public, algorithm="HS256", headers={"kid": "billing"}
    )
    assert events(env, "customer", {"Authorization": f"Bearer {confused}"}).status_code == 401


def test_a_feeds_head_answers_only_a_granted_service_and_matches_its_pages(
    env: Env, client_id: str
) -> None:
    """`/internal/events/head` (answered before the framework, asked before each read's
    catch-up) holds the feed's tokens to the same rules: refused without a service token, to
    an operator, to a service not granted the feed or with a token for another service."""
    url = env.url("customer", "/internal/events/head")
    granted = env.token("billing", "customer", ("internal:events",))
    head = httpx.get(url, headers=granted)
    assert head.status_code == 200
    assert head.json()["max_position"] == events(env, "customer", granted).json()["max_position"]
    assert head.json()["max_position"] >= 1  # the client registered above
    refused = {
        "no token": ({}, 401),
        "an operator's token": (env.operator(), 401),
        "another service's token": (env.token("billing", "contracts", ("internal:events",)), 401),
        "a service not granted": (env.token("gateway", "customer", ("internal:events",)), 403),
    }
    for why, (headers, status) in refused.items():
        answer = httpx.get(url, headers=headers)
        assert answer.status_code == status, why
        assert answer.headers["content-type"].startswith("application/problem+json"), why
