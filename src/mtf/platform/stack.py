"""Start the whole stack the way the launcher does (migrate, seed, `mtf up`) on its own
database and ports: used by the end-to-end tests and the benchmarks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from mtf.kernel.service_keys import ServiceKeys
from mtf.kernel.settings import SERVICES

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class RunningStack:
    base_url: str
    admin_password: str
    env: dict[str, str]
    log_dir: Path
    run_dir: Path

    def token(self) -> str:
        r = httpx.post(
            f"{self.base_url}/api/v1/auth/token",
            json={"username": "admin", "password": self.admin_password},
        )
        r.raise_for_status()
        return str(r.json()["access_token"])


def gateway_address(env: dict[str, str]) -> str:
    """Where to reach the gateway from this host: its bind address (MTF_GATEWAY_HOST, else
    MTF_HOST), or loopback when it listens on every interface."""
    host = env.get("MTF_GATEWAY_HOST") or env.get("MTF_HOST") or "127.0.0.1"
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def stack_env(database_url: str, work: Path, port_base: int, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MTF_JWT_SECRET": "stack-jwt-secret-0123456789abcdef0123456789",
        # a fresh key pair per service for each stack (the stack's processes each get their
        # own private key from `mtf up`)
        **ServiceKeys.generate().env(),
        "MTF_ADMIN_PASSWORD": "stack-admin-password",
        "MTF_PII_KEY": "stack-pii-key-0123456789abcdef0123456789",
        "MTF_CIN_HASH_KEY": "stack-cin-hash-key-0123456789abcdef0123",
        "MTF_LOG_FORMAT": "json",
        "MTF_LOG_DIR": str(work / "logs"),
        "MTF_RUN_DIR": str(work / "run"),
        "MTF_GATEWAY_PORT": str(port_base),
        **{f"MTF_{s.upper()}_PORT": str(port_base + i + 1) for i, s in enumerate(SERVICES)},
        **extra,
    }
    env.pop("OTEL_EXPORTER_OTLP_ENDPOINT", None)
    return env


@contextmanager
def running_stack(
    env: dict[str, str], work: Path, ready_timeout: float = 90, up_args: tuple[str, ...] = ()
) -> Iterator[RunningStack]:
    """`up_args`: passed to `mtf up` (e.g. `--no-worker`: the caller runs its own)."""
    python = sys.executable
    for step in (["migrate"], ["seed", "--demo"]):
        subprocess.run(
            [python, "-m", "mtf.cli", *step], env=env, cwd=ROOT, check=True, capture_output=True
        )
    supervisor = subprocess.Popen([python, "-m", "mtf.cli", "up", *up_args], env=env, cwd=ROOT)
    base = f"http://{gateway_address(env)}:{env['MTF_GATEWAY_PORT']}"
    deadline = time.monotonic() + ready_timeout
    try:
        while True:
            try:
                if httpx.get(f"{base}/health/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or supervisor.poll() is not None:
                raise RuntimeError(f"the stack did not become ready in {ready_timeout:.0f} s")
            time.sleep(0.3)
        yield RunningStack(base, env["MTF_ADMIN_PASSWORD"], env, work / "logs", work / "run")
    finally:
        supervisor.send_signal(signal.SIGTERM)
        try:
            supervisor.wait(timeout=20)
        except subprocess.TimeoutExpired:
            supervisor.kill()
