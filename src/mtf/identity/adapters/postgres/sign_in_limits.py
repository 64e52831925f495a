"""Sign-in throttling counted in PostgreSQL (`identity.rate_limit_hits`), so every identity
process shares the counts. Failed attempts count, per client address (the gateway's
decision, IPv6 per /64) and per username (unknown usernames alike); once either limit is
reached every attempt is refused with 429 before any hash runs. A correct password forgets
its username's failures."""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine

from mtf.kernel.ratelimit import RateLimiter

PER_ADDRESS = RateLimiter(limit=20, window=300)
PER_USERNAME = RateLimiter(limit=5, window=900)


def _user(username: str) -> str:
    """Usernames are counted under a hash (any characters, fixed length)."""
    return "user:" + hashlib.sha256(username.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class SqlSignInThrottle:
    def __init__(
        self,
        engine: Engine,
        per_address: RateLimiter = PER_ADDRESS,
        per_username: RateLimiter = PER_USERNAME,
    ) -> None:
        self.engine = engine
        self.per_address = per_address
        self.per_username = per_username

    def wait(self, address: str, username: str) -> int:
        return max(
            self.per_address.blocked(self.engine, f"addr:{address}"),
            self.per_username.blocked(self.engine, _user(username)),
        )

    def failed(self, address: str, username: str) -> None:
        self.per_address.hit(self.engine, f"addr:{address}")
        self.per_username.hit(self.engine, _user(username))

    def succeeded(self, username: str) -> None:
        self.per_username.clear(self.engine, _user(username))
