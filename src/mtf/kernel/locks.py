"""PostgreSQL advisory locks: one holder at a time across every process and machine
sharing the database (a request in flight, a client's allocations, a saga step)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from uuid import UUID

from sqlalchemy import Connection, Engine, text


def lock_key(key: UUID) -> int:
    return int.from_bytes(key.bytes[:8], "big", signed=True)


class AdvisoryLocks:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def session(self) -> AbstractContextManager[LockSession]:
        """Several locks on one connection (a request holding a key and a client)."""
        return lock_session(self.engine)

    @contextmanager
    def hold(self, key: UUID) -> Iterator[bool]:
        """Try to hold the lock for the block; yields False when someone else holds it."""
        with _autocommit(self.engine) as conn:
            held = bool(
                conn.execute(
                    text("SELECT pg_try_advisory_lock(:k)"), {"k": lock_key(key)}
                ).scalar_one()
            )
            try:
                yield held
            finally:
                if held:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": lock_key(key)})

    @contextmanager
    def wait(self, key: UUID) -> Iterator[None]:
        """Hold the lock for the block, waiting for it if needed."""
        with _autocommit(self.engine) as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": lock_key(key)})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": lock_key(key)})


@contextmanager
def _autocommit(engine: Engine) -> Iterator[Connection]:
    """Session-level advisory locks need no transaction: autocommit saves a COMMIT round trip
    after each lock and unlock."""
    with engine.connect() as conn:
        yield conn.execution_options(isolation_level="AUTOCOMMIT")


class LockSession:
    """Several advisory locks taken on one connection (released together at the end)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.keys: list[int] = []

    def try_lock(self, key: UUID) -> bool:
        held = bool(
            self.conn.execute(
                text("SELECT pg_try_advisory_lock(:k)"), {"k": lock_key(key)}
            ).scalar_one()
        )
        if held:
            self.keys.append(lock_key(key))
        return held

    def try_lock_then_lock(self, first: UUID, then: UUID) -> bool:
        """Try `first`; only if it is free, wait for `then` too; one round trip. (CASE keeps
        the order: `then` is never taken when `first` is busy.)"""
        both = bool(
            self.conn.execute(
                text(
                    "SELECT CASE WHEN pg_try_advisory_lock(:a) "
                    "THEN pg_advisory_lock(:b)::text = '' ELSE false END"
                ),
                {"a": lock_key(first), "b": lock_key(then)},
            ).scalar_one()
        )
        if both:
            self.keys += [lock_key(first), lock_key(then)]
        return both

    def lock(self, key: UUID) -> None:
        self.conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": lock_key(key)})
        self.keys.append(lock_key(key))


@contextmanager
def lock_session(engine: Engine) -> Iterator[LockSession]:
    with _autocommit(engine) as conn:
        session = LockSession(conn)
        try:
            yield session
        finally:
            if session.keys:
                conn.execute(
                    text("SELECT pg_advisory_unlock(k) FROM unnest(CAST(:keys AS bigint[])) AS k"),
                    {"keys": list(reversed(session.keys))},
                )
