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


def create_database(name: str | None = None) -> str:
    """A throwaway database on the server of `DATABASE_URL` (default the local one), or one
    of the given name (which must not exist yet); its DSN."""
    import secrets

    import psycopg
    from psycopg import sql

    from mtf.kernel.db import with_database

    server = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = name or f"mtf_bench_{secrets.token_hex(3)}"
    with psycopg.connect(with_database(server, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return with_database(server, name)


def drop_database(dsn: str) -> None:
    import psycopg
    from psycopg import sql

    from mtf.kernel.db import conninfo_parts, with_database

    name = conninfo_parts(dsn)["dbname"]
    with psycopg.connect(with_database(dsn, "postgres"), autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def billed_month(months_back: int = 3) -> tuple[str, str, str]:
    """A finished month some months before today, for benchmarks that bill one: (its first
    day, its period, the day after it: a valid `as_of`). Derived from today so the
    benchmarks keep working whatever the date (the checkout refuses dates far back)."""
    from datetime import date

    today = date.today()
    index = today.year * 12 + today.month - 1 - months_back
    first = date(index // 12, index % 12 + 1, 1)
    after = date((index + 1) // 12, (index + 1) % 12 + 1, 1)
    return first.isoformat(), first.strftime("%Y-%m"), after.isoformat()
