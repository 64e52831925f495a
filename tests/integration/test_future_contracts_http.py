"""Future-dated contracts and plan changes, cancellation, changes scheduled on a contract and
backdated ends, through the real HTTP services on a real PostgreSQL (issue #10, points 3, 10
and the contracts part of 2). The business date is a ShiftedClock handed to every service
through the settings; "the worker on that date" is its job called after moving the clock."""

from __future__ import annotations

import itertools
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from mtf.contracts.app import Contracts
from mtf.contracts.application.contract_commands import ContractCommands
from mtf.kernel.auth import issue_access_token
from mtf.kernel.clock import ShiftedClock
from mtf.kernel.db import make_engine
from mtf.platform.migrate import migrate_all
from tests.conftest import Databases, make_settings
from tests.integration.services import ServiceEnv, running_services

PERMS = [
    "offers:write",
    "clients:write",
    "contracts:write",
    "provisioning:write",
    "billing:write",
    "audit:read",
]


@dataclass
class Env(ServiceEnv):
    clock: ShiftedClock
    worker: ContractCommands
    reader: dict[str, str]

    def contract(self, contract_id: str) -> dict[str, Any]:
        return dict(self.get("contracts", f"/api/v1/contracts/{contract_id}"))

    def line(self, subscriber_id: str) -> dict[str, Any]:
        return dict(self.get("customer", f"/api/v1/subscribers/{subscriber_id}"))


@pytest.fixture(scope="module")
def env(databases: Databases) -> Iterator[Env]:
    base = make_settings(databases.create("mtf_future"), auto_bill_run=False)
    clock = ShiftedClock(base.timezone)
    settings = replace(base, clock_override=clock)
    migrate_all(settings)
    with running_services(settings, ("catalog", "customer", "contracts", "billing")) as running:
        token = issue_access_token(
            running.jwt_secret, subject="op", username="admin", permissions=PERMS, ttl_seconds=900
        )
        reader = issue_access_token(
            running.jwt_secret, subject="ro", username="reader", permissions=[], ttl_seconds=900
        )
        engine = make_engine(running.database_url, "contracts", pool_size=2)
        worker = Contracts(running, engine).commands()
        yield Env(
            running,
            {"Authorization": f"Bearer {token}"},
            clock,
            worker,
            {"Authorization": f"Bearer {reader}"},
        )
        engine.dispose()


@pytest.fixture(autouse=True)
def real_today(env: Env) -> Iterator[None]:
    env.clock.set_today(env.clock.base.today())
    yield
    env.clock.set_today(env.clock.base.today())


def offer(env: Env, fee: str = "93.00") -> str:
    created = env.post(
        "catalog",
        "/api/v1/offers",
        {
            "code": f"F-{uuid.uuid4().hex[:8]}",
            "name": f"Offre {fee}",
            "service": "mobile",
            "monthly_fee": fee,
            "components": {"data": {"quota_gb": 5}},
        },
    ).json()
    env.post("catalog", f"/api/v1/offers/{created['id']}/publish").raise_for_status()
    return str(created["id"])


def person() -> dict[str, str]:
    return {
        "first_name": "Nadia",
        "last_name": "Alaoui",
        "cin": f"N{random.randint(100000, 999999)}",
        "phone": "0622222222",
    }


def order(env: Env, body: dict[str, Any]) -> httpx.Response:
    return env.post(
        "contracts", "/api/v1/provisioning/orders", body, **{"Idempotency-Key": str(uuid.uuid4())}
    )


def checkout(env: Env, body: dict[str, Any]) -> dict[str, Any]:
    r = order(env, body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def eventually(predicate: Any, timeout: float = 10.0) -> Any:
    """Reads of another service's follower catch up on their own (no timing is asserted)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    return predicate()


def line_status(env: Env, subscriber_id: str, expected: str) -> bool:
    return bool(eventually(lambda: env.line(subscriber_id)["status"] == expected))


def cancel(env: Env, contract_id: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    return httpx.post(
        env.url("contracts", f"/api/v1/contracts/{contract_id}/cancel"),
        json=body,
        headers=headers or env.headers,
        timeout=30,
    )


def events(env: Env, contract_id: str) -> list[dict[str, Any]]:
    return list(env.get("contracts", f"/api/v1/audit/contract/{contract_id}/events")["items"])


def test_a_future_checkout_is_pending_with_its_line_until_the_worker_starts_it(env: Env) -> None:
    today = env.clock.today()
    start = today + timedelta(days=40)
    placed = checkout(
        env, {"offer_id": offer(env), "new_client": person(), "effective_date": start.isoformat()}
    )
    assert (placed["status"], placed["outcome"]) == ("completed", "new_client")
    contract = env.contract(placed["contract_id"])
    assert (contract["status"], contract["start_date"]) == ("pending", start.isoformat())
    assert env.line(placed["subscriber_id"])["status"] == "pending"
    assert env.worker.activate_due_contracts() == 0  # today is before its start
    env.clock.set_today(start - timedelta(days=1))
    assert env.worker.activate_due_contracts() == 0
    assert env.contract(placed["contract_id"])["status"] == "pending"
    env.clock.set_today(start)
    assert env.worker.activate_due_contracts() >= 1
    contract = env.contract(placed["contract_id"])
    assert (contract["status"], contract["start_date"]) == ("active", start.isoformat())
    assert line_status(env, placed["subscriber_id"], "active")
    [activated] = [e for e in events(env, placed["contract_id"]) if e["event_type"] == "Activated"]
    assert activated["payload"]["effective_date"] == start.isoformat()
    assert activated["payload"]["actor"] == "system:scheduler"


def test_the_landing_page_signs_up_for_a_future_date_and_refuses_the_past(env: Env) -> None:
    today = env.clock.today()
    url = env.url("contracts", "/api/v1/self-service/orders")
    mobile = offer(env)

    def sign_up(when: date) -> httpx.Response:
        return httpx.post(
            url,
            json={"offer_id": mobile, "new_client": person(), "effective_date": when.isoformat()},
            headers={"Idempotency-Key": str(uuid.uuid4())},
            timeout=30,
        )

    for refused in (today - timedelta(days=1), today + timedelta(days=400)):
        r = sign_up(refused)
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["field"] == "effective_date"
    r = sign_up(today + timedelta(days=12))
    assert r.status_code == 201, r.text
    placed = r.json()
    assert env.contract(placed["contract_id"])["status"] == "pending"
    assert env.line(placed["subscriber_id"])["status"] == "pending"
    # the same sign-up today is active at once
    now = sign_up(today).json()
    assert env.contract(now["contract_id"])["status"] == "active"


def test_a_pending_contract_is_cancelled_its_line_ends_and_nothing_is_billed(env: Env) -> None:
    today = env.clock.today()
    start = today + timedelta(days=5)
    mobile = offer(env, "62.00")
    placed = checkout(
        env, {"offer_id": mobile, "new_client": person(), "effective_date": start.isoformat()}
    )
    other = checkout(env, {"offer_id": mobile, "new_client": person()})  # billed, as a witness
    cid = placed["contract_id"]
    # bad requests change nothing
    for body, field in (
        ({}, "reason"),
        ({"reason": "  "}, "reason"),
        ({"reason": "x" * 501}, "reason"),
    ):
        r = cancel(env, cid, body)
        assert r.status_code == 422, r.text
        assert field in r.text
    assert cancel(env, cid, {"reason": "no"}, env.reader).status_code == 403
    assert cancel(env, str(uuid.uuid4()), {"reason": "no"}).status_code == 404
    active = cancel(env, other["contract_id"], {"reason": "too late"})
    assert active.status_code == 409, active.text  # started: terminate it instead
    assert env.contract(cid)["status"] == "pending"
    assert env.contract(other["contract_id"])["status"] == "active"
    done = cancel(env, cid, {"reason": "changed their mind"})
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["status_reason"]) == (
        "cancelled",
        "changed their mind",
    )
    assert cancel(env, cid, {"reason": "again"}).status_code == 409
    [cancelled] = [e for e in events(env, cid) if e["event_type"] == "Cancelled"]
    assert cancelled["payload"]["actor"] == "operator:admin"
    assert line_status(env, placed["subscriber_id"], "terminated")
    listed = env.get("contracts", "/api/v1/contracts", status="cancelled")
    assert cid in [c["id"] for c in listed["items"]]
    # on its date the worker does not start it; the month it would have started bills nothing
    env.clock.set_today(start)
    env.worker.activate_due_contracts()
    assert env.contract(cid)["status"] == "cancelled"
    first_of_next = (start.replace(day=1) + timedelta(days=32)).replace(day=1)
    env.clock.set_today(first_of_next)
    period = f"{start.year:04d}-{start.month:02d}"
    run = env.post("billing", "/api/v1/bill-runs", {"period": period})
    assert run.status_code == 202, run.text
    run_id = run.json()["id"]
    eventually(
        lambda: env.get("billing", f"/api/v1/bill-runs/{run_id}")["status"] == "completed", 60
    )
    billed = env.get("billing", "/api/v1/invoices", client_id=placed["client_id"])
    assert billed["total"] == 0
    witness = env.get("billing", "/api/v1/invoices", client_id=other["client_id"])
    assert witness["total"] == 1  # the run did bill what was active


def test_a_future_plan_change_is_scheduled_on_the_current_contract_then_supersedes_it(
    env: Env,
) -> None:
    today = env.clock.today()
    cheap, dear, third = offer(env, "50.00"), offer(env, "80.00"), offer(env, "120.00")
    first = checkout(
        env,
        {
            "offer_id": cheap,
            "new_client": person(),
            "effective_date": (today - timedelta(days=30)).isoformat(),
        },
    )
    start = today + timedelta(days=20)
    change = checkout(
        env,
        {"offer_id": dear, "client_id": first["client_id"], "effective_date": start.isoformat()},
    )
    assert (change["status"], change["outcome"]) == ("completed", "plan_change")
    assert change["subscriber_id"] == first["subscriber_id"]
    old = env.contract(first["contract_id"])
    assert (old["status"], old["end_date"]) == ("active", None)
    assert old["scheduled_change"] == {
        "action": "plan_change",
        "effective_date": start.isoformat(),
        "reason": old["scheduled_change"]["reason"],
        "contract_id": change["contract_id"],
    }
    assert env.contract(change["contract_id"])["status"] == "pending"
    assert env.line(first["subscriber_id"])["contract_id"] == first["contract_id"]
    # while it is scheduled, nothing else may be scheduled or changed on the line (point 10)
    url = env.url("contracts", f"/api/v1/contracts/{first['contract_id']}")
    for action, when in (
        ("terminate", today),
        ("terminate", today + timedelta(days=5)),
        ("suspend", today + timedelta(days=5)),
    ):
        r = httpx.post(
            f"{url}/{action}",
            json={"reason": "r", "effective_date": when.isoformat()},
            headers=env.headers,
        )
        assert r.status_code == 409, r.text
        assert "plan change is scheduled" in r.json()["detail"]
    again = order(env, {"offer_id": third, "client_id": first["client_id"]})
    assert again.status_code == 409, again.text
    assert (
        env.contract(first["contract_id"])["scheduled_change"]["contract_id"]
        == change["contract_id"]
    )
    # on its date the worker supersedes the old contract the day before
    env.clock.set_today(start)
    assert env.worker.activate_due_contracts() >= 1
    old, new = env.contract(first["contract_id"]), env.contract(change["contract_id"])
    assert (old["status"], old["end_date"], old["scheduled_change"]) == (
        "superseded",
        (start - timedelta(days=1)).isoformat(),
        None,
    )
    assert (new["status"], new["start_date"]) == ("active", start.isoformat())
    assert eventually(lambda: env.line(first["subscriber_id"])["contract_id"] == new["id"])
    assert env.line(first["subscriber_id"])["status"] == "active"


def test_a_future_plan_change_is_cancelled_from_either_contract(env: Env) -> None:
    today = env.clock.today()
    cheap, dear = offer(env, "50.00"), offer(env, "80.00")
    first = checkout(env, {"offer_id": cheap, "new_client": person()})
    when = (today + timedelta(days=9)).isoformat()
    change = checkout(
        env, {"offer_id": dear, "client_id": first["client_id"], "effective_date": when}
    )
    r = cancel(env, change["contract_id"], {"reason": "keeps the old plan"})
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    current = env.contract(first["contract_id"])
    assert (current["status"], current["scheduled_change"]) == ("active", None)
    assert env.line(first["subscriber_id"])["status"] == "active"  # the line keeps its plan
    # scheduled again, then cancelled from the current contract's scheduled change
    change = checkout(
        env, {"offer_id": dear, "client_id": first["client_id"], "effective_date": when}
    )
    r = httpx.delete(
        env.url("contracts", f"/api/v1/contracts/{first['contract_id']}/scheduled-change"),
        headers=env.headers,
    )
    assert r.status_code == 200 and r.json()["scheduled_change"] is None
    assert env.contract(change["contract_id"])["status"] == "cancelled"
    env.clock.set_today(today + timedelta(days=9))
    env.worker.activate_due_contracts()
    assert env.contract(first["contract_id"])["status"] == "active"
    assert env.line(first["subscriber_id"])["contract_id"] == first["contract_id"]


@pytest.mark.parametrize("action", ["terminate", "suspend"])
def test_a_plan_change_on_a_contract_with_a_scheduled_change_is_refused(
    env: Env, action: str
) -> None:
    today = env.clock.today()
    cheap, dear = offer(env, "50.00"), offer(env, "80.00")
    first = checkout(
        env,
        {
            "offer_id": cheap,
            "new_client": person(),
            "effective_date": (today - timedelta(days=20)).isoformat(),
        },
    )
    url = env.url("contracts", f"/api/v1/contracts/{first['contract_id']}")
    later = (today + timedelta(days=15)).isoformat()
    httpx.post(
        f"{url}/{action}", json={"reason": "moving", "effective_date": later}, headers=env.headers
    ).raise_for_status()
    before = env.get("contracts", "/api/v1/contracts", client_id=first["client_id"])["total"]
    for when in (today - timedelta(days=5), today, today + timedelta(days=30)):
        r = order(
            env,
            {"offer_id": dear, "client_id": first["client_id"], "effective_date": when.isoformat()},
        )
        assert r.status_code == 409, r.text
        assert "cancel the scheduled change first" in r.json()["detail"]
    # nothing changed, nothing dropped
    assert (
        env.get("contracts", "/api/v1/contracts", client_id=first["client_id"])["total"] == before
    )
    scheduled = env.contract(first["contract_id"])["scheduled_change"]
    assert (scheduled["action"], scheduled["effective_date"]) == (action, later)
    httpx.delete(f"{url}/scheduled-change", headers=env.headers).raise_for_status()
    assert checkout(env, {"offer_id": dear, "client_id": first["client_id"]})["outcome"] == (
        "plan_change"
    )


def test_backdated_plan_change_and_termination_end_on_the_right_day(env: Env) -> None:
    today = env.clock.today()
    cheap, dear = offer(env, "50.00"), offer(env, "80.00")
    first = checkout(
        env,
        {
            "offer_id": cheap,
            "new_client": person(),
            "effective_date": (today - timedelta(days=60)).isoformat(),
        },
    )
    # a plan change back before the contract started, or on its first day, is refused
    for when in (today - timedelta(days=61), today - timedelta(days=60)):
        r = order(
            env,
            {"offer_id": dear, "client_id": first["client_id"], "effective_date": when.isoformat()},
        )
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["field"] == "effective_date"
    new_start = today - timedelta(days=25)
    change = checkout(
        env,
        {
            "offer_id": dear,
            "client_id": first["client_id"],
            "effective_date": new_start.isoformat(),
        },
    )
    old, new = env.contract(first["contract_id"]), env.contract(change["contract_id"])
    assert (old["status"], old["end_date"]) == (
        "superseded",
        (new_start - timedelta(days=1)).isoformat(),
    )
    assert (new["status"], new["start_date"]) == ("active", new_start.isoformat())
    [superseded] = [e for e in events(env, old["id"]) if e["event_type"] == "Superseded"]
    assert superseded["payload"]["effective_date"] == (new_start - timedelta(days=1)).isoformat()
    # no day of the line is under two contracts
    line = env.get("contracts", "/api/v1/contracts", subscriber_id=first["subscriber_id"])
    spans = sorted(
        (date.fromisoformat(c["start_date"]), date.fromisoformat(c["end_date"] or "2100-01-01"))
        for c in line["items"]
    )
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))
    # a backdated termination, back to the contract's last change but not before it
    url = env.url("contracts", f"/api/v1/contracts/{new['id']}/terminate")
    too_early = httpx.post(
        url,
        json={"reason": "x", "effective_date": (new_start - timedelta(days=1)).isoformat()},
        headers=env.headers,
    )
    assert (
        too_early.status_code == 422 and too_early.json()["errors"][0]["field"] == "effective_date"
    )
    end = today - timedelta(days=10)
    r = httpx.post(
        url, json={"reason": "left", "effective_date": end.isoformat()}, headers=env.headers
    )
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["end_date"]) == ("terminated", end.isoformat())
    [terminated] = [e for e in events(env, new["id"]) if e["event_type"] == "Terminated"]
    assert terminated["payload"]["effective_date"] == end.isoformat()
    assert line_status(env, first["subscriber_id"], "terminated")


def test_a_plan_change_from_the_landing_page_for_a_later_date_is_scheduled(env: Env) -> None:
    today = env.clock.today()
    cheap, dear = offer(env, "50.00"), offer(env, "80.00")
    client = person()
    first = checkout(env, {"offer_id": cheap, "new_client": client})
    session = httpx.post(
        env.url("contracts", "/api/v1/self-service/sessions"), json={"cin": client["cin"]}
    )
    assert session.status_code == 201, session.text
    token = {"Authorization": f"Bearer {session.json()['token']}"}
    start = today + timedelta(days=7)
    r = httpx.post(
        env.url("contracts", "/api/v1/self-service/orders"),
        json={
            "offer_id": dear,
            "subscriber_id": first["subscriber_id"],
            "intent": "plan_change",
            "effective_date": start.isoformat(),
        },
        headers={**token, "Idempotency-Key": str(uuid.uuid4())},
        timeout=30,
    )
    assert r.status_code == 201, r.text
    change = r.json()
    assert change["outcome"] == "plan_change"
    current = env.contract(first["contract_id"])
    assert current["status"] == "active"
    assert current["scheduled_change"]["contract_id"] == change["contract_id"]
    mine = httpx.get(env.url("contracts", "/api/v1/self-service/contracts"), headers=token).json()
    assert sorted(c["status"] for c in mine["items"]) == ["active", "pending"]
    env.clock.set_today(start)
    env.worker.activate_due_contracts()
    assert env.contract(change["contract_id"])["status"] == "active"
    assert env.contract(first["contract_id"])["end_date"] == (start - timedelta(days=1)).isoformat()
