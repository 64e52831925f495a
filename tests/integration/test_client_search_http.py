"""Finding a client by what an operator knows (issue 14): the phone number however it is
typed, a line number, and the names of a list's clients in one request, over real HTTP on a
real PostgreSQL; the phone stays sealed (only a keyed hash is searchable)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest

from mtf.kernel.auth import issue_access_token
from mtf.kernel.settings import Settings
from tests.integration.services import running_services
from tests.integration.test_customers_contracts_http import Env, offer, order


@pytest.fixture(scope="module")
def env(migrated_settings: Settings) -> Iterator[Env]:
    with running_services(
        migrated_settings, ("catalog", "customer", "contracts", "collections")
    ) as settings:
        token = issue_access_token(
            settings.jwt_secret,
            subject="op-1",
            username="admin",
            permissions=[
                "offers:write",
                "clients:write",
                "pii:read",
                "clients:erase",
                "contracts:write",
                "provisioning:write",
            ],
            ttl_seconds=600,
        )
        yield Env(settings, {"Authorization": f"Bearer {token}"})


def clients(env: Env, params: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.get(
        env.url("customer", "/api/v1/clients"), params=params, headers=headers or env.headers
    )


def found(env: Env, q: str) -> list[str]:
    response = clients(env, {"q": q})
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()["items"]]


def onboard(env: Env, phone: str, service: str = "mobile") -> dict[str, Any]:
    placed = order(
        env,
        {
            "offer_id": offer(env, service),
            "new_client": {
                "first_name": "Yasmine",
                "last_name": "Alaoui",
                "cin": f"YA{random.randint(100000, 999999)}",
                "phone": phone,
            },
        },
    )
    assert placed.status_code == 201, placed.text
    client = httpx.get(
        env.url("customer", f"/api/v1/clients/{placed.json()['client_id']}"), headers=env.headers
    ).json()
    return dict(client)


def test_a_client_is_found_by_phone_however_typed_and_by_line_number(env: Env) -> None:
    digits = f"{random.randint(0, 10**8 - 1):08d}"
    client = onboard(env, f"07 {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}")
    other = onboard(env, f"07{random.randint(0, 10**8 - 1):08d}")
    for typed in (f"07{digits}", f"+2127{digits}", f"07.{digits[:4]}.{digits[4:]}"):
        assert found(env, typed) == [client["id"]], typed
    [line] = client["subscribers"]
    assert found(env, line["number"]) == [client["id"]]
    internet = onboard(env, f"07{random.randint(0, 10**8 - 1):08d}", "internet")
    [net] = internet["subscribers"]
    assert found(env, net["number"].lower()) == [internet["id"]]
    assert found(env, net["landline_number"]) == [internet["id"]]
    # the phone is not in the read model in clear: only its keyed hash is searchable
    with psycopg.connect(env.settings.database_url) as conn:
        rows = " ".join(
            str(r)
            for r in conn.execute(
                "SELECT * FROM customer.clients WHERE id = ANY(%s)",
                ([client["id"], other["id"]],),
            ).fetchall()
        )
    assert digits not in rows


def test_the_names_of_a_lists_clients_come_in_one_request(env: Env) -> None:
    a = onboard(env, "0612345678")
    b = onboard(env, "0612345679")
    unknown = str(uuid.uuid4())
    batch = clients(env, [("id", a["id"]), ("id", b["id"]), ("id", unknown)])
    assert batch.status_code == 200, batch.text
    names = {c["id"]: (c["first_name"], c["last_name"]) for c in batch.json()["items"]}
    assert names == {a["id"]: ("Yasmine", "Alaoui"), b["id"]: ("Yasmine", "Alaoui")}
    assert batch.json()["total"] == 2
    too_many = clients(env, [("id", str(uuid.uuid4())) for _ in range(101)])
    assert too_many.status_code == 422
    assert too_many.headers["content-type"].startswith("application/problem+json")
    assert too_many.json()["errors"][0]["field"] == "id"
    not_ids = clients(env, [("id", "not-a-uuid")])
    assert not_ids.status_code in (400, 422), not_ids.text
    assert not_ids.headers["content-type"].startswith("application/problem+json")


def test_an_erased_client_is_no_longer_found_by_phone(env: Env) -> None:
    digits = f"{random.randint(0, 10**8 - 1):08d}"
    client = onboard(env, f"06{digits}")
    assert found(env, f"06{digits}") == [client["id"]]
    [line] = client["subscribers"]
    httpx.post(
        env.url("contracts", f"/api/v1/contracts/{line['contract_id']}/terminate"),
        json={"reason": "left"},
        headers=env.headers,
    ).raise_for_status()
    deleted = httpx.delete(
        env.url("customer", f"/api/v1/clients/{client['id']}"), headers=env.headers
    )
    assert deleted.status_code == 200, deleted.text
    assert found(env, f"06{digits}") == []
