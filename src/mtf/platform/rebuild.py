"""`mtf rebuild`: replay a service's events into its read models from zero, and check (or
rebuild) the write-side ledgers against the events: collections' settlements (payment
events), billing's billed days and invoice credits (invoice and credit-note events). For operators and
auditors: the views are only ever a function of the event history."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from mtf.kernel.errors import DomainError
from mtf.kernel.projection import Projector
from mtf.kernel.settings import SERVICES, Settings


def check_projection(projector: Projector) -> dict[str, Any]:
    """Replay the whole log into empty views inside one transaction, compare every table
    with the live one (caught up to the same position first), then roll back: the live views
    are untouched, readers never wait. Columns that another service's feed fills in (declared
    by the projection as `feed_columns`) are left out of the comparison; the collections
    ledger has its own check."""
    projection = projector.projection
    ignored: dict[str, tuple[str, ...]] = getattr(projection, "feed_columns", {})
    differences: dict[str, int] = {}
    conn = projector.engine.connect()
    try:
        with conn.begin() as tx:
            projector._lock_position(conn)
            while notifications := projector._lock_and_read(conn):  # the live views to the head
                projector._apply_batch(conn, notifications)
            live: dict[str, str] = {}
            for table in projection.tables:
                columns = [
                    r[0]
                    for r in conn.execute(
                        text(
                            "SELECT column_name FROM information_schema.columns "
                            "WHERE table_schema = current_schema() AND table_name = :t "
                            "ORDER BY ordinal_position"
                        ),
                        {"t": table},
                    )
                    if r[0] not in ignored.get(table, ())
                ]
                live[table] = ", ".join(f'"{c}"' for c in columns)
                conn.execute(
                    text(
                        f'CREATE TEMP TABLE "_live_{table}" ON COMMIT DROP AS '
                        f"SELECT {live[table]} FROM {table}"
                    )
                )
            for table in projection.tables:
                conn.execute(text(f"TRUNCATE {table} CASCADE"))
            reset = getattr(projection, "reset", None)
            if reset is not None:
                reset(conn)
            conn.execute(
                text("UPDATE projection_tracking SET position = 0 WHERE projection = :p"),
                {"p": projection.name},
            )
            while notifications := projector._lock_and_read(conn):
                projector._apply_batch(conn, notifications)
            for table, wanted in live.items():
                count = conn.execute(
                    text(
                        f'SELECT (SELECT count(*) FROM (SELECT {wanted} FROM "_live_{table}" '
                        f"EXCEPT ALL SELECT {wanted} FROM {table}) a) + (SELECT count(*) FROM "
                        f"(SELECT {wanted} FROM {table} EXCEPT ALL SELECT {wanted} "
                        f'FROM "_live_{table}") b)'
                    )
                ).scalar_one()
                if count:
                    differences[table] = int(count)
            tx.rollback()
    finally:
        conn.close()
    return {"differences": differences, "matches": not differences}


def rebuild(
    settings: Settings,
    services: tuple[str, ...],
    *,
    check_only: bool,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Replay (or, with `check_only`, compare) every projection of these services;
    `progress(projection, position, head)` is told after each batch of a replay."""
    report: dict[str, Any] = {}
    for service in services or SERVICES:
        module: Any = importlib.import_module(f"mtf.{service}.app")
        projectors = (
            module.build_projectors(settings) if hasattr(module, "build_projectors") else []
        )
        entry: dict[str, Any] = {}
        if check_only:
            for projector in projectors:
                entry[projector.projection.name] = check_projection(projector)
        else:
            for projector in projectors:
                name = projector.projection.name
                told = (lambda p, h, n=name: progress(n, p, h)) if progress else None
                entry[name] = {"events_replayed": projector.rebuild(told)}
            # feeds whose effects live in the replayed views are followed again from the start
            # (now if the services answer, else by the worker once they do)
            for follower in getattr(module, "build_followers", lambda _s: [])(settings):
                try:
                    entry[follower.name] = {"events_followed": follower.catch_up()}
                except DomainError as exc:
                    entry[follower.name] = {"deferred_to_the_worker": exc.detail}
        if service == "collections":
            from mtf.collections.adapters.postgres.settlements import check_or_rebuild_settlements

            [projector] = projectors
            differences = check_or_rebuild_settlements(
                projector.engine, projector, rebuild=not check_only
            )
            entry["settlements"] = {
                "differences": [{k: str(v) for k, v in d.items()} for d in differences],
                "rebuilt": not check_only,
            }
        if service == "billing":
            from mtf.billing.adapters.postgres.ledgers import check_or_rebuild_ledgers

            [projector] = projectors
            found = check_or_rebuild_ledgers(projector.engine, projector, rebuild=not check_only)
            entry["ledgers"] = {
                "differences": [{k: str(v) for k, v in d.items()} for d in found],
                "rebuilt": not check_only,
            }
        report[service] = entry
    return report
