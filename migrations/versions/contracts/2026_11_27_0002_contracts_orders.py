"""contracts: contracts and provisioning orders read models

Revision ID: contracts_0002
Revises: contracts_0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "contracts_0002"
down_revision = "contracts_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    uuid = postgresql.UUID(as_uuid=True)
    op.create_table(
        "contracts",
        sa.Column("id", uuid, primary_key=True),
        sa.Column("order_id", uuid),
        sa.Column("client_id", uuid, nullable=False, index=True),
        sa.Column("subscriber_id", uuid, nullable=False, index=True),
        sa.Column("offer_id", uuid, nullable=False),
        sa.Column("offer_version", sa.Integer, nullable=False),
        sa.Column("offer_code", sa.String(32), nullable=False),
        sa.Column("offer_name", sa.String(120), nullable=False),
        sa.Column("service", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("status_reason", sa.String(500)),
        sa.Column("monthly_fee", sa.Numeric(14, 2), nullable=False),
        sa.Column("commitment_months", sa.Integer, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("commitment_end", sa.Date),
        sa.Column("superseded_by", uuid),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    # the database itself refuses two current contracts on one line
    op.create_index(
        "one_current_contract_per_line",
        "contracts",
        ["subscriber_id"],
        unique=True,
        postgresql_where=sa.text("status IN ('active', 'suspended')"),
    )
    op.create_table(
        "provisioning_orders",
        sa.Column("id", uuid, primary_key=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("outcome", sa.String(16)),
        sa.Column("offer_id", uuid, nullable=False),
        sa.Column("client_id", uuid),
        sa.Column("subscriber_id", uuid),
        sa.Column("contract_id", uuid),
        sa.Column("previous_contract_id", uuid),
        sa.Column("effective_date", sa.Date, nullable=False),
        sa.Column("failure_detail", sa.String(1000)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("provisioning_orders")
    op.drop_index("one_current_contract_per_line", "contracts")
    op.drop_table("contracts")
