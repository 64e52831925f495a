"""Shared fixtures: a real PostgreSQL (the configured server, else the embedded one) and a
fresh database per test session, never leftovers."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from mtf.kernel.db import conninfo_parts, with_database
from mtf.kernel.embedded_pg import ensure_postgres
from mtf.kernel.service_keys import ServiceKeys
from mtf.kernel.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]


def _server_dsn() -> str:
    configured = os.environ.get("MTF_TEST_DATABASE_URL") or os.environ.get(
        "DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    dsn, _embedded = ensure_postgres(configured, ROOT / ".mtf" / "pgdata-test")
    return dsn


@pytest.fixture(scope="session")
def server_dsn() -> str:
    return _server_dsn()


class Databases:
    """Creates throwaway databases on the test server and drops them at the end."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.created: list[str] = []

    def create(self, prefix: str = "mtf_test") -> str:
        name = f"{prefix}_{secrets.token_hex(4)}"
        with psycopg.connect(with_database(self.server, "postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.created.append(name)
        return with_database(self.server, name)

    def drop_all(self) -> None:
        with psycopg.connect(with_database(self.server, "postgres"), autocommit=True) as conn:
            for name in self.created:
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    (name,),
                )
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def databases(server_dsn: str) -> Iterator[Databases]:
    dbs = Databases(server_dsn)
    yield dbs
    dbs.drop_all()


# generating seven Ed25519 pairs is cheap, but one set for the session keeps the token caches warm
TEST_SERVICE_KEYS = ServiceKeys.generate()


def make_settings(dsn: str, **overrides: object) -> Settings:
    base = load_settings()
    settings = replace(
        base,
        database_url=dsn,
        service_database_urls={},
        jwt_secret="test-jwt-secret-" + secrets.token_hex(16),
        service_keys=TEST_SERVICE_KEYS,
        admin_password="test-admin-password",
        pii_key="test-pii-key-" + secrets.token_hex(16),
        cin_hash_key="test-cin-key-" + secrets.token_hex(16),
        log_format="json",
        otlp_endpoint="",
        auto_bill_run=False,
    )
    return replace(settings, **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def migrated_settings(databases: Databases) -> Settings:
    """A fresh, migrated database with the admin operator seeded."""
    from mtf.platform.migrate import migrate_all
    from mtf.platform.seed import seed_admin

    settings = make_settings(databases.create())
    migrate_all(settings)
    seed_admin(settings)
    return settings


def database_name(dsn: str) -> str:
    return conninfo_parts(dsn)["dbname"]
