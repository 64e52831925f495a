"""Helpers shared by the benchmarks: where the stack is and how to sign in."""

from __future__ import annotations

import os
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def base_url() -> str:
    return os.environ.get(
        "MTF_BENCH_URL", f"http://localhost:{os.environ.get('MTF_GATEWAY_PORT', '8000')}"
    )


def admin_password() -> str:
    if os.environ.get("MTF_ADMIN_PASSWORD"):
        return os.environ["MTF_ADMIN_PASSWORD"]
    secrets_file = ROOT / ".mtf" / "secrets.env"
    for line in secrets_file.read_text().splitlines():
        if line.startswith("MTF_ADMIN_PASSWORD="):
            return line.split("=", 1)[1].strip()
    raise SystemExit(
        "MTF_ADMIN_PASSWORD is not set and .mtf/secrets.env has none: start ./launch_all.sh first"
    )


def token(base: str) -> str:
    r = httpx.post(
        f"{base}/api/v1/auth/token", json={"username": "admin", "password": admin_password()}
    )
    r.raise_for_status()
    return str(r.json()["access_token"])


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]
