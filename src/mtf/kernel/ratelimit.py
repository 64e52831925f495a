"""Sliding-window rate limits counted in PostgreSQL (a `rate_limit_hits` table in the
service's own schema), so every process of a service shares the count."""

from __future__ import annotations

from sqlalchemy import Engine, text


class RateLimiter:
    """At most `limit` attempts per key in a sliding window, counted in PostgreSQL so every
    process of the service shares the count (one round trip per check)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._checks = 0

    _CHECK = text(
        "WITH recent AS (SELECT count(*) AS n, min(at) AS first FROM rate_limit_hits "
        "WHERE key = :k AND at > clock_timestamp() - make_interval(secs => :w)), "
        "hit AS (INSERT INTO rate_limit_hits (key, at) SELECT :k, clock_timestamp() "
        "FROM recent WHERE n < :limit RETURNING 1) "
        "SELECT n, extract(epoch FROM first + make_interval(secs => :w) - clock_timestamp()) "
        "FROM recent"
    )

    def retry_after(self, engine: Engine, key: str) -> int:
        """0 when allowed (and counted), else seconds to wait."""
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            n, wait = conn.execute(
                self._CHECK, {"k": key[:200], "w": self.window, "limit": self.limit}
            ).one()
            self._checks += 1
            if self._checks % 500 == 0:  # now and then, forget what no window needs any more
                conn.execute(
                    text("DELETE FROM rate_limit_hits WHERE at < now() - interval '1 hour'")
                )
        if n < self.limit:
            return 0
        return max(1, int(wait) + 1)

    def clear(self, engine: Engine, key: str) -> None:
        """Forget a key's hits (a successful sign-in resets its username's count)."""
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM rate_limit_hits WHERE key = :k"), {"k": key[:200]})

    _COUNT = text(
        "SELECT count(*), extract(epoch FROM min(at) + make_interval(secs => :w) - clock_timestamp()) "
        "FROM rate_limit_hits WHERE key = :k AND at > clock_timestamp() - make_interval(secs => :w)"
    )

    def blocked(self, engine: Engine, key: str) -> int:
        """Without counting anything: 0 while the key is under its limit, else seconds to
        wait (for limits on failures, recorded afterwards with `hit`)."""
        with engine.connect() as conn:
            n, wait = conn.execute(self._COUNT, {"k": key[:200], "w": self.window}).one()
        if n < self.limit:
            return 0
        return max(1, int(wait or 0) + 1)

    def hit(self, engine: Engine, key: str) -> None:
        """Count one (failed) attempt."""
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO rate_limit_hits (key, at) VALUES (:k, clock_timestamp())"),
                {"k": key[:200]},
            )
