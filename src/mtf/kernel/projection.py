"""Read-model projections with exactly-once tracking.

A projection reads the service's own notification log after its tracked position and
applies each event to its tables; the new position is written in the same transaction
as the view update, so a crash never applies an event twice or skips one. The tracking
row is locked while catching up, so a request and a worker never apply the same event
concurrently. `rebuild` empties the views and replays from zero.

An event that cannot be applied (a bug, a poisoned record) never blocks the events before
it, and never the reads: the batch is retried event by event, everything before the culprit
is applied, and the projector stops at the last good position, remembers the failure
(projection, event, error type; see kernel/observability.py), logs it once and raises
`ProjectionStuck`. `refresh()` is the catch-up for reads: it logs and goes on, so the API
answers from the last good state while /health/ready names what is stuck.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Notification
from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, TextClause, text
from sqlalchemy.dialects.postgresql import BIGINT
from sqlalchemy.exc import DBAPIError, OperationalError

from mtf.kernel.db import reads
from mtf.kernel.errors import ServiceUnavailable
from mtf.kernel.eventstore import ServiceEventStore
from mtf.kernel.logging import get_logger
from mtf.kernel.observability import (
    PROJECTION,
    StreamFailure,
    clear_failure,
    database_key,
    failure_of,
    record_failure,
)

log = get_logger("mtf.projection")

# a stuck projector tries its failing event again at most this often per process (a fix
# deployed, a row repaired), not on every read
RETRY_STUCK_SECONDS = 5.0


class ProjectionStuck(ServiceUnavailable):
    """A projection cannot apply an event; its views stay as of the event before."""

    def __init__(self, failure: StreamFailure) -> None:
        super().__init__(
            f"the read model {failure.name} is stuck at event {failure.event_id} "
            f"({failure.event_type}: {failure.error_type}); its views are as of event "
            f"{failure.position}",
            extra={"stuck": failure.as_dict()},
        )
        self.failure = failure


def _connection_lost(exc: BaseException) -> bool:
    """The database went away: not the event's fault, nothing to remember."""
    return isinstance(exc, OperationalError) or (
        isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)
    )


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
        self._db = database_key(engine)
        self._failed_at = 0.0
        self._refresh_lock = threading.Lock()
        self._refresh_started = float("-inf")
        self._catch_up_lock = threading.Lock()
        self._caught_up_from = float("-inf")  # the start of the last full catch-up that ended well

    def _ensure_row(self) -> None:
        """The tracking row, committed on its own: a first batch rolled back (an event that
        cannot be applied) must not take it away, or the stuck projection is never seen."""
        if self._row_ready:
            return
        with self.engine.begin() as own:
            own.execute(
                text(
                    "INSERT INTO projection_tracking (projection, position) VALUES (:p, 0) "
                    "ON CONFLICT (projection) DO NOTHING"
                ),
                {"p": self.projection.name},
            )
        self._row_ready = True

    def _lock_position(self, conn: Connection) -> int:
        self._ensure_row()
        row = conn.execute(
            text("SELECT position FROM projection_tracking WHERE projection = :p FOR UPDATE"),
            {"p": self.projection.name},
        ).one()
        return int(row[0])

    @property
    def failure(self) -> StreamFailure | None:
        """The event this projection is stuck on, as far as this process knows."""
        return failure_of(self._db, PROJECTION, self.projection.name)

    def catch_up(self, max_batches: int | None = None) -> int:
        """Apply every event recorded so far (at most `max_batches` batches of them: the
        worker's turn); return how many were applied. Raises `ProjectionStuck` (after applying
        everything before it) on an event that fails.

        Concurrent full catch-ups in one process (the requests that each wrote a few events)
        share the work: a caller that finds one running waits for it, and if a catch-up that
        *started after this call did* has ended well meanwhile, every event recorded before
        this call is applied (the log hands out ids in commit order), so it returns at once.
        Eight concurrent writers then run two or three catch-ups, not eight that queue on
        the tracking row's lock one after the other."""
        if max_batches is not None:
            return self._catch_up(max_batches)
        asked = time.monotonic()
        with self._catch_up_lock:
            if self._caught_up_from > asked:
                return 0
            started = time.monotonic()
            applied = self._catch_up(None)
            self._caught_up_from = started
            return applied

    def _catch_up(self, max_batches: int | None) -> int:
        stuck = self.failure
        if stuck is not None and time.monotonic() - self._failed_at < RETRY_STUCK_SECONDS:
            raise ProjectionStuck(stuck)
        if self._row_ready and not self._anything_new():
            if stuck is not None:
                self._healthy()
            return 0
        applied = 0
        batches = 0
        while True:
            notifications: list[Notification] = []
            try:
                with self.engine.begin() as conn:
                    notifications = self._lock_and_read(conn)
                    if notifications:
                        self._apply_batch(conn, notifications)
            except Exception as exc:
                if not notifications or _connection_lost(exc):
                    raise
                applied += self._apply_one_by_one(notifications)  # raises on the culprit
            else:
                applied += len(notifications)
            if len(notifications) < self.batch:
                self._healthy()
                return applied  # a short batch was the end of the log
            batches += 1
            if max_batches is not None and batches >= max_batches:
                return applied  # more to come: the caller gives others a turn first

    def refresh(self) -> int:
        """Catch up before a read: a failure is logged (once) and remembered, and the read
        answers from the last good state.

        Concurrent reads share one catch-up: a caller that finds another's catch-up running
        waits for it, and if a catch-up that *started after this call did* has finished
        meanwhile, it has applied every event recorded before this call (what a caller wrote
        included), so there is nothing left to look for. Busy reads probe the log a few
        times per batch of requests, not once each."""
        asked = time.monotonic()
        with self._refresh_lock:
            if self._refresh_started > asked:
                return 0
            self._refresh_started = time.monotonic()
            return self._refresh()

    def _refresh(self) -> int:
        try:
            return self.catch_up()
        except ProjectionStuck:
            return 0
        except Exception as exc:
            log.warning(
                "projection_catch_up_failed",
                projection=self.projection.name,
                error_type=type(exc).__name__,
            )
            return 0

    def _healthy(self) -> None:
        if self.failure is not None:
            clear_failure(self._db, PROJECTION, self.projection.name)

    def _apply_one_by_one(self, notifications: list[Notification]) -> int:
        """A batch failed: apply its events one per transaction up to the one that fails."""
        applied = 0
        for notification in notifications:
            with self.engine.begin() as conn:
                position = self._lock_position(conn)
                if notification.id <= position:
                    continue  # another process applied it meanwhile
                try:
                    with conn.begin_nested():
                        self._apply_batch(conn, [notification])
                except Exception as exc:
                    if _connection_lost(exc):
                        raise
                    failure = StreamFailure(
                        kind=PROJECTION,
                        name=self.projection.name,
                        position=position,
                        event_id=notification.id,
                        event_type=notification.topic.rpartition(":")[2],
                        error_type=type(exc).__name__,
                        since=datetime.now(UTC),
                    )
                    self._failed_at = time.monotonic()
                    if record_failure(self._db, failure):
                        log.error(
                            "projection_stuck",
                            projection=failure.name,
                            position=failure.position,
                            event_id=failure.event_id,
                            event_type=failure.event_type,
                            error_type=failure.error_type,
                            sqlstate=getattr(getattr(exc, "orig", None), "sqlstate", None),
                        )
                    raise ProjectionStuck(failure) from exc
            applied += 1
        return applied

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
            # the log's head against the position: max() reads the primary key's last entry;
            # an EXISTS over `notification_id > (subquery)` was planned as a sequential scan
            # (171 ms at 326,000 events, once per catch-up: minutes in a collections run)
            self._probe_sql = text(
                f"SELECT (SELECT max(notification_id) FROM {self._events_table()}) > "
                "(SELECT position FROM projection_tracking WHERE projection = :p)"
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

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Empty the views and replay the whole log, in one transaction: readers see the old
        views until the new ones are complete, and whoever waits on the tracking row (another
        projector, a feed follower reset by `reset`) goes on after the replay. `progress` is
        told after each batch how far the replay is: (events replayed, the log's head)."""
        applied = 0
        with self.engine.begin() as conn:
            head = int(
                conn.execute(
                    text(f"SELECT coalesce(max(notification_id), 0) FROM {self._events_table()}")
                ).scalar_one()
            )
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
                if progress is not None:
                    progress(int(notifications[-1].id), head)
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
