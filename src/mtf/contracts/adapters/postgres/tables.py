"""The contracts schema's read-model tables (Alembic owns them)."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Integer, MetaData, Numeric, String, Table
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import UUID as PGUUID

from mtf.kernel.projection import tracking_table

metadata = MetaData()
tracking = tracking_table(metadata)

contracts = Table(
    "contracts",
    metadata,
    Column("id", PGUUID(as_uuid=True), primary_key=True),
    Column("order_id", PGUUID(as_uuid=True)),
    Column("client_id", PGUUID(as_uuid=True), nullable=False, index=True),
    Column("subscriber_id", PGUUID(as_uuid=True), nullable=False, index=True),
    Column("offer_id", PGUUID(as_uuid=True), nullable=False),
    Column("offer_version", Integer, nullable=False),
    Column("offer_code", String(32), nullable=False),
    Column("offer_name", String(120), nullable=False),
    Column("service", String(16), nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("status_reason", String(500)),
    Column("monthly_fee", Numeric(14, 2), nullable=False),
    Column("commitment_months", Integer, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("commitment_end", Date),
    Column("superseded_by", PGUUID(as_uuid=True)),
    Column("scheduled_action", String(16)),
    Column("scheduled_date", Date),
    Column("scheduled_reason", String(500)),
    Column("scheduled_contract_id", PGUUID(as_uuid=True)),  # a scheduled plan change's contract
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

provisioning_orders = Table(
    "provisioning_orders",
    metadata,
    Column("id", PGUUID(as_uuid=True), primary_key=True),
    Column("status", String(16), nullable=False, index=True),
    Column("outcome", String(16)),
    Column("offer_id", PGUUID(as_uuid=True), nullable=False),
    Column("client_id", PGUUID(as_uuid=True)),
    Column("subscriber_id", PGUUID(as_uuid=True)),
    Column("contract_id", PGUUID(as_uuid=True)),
    Column("previous_contract_id", PGUUID(as_uuid=True)),
    Column("effective_date", Date, nullable=False),
    Column("failure_detail", String(1000)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# migration imports (docs/imports.md): each import, each of its rows' outcome, and the source
# rows imported so far (what makes an import idempotent per row)
imports = Table(
    "imports",
    metadata,
    Column("id", PGUUID(as_uuid=True), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("cutover", Date, nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("created", Integer, nullable=False, server_default="0"),
    Column("unchanged", Integer, nullable=False, server_default="0"),
    Column("changed", Integer, nullable=False, server_default="0"),
    Column("rejected", Integer, nullable=False, server_default="0"),
    Column("failure_detail", String(1000)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("completed_at", DateTime(timezone=True)),
)

import_rows = Table(
    "import_rows",
    metadata,
    Column("import_id", PGUUID(as_uuid=True), primary_key=True),
    Column("line", Integer, primary_key=True),
    Column("row_id", String(100), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("errors", JSONB, nullable=False, server_default="[]"),
    Column("client_id", PGUUID(as_uuid=True)),
    Column("contract_id", PGUUID(as_uuid=True)),
    Column("number", String(20)),
)

imported_rows = Table(
    "imported_rows",
    metadata,
    Column("row_id", String(100), primary_key=True),
    # keyed hash of the row's content (it holds personal data): tells a changed row
    Column("row_hash", String(64), nullable=False),
    Column("import_id", PGUUID(as_uuid=True), nullable=False),
    Column("client_id", PGUUID(as_uuid=True), nullable=False),
    Column("contract_id", PGUUID(as_uuid=True), nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
)
