"""The fuzzing gate: schemathesis generates requests for every operation of the merged
OpenAPI document and sends them through the gateway with a valid token. Any 5xx, or any
response that breaks its own schema, fails the build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.e2e.conftest import Stack


def test_no_operation_answers_5xx_or_breaks_its_schema(stack: Stack, tmp_path: Path) -> None:
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
            "not_a_server_error,response_schema_conformance",
            "--phases",
            "examples,fuzzing",
            "--max-examples",
            "15",
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
