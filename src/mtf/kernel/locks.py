"""PostgreSQL advisory locks: one holder at a time across every process and machine
sharing the database (a request in flight, a client's allocations, a saga step)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from sqlalchemy import Engine, text


def lock_key(key: UUID) -> int:
    return int.from_bytes(key.bytes[:8], "big", signed=True)


class AdvisoryLocks:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def hold(self, key: UUID) -> Iterator[bool]:
        """Try to hold the lock for the block; yields False when someone else holds it."""
        with self.engine.connect() as conn:
            held = bool(
                conn.execute(
                    text("SELECT pg_try_advisory_lock(:k)"), {"k": lock_key(key)}
                ).scalar_one()
            )
            conn.commit()
            try:
                yield held
            finally:
                if held:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": lock_key(key)})
                    conn.commit()

    @contextmanager
    def wait(self, key: UUID) -> Iterator[None]:
        """Hold the lock for the block, waiting for it if needed."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": lock_key(key)})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": lock_key(key)})
                conn.commit()
