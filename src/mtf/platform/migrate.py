"""Migrations: each service's schema, read-model tables (Alembic) and event tables
(eventsourcing). Idempotent: run at every start. `migrate_to` moves them to a release or a
revision, down as well as up (docs/operations/releases.md)."""

from __future__ import annotations

import importlib
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from alembic import command
from alembic.config import Config
from alembic.script import Script, ScriptDirectory

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


# --- releases, moving to one, rolling back (docs/operations/releases.md) -------------------


class MigrateRefused(Exception):
    """A move that would lose data (or leave events the target cannot read): not started."""


@dataclass(frozen=True)
class Release:
    name: str
    heads: dict[str, str]
    event_types_added: dict[str, tuple[str, ...]]


def releases() -> list[Release]:
    """migrations/releases.toml, oldest first."""
    with (migrations_dir() / "releases.toml").open("rb") as f:
        data = tomllib.load(f)
    return [
        Release(
            name=entry["name"],
            heads=dict(entry["heads"]),
            event_types_added={k: tuple(v) for k, v in entry.get("event_types_added", {}).items()},
        )
        for entry in data["release"]
    ]


def script(service: str) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(service, "postgresql://unused/unused"))


def chain(service: str) -> list[Script]:
    """The service's revisions, oldest first (one linear history per service)."""
    return list(reversed(list(script(service).walk_revisions())))


def current_revision(settings: Settings, service: str) -> str | None:
    schema = schema_for(service)
    with psycopg.connect(settings.database_url_for(service), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_tables WHERE schemaname = %s AND tablename = 'alembic_version'",
            (schema,),
        ).fetchone()
        if not exists:
            return None
        row = conn.execute(f'SELECT version_num FROM "{schema}".alembic_version').fetchone()
    return str(row[0]) if row else None


def release_of(service: str, revision: str | None) -> list[str]:
    return [r.name for r in releases() if r.heads.get(service) == revision]


def status(settings: Settings, services: tuple[str, ...] = SERVICES) -> dict[str, Any]:
    """Each service's revision, the head of its chain and the releases that revision is."""
    report: dict[str, Any] = {}
    for service in services:
        revision = current_revision(settings, service)
        report[service] = {
            "revision": revision,
            "head": chain(service)[-1].revision,
            "releases": release_of(service, revision),
        }
    return report


@dataclass
class Step:
    service: str
    current: str | None
    target: str | None  # None: base (nothing)
    direction: str  # "upgrade", "downgrade" or "none"
    losses: list[str]  # what the downgrade steps declare they lose (LOSSY_DOWNGRADE)
    unreadable_events: dict[str, int]  # topic -> count the target release cannot read


def _position(service: str, revision: str | None) -> int:
    if revision is None:
        return 0
    ids = [s.revision for s in chain(service)]
    if revision not in ids:
        raise ValueError(f"{revision!r} is not a revision of {service} ({', '.join(ids)})")
    return ids.index(revision) + 1


def _unreadable_events(settings: Settings, service: str, target: str | None) -> dict[str, int]:
    """Events of the types added by releases after the one `target` is the head of."""
    later: list[str] = []
    for release in releases():
        if release.heads.get(service) is not None and _position(
            service, release.heads[service]
        ) > _position(service, target):
            later.extend(release.event_types_added.get(service, ()))
    if not later:
        return {}
    schema = schema_for(service)
    with psycopg.connect(settings.database_url_for(service), autocommit=True) as conn:
        if not conn.execute(
            "SELECT 1 FROM pg_tables WHERE schemaname = %s AND tablename = %s",
            (schema, f"{service}_events"),
        ).fetchone():
            return {}
        rows = conn.execute(
            f'SELECT topic, count(*) FROM "{schema}"."{service}_events" '
            "WHERE topic = ANY(%s) GROUP BY topic ORDER BY topic",
            (later,),
        ).fetchall()
    return {str(topic): int(count) for topic, count in rows}


def plan(settings: Settings, target: str, services: tuple[str, ...] = ()) -> list[Step]:
    """What `mtf migrate --to TARGET` would do. TARGET is a release name (every service, or
    the ones given, to that release's heads), a revision (`billing_0002`: that service
    only), or `base` (nothing left of the services' tables: tests and throwaway databases)."""
    by_release = {r.name: r for r in releases()}
    if target in by_release:
        targets: dict[str, str | None] = {
            s: by_release[target].heads[s] for s in (services or SERVICES)
        }
    elif target == "base":
        targets = {s: None for s in (services or SERVICES)}
    else:
        owner = [s for s in SERVICES if any(x.revision == target for x in chain(s))]
        if not owner:
            raise ValueError(
                f"{target!r} is neither a release ({', '.join(by_release)}) nor a revision"
            )
        if services and tuple(services) != (owner[0],):
            raise ValueError(
                f"{target!r} is a revision of {owner[0]}, not of {', '.join(services)}"
            )
        targets = {owner[0]: target}
    steps: list[Step] = []
    for service, wanted in targets.items():
        current = current_revision(settings, service)
        here, there = _position(service, current), _position(service, wanted)
        direction = "none" if here == there else ("upgrade" if there > here else "downgrade")
        losses: list[str] = []
        unreadable: dict[str, int] = {}
        if direction == "downgrade":
            for rev in chain(service)[there:here]:
                lossy = getattr(rev.module, "LOSSY_DOWNGRADE", None)
                if lossy:
                    losses.append(f"{rev.revision}: {' '.join(lossy.split())}")
            unreadable = _unreadable_events(settings, service, wanted)
        steps.append(Step(service, current, wanted, direction, losses, unreadable))
    return steps


def migrate_to(
    settings: Settings, target: str, services: tuple[str, ...] = (), *, accept_loss: bool = False
) -> list[Step]:
    """Move the schemas to TARGET (see `plan`), up or down. A downgrade whose steps declare a
    loss, or past events the target cannot read, is refused whole (nothing moved) unless
    `accept_loss`."""
    steps = plan(settings, target, services)
    refusals = [
        f"{s.service}: "
        + "; ".join(
            s.losses
            + [
                f"{n} {topic} event(s) the target cannot read"
                for topic, n in s.unreadable_events.items()
            ]
        )
        for s in steps
        if s.losses or s.unreadable_events
    ]
    if refusals and not accept_loss:
        raise MigrateRefused(
            "this downgrade loses data or leaves events the target release cannot read "
            "(take a backup first; run again with --accept-loss to go on):\n  "
            + "\n  ".join(refusals)
        )
    # downgrades in the reverse order of the services' dependencies, upgrades in order
    ordered = [s for s in reversed(steps) if s.direction == "downgrade"] + [
        s for s in steps if s.direction == "upgrade"
    ]
    for step in ordered:
        dsn = settings.database_url_for(step.service)
        config = alembic_config(step.service, dsn)
        if step.direction == "upgrade":
            ensure_database(dsn)
            ensure_schema(dsn, schema_for(step.service))
            command.upgrade(config, step.target or "base")
        else:
            command.downgrade(config, step.target or "base")
        log.info(
            "migrated_to",
            target=step.service,
            direction=step.direction,
            revision=step.target or "base",
            accepted_losses=len(step.losses),
        )
    return steps
