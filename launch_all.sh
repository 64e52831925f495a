#!/usr/bin/env bash
# MT-Facturation one-shot launcher (Linux/macOS). Same behaviour as launch_all.bat.
#   ./launch_all.sh          install what is missing, start everything, print URL and login
#   ./launch_all.sh test     run every test (lint, types, unit, integration, contract, e2e)
#   ./launch_all.sh stop     stop what an earlier run started (by recorded pid)
#   ./launch_all.sh status   tell whether the stack answers
# This script only prepares Python; the rest lives in src/mtf/platform/launcher.py.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
mkdir -p .mtf/run .mtf/logs

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

if [ ! -x "$PY" ]; then
  BASE="$(find_python)" || { echo "[mtf] Python 3.11 or newer is required" >&2; exit 1; }
  echo "[mtf] creating the virtual environment in .venv"
  "$BASE" -m venv "$VENV"
fi
WANT="$(cat pyproject.toml src/sdk/mtf-partner-client/setup.py | sha256sum | cut -c1-16)"
if [ "$WANT" != "$(cat .mtf/pip.stamp 2>/dev/null || true)" ] || ! "$PY" -c 'import mtf, litestar' 2>/dev/null; then
  echo "[mtf] installing Python dependencies"
  "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
  "$PY" -m pip install --quiet --disable-pip-version-check -e '.[dev]'
  # the partner SDK (generated, src/sdk): installed as a partner would, used by its e2e test
  "$PY" -m pip install --quiet --disable-pip-version-check -e src/sdk/mtf-partner-client
  echo "$WANT" > .mtf/pip.stamp
fi
exec "$PY" -m mtf.cli launch "${1:-start}" "${@:2}"
