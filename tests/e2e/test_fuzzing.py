"""The fuzzing gate: schemathesis generates requests for every operation of the merged
OpenAPI document and sends them through the gateway with a valid token (examples, the
coverage phase's boundary and negative values and unsupported methods, random cases), then
(stateful phase) sequences of operations linked by the ids they return. Every check
schemathesis has runs (`--checks all`): a 5xx, a response breaking its schema, an
undocumented status code, content type or header, a wrong `Allow`, schema-invalid input
accepted, schema-valid input refused... fails the build. Schema-valid input gets test data
for what no schema holds (`fuzz_hooks.py`: an existing client and offer, no made-up cursor,
dates in their range); the few operations whose refusals depend on state are listed, with
why, in `schemathesis.toml`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mtf.platform.stack import RunningStack, running_stack, stack_env
from tests.conftest import Databases
from tests.dates import today

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def fuzz_stack(
    databases: Databases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningStack]:
    """A stack of its own: the fuzzer writes whatever the API accepts (retired offers, odd
    names), which must not leak into the other end-to-end tests."""
    work = tmp_path_factory.mktemp("fuzz-stack")
    env = stack_env(
        databases.create("mtf_fuzz"),
        work,
        18100,
        MTF_AUTO_BILL_RUN="0",
        # the webhook target the fuzzer's subscriptions name (no DNS here)
        MTF_WEBHOOK_ALLOWED_HOSTS="127.0.0.1",
    )
    with running_stack(env, work) as running:
        yield running


def test_no_operation_answers_5xx_or_breaks_its_schema(
    fuzz_stack: RunningStack, tmp_path: Path
) -> None:
    stack = fuzz_stack
    cli = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert cli, "schemathesis is a dev dependency"
    token = stack.token()
    known = known_data(stack.base_url, token)
    result = subprocess.run(
        [
            cli,
            "--config-file",
            str(HERE / "schemathesis.toml"),
            "run",
            f"{stack.base_url}/api/v1/openapi.json",
            "--url",
            stack.base_url,
            "-H",
            f"Authorization: Bearer {token}",
            "--checks",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            "10",
            "--continue-on-failure",
            "--seed",
            "20261127",
            "--workers",
            "2",
            "--report",
            "junit",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
            "MTF_FUZZ_KNOWN": json.dumps(known),
        },
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "passed" in result.stdout
    # the stateful phase chains operations along the links schemathesis infers from the
    # schemas (a created id fed to the operations taking it): it ran, it found none failing
    assert "Stateful" in result.stdout and "Scenarios:" in result.stdout, result.stdout[-3000:]


def known_data(base: str, token: str) -> dict[str, str]:
    """What the positive cases name (fuzz_hooks.py): a client registered by a checkout on a
    published offer, its line, and today's business date."""
    headers = {"Authorization": f"Bearer {token}"}
    cin = f"FZ{uuid.uuid4().int % 1_000_000:06d}"  # a person no other run registered
    offer = httpx.get(
        f"{base}/api/v1/offers", params={"status": "published", "limit": 1}, headers=headers
    ).json()["items"][0]["id"]
    order = httpx.post(
        f"{base}/api/v1/provisioning/orders",
        json={
            "offer_id": offer,
            "new_client": {
                "first_name": "Fuzz",
                "last_name": "Known",
                "cin": cin,
                "phone": "0612345678",
            },
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        timeout=30,
    )
    assert order.status_code == 201, order.text
    body = order.json()
    return {
        "today": today().isoformat(),
        "client_id": body["client_id"],
        "subscriber_id": body["subscriber_id"],
        "offer_id": offer,
        "cin": cin,
        "webhook_url": "http://127.0.0.1:9/fuzz",
    }
