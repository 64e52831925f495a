"""Following another service's event feed, exactly once.

A follower pulls `/internal/events` after its recorded position and applies each event in
one transaction with the new position (row-locked, so several workers never apply the same
event; a crash never applies one twice or skips one).

An event the handler cannot apply stops the follower right before it: the page is retried
event by event (a savepoint each), what comes before the culprit is applied, and the failure
is remembered (follower, feed position, error type; kernel/observability.py) for
/health/ready and /metrics, logged once, and raised as `FeedStuck`."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, text

from mtf.kernel.db import reads
from mtf.kernel.errors import ServiceUnavailable
from mtf.kernel.logging import get_logger
from mtf.kernel.observability import (
    FEED,
    StreamFailure,
    clear_failure,
    database_key,
    failure_of,
    record_failure,
    record_head,
    register_follower,
)
from mtf.kernel.service_client import ServiceClient
from mtf.kernel.service_keys import EVENTS

log = get_logger("mtf.follower")

RETRY_STUCK_SECONDS = 5.0


class FeedStuck(ServiceUnavailable):
    """A follower cannot apply an event of its feed; its tables stay as of the one before."""

    def __init__(self, failure: StreamFailure) -> None:
        super().__init__(
            f"the feed follower {failure.name} is stuck at position {failure.event_id} "
            f"({failure.event_type}: {failure.error_type})",
            extra={"stuck": failure.as_dict()},
        )
        self.failure = failure


EventHandler = Callable[[Connection, dict[str, Any]], None]


class FeedFollower:
    def __init__(
        self,
        name: str,
        source: ServiceClient,
        engine: Engine,
        handler: EventHandler,
        batch: int = 200,
    ) -> None:
        self.name = name
        self.source = source
        self.engine = engine
        self.handler = handler
        self.batch = batch
        self._row_ready = False
        self._fresh = threading.Condition()
        self._catching_up = False
        self._last_start = float("-inf")
        self._db = database_key(engine)
        self._failed_at = 0.0
        self._more = False
        register_follower(self._db, self)

    @property
    def failure(self) -> StreamFailure | None:
        return failure_of(self._db, FEED, self.name)

    def source_head(self) -> int:
        """The last position of the source's feed (asked when not known yet)."""
        page = self.source.get("/internal/events", params={"after": 0, "limit": 1}, needs=(EVENTS,))
        head = int(page.get("max_position", 0))
        record_head(self._db, self.name, head)
        return head

    def poll(self) -> int:
        """Apply one page of new events; return how many were applied."""
        stuck = self.failure
        if stuck is not None and time.monotonic() - self._failed_at < RETRY_STUCK_SECONDS:
            raise FeedStuck(stuck)
        failure: StreamFailure | None = None
        if not self._row_ready:  # committed on its own: a source that fails rolls back the rest
            with self.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO feed_tracking (follower, position) VALUES (:f, 0) "
                        "ON CONFLICT (follower) DO NOTHING"
                    ),
                    {"f": self.name},
                )
            self._row_ready = True
        # asked first without a lock or a transaction: most polls (a read's catch-up, the
        # worker's pass) find nothing new, and then cost one query and the source's answer
        with reads(self.engine).connect() as peek:
            seen = peek.execute(
                text("SELECT position FROM feed_tracking WHERE follower = :f"), {"f": self.name}
            ).scalar_one()
        page = self._page(seen)
        if not page["items"] and int(page["last_position"]) <= seen:
            self._more = False
            if stuck is not None:
                clear_failure(self._db, FEED, self.name)
            return 0
        with self.engine.begin() as conn:
            position = conn.execute(
                text("SELECT position FROM feed_tracking WHERE follower = :f FOR UPDATE"),
                {"f": self.name},
            ).scalar_one()
            if position != seen:  # another process applied some meanwhile: from where it is
                page = self._page(position)
            items = page["items"]
            # past the events the source does not publish, too
            reached = max(int(page["last_position"]), position)
            self._more = reached < int(page.get("max_position", reached))
            try:
                with conn.begin_nested():  # the whole page at once (the usual case)
                    for event in items:
                        self.handler(conn, event)
            except Exception:
                reached, applied, failure = self._one_by_one(conn, position, items)
                items = items[:applied]
            if reached != position:
                conn.execute(
                    text("UPDATE feed_tracking SET position = :p WHERE follower = :f"),
                    {"p": reached, "f": self.name},
                )
        if failure is not None:
            raise FeedStuck(failure)
        if stuck is not None:
            clear_failure(self._db, FEED, self.name)
        return len(items)

    def _page(self, after: int) -> dict[str, Any]:
        page: dict[str, Any] = self.source.get(
            "/internal/events", params={"after": after, "limit": self.batch}, needs=(EVENTS,)
        )
        if "max_position" in page:
            record_head(self._db, self.name, int(page["max_position"]))
        return page

    def _one_by_one(
        self, conn: Connection, position: int, items: list[dict[str, Any]]
    ) -> tuple[int, int, StreamFailure | None]:
        """Apply a page that failed event by event: the position reached, how many were
        applied, and the failure of the culprit."""
        reached = position
        for applied, event in enumerate(items):
            try:
                with conn.begin_nested():
                    self.handler(conn, event)
            except Exception as exc:
                failure = StreamFailure(
                    kind=FEED,
                    name=self.name,
                    position=int(reached),
                    event_id=int(event.get("position", 0)),
                    event_type=str(event.get("event_type")),
                    error_type=type(exc).__name__,
                    since=datetime.now(UTC),
                )
                self._failed_at = time.monotonic()
                if record_failure(self._db, failure):
                    log.error(
                        "feed_follower_stuck",
                        follower=self.name,
                        position=failure.position,
                        event_id=failure.event_id,
                        event_type=failure.event_type,
                        error_type=failure.error_type,
                        sqlstate=getattr(getattr(exc, "orig", None), "sqlstate", None),
                    )
                return reached, applied, failure
            reached = event["position"]
        return reached, len(items), None

    def catch_up(self) -> int:
        total = 0
        while True:
            self._more = False
            total += self.poll()
            if not self._more:  # the page reached the source's last position
                return total

    def catch_up_within(self, seconds: float = 0.0) -> int:
        """Make sure a catch-up that started at most `seconds` before this call has finished:
        what the source recorded before then is applied (with 0, everything recorded before
        this call: a read right after a write elsewhere sees it). Callers that arrive while a
        catch-up runs wait for it and then share the next one, so a busy service runs one
        catch-up after another, never one per request.
        If the source does not answer, this logs and returns (the worker catches up later).
        Returns how many events this caller's own catch-up applied (0 when it shared one)."""
        wanted = time.monotonic() - seconds
        applied = 0
        with self._fresh:
            while self._last_start < wanted:
                if self._catching_up:  # started before this call: the next one is shared
                    self._fresh.wait()
                    continue
                self._catching_up = True
                started = time.monotonic()
                self._fresh.release()
                try:
                    applied += self._catch_up_logged()
                finally:
                    self._fresh.acquire()
                    self._catching_up = False
                    self._last_start = max(self._last_start, started)
                    self._fresh.notify_all()
        return applied

    def _catch_up_logged(self) -> int:
        try:
            return self.catch_up()
        except FeedStuck:
            return 0  # logged once, shown by /health/ready; the caller goes on with what it has
        except Exception as exc:  # the caller goes on with what it has
            log.warning(
                "feed_catch_up_failed",
                follower=self.name,
                error_type=type(exc).__name__,
                error=getattr(exc, "detail", "")[:200],  # our own messages, no data
            )
            return 0
