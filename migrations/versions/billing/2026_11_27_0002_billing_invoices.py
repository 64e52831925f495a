"""billing: billable contracts, bill runs, invoices, credit notes, archived PDFs

Revision ID: billing_0002
Revises: billing_0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "billing_0002"
down_revision = "billing_0001"
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
        "billable_contracts",
        sa.Column("contract_id", UUID, primary_key=True),
        sa.Column("client_id", UUID, nullable=False, index=True),
        sa.Column("subscriber_id", UUID, nullable=False),
        sa.Column("offer_id", UUID, nullable=False),
        sa.Column("offer_version", sa.Integer, nullable=False),
        sa.Column("offer_code", sa.String(32), nullable=False),
        sa.Column("offer_name", sa.String(120), nullable=False),
        sa.Column("service", sa.String(16), nullable=False),
        sa.Column("monthly_fee", MONEY, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_table(
        "contract_billing",
        sa.Column("contract_id", UUID, primary_key=True),
        sa.Column("last_billed", sa.Date, nullable=False),
    )
    op.create_table(
        "bill_runs",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("period", sa.String(7), nullable=False, unique=True),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("issue_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("contracts_total", sa.Integer, nullable=False, server_default="0"),
        sa.Column("clients_total", sa.Integer, nullable=False, server_default="0"),
        sa.Column("summary", postgresql.JSONB),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "bill_run_items",
        sa.Column("run_id", UUID, primary_key=True),
        sa.Column("client_id", UUID, primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("contracts", sa.Integer, nullable=False),
        sa.Column("invoice_id", UUID),
        sa.Column("amount", MONEY),
        sa.Column("error", sa.Text),
    )
    op.create_index("bill_run_items_pending", "bill_run_items", ["run_id", "status"])
    op.create_table(
        "invoices",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("number", sa.String(20), nullable=False, unique=True),
        sa.Column("client_id", UUID, nullable=False, index=True),
        sa.Column("period", sa.String(7), nullable=False, index=True),
        sa.Column("issue_date", sa.Date, nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("subtotal", MONEY, nullable=False),
        sa.Column("vat", MONEY, nullable=False),
        sa.Column("total", MONEY, nullable=False),
        sa.Column("credited", MONEY, nullable=False, server_default="0"),
        sa.Column("paid", MONEY, nullable=False, server_default="0"),
        sa.Column("bill_run_id", UUID),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_unique_constraint("one_invoice_per_client_and_period", "invoices", ["client_id", "period"])
    op.create_table(
        "invoice_lines",
        sa.Column("invoice_id", UUID, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("contract_id", UUID, nullable=False),
        sa.Column("subscriber_id", UUID, nullable=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=False),
        sa.Column("days", sa.Integer, nullable=False),
        sa.Column("monthly_fee", MONEY, nullable=False),
        sa.Column("amount", MONEY, nullable=False),
    )
    op.create_table(
        "credit_notes",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("number", sa.String(20), nullable=False, unique=True),
        sa.Column("invoice_id", UUID, nullable=False, index=True),
        sa.Column("client_id", UUID, nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("issue_date", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "invoice_documents",
        sa.Column("invoice_id", UUID, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("pdf", sa.LargeBinary, nullable=False),
        sa.Column("rendered_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "invoice_documents", "credit_notes", "invoice_lines", "invoices", "bill_run_items",
        "bill_runs", "contract_billing", "billable_contracts", "feed_tracking",
    ):
        op.drop_table(table)
