"""The partner SDK: a typed Python client generated from the merged OpenAPI document by
openapi-python-client (pinned dev dependency), checked in under `src/sdk/` as an
installable package (`pip install src/sdk/mtf-partner-client`). `mtf sdk` regenerates it;
the contract tests regenerate it in a temporary directory and compare, so the SDK never
drifts from the document, and fail on any operation the generator could not type."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = "mtf-partner-client"
PACKAGE = "mtf_partner_client"
CONFIG = f"""project_name_override: {PROJECT}
package_name_override: {PACKAGE}
post_hooks: []
content_type_overrides:
  application/pdf: application/octet-stream
  application/xml: application/octet-stream
"""


def generate(openapi: Path, out_dir: Path) -> tuple[Path, str]:
    """Generate the SDK project into `out_dir/mtf-partner-client`; answer it and the
    generator's warnings (empty when every operation and schema was understood)."""
    cli = Path(sys.executable).parent / "openapi-python-client"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        config = Path(work) / "config.yml"
        config.write_text(CONFIG)
        result = subprocess.run(
            [
                str(cli if cli.exists() else "openapi-python-client"),
                "generate",
                "--path",
                str(openapi.resolve()),
                "--config",
                str(config),
                "--meta",
                "setup",
                "--overwrite",
                "--output-path",
                str((out_dir / PROJECT).resolve()),
            ],
            capture_output=True,
            text=True,
            cwd=work,
        )
    if result.returncode != 0:
        raise RuntimeError(f"openapi-python-client failed:\n{result.stdout}\n{result.stderr}")
    _mend(out_dir / PROJECT)
    warnings = "\n".join(
        block.strip()
        for block in (result.stdout + result.stderr).split("\n\n")
        if block.strip().startswith("WARNING")
    )
    return out_dir / PROJECT, warnings


# openapi-python-client 0.29 types an operation with several request media types (the bank
# statement import: a file, or a form) as `body: A | B | Unset = UNSET` without importing
# `Unset`; the module would not import. The one fault mended after generation.
_TYPES_IMPORT = "from ...types import Response, UNSET\n"


def _mend(project: Path) -> None:
    for module in (project / PACKAGE / "api").rglob("*.py"):
        text = module.read_text()
        if "| Unset = UNSET" in text and _TYPES_IMPORT in text:
            module.write_text(
                text.replace(_TYPES_IMPORT, "from ...types import Response, UNSET, Unset\n")
            )


def write_sdk(openapi: Path, out_dir: Path) -> str:
    target = out_dir / PROJECT
    if target.exists():
        shutil.rmtree(target)
    _, warnings = generate(openapi, out_dir)
    return warnings
