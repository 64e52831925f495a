"""The runbooks are tried (issue #16): on a real stack (every service its own process, the
gateway, real PostgreSQL), a bill run stopped half-way and a stuck projector are brought
back by running the `mtf` commands of docs/operations/bill-run.md and stuck-projector.md
as they are written there (read from the markdown, so the runbook and the test cannot
drift), each checked against the output the runbook shows; then what an operator checks.

The stack runs no worker (`mtf up --no-worker`): a worker would resume the run by itself,
and the runbook is for when none does."""

from __future__ import annotations

import json
import random
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import psycopg
import pytest

from mtf.platform.stack import running_stack, stack_env
from tests.conftest import ROOT, Databases
from tests.dates import month_of, today
from tests.e2e.conftest import PORT_BASE, Stack
from tests.e2e.runbooks import Step, steps

CLIENTS = 6  # the bill-run runbook's example: 6 clients, 2 billed before the stop


@pytest.fixture(scope="module")
def stack(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    work = tmp_path_factory.mktemp("runbooks")
    env = stack_env(databases.create("mtf_e2e_runbooks"), work, PORT_BASE, MTF_AUTO_BILL_RUN="0")
    with running_stack(env, work, up_args=("--no-worker",)) as running:
        yield Stack(**vars(running))


def mtf(stack: Stack, argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mtf.cli", *argv],
        env=stack.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def follow(stack: Stack, runbook: list[Step], substitutions: dict[str, str]) -> list[str]:
    """Run each step's command as the runbook writes it; its output must hold the lines the
    runbook shows and its exit code be the one it states. `mtf status` is run again (as the
    runbook says) while the processes have not retried yet (every 5 s)."""
    outputs = []
    for step in runbook:
        argv = step.argv(substitutions)
        deadline = time.monotonic() + (30 if argv == ["status"] else 0)
        while True:
            done = mtf(stack, argv)
            out = done.stdout + done.stderr
            missing = [p.pattern for p in step.patterns(substitutions) if not p.search(out)]
            if not missing or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert not missing, f"`{step.command}` did not print {missing}:\n{out}"
        if step.exit_code is not None:
            assert done.returncode == step.exit_code, f"`{step.command}` exit:\n{out}"
        outputs.append(out)
    return outputs


def headers(stack: Stack) -> dict[str, str]:
    return {"Authorization": f"Bearer {stack.token()}"}


# what a worker does before it dies: start the run and bill one batch (of two clients here);
# then the process is killed, as by an out-of-memory kill, with the run left open
STOPPED_AFTER_ONE_BATCH = """
import os, signal, sys
from datetime import date
from mtf.billing.app import Billing
from mtf.kernel.db import make_engine
from mtf.kernel.settings import get_settings
settings = get_settings()
runner = Billing(settings, make_engine(settings.database_url_for("billing"), "billing")).runner()
runner.batch_size = 2
run_id = runner.start(sys.argv[1], date.fromisoformat(sys.argv[2]), "system:scheduler")
runner.work_on(run_id, max_batches=1)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_bill_run_stopped_half_way_is_completed_by_following_its_runbook(stack: Stack) -> None:
    h = headers(stack)
    base = stack.base_url
    first = (today().replace(day=1) - timedelta(days=40)).replace(day=1)  # two months back
    period = month_of(first)
    as_of = (first + timedelta(days=32)).replace(day=1)
    offer = httpx.get(f"{base}/api/v1/offers", params={"code": "MOB-10G"}, headers=h).json()[
        "items"
    ][0]
    contracts: dict[str, str] = {}
    for i in range(CLIENTS):
        r = httpx.post(
            f"{base}/api/v1/provisioning/orders",
            json={
                "offer_id": offer["id"],
                "effective_date": first.isoformat(),
                "new_client": {
                    "first_name": "Runbook",
                    "last_name": f"Client{i}",
                    "cin": f"RB{random.randint(100000, 999999)}",
                    "phone": "0600112233",
                },
            },
            headers={**h, "Idempotency-Key": str(uuid.uuid4())},
            timeout=30,
        )
        assert r.status_code in (200, 201, 202), r.text
        order = r.json()
        contracts[order["client_id"]] = order["contract_id"]

    killed = subprocess.run(
        [sys.executable, "-c", STOPPED_AFTER_ONE_BATCH, period, as_of.isoformat()],
        env=stack.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr
    [run] = httpx.get(f"{base}/api/v1/bill-runs", params={"period": period}, headers=h).json()[
        "items"
    ]
    assert run["status"] == "running"

    follow(
        stack,
        steps("bill-run.md"),
        {"2026-11": period, "FAC-2026": f"FAC-{as_of.year}"},
    )

    # what the operator checks: the run completed, every contract billed once, no gap
    [run] = httpx.get(f"{base}/api/v1/bill-runs", params={"period": period}, headers=h).json()[
        "items"
    ]
    assert run["status"] == "completed"
    invoices = httpx.get(
        f"{base}/api/v1/invoices", params={"period": period, "limit": 100}, headers=h
    ).json()["items"]
    assert sorted(i["client_id"] for i in invoices) == sorted(contracts)
    billed: list[str] = []
    for invoice in invoices:
        detail = httpx.get(f"{base}/api/v1/invoices/{invoice['id']}", headers=h).json()
        billed += [line["contract_id"] for line in detail["lines"]]
        assert [line["contract_id"] for line in detail["lines"]] == [
            contracts[invoice["client_id"]]
        ]
        assert [line["start_date"] for line in detail["lines"]] == [first.isoformat()]
    assert sorted(billed) == sorted(contracts.values())
    numbers = sorted(int(i["number"].rsplit("-", 1)[1]) for i in invoices)
    assert numbers == list(range(1, CLIENTS + 1))


def test_clients_left_in_error_are_billed_by_a_supplementary_pass(stack: Stack) -> None:
    """After the cause is mended, `mtf bill-run resume --retry-errors` (bill-run.md, step 3)
    bills the clients a completed run left in error, in a second pass; nobody twice."""
    h = headers(stack)
    base = stack.base_url
    first = (today().replace(day=1) - timedelta(days=70)).replace(day=1)  # three months back
    period = month_of(first)
    offer = httpx.get(f"{base}/api/v1/offers", params={"code": "MOB-10G"}, headers=h).json()[
        "items"
    ][0]
    clients = []
    for i in range(3):
        order = httpx.post(
            f"{base}/api/v1/provisioning/orders",
            json={
                "offer_id": offer["id"],
                "effective_date": first.isoformat(),
                "new_client": {
                    "first_name": "Retry",
                    "last_name": f"Client{i}",
                    "cin": f"RE{random.randint(100000, 999999)}",
                    "phone": "0600112233",
                },
            },
            headers={**h, "Idempotency-Key": str(uuid.uuid4())},
            timeout=30,
        ).json()
        clients.append(order["client_id"])
    # the run plans the three clients and bills two; the third is recorded in error (as a
    # failure to bill it is), and the run completes with it
    killed = subprocess.run(
        [sys.executable, "-c", STOPPED_AFTER_ONE_BATCH, period, today().isoformat()],
        env=stack.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr
    with psycopg.connect(stack.env["DATABASE_URL"], autocommit=True) as conn:
        conn.execute(
            "UPDATE billing.bill_run_items SET status = 'error', error = 'the contract feed "
            "was not answering' WHERE status = 'pending'"
        )
    done = mtf(stack, ["bill-run", "resume", "--period", period])
    assert done.returncode == 1, done.stdout
    assert "completed, 3/3 clients, 2 invoices, 1 in error" in done.stdout
    assert "in error: client " in done.stdout and "contract feed was not answering" in done.stdout

    retried = mtf(stack, ["bill-run", "resume", "--period", period, "--retry-errors"])
    assert retried.returncode == 0, retried.stdout
    assert f"supplementary pass for {period}: 1 clients billed now" in retried.stdout
    assert f"bill run {period} pass 2 (" in retried.stdout
    assert "completed, 1/1 clients, 1 invoices, 0 in error" in retried.stdout
    invoices = httpx.get(
        f"{base}/api/v1/invoices", params={"period": period, "limit": 100}, headers=h
    ).json()["items"]
    assert sorted(i["client_id"] for i in invoices) == sorted(clients)
    again = mtf(stack, ["bill-run", "resume", "--period", period, "--retry-errors"])
    assert again.returncode == 0 and "supplementary" not in again.stdout  # nothing left


def test_the_new_commands_refuse_bad_input_and_change_nothing(stack: Stack) -> None:
    before = mtf(stack, ["api-keys", "list"]).stdout
    for argv, message in (
        (["bill-run", "status", "--period", "2026-13"], "--period: must be a month"),
        (["bill-run", "resume", "--period", "november"], "--period: must be a month"),
        (["api-keys", "revoke"], "KEY_ID: an API key's id"),
        (["api-keys", "revoke", "not-a-uuid"], "KEY_ID: an API key's id"),
        (["api-keys", "revoke", str(uuid.uuid4())], "KEY_ID: no active API key with id"),
        (["api-keys", "activity", str(uuid.uuid4())], "KEY_ID: no API key with id"),
        (["api-keys", "activity", str(uuid.uuid4()), "--since", "yesterday"], "--since: a date"),
    ):
        done = mtf(stack, argv)
        assert done.returncode == 2 and message in done.stdout, (argv, done.stdout)
    assert mtf(stack, ["api-keys", "list"]).stdout == before


def test_a_stuck_projector_is_unstuck_by_following_its_runbook(stack: Stack) -> None:
    h = headers(stack)
    base = stack.base_url
    r = httpx.post(
        f"{base}/api/v1/offers",
        json={
            "code": f"RBK-{random.randint(1000, 9999)}",
            "name": "Runbook 5 Go",
            "service": "mobile",
            "monthly_fee": "49.00",
            "components": {"data": {"quota_gb": 5}, "calls": {"unlimited": True}},
        },
        headers=h,
    )
    assert r.status_code == 201, r.text
    offer = r.json()
    # a row no event made (a hand edit), where the offer's next version goes
    with psycopg.connect(stack.env["DATABASE_URL"], autocommit=True) as conn:
        conn.execute(
            "INSERT INTO catalog.offer_versions (offer_id, version, name, monthly_fee, "
            "commitment_months, components, created_at, actor) "
            "VALUES (%s, 2, 'edited by hand', 1, 0, '{}', now(), 'someone')",
            (offer["id"],),
        )
    revised = httpx.post(
        f"{base}/api/v1/offers/{offer['id']}/versions", json={"monthly_fee": "59.00"}, headers=h
    )
    # the version is recorded; the read model cannot show it and says so
    assert revised.status_code == 503 and "stuck" in revised.json()["detail"], revised.text
    status = mtf(stack, ["status", "--json"])
    report: dict[str, Any] = json.loads(status.stdout)
    assert report["streams"]["catalog/projection:catalog.offers"]["lag"] >= 1
    assert any("catalog.offers stuck" in w for w in report["warnings"])

    follow(stack, steps("stuck-projector.md"), {})

    report = json.loads(mtf(stack, ["status", "--json"]).stdout)
    assert report["streams"]["catalog/projection:catalog.offers"]["lag"] == 0
    assert report["services"]["catalog"]["ready"] == "ok"
    assert not [w for w in report["warnings"] if "catalog" in w]
    shown = httpx.get(f"{base}/api/v1/offers/{offer['id']}", headers=h).json()
    assert (shown["version"], shown["monthly_fee"]) == (2, "59.00")
    assert [v["name"] for v in shown["versions"]] == ["Runbook 5 Go", "Runbook 5 Go"]


def test_every_mtf_command_in_the_runbooks_is_one_mtf_accepts() -> None:
    from mtf.cli import build_parser
    from tests.e2e.runbooks import every_mtf_command

    parser = build_parser()
    commands = every_mtf_command()
    assert len(commands) >= 30
    refused = []
    for source, command, whole in commands:
        argv = shlex.split(command)[1:]
        try:  # a command in a code block as written; one named in the text: its subcommand
            parser.parse_args(argv if whole else [argv[0], "--help"])
        except SystemExit as exc:
            if whole or exc.code != 0:
                refused.append(f"{source}: {command}")
    assert not refused, "commands the runbooks give that `mtf` refuses:\n" + "\n".join(refused)


def test_a_leaked_api_key_is_revoked_and_what_it_did_listed_by_following_its_runbook(
    stack: Stack,
) -> None:
    h = headers(stack)
    base = stack.base_url
    created = httpx.post(
        f"{base}/api/v1/api-keys",
        json={"name": "Partner ERP", "scopes": ["provisioning", "read"]},
        headers=h,
    )
    assert created.status_code == 201, created.text
    key = created.json()
    leaked = {"Authorization": f"Bearer {key['key']}"}
    offer = httpx.get(f"{base}/api/v1/offers", params={"code": "MOB-10G"}, headers=h).json()[
        "items"
    ][0]
    order = httpx.post(  # a write made with the key
        f"{base}/api/v1/provisioning/orders",
        json={
            "offer_id": offer["id"],
            "new_client": {
                "first_name": "Leak",
                "last_name": "Test",
                "cin": f"LK{random.randint(100000, 999999)}",
                "phone": "0600112233",
            },
        },
        headers={**leaked, "Idempotency-Key": str(uuid.uuid4())},
        timeout=30,
    )
    assert order.status_code in (200, 201, 202), order.text

    follow(
        stack,
        steps("leaked-api-key.md"),
        {"0b4c6f2e-3d4a-4c1b-9a57-2f1e8d3c5b6a": key["id"], "3f9a1c2b7d4e": key["prefix"]},
    )

    deadline = time.monotonic() + 30  # the gateway keeps a verified key for 5 s
    while (me := httpx.get(f"{base}/api/v1/auth/me", headers=leaked)).status_code != 401:
        assert time.monotonic() < deadline, me.text
        time.sleep(0.5)
    assert "revoked" in me.json()["detail"]
    report = json.loads(mtf(stack, ["api-keys", "activity", key["id"], "--json"]).stdout)
    assert report["key"]["revoked_at"] is not None
    assert order.json()["id"] in [e["aggregate_id"] for e in report["latest"]]
    assert [a["action"] for a in report["audit"]][-1] == "ApiKeyRevoked"
