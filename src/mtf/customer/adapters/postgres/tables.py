"""The customer schema's tables (Alembic owns them; see migrations/versions/customer)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY, BIGINT
from sqlalchemy.dialects.postgresql import UUID as PGUUID

from mtf.kernel.projection import tracking_table

metadata = MetaData()
tracking = tracking_table(metadata)

feed_tracking = Table(
    "feed_tracking",
    metadata,
    Column("follower", String(100), primary_key=True),
    Column("position", BIGINT, nullable=False, server_default="0"),
)

clients = Table(
    "clients",
    metadata,
    Column("id", PGUUID(as_uuid=True), primary_key=True),
    # no name in clear: a keyed hash of each normalised name word (name_index.py)
    Column("name_index", ARRAY(String(32)), nullable=False, server_default="{}"),
    # and of the phone number (found by phone, never held in clear)
    Column("phone_index", String(32), index=True),
    Column("cin_hash", String(64), unique=True),
    Column("sealed_personal", Text),
    Column("status", String(16), nullable=False),
    Column("status_reason", String(500)),
    Column("erased", Boolean, nullable=False, server_default="false"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # a business's identity, in clear (not personal data; kept after an erasure)
    Column("kind", String(16), nullable=False, server_default="individual"),
    Column("company_name", String(120)),
    Column("ice", String(15), index=True),
    Column("tax_id", String(15)),
    Column("trade_register", String(40)),
)

client_keys = Table(
    "client_keys",
    metadata,
    Column("client_id", PGUUID(as_uuid=True), primary_key=True),
    Column("wrapped_key", Text, nullable=False),
    # the id of the master key that wrapped it (`mtf.kernel.crypto.key_id`); NULL: stored
    # before ids were recorded (customer_0005)
    Column("master_key_id", String(16)),
)

cin_registry = Table(
    "cin_registry",
    metadata,
    Column("cin_hash", String(64), primary_key=True),
    Column("client_id", PGUUID(as_uuid=True), nullable=False),
)

# the ICE of every registered business: unique (the database decides, like the CIN's)
ice_registry = Table(
    "ice_registry",
    metadata,
    Column("ice", String(15), primary_key=True),
    Column("client_id", PGUUID(as_uuid=True), nullable=False),
)

subscribers = Table(
    "subscribers",
    metadata,
    Column("id", PGUUID(as_uuid=True), primary_key=True),
    Column("client_id", PGUUID(as_uuid=True), nullable=False, index=True),
    Column("service", String(16), nullable=False),
    Column("number", String(16), nullable=False, unique=True),
    Column("landline_number", String(16), unique=True),
    Column("status", String(16), nullable=False),
    Column("contract_id", PGUUID(as_uuid=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
