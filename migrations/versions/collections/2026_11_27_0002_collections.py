"""collections: receivables, payments, allocations, cases, runs, notifications outbox

Revision ID: collections_0002
Revises: collections_0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "collections_0002"
down_revision = "collections_0001"
branch_labels = None
depends_on = None

UUID = postgresql.UUID(as_uuid=True)
MONEY = sa.Numeric(14, 2)


def upgrade() -> None:
    op.create_table(
        "feed_tracking",
        sa.Column("follower", sa.String(100), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.create_table(
        "receivables",
        sa.Column("invoice_id", UUID, primary_key=True),
        sa.Column("client_id", UUID, nullable=False, index=True),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("issue_date", sa.Date, nullable=False),
        sa.Column("due_date", sa.Date, nullable=False, index=True),
        sa.Column("total", MONEY, nullable=False),
        sa.Column("credited", MONEY, nullable=False, server_default="0"),
        sa.Column("paid", MONEY, nullable=False, server_default="0"),
        sa.Column("contract_ids", postgresql.ARRAY(UUID), nullable=False),
    )
    op.create_table(
        "payments",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("client_id", UUID, nullable=False, index=True),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("credit", MONEY, nullable=False),
        sa.Column("credit_left", MONEY, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reversed_at", sa.DateTime(timezone=True)),
        sa.Column("reversal_reason", sa.String(500)),
    )
    op.create_table(
        "allocations",
        sa.Column("payment_id", UUID, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("invoice_id", UUID, nullable=False, index=True),
        sa.Column("client_id", UUID, nullable=False),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("reversed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("client_id", UUID, nullable=False, index=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("stage", sa.String(24), nullable=False),
        sa.Column("promise_to_pay_until", sa.Date),
        sa.Column("suspended_contract_ids", postgresql.ARRAY(UUID), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_on", sa.Date, nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
    )
    op.create_index("one_open_case_per_client", "cases", ["client_id"], unique=True, postgresql_where=sa.text("status = 'open'"))
    op.create_table(
        "case_timeline",
        sa.Column("case_id", UUID, primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
    )
    op.create_table(
        "collections_runs",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("as_of", sa.Date, nullable=False, unique=True),
        sa.Column("figures", postgresql.JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "notifications",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("client_id", UUID, nullable=False),
        sa.Column("case_id", UUID, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    for table in ("notifications", "collections_runs", "case_timeline", "cases", "allocations", "payments", "receivables", "feed_tracking"):
        op.drop_table(table)
