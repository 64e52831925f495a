"""Read-model projections with exactly-once tracking.

A projection reads the service's own notification log after its tracked position and
applies each event to its tables; the new position is written in the same transaction
as the view update, so a crash never applies an event twice or skips one. The tracking
row is locked while catching up, so a request and a worker never apply the same event
concurrently. `rebuild` empties the views and replays from zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Notification
from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, TextClause, text
from sqlalchemy.dialects.postgresql import BIGINT

from mtf.kernel.db import reads
from mtf.kernel.eventstore import ServiceEventStore


def tracking_table(metadata: MetaData) -> Table:
    return Table(
        "projection_tracking",
        metadata,
        Column("projection", String(100), primary_key=True),
        Column("position", BIGINT, nullable=False, server_default="0"),
    )


class Projection(Protocol):
    @property
    def name(self) -> str:
        """Unique name of the projection (its tracking row)."""
        ...

    @property
    def tables(self) -> Sequence[str]:
        """The tables it owns (emptied on rebuild)."""
        ...

    def apply(self, conn: Connection, event: DomainEventProtocol[UUID]) -> None:
        """Apply one event to the read model, using conn (the tracking transaction)."""
        ...


class Projector:
    def __init__(
        self, store: ServiceEventStore, engine: Engine, projection: Projection, batch: int = 500
    ) -> None:
        self.store = store
        self.engine = engine
        self.projection = projection
        self.batch = batch
        self._row_ready = False
        self._read_sql: TextClause | None = None
        self._probe_sql: TextClause | None = None

    def _lock_position(self, conn: Connection) -> int:
        if not self._row_ready:
            conn.execute(
                text(
                    "INSERT INTO projection_tracking (projection, position) VALUES (:p, 0) "
                    "ON CONFLICT (projection) DO NOTHING"
                ),
                {"p": self.projection.name},
            )
        row = conn.execute(
            text("SELECT position FROM projection_tracking WHERE projection = :p FOR UPDATE"),
            {"p": self.projection.name},
        ).one()
        self._row_ready = True
        return int(row[0])

    def catch_up(self) -> int:
        """Apply every event recorded so far; return how many were applied."""
        if self._row_ready and not self._anything_new():
            return 0
        applied = 0
        while True:
            with self.engine.begin() as conn:
                notifications = self._lock_and_read(conn)
                if not notifications:
                    return applied
                self._apply_batch(conn, notifications)
                applied += len(notifications)
            if len(notifications) < self.batch:
                return applied  # a short batch was the end of the log

    def _apply_batch(self, conn: Connection, notifications: list[Notification]) -> None:
        """Apply events and move the position, in the caller's transaction."""
        events = [self.store.mapper.to_domain_event(n) for n in notifications]
        apply_many = getattr(self.projection, "apply_many", None)
        if apply_many is not None:
            apply_many(conn, events)  # set-based projections write a batch at once
        else:
            for event in events:
                self.projection.apply(conn, event)
        conn.execute(
            text("UPDATE projection_tracking SET position = :pos WHERE projection = :p"),
            {"pos": notifications[-1].id, "p": self.projection.name},
        )

    def _events_table(self) -> str:
        recorder = self.store.recorder
        return f'"{recorder.datastore.schema}"."{recorder.events_table_name}"'  # type: ignore[attr-defined]

    def _anything_new(self) -> bool:
        """One autocommit query, no lock: most catch-ups in a request find nothing to do."""
        if self._probe_sql is None:
            self._probe_sql = text(
                f"SELECT EXISTS (SELECT 1 FROM {self._events_table()} WHERE notification_id > "
                "(SELECT position FROM projection_tracking WHERE projection = :p))"
            )
        with reads(self.engine).connect() as conn:
            return bool(conn.execute(self._probe_sql, {"p": self.projection.name}).scalar())

    def _lock_and_read(self, conn: Connection) -> list[Notification]:
        """Lock the tracking row and read the events after it, in one round trip on the
        projection's own connection (catching up with nothing new costs a query and a commit)."""
        if not self._row_ready:
            self._lock_position(conn)
        if self._read_sql is None:
            table = self._events_table()
            self._read_sql = text(
                "WITH t AS (SELECT position FROM projection_tracking WHERE projection = :p "
                "FOR UPDATE) SELECT e.notification_id, e.originator_id, e.originator_version, "
                f"e.topic, e.state FROM t JOIN LATERAL (SELECT * FROM {table} "
                "WHERE notification_id > t.position ORDER BY notification_id LIMIT :n) e ON true"
            )
        rows = conn.execute(self._read_sql, {"p": self.projection.name, "n": self.batch}).all()
        return [
            Notification(
                id=row[0],
                originator_id=row[1],
                originator_version=row[2],
                topic=row[3],
                state=bytes(row[4]),
            )
            for row in rows
        ]

    def rebuild(self) -> int:
        """Empty the views and replay the whole log, in one transaction: readers see the old
        views until the new ones are complete, and whoever waits on the tracking row (another
        projector, a feed follower reset by `reset`) goes on after the replay."""
        applied = 0
        with self.engine.begin() as conn:
            self._lock_position(conn)
            for table in self.projection.tables:
                conn.execute(text(f"TRUNCATE {table} CASCADE"))
            reset = getattr(self.projection, "reset", None)
            if reset is not None:  # what it keeps in tables it does not own (zeroed, not emptied)
                reset(conn)
            conn.execute(
                text("UPDATE projection_tracking SET position = 0 WHERE projection = :p"),
                {"p": self.projection.name},
            )
            while True:
                notifications = self._lock_and_read(conn)
                if not notifications:
                    break
                self._apply_batch(conn, notifications)
                applied += len(notifications)
                if len(notifications) < self.batch:
                    break
        return applied

    def position(self) -> int:
        with self.engine.connect() as conn:
            row = conn.execute(
                text("SELECT position FROM projection_tracking WHERE projection = :p"),
                {"p": self.projection.name},
            ).first()
        return int(row[0]) if row else 0
