"""The partner SDK (src/sdk/mtf-partner-client) is what the generator makes of the checked-in
OpenAPI document, today: regenerated in a temporary directory it is the same, file for file,
the generator understood every operation and schema (no warning), and it installs as a
package (a wheel is built from it)."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

from mtf.platform.sdk import PACKAGE, PROJECT, generate
from tests.conftest import ROOT

CHECKED_IN = ROOT / "src" / "sdk" / PROJECT
REGENERATE = "regenerate with: .venv/bin/mtf sdk"


def _differences(left: Path, right: Path) -> list[str]:
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"{prefix}{n} (only checked in)" for n in cmp.left_only if n != "__pycache__")
        found.extend(f"{prefix}{n} (only generated)" for n in cmp.right_only)
        found.extend(f"{prefix}{n} (differs)" for n in cmp.diff_files)
        for name, sub in cmp.subdirs.items():
            if name != "__pycache__":
                walk(sub, f"{prefix}{name}/")

    walk(
        filecmp.dircmp(left, right, ignore=["__pycache__", "mtf_partner_client.egg-info", "build"]),
        "",
    )
    return found


def test_the_sdk_is_generated_from_the_checked_in_document_without_warnings(
    tmp_path: Path,
) -> None:
    generated, warnings = generate(ROOT / "docs" / "openapi" / "openapi.json", tmp_path)
    assert warnings == "", f"the generator could not type everything:\n{warnings[:3000]}"
    assert _differences(CHECKED_IN, generated) == [], REGENERATE


def test_the_sdk_builds_as_an_installable_wheel(tmp_path: Path) -> None:
    source = tmp_path / "source"  # setuptools builds in the tree: a copy, not the checkout
    shutil.copytree(CHECKED_IN, source, ignore=shutil.ignore_patterns("*.egg-info", "build"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    [wheel] = tmp_path.glob("*.whl")
    assert wheel.name.startswith(PACKAGE.replace("-", "_"))
