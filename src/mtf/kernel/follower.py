"""Following another service's event feed, exactly once.

A follower pulls `/internal/events` after its recorded position and applies each event in
one transaction with the new position (row-locked, so several workers never apply the same
event; a crash never applies one twice or skips one)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, text

from mtf.kernel.logging import get_logger
from mtf.kernel.service_client import ServiceClient

log = get_logger("mtf.follower")

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
        self._fresh_lock = threading.Lock()
        self._last_start = float("-inf")

    def poll(self) -> int:
        """Apply one page of new events; return how many were applied."""
        with self.engine.begin() as conn:
            if not self._row_ready:
                conn.execute(
                    text(
                        "INSERT INTO feed_tracking (follower, position) VALUES (:f, 0) "
                        "ON CONFLICT (follower) DO NOTHING"
                    ),
                    {"f": self.name},
                )
                self._row_ready = True
            position = conn.execute(
                text("SELECT position FROM feed_tracking WHERE follower = :f FOR UPDATE"),
                {"f": self.name},
            ).scalar_one()
            page = self.source.get(
                "/internal/events", params={"after": position, "limit": self.batch}
            )
            items = page["items"]
            for event in items:
                self.handler(conn, event)
            if items:
                conn.execute(
                    text("UPDATE feed_tracking SET position = :p WHERE follower = :f"),
                    {"p": page["last_position"], "f": self.name},
                )
            return len(items)

    def catch_up(self) -> int:
        total = 0
        while applied := self.poll():
            total += applied
            if applied < self.batch:
                break  # a short page was the end of the feed
        return total

    def catch_up_within(self, seconds: float) -> None:
        """Make sure a catch-up that started at most `seconds` before this call has finished:
        what the source recorded before then is applied. Concurrent callers share one
        catch-up, so a busy service polls the source a few times a second, not per request.
        If the source does not answer, this logs and returns (the worker catches up later)."""
        asked = time.monotonic()
        with self._fresh_lock:
            if self._last_start >= asked - seconds:
                return
            self._last_start = time.monotonic()
            try:
                self.catch_up()
            except Exception as exc:  # the caller goes on with what it has
                log.warning("feed_catch_up_failed", follower=self.name, error=str(exc)[:200])
