"""Migrations: each service's schema, read-model tables (Alembic) and event tables
(eventsourcing). Idempotent: run at every start."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from alembic import command
from alembic.config import Config

from mtf.kernel.db import ensure_database, ensure_schema, schema_for, sqlalchemy_url
from mtf.kernel.logging import get_logger
from mtf.kernel.settings import SERVICES, Settings

log = get_logger("mtf.migrate")


def migrations_dir() -> Path:
    configured = os.environ.get("MTF_MIGRATIONS_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "migrations"


def alembic_config(service: str, dsn: str) -> Config:
    root = migrations_dir()
    config = Config()
    config.set_main_option("script_location", str(root))
    config.set_main_option("version_locations", str(root / "versions" / service))
    config.set_main_option("path_separator", "os")
    config.attributes["service"] = service
    config.attributes["sqlalchemy_url"] = sqlalchemy_url(dsn)
    return config


def migrate_service(settings: Settings, service: str) -> None:
    dsn = settings.database_url_for(service)
    ensure_database(dsn)
    schema = schema_for(service)
    ensure_schema(dsn, schema)
    command.upgrade(alembic_config(service, dsn), "head")
    module = importlib.import_module(f"mtf.{service}.app")
    build_store = getattr(module, "build_event_store", None)
    if build_store is not None:
        store = build_store(settings)  # creates the event tables if missing
        store.close()
    log.info("migrated", target=service, schema=schema)


def migrate_all(settings: Settings, services: tuple[str, ...] = SERVICES) -> None:
    for service in services:
        migrate_service(settings, service)
