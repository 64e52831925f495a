"""Least privilege on client personal data (issue 11, point 8): without `pii:read` a client
is masked and cannot be searched for by name or CIN; erasure needs `clients:erase`, which
no partner scope grants."""

from __future__ import annotations

import dataclasses
import random
import secrets
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mtf.identity.domain.partners import SCOPE_PERMISSIONS, permissions_for
from mtf.kernel.auth import ALL_PERMISSIONS, issue_access_token, issue_api_key_token
from mtf.kernel.settings import Settings
from tests.integration.services import running_services

WRITER = ["clients:write", "audit:read"]


@dataclasses.dataclass
class Env:
    settings: Settings

    def url(self, path: str) -> str:
        return self.settings.service_urls["customer"] + path

    def as_(self, permissions: list[str], *, partner: bool = False) -> dict[str, str]:
        if partner:
            token = issue_api_key_token(
                self.settings.jwt_secret,
                key_id=str(uuid.uuid4()),
                name="erp",
                permissions=permissions,
            )
        else:
            token = issue_access_token(
                self.settings.jwt_secret,
                subject=str(uuid.uuid4()),
                username="op",
                permissions=permissions,
                ttl_seconds=300,
            )
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def env(migrated_settings: Settings) -> Iterator[Env]:
    with running_services(
        migrated_settings, ("customer", "contracts", "billing", "collections")
    ) as settings:
        yield Env(settings)


def person() -> dict[str, str]:
    token = secrets.token_hex(3)
    return {
        "first_name": f"Zineb{token}",
        "last_name": f"Alaoui{token}",
        "cin": f"Q{random.randint(100000, 999999)}",
        "phone": f"06{random.randint(10000000, 99999999)}",
        "email": f"z{token}@example.ma",
        "address": f"{token} rue des Orangers",
        "city": "Fès",
    }


def register(env: Env, body: dict[str, str]) -> str:
    created = httpx.post(
        env.url("/api/v1/clients"), json=body, headers=env.as_([*WRITER, "pii:read"])
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def leaks(answer: httpx.Response, body: dict[str, str]) -> list[str]:
    return [
        f
        for f in ("first_name", "last_name", "cin", "phone", "email", "address")
        if body[f] in answer.text
    ]


def test_without_pii_read_a_client_is_masked_in_the_list_and_the_detail(env: Env) -> None:
    body = person()
    client_id = register(env, body)
    reader = env.as_(permissions_for(["read"]), partner=True)
    detail = httpx.get(env.url(f"/api/v1/clients/{client_id}"), headers=reader)
    assert detail.status_code == 200
    shown: dict[str, Any] = detail.json()
    assert shown["personal_data"] == "masked"
    assert leaks(detail, body) == []
    assert shown["first_name"] == body["first_name"][0] + "•••"
    assert shown["cin"].startswith(body["cin"][0]) and shown["cin"].endswith(body["cin"][-2:])
    assert shown["phone"].endswith(body["phone"][-2:])
    assert (shown["email"], shown["address"], shown["city"]) == (None, None, None)
    listed = httpx.get(env.url("/api/v1/clients"), params={"limit": 500}, headers=reader)
    assert listed.status_code == 200
    assert client_id in listed.text and leaks(listed, body) == []


def test_with_pii_read_the_same_client_is_in_clear(env: Env) -> None:
    body = person()
    client_id = register(env, body)
    partner = env.as_(permissions_for(["read", "personal-data"]), partner=True)
    detail = httpx.get(env.url(f"/api/v1/clients/{client_id}"), headers=partner).json()
    assert detail["personal_data"] == "visible"
    assert (detail["first_name"], detail["cin"], detail["email"]) == (
        body["first_name"],
        body["cin"],
        body["email"],
    )


@pytest.mark.parametrize("query", ["q", "cin"])
def test_searching_by_name_or_cin_needs_pii_read(env: Env, query: str) -> None:
    body = person()
    register(env, body)
    value = body["last_name"] if query == "q" else body["cin"]
    refused = httpx.get(env.url("/api/v1/clients"), params={query: value}, headers=env.as_(WRITER))
    assert refused.status_code == 403
    assert "pii:read" in refused.json()["detail"]
    found = httpx.get(
        env.url("/api/v1/clients"), params={query: value}, headers=env.as_(["pii:read"])
    )
    assert found.status_code == 200 and found.json()["total"] == 1


def test_a_provisioning_partner_registers_a_client_but_sees_it_masked_and_cannot_erase(
    env: Env,
) -> None:
    provisioning = env.as_(permissions_for(["provisioning"]), partner=True)
    body = person()
    created = httpx.post(env.url("/api/v1/clients"), json=body, headers=provisioning)
    assert created.status_code == 201, created.text
    assert created.json()["personal_data"] == "masked" and leaks(created, body) == []
    client_id = created.json()["id"]
    refused = httpx.delete(env.url(f"/api/v1/clients/{client_id}"), headers=provisioning)
    assert refused.status_code == 403 and "clients:erase" in refused.json()["detail"]
    writer = httpx.delete(env.url(f"/api/v1/clients/{client_id}"), headers=env.as_(WRITER))
    assert writer.status_code == 403
    still = httpx.get(env.url(f"/api/v1/clients/{client_id}"), headers=env.as_(["pii:read"]))
    assert still.json()["first_name"] == body["first_name"]  # nothing was erased
    erased = httpx.delete(
        env.url(f"/api/v1/clients/{client_id}"), headers=env.as_(["clients:erase"])
    )
    assert erased.status_code == 200, erased.text
    after = httpx.get(env.url(f"/api/v1/clients/{client_id}"), headers=env.as_(["pii:read"]))
    # a client with no history is removed outright; one with history stays, erased
    assert after.status_code == 404 or after.json()["personal_data"] == "erased", after.text
    assert leaks(after, body) == []


def test_no_partner_scope_grants_erasure_or_administration() -> None:
    granted = {p for scope in SCOPE_PERMISSIONS for p in permissions_for([scope])}
    assert "clients:erase" not in granted
    assert not {p for p in granted if p.endswith(":admin")}
    assert "pii:read" not in permissions_for(["read", "billing", "provisioning"])
    assert {"pii:read", "clients:erase"} <= set(ALL_PERMISSIONS)  # the administrator has both
