"""Partner tables: API keys, webhook subscriptions and their event outbox (delivery log)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, DateTime, Integer, String, Table
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql import UUID as PGUUID

from mtf.identity.adapters.postgres.read_model import metadata

UUIDT = PGUUID(as_uuid=True)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", UUIDT, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("prefix", String(16), nullable=False, unique=True),
    Column("secret_hash", String(64), nullable=False),
    Column("scopes", ARRAY(String(20)), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_used_at", DateTime(timezone=True)),
)

feed_tracking = Table(
    "feed_tracking",
    metadata,
    Column("follower", String(100), primary_key=True),
    Column("position", BigInteger, nullable=False, server_default="0"),
)

webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    Column("id", UUIDT, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("url", String(2000), nullable=False),
    Column("event_types", ARRAY(String(40)), nullable=False),
    Column("secret", String(100), nullable=False),
    # after a rotation: the secret before, still signing (X-MTF-Signature-Previous) until
    # its expiry (identity_0004)
    Column("previous_secret", String(100)),
    Column("previous_secret_expires_at", DateTime(timezone=True)),
    Column("active", Boolean, nullable=False),
    Column("last_sequence", BigInteger, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

webhook_events = Table(
    "webhook_events",
    metadata,
    Column("subscription_id", UUIDT, primary_key=True),
    Column("sequence", BigInteger, primary_key=True),
    Column("id", UUIDT, nullable=False, unique=True),
    Column("event_type", String(40), nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("status", String(12), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True)),
    Column("last_status_code", Integer),
    Column("last_error", String(500)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
