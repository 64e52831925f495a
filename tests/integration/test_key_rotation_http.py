"""Key rotation without loss (issue 16, point 2), over real HTTP on a real PostgreSQL, with
the commands of docs/operations/key-rotation.md.

- The PII master key: clients registered under the old key; the services restarted with
  both keys; `mtf keys rotate pii` run (stopped after two batches, killed half-way, run
  again) while clients are read, changed and registered through the customer service; then
  the services restarted with the new key alone read every client's data back as written.
  A client erased before the rotation stays erased: no key opens the sealed copies its
  events still hold.
- The JWT secret: a token signed with the old secret is accepted during the overlap (and
  new sign-ins are signed with the new one), refused once the overlap ends.
- A service's key pair: its old and new signatures are both accepted during the overlap,
  the old one refused after.
- A webhook subscription's secret: during the overlap a delivery verifies with the new
  secret and with the old one (the documented receiver check), after it with the new only.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx
import jwt
import psycopg
import pytest
from alembic import command

from mtf.kernel.auth import ALL_PERMISSIONS, issue_access_token, issue_service_token
from mtf.kernel.crypto import MasterKey, UnknownMasterKey
from mtf.kernel.service_keys import ServiceKeys
from mtf.kernel.settings import Settings
from mtf.platform.key_rotation import finish_lines, next_lines
from mtf.platform.migrate import alembic_config, migrate_all
from mtf.platform.seed import seed_admin
from tests.conftest import ROOT, Databases, make_settings
from tests.integration.services import ServiceEnv, running_services
from tests.integration.test_webhook_delivery import Receiver, documented_verifier, publish

CUSTOMER = ("customer", "contracts", "collections")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


@pytest.fixture(scope="module")
def base(databases: Databases) -> Settings:
    settings = make_settings(databases.create("mtf_rotation"))
    migrate_all(settings)
    seed_admin(settings)
    return settings


def operator(settings: Settings, secret: str | None = None) -> dict[str, str]:
    token = issue_access_token(
        secret or settings.jwt_secret,
        subject="rotation-op",
        username="admin",
        permissions=list(ALL_PERMISSIONS),
        ttl_seconds=900,
    )
    return {"Authorization": f"Bearer {token}"}


_cins: set[str] = set()


def a_person() -> dict[str, str]:
    cin = ""
    while not cin or cin in _cins:
        cin = "RK" + "".join(random.choice("0123456789") for _ in range(6))
    _cins.add(cin)
    word = "".join(random.choice(LETTERS) for _ in range(9))
    return {
        "first_name": word[:5].capitalize(),
        "last_name": word[5:].capitalize() + "ani",
        "cin": cin,
        "phone": "06" + "".join(random.choice("0123456789") for _ in range(8)),
        "city": "Fès " + word[:3],
    }


PERSONAL = ("first_name", "last_name", "cin", "phone", "city")


def register(env: ServiceEnv, person: dict[str, str]) -> str:
    r = env.post("customer", "/api/v1/clients", person)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def personal(env: ServiceEnv, client_id: str) -> dict[str, Any]:
    r = httpx.get(env.url("customer", f"/api/v1/clients/{client_id}"), headers=env.headers)
    assert r.status_code == 200, (client_id, r.status_code, r.text)
    body = r.json()
    return {"personal_data": body["personal_data"], **{k: body[k] for k in PERSONAL}}


def mtf(settings: Settings, *args: str, pii_previous: str = "") -> subprocess.Popen[str]:
    """The real command, in its own process, with the environment an operator sets."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DATABASE_URL": settings.database_url,
        "MTF_PII_KEY": settings.pii_key,
        "MTF_PII_KEY_PREVIOUS": pii_previous,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "mtf.cli", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(settings: Settings, *args: str, pii_previous: str = "") -> tuple[int, str, str]:
    proc = mtf(settings, *args, pii_previous=pii_previous)
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out, err


class Traffic:
    """Reads, changes and registrations through the customer service, in a thread, each
    checked against what was written; every failure is kept."""

    def __init__(self, env: ServiceEnv, expected: dict[str, dict[str, Any]]) -> None:
        self.env = env
        self.expected = expected
        self.errors: list[str] = []
        self.requests = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Traffic:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=120)

    def _run(self) -> None:
        turn = 0
        while not self._stop.is_set():
            turn += 1
            try:
                ids = list(self.expected)
                client_id = ids[turn % len(ids)]
                got = personal(self.env, client_id)
                if got != self.expected[client_id]:
                    self.errors.append(f"read {client_id}: {got} != {self.expected[client_id]}")
                if turn % 3 == 0:
                    city = f"Rabat {turn}"
                    r = httpx.patch(
                        self.env.url("customer", f"/api/v1/clients/{client_id}"),
                        json={"city": city},
                        headers=self.env.headers,
                    )
                    if r.status_code != 200:
                        self.errors.append(f"patch {client_id}: {r.status_code} {r.text}")
                    else:
                        self.expected[client_id] = {**self.expected[client_id], "city": city}
                if turn % 5 == 0:
                    person = a_person()
                    new_id = register(self.env, person)
                    self.expected[new_id] = {"personal_data": "visible", **person}
                self.requests += 1
            except Exception as exc:  # every failure is a finding
                self.errors.append(f"{type(exc).__name__}: {exc}")


def sealed_copies(env: ServiceEnv, client_id: str) -> list[str]:
    history = env.get("customer", f"/api/v1/audit/client/{client_id}/events")
    return [
        e["payload"]["sealed_personal"]
        for e in history["items"]
        if e["payload"].get("sealed_personal")
    ]


def census(settings: Settings) -> dict[str, int]:
    with psycopg.connect(settings.database_url) as conn:
        rows = conn.execute(
            "SELECT coalesce(master_key_id, 'unrecorded'), count(*) FROM customer.client_keys "
            "GROUP BY 1"
        ).fetchall()
    return {k: n for k, n in rows}


def test_the_pii_key_rotates_under_traffic_and_every_client_reads_back(base: Settings) -> None:
    old_key = base.pii_key
    expected: dict[str, dict[str, Any]] = {}
    # 1. before: the old master key only; one client is erased
    with running_services(base, CUSTOMER) as running:
        env = ServiceEnv(running, operator(running))
        for _ in range(30):
            person = a_person()
            expected[register(env, person)] = {"personal_data": "visible", **person}
        erased = register(env, a_person())
        r = httpx.delete(env.url("customer", f"/api/v1/clients/{erased}"), headers=env.headers)
        # a client who never had a contract is removed: its data key destroyed, like any
        # erasure, and its events (holding the sealed data) kept
        assert r.status_code == 200 and r.json()["outcome"] == "removed", r.text
        erased_copies = sealed_copies(env, erased)
        assert erased_copies, "the erased client's events still hold its sealed data"
    # the rows of the clients registered before the key ids were recorded: as a database
    # upgraded to customer_0005 has them
    with psycopg.connect(base.database_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE customer.client_keys SET master_key_id = NULL "
            "WHERE client_id = ANY(%s::uuid[])",
            (list(expected)[:5],),
        )
    old_id = MasterKey(old_key).key_id
    assert census(base) == {old_id: 25, "unrecorded": 5}

    # 2. `mtf keys next pii`: the new key is current, the old one previous, in every process
    lines = next_lines("pii", {"MTF_PII_KEY": old_key})
    new_key = str(lines["MTF_PII_KEY"])
    assert lines["MTF_PII_KEY_PREVIOUS"] == old_key and new_key != old_key
    new_id = MasterKey(new_key).key_id
    rotating = replace(base, pii_key=new_key, pii_key_previous=old_key)
    with running_services(rotating, CUSTOMER) as running:
        env = ServiceEnv(running, operator(running))
        with Traffic(env, expected) as traffic:
            # stopped after two batches (what an operator does to spread the work)
            partly = ("keys", "rotate", "pii", "--batch-size", "4", "--max-batches", "2")
            code, out, err = run(rotating, *partly, pii_previous=old_key)
            assert code == 0, err
            first = json.loads(out)
            assert first["rewrapped"] == 8 and first["batches"] == 2 and first["failed"] == 0
            assert first["remaining"] > 0 and "batch 2: 8 re-wrapped" in err
            # half done: the previous release could not read it, so the downgrade refuses
            with pytest.raises(RuntimeError, match="rotate pii"):
                command.downgrade(alembic_config("customer", base.database_url), "customer_0004")

            # killed half-way (after its second batch), then run again: it goes on
            proc = mtf(rotating, "keys", "rotate", "pii", "--batch-size", "1", pii_previous=old_key)
            assert proc.stderr is not None
            for line in proc.stderr:
                if line.startswith("batch 2:"):
                    break
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
            code, out, err = run(rotating, "keys", "rotate", "pii", pii_previous=old_key)
            assert code == 0, err
            final = json.loads(out)
            assert final["already_current"] >= 8 + 2  # what the runs before did is not redone
            assert final["remaining"] == 0 and final["failed"] == 0
            assert set(final["by_key"]) == {new_id}
        assert traffic.errors == [] and traffic.requests > 0
        assert census(base) == {new_id: len(expected)}  # the erased client has no key
        # every client's data, read through the service in the middle of it all
        for client_id, wanted in expected.items():
            assert personal(env, client_id) == wanted

        # `mtf keys rotate pii --status` and `mtf keys finish pii` (the overlap can end)
        code, out, _ = run(rotating, "keys", "rotate", "pii", "--status", pii_previous=old_key)
        assert code == 0 and json.loads(out)["remaining"] == 0
        code, out, err = run(rotating, "keys", "finish", "pii", pii_previous=old_key)
        assert code == 0, err
        assert out.strip() == "# remove MTF_PII_KEY_PREVIOUS"
    assert finish_lines("pii", {}) == {"MTF_PII_KEY_PREVIOUS": None}

    # 3. after: the new master key alone
    after = replace(base, pii_key=new_key, pii_key_previous="")
    with running_services(after, CUSTOMER) as running:
        env = ServiceEnv(running, operator(running))
        for client_id, wanted in expected.items():
            assert personal(env, client_id) == wanted
        gone = httpx.get(env.url("customer", f"/api/v1/clients/{erased}"), headers=env.headers)
        assert gone.status_code == 404
    # the erased client's sealed copies open under no key, old or new
    from mtf.customer.adapters.postgres.vault import SqlPersonalDataVault
    from mtf.kernel.db import make_engine

    engine = make_engine(base.database_url, "customer", pool_size=1)
    try:
        both = SqlPersonalDataVault(engine, MasterKey(new_key, old_key))
        assert all(both.open(uuid.UUID(erased), s) is None for s in erased_copies)
        # and the old key alone opens nothing any more: every data key is under the new one
        stale = SqlPersonalDataVault(engine, MasterKey(old_key))
        with pytest.raises(UnknownMasterKey):
            stale.open(uuid.UUID(next(iter(expected))), "anything")
    finally:
        engine.dispose()


def test_a_rotation_without_the_previous_key_changes_nothing_and_says_why(
    databases: Databases,
) -> None:
    settings = make_settings(databases.create("mtf_rotation_refused"))
    migrate_all(settings)
    with running_services(settings, CUSTOMER) as running:
        env = ServiceEnv(running, operator(running))
        person = a_person()
        client_id = register(env, person)
    other = replace(settings, pii_key="another-pii-key-" + "x" * 32)
    before = census(settings)
    code, out, err = run(other, "keys", "rotate", "pii")
    assert code == 1
    assert json.loads(out)["failed_clients"] == [client_id]
    assert "MTF_PII_KEY_PREVIOUS" in err
    assert census(settings) == before  # nothing re-wrapped, nothing lost
    # a PII overlap cannot end while a data key is under another master key
    code, _, err = run(other, "keys", "finish", "pii")
    assert code == 1 and "rotate pii" in err
    with running_services(settings, CUSTOMER) as running:
        env = ServiceEnv(running, operator(running))
        assert personal(env, client_id) == {"personal_data": "visible", **person}


def test_a_token_signed_with_the_previous_jwt_secret_is_accepted_only_during_the_overlap(
    base: Settings,
) -> None:
    old = base.jwt_secret
    new = str(next_lines("jwt", {"MTF_JWT_SECRET": old})["MTF_JWT_SECRET"])
    old_token = operator(base, old)
    overlap = replace(base, jwt_secret=new, jwt_secret_previous=old)
    with running_services(overlap, ("identity", "customer")) as running:
        url = running.service_urls["customer"] + "/api/v1/subscribers"
        assert httpx.get(url, headers=old_token).status_code == 200
        signed_in = httpx.post(
            running.service_urls["identity"] + "/api/v1/auth/token",
            json={"username": "admin", "password": base.admin_password},
        )
        assert signed_in.status_code == 200, signed_in.text
        fresh = signed_in.json()["access_token"]
        # new tokens are signed with the new secret only
        jwt.decode(fresh, new, algorithms=["HS256"], audience="mtf-api")
        with pytest.raises(jwt.InvalidSignatureError):
            jwt.decode(fresh, old, algorithms=["HS256"], audience="mtf-api")
        assert httpx.get(url, headers={"Authorization": f"Bearer {fresh}"}).status_code == 200
        forged = operator(base, "not-the-secret-" + "z" * 32)
        assert httpx.get(url, headers=forged).status_code == 401
    # `mtf keys finish jwt`: MTF_JWT_SECRET_PREVIOUS goes, the processes restart
    assert finish_lines("jwt", {}) == {"MTF_JWT_SECRET_PREVIOUS": None}
    with running_services(replace(base, jwt_secret=new), ("customer",)) as running:
        url = running.service_urls["customer"] + "/api/v1/subscribers"
        refused = httpx.get(url, headers=old_token)
        assert refused.status_code == 401
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert httpx.get(url, headers={"Authorization": f"Bearer {fresh}"}).status_code == 200


def test_a_service_key_pair_rotates_with_both_signatures_accepted_during_the_overlap(
    base: Settings,
) -> None:
    current = base.service_keys.env()
    lines = next_lines("service", current, ("billing",))
    private = "MTF_SERVICE_KEY_BILLING"
    # step 1: every process gets the new public key, the old one as previous
    published = {**current, **{k: str(v) for k, v in lines.items() if k != private}}
    # step 2: billing's processes get the new private key
    switched = {**published, private: str(lines[private])}
    old_keys = ServiceKeys.from_env(published)  # billing still signs with its old key
    new_keys = ServiceKeys.from_env(switched)

    def call(url: str, keys: ServiceKeys) -> int:
        token = issue_service_token(keys, caller="billing", target="customer")
        return httpx.get(url, headers={"Authorization": f"Bearer {token}"}).status_code

    with running_services(replace(base, service_keys=old_keys), ("customer",)) as running:
        url = running.service_urls["customer"] + "/api/v1/subscribers"
        assert call(url, old_keys) == 200 and call(url, new_keys) == 200
    # `mtf keys finish service billing`: the previous public key goes
    finished = {**switched, **{k: "" for k in finish_lines("service", {}, ("billing",))}}
    done = ServiceKeys.from_env(finished)
    with running_services(replace(base, service_keys=done), ("customer",)) as running:
        url = running.service_urls["customer"] + "/api/v1/subscribers"
        assert call(url, new_keys) == 200
        assert call(url, old_keys) == 401
    # a process left with the old private key after the finish refuses to start
    with pytest.raises(RuntimeError, match="MTF_SERVICE_PUBLIC_KEY_BILLING"):
        ServiceKeys.from_env({**finished, private: current[private]})


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.close()


def test_webhook_deliveries_verify_with_the_new_secret_and_the_old_during_the_overlap(
    base: Settings, receiver: Receiver
) -> None:
    from mtf.identity.adapters.postgres.partner_store import WebhookDispatcher
    from mtf.identity.app import webhook_targets
    from mtf.kernel.db import make_engine

    settings = replace(base, webhook_allowed_hosts="127.0.0.1")
    verify = documented_verifier()
    engine = make_engine(settings.database_url_for("identity"), "identity", pool_size=1)
    # what the worker's webhook job runs (identity.app.build_jobs), on an engine closed here
    dispatcher = WebhookDispatcher(engine, webhook_targets(settings))

    def delivered() -> tuple[dict[str, str], bytes]:
        before = len(receiver.received)
        publish(engine)
        dispatcher.deliver_due()
        assert len(receiver.received) == before + 1
        return receiver.received[-1]

    try:
        with running_services(settings, ("identity",)) as running:
            env = ServiceEnv(running, operator(running))
            created = env.post(
                "identity",
                "/api/v1/webhooks/subscriptions",
                {"name": "erp", "url": receiver.url, "event_types": ["*"]},
            )
            assert created.status_code == 201, created.text
            sub, first = created.json()["id"], created.json()["secret"]
            rotate = f"/api/v1/webhooks/subscriptions/{sub}/rotate-secret"

            headers, body = delivered()
            assert verify(first, headers, body) and "x-mtf-signature-previous" not in headers

            # bad input: a clear 422 naming the field, and the secret stays
            for bad in ({"overlap_seconds": -1}, {"overlap_seconds": 8 * 86400}, {"x": 1}):
                r = env.post("identity", rotate, bad)
                assert r.status_code in (400, 422), r.text
                assert r.headers["content-type"].startswith("application/problem+json")
            assert (
                env.post("identity", rotate.replace(sub, str(uuid.uuid4())), {}).status_code == 404
            )
            headers, body = delivered()
            assert verify(first, headers, body)

            r = env.post("identity", rotate, {"overlap_seconds": 3600})
            assert r.status_code == 200, r.text
            second = r.json()["secret"]
            assert second.startswith("whsec_") and second != first
            assert r.json()["previous_secret_expires_at"] is not None
            listed = env.get("identity", "/api/v1/webhooks/subscriptions")["items"]
            assert listed[0]["previous_secret_expires_at"] == r.json()["previous_secret_expires_at"]
            assert "secret" not in listed[0]

            # the overlap: signed with the new secret, and with the old one beside it
            headers, body = delivered()
            assert verify(second, headers, body)  # a receiver that switched
            assert verify(first, headers, body)  # a receiver that has not yet
            assert not verify("whsec_" + "q" * 32, headers, body)

            # a leaked secret: rotated with no overlap, the old one stops at once
            r = env.post("identity", rotate, {"overlap_seconds": 0})
            assert r.status_code == 200, r.text
            third = r.json()["secret"]
            headers, body = delivered()
            assert "x-mtf-signature-previous" not in headers
            assert verify(third, headers, body)
            assert not verify(second, headers, body) and not verify(first, headers, body)
            log = env.get("identity", "/api/v1/webhooks/deliveries", subscription_id=sub)
            assert {d["status"] for d in log["items"]} == {"delivered"}
    finally:
        engine.dispose()
