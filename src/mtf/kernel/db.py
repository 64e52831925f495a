"""PostgreSQL plumbing: DSNs, the per-service schema, SQLAlchemy engines."""

from __future__ import annotations

import re
import time
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from sqlalchemy import ColumnElement, Engine, any_, bindparam, create_engine, event, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DisconnectionError

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


IDLE_PING_SECONDS = 5.0


def make_engine(dsn: str, schema: str, *, pool_size: int = 5) -> Engine:
    engine = create_engine(
        sqlalchemy_url(dsn),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=15,
        # the service shows in pg_stat_activity by name
        connect_args={
            "options": f"-c search_path={schema},public",
            "application_name": f"mtf-{schema}",
        },
    )
    _ping_when_idle(engine)
    engine.update_execution_options(mtf_schema=schema)  # which service's tables (see schema_of)
    return engine


def schema_of(engine: Engine) -> str:
    """The schema an engine made by `make_engine` works in ("" for another engine)."""
    return str(engine.get_execution_options().get("mtf_schema", ""))


def reads(engine: Engine) -> Engine:
    """The same pool for read-only work in autocommit: one round trip per query instead of
    BEGIN, query, ROLLBACK. Each statement sees its own snapshot, so a view that needs one
    snapshot across several statements must open a transaction on the plain engine."""
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def any_of(column: Any, values: list[Any]) -> ColumnElement[bool]:
    """`column = ANY(:values)`, the values sent as one array: the statement's text is the
    same whatever their number (`IN (...)` has one placeholder per value, so each length is
    another statement for psycopg's prepared-statement cache and PostgreSQL's planner)."""
    return column == any_(bindparam(None, values, type_=ARRAY(column.type), unique=True))


def _ping_when_idle(engine: Engine) -> None:
    """Survive a database restart without paying a round trip on every checkout: a
    connection that sat in the pool for a while is pinged first, and replaced if dead. (A
    connection that dies while busy fails that statement; SQLAlchemy then empties the pool.)"""

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < IDLE_PING_SECONDS:
            return
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as exc:
            raise DisconnectionError("connection found dead in the pool") from exc


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
        # checked first: a service's own role owns its schema but may not create schemas
        if conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone():
            return
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))


def ping(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        return False
    return True
