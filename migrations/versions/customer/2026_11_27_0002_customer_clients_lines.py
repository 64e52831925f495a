"""customer: clients (sealed personal data), data keys, CIN registry, lines, feed tracking

Revision ID: customer_0002
Revises: customer_0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "customer_0002"
down_revision = "customer_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_tracking",
        sa.Column("follower", sa.String(100), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.create_table(
        "clients",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("first_name", sa.String(80)),
        sa.Column("last_name", sa.String(80)),
        sa.Column("cin_hash", sa.String(64), unique=True),
        sa.Column("sealed_personal", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_reason", sa.String(500)),
        sa.Column("erased", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("clients_last_name", "clients", ["last_name", "first_name"])
    op.create_table(
        "client_keys",
        sa.Column("client_id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("wrapped_key", sa.Text, nullable=False),
    )
    op.create_table(
        "cin_registry",
        sa.Column("cin_hash", sa.String(64), primary_key=True),
        sa.Column("client_id", postgresql.UUID(as_uuid=True), nullable=False),
    )
    op.create_table(
        "subscribers",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("client_id", postgresql.UUID(as_uuid=True), nullable=False, index=True),
        sa.Column("service", sa.String(16), nullable=False),
        sa.Column("number", sa.String(16), nullable=False, unique=True),
        sa.Column("landline_number", sa.String(16), unique=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("contract_id", postgresql.UUID(as_uuid=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    for name, start in (("line_seq_mobile", 61_000_000), ("line_seq_landline", 22_000_000), ("line_seq_internet", 10_000_000)):
        op.execute(f"CREATE SEQUENCE {name} START WITH {start} MAXVALUE 99999999 NO CYCLE")


def downgrade() -> None:
    for name in ("line_seq_mobile", "line_seq_landline", "line_seq_internet"):
        op.execute(f"DROP SEQUENCE {name}")
    for table in ("subscribers", "cin_registry", "client_keys", "clients", "feed_tracking"):
        op.drop_table(table)
