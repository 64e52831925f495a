"""contracts: a suspension or termination scheduled for a later date

Revision ID: contracts_0003
Revises: contracts_0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "contracts_0003"
down_revision = "contracts_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("contracts", sa.Column("scheduled_action", sa.String(16)))
    op.add_column("contracts", sa.Column("scheduled_date", sa.Date))
    op.add_column("contracts", sa.Column("scheduled_reason", sa.String(500)))
    op.create_index(
        "contracts_scheduled_date",
        "contracts",
        ["scheduled_date"],
        postgresql_where=sa.text("scheduled_date IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("contracts_scheduled_date", "contracts")
    for column in ("scheduled_reason", "scheduled_date", "scheduled_action"):
        op.drop_column("contracts", column)
