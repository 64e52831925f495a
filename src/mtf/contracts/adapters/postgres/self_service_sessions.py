"""Self-service sessions kept server side: the client holds a random 32-byte token that
says nothing (not whether the CIN exists, not the client id); the table keeps only its
sha256, the client it opens (NULL for a CIN that matched no client) and its expiry."""

from __future__ import annotations

import hashlib
import secrets
from uuid import UUID

from sqlalchemy import Engine, text

TOKEN_PREFIX = "mtfss_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SelfServiceSessions:
    """Every contracts process shares the table, so a session opened on one is valid on all;
    expiry is PostgreSQL's clock."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._opened = 0

    def open(self, client_id: UUID | None, ttl_seconds: int) -> str:
        """A new token; the same length and alphabet whether or not a client is behind it."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO self_service_sessions (token_hash, client_id, expires_at) "
                    "VALUES (:h, :c, clock_timestamp() + make_interval(secs => :ttl))"
                ),
                {"h": token_hash(token), "c": client_id, "ttl": ttl_seconds},
            )
            self._opened += 1
            if self._opened % 200 == 0:  # now and then, forget sessions long expired
                conn.execute(
                    text(
                        "DELETE FROM self_service_sessions "
                        "WHERE expires_at < clock_timestamp() - interval '1 hour'"
                    )
                )
        return token

    def find(self, token: str) -> tuple[bool, UUID | None]:
        """(valid, client id): unknown, expired or malformed tokens are not valid."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
            return False, None
        with self.engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT client_id FROM self_service_sessions "
                    "WHERE token_hash = :h AND expires_at > clock_timestamp()"
                ),
                {"h": token_hash(token)},
            ).first()
        if row is None:
            return False, None
        return True, row.client_id
