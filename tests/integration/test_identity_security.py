"""Identity as an attacker tries it: sign-in throttled per address (IPv6 per /64) and per
username with 429 + Retry-After, a cap on concurrent hashing (429 + Retry-After), and every
identity command's actor in the audit history."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from litestar.testing import AsyncTestClient

from mtf.gateway.application.routing import owner_of
from mtf.identity.adapters.passwords import Argon2PasswordHasher
from mtf.identity.adapters.postgres.read_model import SqlOperatorRepository
from mtf.kernel.auth import issue_access_token
from mtf.kernel.db import make_engine
from mtf.kernel.peers import CLIENT_ADDRESS_HEADER
from mtf.kernel.settings import Settings
from tests.conftest import Databases, make_settings
from tests.integration.services import running_services

PARTNER_HOST = "localhost"  # allowed although not public (webhook targets must resolve)


@pytest.fixture(scope="module")
def settings(databases: Databases) -> Settings:
    from mtf.platform.migrate import migrate_all
    from mtf.platform.seed import seed_admin

    settings = make_settings(databases.create("mtf_idsec"))
    settings = replace(settings, webhook_allowed_hosts=PARTNER_HOST)
    migrate_all(settings)
    seed_admin(settings)
    return settings


@pytest.fixture(scope="module")
def identity(settings: Settings) -> Iterator[str]:
    with running_services(settings, ("identity",)) as running:
        yield running.service_urls["identity"]


def operator(settings: Settings, password: str = "right-password-123") -> str:
    name = f"op{uuid.uuid4().hex[:8]}"
    engine = make_engine(settings.database_url_for("identity"), "identity", pool_size=1)
    try:
        SqlOperatorRepository(engine).add_operator(
            name, Argon2PasswordHasher().hash(password), "administrator", "system:test"
        )
    finally:
        engine.dispose()
    return name


def v4() -> str:
    return f"203.0.{random.randint(0, 255)}.{random.randint(1, 254)}"


def sign_in(base: str, username: str, password: str, address: str) -> httpx.Response:
    return httpx.post(
        f"{base}/api/v1/auth/token",
        json={"username": username, "password": password},
        headers={CLIENT_ADDRESS_HEADER: address},
        timeout=30,
    )


def test_the_sixth_wrong_password_for_a_username_is_429_with_retry_after(
    identity: str, settings: Settings
) -> None:
    name = operator(settings)
    # from five different addresses: the username's own limit
    codes = [sign_in(identity, name, "wrong", v4()).status_code for _ in range(5)]
    assert codes == [401] * 5
    limited = sign_in(identity, name, "wrong", v4())
    assert limited.status_code == 429, limited.text
    assert int(limited.headers["retry-after"]) > 0
    assert limited.headers["content-type"].startswith("application/problem+json")
    # even the right password waits: guessing cannot go on
    assert sign_in(identity, name, "right-password-123", v4()).status_code == 429
    # an unknown username is limited the same way (no telling it apart)
    ghost = f"ghost{uuid.uuid4().hex[:6]}"
    ghost_codes = [sign_in(identity, ghost, "wrong", v4()).status_code for _ in range(6)]
    assert ghost_codes == [401] * 5 + [429]


def test_a_correct_password_forgets_the_usernames_failures(
    identity: str, settings: Settings
) -> None:
    name = operator(settings)
    for _ in range(4):
        assert sign_in(identity, name, "wrong", v4()).status_code == 401
    assert sign_in(identity, name, "right-password-123", v4()).status_code == 200
    for _ in range(4):
        assert sign_in(identity, name, "wrong", v4()).status_code == 401


def test_one_address_is_limited_and_two_addresses_of_one_ipv6_64_share_it(
    identity: str, settings: Settings
) -> None:
    block = f"2001:db8:{random.randint(1, 0xFFFF):x}:{random.randint(1, 0xFFFF):x}"
    for i in range(20):
        r = sign_in(identity, f"nobody{uuid.uuid4().hex[:6]}", "guess", f"{block}::{i + 1:x}")
        assert r.status_code == 401
    other_in_64 = f"{block}:ffff:1:2:3"
    limited = sign_in(identity, f"nobody{uuid.uuid4().hex[:6]}", "guess", other_in_64)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    # a spoofed X-Forwarded-For does not change the address the limit counts
    spoofed = httpx.post(
        f"{identity}/api/v1/auth/token",
        json={"username": "x", "password": "y"},
        headers={CLIENT_ADDRESS_HEADER: other_in_64, "X-Forwarded-For": "198.51.100.7"},
    )
    assert spoofed.status_code == 429
    # another address still signs in
    name = operator(settings)
    assert sign_in(identity, name, "right-password-123", v4()).status_code == 200


async def test_beyond_the_hashing_cap_sign_in_is_429_with_retry_after(settings: Settings) -> None:
    from mtf.identity.app import create_app

    app = create_app(settings)
    hasher: Argon2PasswordHasher = app.state.password_hasher
    held = 0
    while hasher.slots.acquire(blocking=False):
        held += 1
    try:
        async with AsyncTestClient(app=app) as client:
            r = await client.post(
                "/api/v1/auth/token",
                json={"username": "admin", "password": settings.admin_password},
                headers={CLIENT_ADDRESS_HEADER: v4()},
            )
    finally:
        for _ in range(held):
            hasher.slots.release()
    assert held >= 1
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert r.headers["content-type"].startswith("application/problem+json")


def headers(settings: Settings, username: str) -> dict[str, str]:
    token = issue_access_token(
        settings.jwt_secret,
        subject=str(uuid.uuid4()),
        username=username,
        permissions=["api-keys:admin", "webhooks:admin", "audit:read"],
        ttl_seconds=600,
    )
    return {"Authorization": f"Bearer {token}"}


def history(base: str, settings: Settings, kind: str, subject: str) -> list[dict[str, Any]]:
    r = httpx.get(
        f"{base}/api/v1/audit/{kind}/{subject}/events", headers=headers(settings, "auditor")
    )
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def test_revoking_a_key_records_who_did_it(identity: str, settings: Settings) -> None:
    created = httpx.post(
        f"{identity}/api/v1/api-keys",
        json={"name": "Partner A", "scopes": ["read"]},
        headers=headers(settings, "alice"),
    )
    assert created.status_code == 201, created.text
    key_id = created.json()["id"]
    revoked = httpx.post(
        f"{identity}/api/v1/api-keys/{key_id}/revoke", headers=headers(settings, "bob")
    )
    assert revoked.status_code == 200, revoked.text
    events = history(identity, settings, "api-key", key_id)
    assert [(e["event_type"], e["actor"]) for e in events] == [
        ("ApiKeyCreated", "operator:alice"),
        ("ApiKeyRevoked", "operator:bob"),
    ]
    assert created.json()["key"] not in str(events)  # the secret is never in the history
    # revoking again changes nothing and records nothing
    again = httpx.post(
        f"{identity}/api/v1/api-keys/{key_id}/revoke", headers=headers(settings, "carol")
    )
    assert again.status_code == 404
    assert len(history(identity, settings, "api-key", key_id)) == 2


def test_subscribing_and_replaying_record_who_did_it(identity: str, settings: Settings) -> None:
    created = httpx.post(
        f"{identity}/api/v1/webhooks/subscriptions",
        json={
            "name": "Partner hooks",
            "url": f"https://{PARTNER_HOST}/mtf",
            "event_types": ["invoice.issued"],
        },
        headers=headers(settings, "alice"),
    )
    assert created.status_code == 201, created.text
    sub_id = created.json()["id"]
    replay = httpx.post(
        f"{identity}/api/v1/webhooks/subscriptions/{sub_id}/replay",
        json={"from_sequence": 1},
        headers=headers(settings, "bob"),
    )
    assert replay.status_code == 200, replay.text
    events = history(identity, settings, "webhook-subscription", sub_id)
    assert [(e["event_type"], e["actor"]) for e in events] == [
        ("WebhookSubscriptionCreated", "operator:alice"),
        ("WebhookReplayRequested", "operator:bob"),
    ]
    assert events[1]["payload"] == {"from_sequence": 1, "requeued": 0}
    assert created.json()["secret"] not in str(events)
    # a refused replay records nothing
    bad = httpx.post(
        f"{identity}/api/v1/webhooks/subscriptions/{sub_id}/replay",
        json={"from_sequence": 0},
        headers=headers(settings, "mallory"),
    )
    assert bad.status_code == 422
    assert len(history(identity, settings, "webhook-subscription", sub_id)) == 2


def test_the_seeded_admin_and_unknown_subjects_in_the_history(
    identity: str, settings: Settings
) -> None:
    engine = make_engine(settings.database_url_for("identity"), "identity", pool_size=1)
    try:
        admin = SqlOperatorRepository(engine).by_username("admin")
    finally:
        engine.dispose()
    assert admin is not None
    events = history(identity, settings, "operator", str(admin.id))
    assert (events[0]["event_type"], events[0]["actor"]) == ("OperatorCreated", "system:seed")
    missing = httpx.get(
        f"{identity}/api/v1/audit/api-key/{uuid.uuid4()}/events",
        headers=headers(settings, "auditor"),
    )
    assert missing.status_code == 404
    # without audit:read the history is closed
    token = issue_access_token(
        settings.jwt_secret, subject="x", username="eve", permissions=[], ttl_seconds=60
    )
    closed = httpx.get(
        f"{identity}/api/v1/audit/operator/{admin.id}/events",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert closed.status_code == 403
    # the gateway sends identity's history to identity
    assert owner_of("/audit/api-key/x/events") == "identity"
    assert owner_of("/audit/webhook-subscription/x/events") == "identity"


def test_odd_credentials_are_422_problems_and_never_hashed_or_5xx(identity: str) -> None:
    here = v4()
    for body in (
        '{"username": "ad\\u0000min", "password": "x"}',
        '{"username": "admin", "password": "\\ud800"}',
        '{"username": "' + "a" * 65 + '", "password": "x"}',
        '{"username": "admin", "password": "' + "p" * 1025 + '"}',
        '{"username": "\\u202eadmin", "password": "x"}',
    ):
        r = httpx.post(
            f"{identity}/api/v1/auth/token",
            content=body,
            headers={"content-type": "application/json", CLIENT_ADDRESS_HEADER: here},
        )
        assert 400 <= r.status_code < 500, (body[:40], r.status_code, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")


def test_two_identity_processes_count_the_same_failures(settings: Settings) -> None:
    """Two throttles on two pools (as two processes have) share one count."""
    from mtf.identity.adapters.postgres.sign_in_limits import SqlSignInThrottle

    engines = [
        make_engine(settings.database_url_for("identity"), "identity", pool_size=1)
        for _ in range(2)
    ]
    try:
        first, second = (SqlSignInThrottle(e) for e in engines)
        name = f"shared{uuid.uuid4().hex[:6]}"
        for i in range(5):
            (first if i % 2 else second).failed(v4(), name)
        assert first.wait(v4(), name) > 0 and second.wait(v4(), name) > 0
        first.succeeded(name)
        assert second.wait(v4(), name) == 0
    finally:
        for engine in engines:
            engine.dispose()
