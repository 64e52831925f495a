"""PostgreSQL plumbing: DSNs, the per-service schema, SQLAlchemy engines."""

from __future__ import annotations

import re

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from sqlalchemy import Engine, create_engine, text

_SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]*$")


def schema_for(service: str) -> str:
    """Each service owns exactly one schema, named after it."""
    if not _SCHEMA_RE.match(service):
        raise ValueError(f"invalid service name {service!r}")
    return service


def conninfo_parts(dsn: str) -> dict[str, str]:
    parts = {k: str(v) for k, v in conninfo_to_dict(dsn).items() if v is not None}
    parts.setdefault("host", "localhost")
    parts.setdefault("port", "5432")
    parts.setdefault("user", "postgres")
    parts.setdefault("dbname", parts["user"])
    return parts


def with_database(dsn: str, dbname: str) -> str:
    parts = conninfo_parts(dsn)
    parts["dbname"] = dbname
    return make_conninfo(**parts)


def sqlalchemy_url(dsn: str) -> str:
    """A libpq DSN or URI as an SQLAlchemy URL for the psycopg 3 driver."""
    parts = conninfo_parts(dsn)
    from sqlalchemy.engine import URL

    query: dict[str, str] = {}
    host = parts.get("host", "localhost")
    if host.startswith("/"):
        query["host"] = host
        host_value = None
    else:
        host_value = host
    return URL.create(
        "postgresql+psycopg",
        username=parts.get("user"),
        password=parts.get("password") or None,
        host=host_value,
        port=int(parts["port"]) if parts.get("port") else None,
        database=parts.get("dbname"),
        query=query,
    ).render_as_string(hide_password=False)


def make_engine(dsn: str, schema: str, *, pool_size: int = 5) -> Engine:
    return create_engine(
        sqlalchemy_url(dsn),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=15,
        pool_pre_ping=True,  # survives a database restart (costs one round trip per checkout)
        connect_args={"options": f"-c search_path={schema},public"},
    )


def ensure_database(dsn: str) -> None:
    """Create the database named in the DSN when it does not exist yet."""
    parts = conninfo_parts(dsn)
    target = parts["dbname"]
    admin = with_database(dsn, "postgres")
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (target,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))


def ensure_schema(dsn: str, schema: str) -> None:
    with psycopg.connect(dsn, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))


def ping(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        return False
    return True
