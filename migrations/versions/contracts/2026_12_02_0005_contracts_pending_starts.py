"""contracts: future-dated contracts (pending until their start) and scheduled plan changes

Revision ID: contracts_0005
Revises: contracts_0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "contracts_0005"
down_revision = "contracts_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("contracts", sa.Column("scheduled_contract_id", postgresql.UUID(as_uuid=True)))
    op.create_index(
        "contracts_pending_start",
        "contracts",
        ["start_date"],
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_index("contracts_pending_start", "contracts")
    op.drop_column("contracts", "scheduled_contract_id")
