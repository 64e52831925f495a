"""Alembic environment: one linear history per service, each in its own schema.

Run through `mtf migrate` (which sets the service and DSN). The eventsourcing library owns
the `<service>_events` / `_snapshots` / `_tracking` tables: autogenerate ignores them.
"""

from __future__ import annotations

import importlib
from typing import Any

from alembic import context
from sqlalchemy import MetaData, create_engine, pool, text

config = context.config
service: str = config.attributes["service"]
url: str = config.attributes["sqlalchemy_url"]
schema = service

EVENTSOURCING_TABLES = {f"{service}_events", f"{service}_snapshots", f"{service}_tracking"}


def target_metadata() -> MetaData | None:
    try:
        module = importlib.import_module(f"mtf.{service}.adapters.postgres.read_model")
    except ModuleNotFoundError:
        return None
    metadata: MetaData = module.metadata
    return metadata


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    return not (type_ == "table" and name in EVENTSOURCING_TABLES)


def run_migrations_online() -> None:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}
        ).first()
        if not exists:  # (a service's own role may own its schema without CREATE on the db)
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        connection.execute(text(f'SET search_path TO "{schema}", public'))
        connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata(),
            version_table_schema=schema,
            include_schemas=False,
            include_object=include_object,
        )
        with context.begin_transaction():
            # one migrator per service at a time, even with several launchers racing
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:s))"), {"s": schema})
            context.run_migrations()


run_migrations_online()
