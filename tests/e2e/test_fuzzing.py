"""The fuzzing gate: schemathesis generates requests for every operation of the merged
OpenAPI document and sends them through the gateway with a valid token (examples, the
coverage phase's boundary and negative values and unsupported methods, random cases), then
(stateful phase) sequences of operations linked by the ids they return. Every check
schemathesis has runs (`--checks all`) but one: a 5xx, a response breaking its schema, an
undocumented status code, content type or header, a wrong `Allow`, schema-invalid input
accepted... fails the build. Left out: `positive_data_acceptance` (every schema-valid
request must succeed), which business rules no schema states contradict by design (an
unknown `client_id`, a cursor this list never returned, an `as_of` before the year's last
issue date); its findings are counted in docs/api-conventions.md ("Fuzzing")."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mtf.platform.stack import RunningStack, running_stack, stack_env
from tests.conftest import Databases


@pytest.fixture(scope="module")
def fuzz_stack(
    databases: Databases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningStack]:
    """A stack of its own: the fuzzer writes whatever the API accepts (retired offers, odd
    names), which must not leak into the other end-to-end tests."""
    work = tmp_path_factory.mktemp("fuzz-stack")
    env = stack_env(databases.create("mtf_fuzz"), work, 18100, MTF_AUTO_BILL_RUN="0")
    with running_stack(env, work) as running:
        yield running


def test_no_operation_answers_5xx_or_breaks_its_schema(
    fuzz_stack: RunningStack, tmp_path: Path
) -> None:
    stack = fuzz_stack
    cli = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert cli, "schemathesis is a dev dependency"
    result = subprocess.run(
        [
            cli,
            "run",
            f"{stack.base_url}/api/v1/openapi.json",
            "--url",
            stack.base_url,
            "-H",
            f"Authorization: Bearer {stack.token()}",
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance",
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
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "passed" in result.stdout
    # the stateful phase chains operations along the links schemathesis infers from the
    # schemas (a created id fed to the operations taking it): it ran, it found none failing
    assert "Stateful" in result.stdout and "Scenarios:" in result.stdout, result.stdout[-3000:]
