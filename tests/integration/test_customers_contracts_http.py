"""Customer, contracts and catalog as real HTTP services on a real PostgreSQL: checkout,
idempotency, line numbers, deletion policy, personal data at rest, and a checkout killed
half-way then resumed."""

from __future__ import annotations

import dataclasses
import json
import random
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from mtf.contracts.app import Contracts
from mtf.customer.app import Customer
from mtf.kernel.auth import issue_access_token, issue_service_token
from mtf.kernel.db import make_engine
from mtf.kernel.errors import Conflict
from mtf.kernel.settings import Settings
from tests.conftest import ROOT
from tests.dates import today
from tests.integration.services import running_services, settings_json


@dataclasses.dataclass
class Env:
    settings: Settings
    headers: dict[str, str]

    def url(self, service: str, path: str) -> str:
        return self.settings.service_urls[service] + path


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
                "audit:read",
            ],
            ttl_seconds=600,
        )
        yield Env(settings, {"Authorization": f"Bearer {token}"})


def offer(env: Env, service: str = "mobile", code: str | None = None) -> str:
    components = {
        "mobile": {"data": {"quota_gb": 10}},
        "internet": {"fiber": {"speed_mbps": 100}, "landline": {}},
        "landline": {"national": {"unlimited": True}},
    }[service]
    body = {
        "code": code or f"IT-{uuid.uuid4().hex[:8].upper()}",
        "name": "Test",
        "service": service,
        "monthly_fee": "99.00",
        "components": components,
    }
    created = httpx.post(
        env.url("catalog", "/api/v1/offers"), json=body, headers=env.headers
    ).json()
    httpx.post(
        env.url("catalog", f"/api/v1/offers/{created['id']}/publish"), headers=env.headers
    ).raise_for_status()
    return str(created["id"])


def new_client() -> dict[str, str]:
    return {
        "first_name": "Karim",
        "last_name": "Benali",
        "cin": f"K{random.randint(100000, 999999)}",
        "phone": "0522334455",
    }


def order(env: Env, body: dict[str, Any], key: str | None = None) -> httpx.Response:
    return httpx.post(
        env.url("contracts", "/api/v1/provisioning/orders"),
        json=body,
        headers={**env.headers, "Idempotency-Key": key or str(uuid.uuid4())},
        timeout=30,
    )


def wait_for(predicate: Any, timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    return predicate()


def test_a_checkout_over_http_creates_client_line_and_active_contract(env: Env) -> None:
    mobile = offer(env)
    person = new_client()
    response = order(env, {"offer_id": mobile, "new_client": person})
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["outcome"] == "new_client"
    client = httpx.get(
        env.url("customer", f"/api/v1/clients/{result['client_id']}"), headers=env.headers
    ).json()
    assert client["cin"] == person["cin"] and client["status"] == "active"
    [line] = client["subscribers"]
    assert line["id"] == result["subscriber_id"]
    assert line["number"].startswith("06") and len(line["number"]) == 10
    contract = httpx.get(
        env.url("contracts", f"/api/v1/contracts/{result['contract_id']}"), headers=env.headers
    ).json()
    assert (contract["status"], contract["offer_id"], contract["start_date"]) == (
        "active",
        mobile,
        today().isoformat(),
    )
    line_status = wait_for(
        lambda: (
            httpx.get(
                env.url("customer", f"/api/v1/subscribers/{line['id']}"), headers=env.headers
            ).json()["status"]
            == "active"
        )
    )
    assert line_status, "the line follows its contract to active"
    history = httpx.get(
        env.url("contracts", f"/api/v1/audit/order/{result['id']}/events"), headers=env.headers
    ).json()
    assert [e["event_type"] for e in history["items"]] == [
        "Placed",
        "Decided",
        "StepCompleted",
        "StepCompleted",
        "StepCompleted",
        "StepCompleted",
        "Completed",
    ]


def test_idempotency_key_replays_refuses_another_body_and_is_required(env: Env) -> None:
    mobile = offer(env)
    body = {"offer_id": mobile, "new_client": new_client()}
    first = order(env, body, key="same-key-1")
    again = order(env, body, key="same-key-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    other = order(env, {**body, "intent": "new_line"}, key="same-key-1")
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "Idempotency-Key"
    missing = httpx.post(
        env.url("contracts", "/api/v1/provisioning/orders"), json=body, headers=env.headers
    )
    assert missing.status_code == 400
    contracts = httpx.get(
        env.url("contracts", "/api/v1/contracts"),
        params={"client_id": first.json()["client_id"]},
        headers=env.headers,
    ).json()
    assert contracts["total"] == 1


def test_a_request_in_flight_with_the_same_key_gets_409(env: Env) -> None:
    from mtf.contracts.domain.order import order_id_for
    from mtf.kernel.locks import AdvisoryLocks

    locks = AdvisoryLocks(make_engine(env.settings.database_url, "contracts"))
    with locks.hold(order_id_for("access:op-1", "in-flight")) as held:
        assert held
        response = order(env, {"offer_id": offer(env), "new_client": new_client()}, key="in-flight")
    assert response.status_code == 409
    assert "still being processed" in response.json()["detail"]


def test_ambiguous_line_choice_returns_the_candidates(env: Env) -> None:
    mobile, other = offer(env), offer(env)
    first = order(env, {"offer_id": mobile, "new_client": new_client()}).json()
    second = order(
        env, {"offer_id": mobile, "client_id": first["client_id"], "intent": "new_line"}
    ).json()
    ambiguous = order(env, {"offer_id": other, "client_id": first["client_id"]})
    assert ambiguous.status_code == 409
    assert set(ambiguous.json()["candidates"]) == {first["subscriber_id"], second["subscriber_id"]}
    assert {c["number"] for c in ambiguous.json()["candidate_lines"]} != {None}
    preview = httpx.post(
        env.url("contracts", "/api/v1/provisioning/orders/preview"),
        json={
            "offer_id": other,
            "client_id": first["client_id"],
            "subscriber_id": second["subscriber_id"],
            "effective_date": "2099-01-01",
        },
        headers=env.headers,
    )
    assert preview.status_code == 422  # more than a year ahead
    ok = httpx.post(
        env.url("contracts", "/api/v1/provisioning/orders/preview"),
        json={
            "offer_id": other,
            "client_id": first["client_id"],
            "subscriber_id": second["subscriber_id"],
        },
        headers=env.headers,
    )
    assert ok.status_code == 422  # a plan change the same day the line started
    assert ok.json()["errors"][0]["field"] == "effective_date"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {
                "new_client": {
                    "first_name": "A",
                    "last_name": "B",
                    "cin": "123",
                    "phone": "0612345678",
                }
            },
            "new_client.cin",
        ),
        (
            {"new_client": {"first_name": "A", "last_name": "B", "cin": "AB1", "phone": "12"}},
            "new_client.phone",
        ),
        ({"cin": "ZZ999999"}, "cin"),
        ({"client_id": str(uuid.uuid4())}, "client_id"),
    ],
)
def test_bad_checkouts_are_refused_on_their_field_and_store_nothing(
    env: Env, body: dict[str, Any], field: str
) -> None:
    mobile = offer(env)
    before = httpx.get(
        env.url("contracts", "/api/v1/contracts"), params={"limit": 1}, headers=env.headers
    ).json()["total"]
    response = order(env, {"offer_id": mobile, **body})
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]
    after = httpx.get(
        env.url("contracts", "/api/v1/contracts"), params={"limit": 1}, headers=env.headers
    ).json()["total"]
    assert after == before


def test_unpublished_offer_and_suspending_a_terminated_contract_are_refused(env: Env) -> None:
    draft = httpx.post(
        env.url("catalog", "/api/v1/offers"),
        json={
            "code": f"DR-{uuid.uuid4().hex[:6]}",
            "name": "Draft",
            "service": "mobile",
            "monthly_fee": "9.00",
            "components": {"calls": {"hours": 1}},
        },
        headers=env.headers,
    ).json()
    refused = order(env, {"offer_id": draft["id"], "new_client": new_client()})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "offer_id"
    result = order(env, {"offer_id": offer(env), "new_client": new_client()}).json()
    url = env.url("contracts", f"/api/v1/contracts/{result['contract_id']}")
    assert (
        httpx.post(url + "/terminate", json={"reason": "moving"}, headers=env.headers).status_code
        == 200
    )
    suspended = httpx.post(url + "/suspend", json={"reason": "late"}, headers=env.headers)
    assert suspended.status_code == 409
    assert "terminated" in suspended.json()["detail"]


def test_deletion_is_refused_while_a_contract_is_current_then_anonymises(env: Env) -> None:
    person = new_client()
    result = order(env, {"offer_id": offer(env), "new_client": person}).json()
    client_url = env.url("customer", f"/api/v1/clients/{result['client_id']}")
    refused = httpx.delete(client_url, headers=env.headers)
    assert refused.status_code == 409
    assert "active or suspended contract" in refused.json()["detail"]
    assert httpx.get(client_url, headers=env.headers).json()["cin"] == person["cin"]
    httpx.post(
        env.url("contracts", f"/api/v1/contracts/{result['contract_id']}/terminate"),
        json={"reason": "left"},
        headers=env.headers,
    ).raise_for_status()
    deleted = httpx.delete(client_url, headers=env.headers)
    assert deleted.json() == {"id": result["client_id"], "outcome": "anonymised"}
    erased = httpx.get(client_url, headers=env.headers).json()
    assert erased["erased"] is True
    assert (erased["first_name"], erased["cin"], erased["phone"]) == (None, None, None)
    # the CIN is free again and the old events can no longer be read
    with psycopg.connect(env.settings.database_url) as conn:
        keys = conn.execute(
            "SELECT count(*) FROM customer.client_keys WHERE client_id = %s", (result["client_id"],)
        ).fetchone()
    assert keys == (0,)
    again = order(env, {"offer_id": offer(env), "new_client": person})
    assert again.status_code == 201 and again.json()["client_id"] != result["client_id"]


def test_a_client_who_never_had_a_contract_is_removed_entirely(env: Env) -> None:
    created = httpx.post(
        env.url("customer", "/api/v1/clients"), json=new_client(), headers=env.headers
    )
    assert created.status_code == 201
    client_url = env.url("customer", f"/api/v1/clients/{created.json()['id']}")
    assert httpx.delete(client_url, headers=env.headers).json()["outcome"] == "removed"
    assert httpx.get(client_url, headers=env.headers).status_code == 404


def test_personal_data_is_encrypted_at_rest(env: Env) -> None:
    person = {**new_client(), "email": "karim.benali@example.ma", "address": "12 rue des Orangers"}
    created = httpx.post(
        env.url("customer", "/api/v1/clients"), json=person, headers=env.headers
    ).json()
    assert created["email"] == person["email"]
    with psycopg.connect(env.settings.database_url) as conn:
        dump = " ".join(
            str(row)
            for table in ("customer.clients", "customer.customer_events", "customer.cin_registry")
            for row in conn.execute(f"SELECT * FROM {table}").fetchall()
        )
    for secret in (person["cin"], person["phone"], person["email"], person["address"]):
        assert secret not in dump


def test_duplicate_cin_is_refused(env: Env) -> None:
    person = new_client()
    assert (
        httpx.post(
            env.url("customer", "/api/v1/clients"), json=person, headers=env.headers
        ).status_code
        == 201
    )
    again = httpx.post(
        env.url("customer", "/api/v1/clients"),
        json={**person, "cin": person["cin"].lower()},
        headers=env.headers,
    )
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "cin"


def test_two_changes_of_one_client_at_once_one_wins_the_other_gets_409(env: Env) -> None:
    """Two requests that loaded the same client and both append its next version: the
    second is a 409 to retry, never a 500 (the fuzzer's concurrent DELETEs found it)."""
    created = httpx.post(
        env.url("customer", "/api/v1/clients"), json=new_client(), headers=env.headers
    ).json()
    customer = Customer(env.settings, make_engine(env.settings.database_url, "customer"))
    first = customer.store.get(uuid.UUID(created["id"]))
    second = customer.store.get(uuid.UUID(created["id"]))
    first.change_status("suspended", "first request", actor="operator:test")
    second.change_status("closed", "second request", actor="operator:test")
    customer.store.save(first)
    with pytest.raises(Conflict) as refused:
        customer.store.save(second)
    assert refused.value.status == 409 and "retry" in refused.value.detail
    customer.projector.catch_up()  # the views follow what was recorded (the first change)
    shown = httpx.get(
        env.url("customer", f"/api/v1/clients/{created['id']}"), headers=env.headers
    ).json()
    assert shown["status"] == "suspended" and shown["status_reason"] == "first request"
    customer.engine.dispose()


def test_line_numbers_are_unique_under_concurrency(env: Env) -> None:
    client = httpx.post(
        env.url("customer", "/api/v1/clients"), json=new_client(), headers=env.headers
    ).json()
    service_token = issue_service_token(
        env.settings.service_keys,
        caller="contracts",
        target="customer",
        permissions=("internal:clients",),
    )

    def line(_: int) -> str:
        r = httpx.put(
            env.url("customer", f"/internal/subscribers/{uuid.uuid4()}"),
            json={"client_id": client["id"], "service": "internet"},
            headers={"Authorization": f"Bearer {service_token}"},
            timeout=30,
        )
        r.raise_for_status()
        body = r.json()
        return f"{body['number']}/{body['landline_number']}"

    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(line, range(24)))
    assert len(set(numbers)) == 24
    assert len({n.split("/")[1] for n in numbers}) == 24
    assert all(n.startswith("NET") and n.split("/")[1].startswith("05") for n in numbers)
    refused = httpx.put(
        env.url("customer", f"/internal/subscribers/{uuid.uuid4()}"),
        json={"client_id": client["id"], "service": "mobile"},
        headers=env.headers,
    )
    assert refused.status_code == 401  # operators cannot create lines by hand


def test_a_checkout_killed_half_way_is_resumed_and_the_state_is_whole(
    env: Env, tmp_path: Path
) -> None:
    mobile = offer(env)
    person = new_client()
    settings_file = tmp_path / "settings.json"
    settings_file.write_text(settings_json(env.settings))
    request_file = tmp_path / "request.json"
    request_file.write_text(
        json.dumps({"offer_id": mobile, "new_client": person, "key": "killed-1"})
    )
    killed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.integration.checkout_until_killed",
            str(settings_file),
            str(request_file),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert killed.returncode == 137, killed.stderr
    clients = httpx.get(
        env.url("customer", "/api/v1/clients"), params={"cin": person["cin"]}, headers=env.headers
    ).json()["items"]
    assert len(clients) == 1
    client_id = clients[0]["id"]
    contracts_before = httpx.get(
        env.url("contracts", "/api/v1/contracts"),
        params={"client_id": client_id},
        headers=env.headers,
    ).json()
    assert contracts_before["total"] == 0  # the process died between the line and the contract

    # what the worker does every second
    contracts = Contracts(env.settings, make_engine(env.settings.database_url, "contracts"))
    contracts.projector.catch_up()
    assert contracts.checkout().resume_stalled(older_than_seconds=0) >= 1

    client = httpx.get(
        env.url("customer", f"/api/v1/clients/{client_id}"), headers=env.headers
    ).json()
    assert len(client["subscribers"]) == 1
    after = httpx.get(
        env.url("contracts", "/api/v1/contracts"),
        params={"client_id": client_id},
        headers=env.headers,
    ).json()
    [contract] = after["items"]
    assert contract["status"] == "active"
    assert contract["subscriber_id"] == client["subscribers"][0]["id"]


class _Clock:
    def __init__(self, today: date) -> None:
        self._today = today

    def now(self) -> Any:
        from datetime import UTC, datetime

        return datetime(self._today.year, self._today.month, self._today.day, 9, tzinfo=UTC)

    def today(self) -> date:
        return self._today


def test_a_termination_for_a_later_date_is_scheduled_cancellable_and_applied_on_its_date(
    env: Env,
) -> None:
    from datetime import timedelta

    result = order(env, {"offer_id": offer(env), "new_client": new_client()}).json()
    url = env.url("contracts", f"/api/v1/contracts/{result['contract_id']}")
    later = today() + timedelta(days=10)
    scheduled = httpx.post(
        url + "/terminate",
        json={"reason": "end of the month", "effective_date": later.isoformat()},
        headers=env.headers,
    )
    assert scheduled.status_code == 200, scheduled.text
    body = scheduled.json()
    assert body["status"] == "active" and body["end_date"] is None
    assert body["scheduled_change"] == {
        "action": "terminate",
        "effective_date": later.isoformat(),
        "reason": "end of the month",
        "contract_id": None,  # only a scheduled plan change names its new contract
    }
    cancelled = httpx.delete(url + "/scheduled-change", headers=env.headers)
    assert cancelled.status_code == 200 and cancelled.json()["scheduled_change"] is None
    again = httpx.delete(url + "/scheduled-change", headers=env.headers)
    assert again.status_code == 409
    too_far = httpx.post(
        url + "/suspend",
        json={"reason": "x", "effective_date": (today() + timedelta(days=900)).isoformat()},
        headers=env.headers,
    )
    assert too_far.status_code == 422 and too_far.json()["errors"][0]["field"] == "effective_date"
    assert httpx.get(url, headers=env.headers).json()["scheduled_change"] is None  # unchanged
    httpx.post(
        url + "/terminate",
        json={"reason": "end of the month", "effective_date": later.isoformat()},
        headers=env.headers,
    ).raise_for_status()
    contracts = Contracts(env.settings, make_engine(env.settings.database_url, "contracts"))
    commands = contracts.commands()
    assert commands.apply_due_scheduled_changes() == 0  # not yet: today is before its date
    commands.clock = _Clock(later)
    assert commands.apply_due_scheduled_changes() >= 1
    done = httpx.get(url, headers=env.headers).json()
    assert (done["status"], done["end_date"], done["scheduled_change"]) == (
        "terminated",
        later.isoformat(),
        None,
    )
    line = wait_for(
        lambda: (
            httpx.get(
                env.url("customer", f"/api/v1/subscribers/{result['subscriber_id']}"),
                headers=env.headers,
            ).json()["status"]
            == "terminated"
        )
    )
    assert line  # the line follows its contract


def test_self_service_rate_limits_are_shared_by_every_contracts_process(env: Env) -> None:
    """Two processes (two limiters, two pools) count the same CIN's lookups together."""
    from mtf.contracts.adapters.http.self_service import RateLimiter

    engines = [make_engine(env.settings.database_url, "contracts") for _ in range(2)]
    first, second = RateLimiter(3, 60), RateLimiter(3, 60)
    key = f"cin:T{uuid.uuid4().hex[:8]}"
    allowed = [
        first.retry_after(engines[0], key),
        second.retry_after(engines[1], key),
        first.retry_after(engines[0], key),
    ]
    assert allowed == [0, 0, 0]
    assert 1 <= second.retry_after(engines[1], key) <= 61  # the fourth, in either process
    assert first.retry_after(engines[0], key + "-other") == 0
