"""Business clients over real HTTP on a real PostgreSQL (issue 15): registered directly or
by a checkout, found by ICE and company name, unique by ICE (409 naming the field), their
contact person sealed like an individual's and erased on deletion while the company's
identity stays."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest

from mtf.kernel.auth import issue_access_token
from mtf.kernel.settings import Settings
from tests.integration.services import running_services
from tests.integration.test_customers_contracts_http import Env, new_client, offer, order


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


def business(**changes: Any) -> dict[str, Any]:
    return {
        "kind": "business",
        "company_name": f"Atlas Logistique {random.randint(1000, 9999)}",
        "ice": f"{random.randint(0, 10**15 - 1):015d}",
        "tax_id": "12345678",
        "trade_register": "Casablanca 123456",
        "first_name": "Salma",
        "last_name": "Berrada",
        "phone": "0522 33 44 55",
        "email": "salma.berrada@atlas.example.ma",
        **changes,
    }


def clients(env: Env, headers: dict[str, str] | None = None, **params: Any) -> httpx.Response:
    return httpx.get(
        env.url("customer", "/api/v1/clients"), params=params, headers=headers or env.headers
    )


def test_a_checkout_onboards_a_business_found_by_ice_and_company_name(env: Env) -> None:
    company = business()
    placed = order(env, {"offer_id": offer(env), "new_client": company})
    assert placed.status_code == 201, placed.text
    assert placed.json()["outcome"] == "new_client"
    client_id = placed.json()["client_id"]
    shown = httpx.get(env.url("customer", f"/api/v1/clients/{client_id}"), headers=env.headers)
    body = shown.json()
    assert (body["kind"], body["company_name"], body["ice"], body["tax_id"]) == (
        "business",
        company["company_name"],
        company["ice"],
        "12345678",
    )
    assert (body["first_name"], body["phone"], body["cin"]) == ("Salma", "0522334455", None)
    assert len(body["subscribers"]) == 1
    # found by its ICE (filter or search) and by a word of its company name
    assert [c["id"] for c in clients(env, ice=company["ice"]).json()["items"]] == [client_id]
    assert [c["id"] for c in clients(env, q=company["ice"]).json()["items"]] == [client_id]
    word = company["company_name"].split()[-1]
    assert client_id in [c["id"] for c in clients(env, q=f"atlas {word}").json()["items"]]
    assert client_id in [c["id"] for c in clients(env, kind="business").json()["items"]]
    # a second checkout naming the same ICE is for the known business: a new line
    again = order(env, {"offer_id": offer(env), "new_client": company, "intent": "new_line"})
    assert again.status_code == 201, again.text
    assert (again.json()["outcome"], again.json()["client_id"]) == ("new_line", client_id)


def test_without_pii_read_the_company_shows_and_the_contact_is_masked(env: Env) -> None:
    company = business()
    created = httpx.post(
        env.url("customer", "/api/v1/clients"), json=company, headers=env.headers
    ).json()
    token = issue_access_token(
        env.settings.jwt_secret, subject="op-2", username="viewer", permissions=[], ttl_seconds=60
    )
    viewer = {"Authorization": f"Bearer {token}"}
    [seen] = clients(env, viewer, ice=company["ice"]).json()["items"]
    assert seen["id"] == created["id"] and seen["company_name"] == company["company_name"]
    assert seen["personal_data"] == "masked" and seen["first_name"] == "S•••"
    assert seen["email"] is None


def test_a_duplicate_ice_is_409_naming_the_field_and_bad_input_changes_nothing(
    env: Env,
) -> None:
    url = env.url("customer", "/api/v1/clients")
    company = business()
    assert httpx.post(url, json=company, headers=env.headers).status_code == 201
    duplicate = httpx.post(url, json={**company, "company_name": "Autre SA"}, headers=env.headers)
    assert duplicate.status_code == 409
    assert duplicate.json()["type"].endswith("already-exists")
    assert [e["field"] for e in duplicate.json()["errors"]] == ["ice"]
    checkout = order(env, {"offer_id": offer(env), "new_client": {**business(), "ice": "12345"}})
    assert checkout.status_code == 422
    assert [e["field"] for e in checkout.json()["errors"]] == ["new_client.ice"]
    fresh = business()
    bad = httpx.post(
        url, json={**fresh, "trade_register": " ", "last_name": ""}, headers=env.headers
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} >= {"trade_register", "last_name"}
    assert clients(env, ice=fresh["ice"]).json()["total"] == 0
    # an individual names no company; the ICE filter is 15 digits
    individual = httpx.post(url, json={**new_client(), "ice": fresh["ice"]}, headers=env.headers)
    assert individual.status_code == 422 and individual.json()["errors"][0]["field"] == "ice"
    assert clients(env, ice="12").status_code in (400, 422)


def test_a_business_changes_its_name_and_contact_never_its_ice(env: Env) -> None:
    created = httpx.post(
        env.url("customer", "/api/v1/clients"), json=business(), headers=env.headers
    ).json()
    url = env.url("customer", f"/api/v1/clients/{created['id']}")
    changed = httpx.patch(
        url,
        json={"company_name": "Atlas Logistique SA", "phone": "0611223344"},
        headers=env.headers,
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["company_name"], changed.json()["phone"]) == (
        "Atlas Logistique SA",
        "0611223344",
    )
    refused = httpx.patch(url, json={"ice": "009876543000012"}, headers=env.headers)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "ice"
    assert httpx.get(url, headers=env.headers).json()["ice"] == created["ice"]
    person = httpx.post(
        env.url("customer", "/api/v1/clients"), json=new_client(), headers=env.headers
    ).json()
    no_company = httpx.patch(
        env.url("customer", f"/api/v1/clients/{person['id']}"),
        json={"company_name": "Atlas"},
        headers=env.headers,
    )
    assert no_company.status_code == 422
    assert no_company.json()["errors"][0]["field"] == "company_name"


def test_erasing_a_business_forgets_its_contact_and_keeps_the_company(env: Env) -> None:
    company = business(address="12 boulevard d'Anfa")
    placed = order(env, {"offer_id": offer(env), "new_client": company}).json()
    httpx.post(
        env.url("contracts", f"/api/v1/contracts/{placed['contract_id']}/terminate"),
        json={"reason": "left"},
        headers=env.headers,
    ).raise_for_status()
    url = env.url("customer", f"/api/v1/clients/{placed['client_id']}")
    with psycopg.connect(env.settings.database_url) as conn:
        before = " ".join(
            str(row)
            for table in ("customer.clients", "customer.customer_events")
            for row in conn.execute(f"SELECT * FROM {table}").fetchall()
        )
    # the contact person is sealed at rest, like an individual
    for personal in ("Berrada", "0522334455", company["email"], "boulevard d'Anfa"):
        assert personal not in before
    deleted = httpx.delete(url, headers=env.headers)
    assert deleted.json()["outcome"] == "anonymised"
    erased = httpx.get(url, headers=env.headers).json()
    assert erased["erased"] is True and erased["personal_data"] == "erased"
    assert (erased["first_name"], erased["phone"], erased["email"], erased["address"]) == (
        None,
        None,
        None,
        None,
    )
    assert (erased["company_name"], erased["ice"], erased["trade_register"]) == (
        company["company_name"],
        company["ice"],
        "Casablanca 123456",
    )
    with psycopg.connect(env.settings.database_url) as conn:
        keys = conn.execute(
            "SELECT count(*) FROM customer.client_keys WHERE client_id = %s",
            (placed["client_id"],),
        ).fetchone()
    assert keys == (0,)
    # the ICE is free again: the company can come back as a new client
    back = httpx.post(env.url("customer", "/api/v1/clients"), json=company, headers=env.headers)
    assert back.status_code == 201 and back.json()["id"] != placed["client_id"]
