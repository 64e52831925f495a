"""contracts: self-service rate-limit hits, shared by every contracts process

Revision ID: contracts_0004
Revises: contracts_0003
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "contracts_0004"
down_revision = "contracts_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_hits",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("rate_limit_hits_key_at", "rate_limit_hits", ["key", "at"])


def downgrade() -> None:
    op.drop_table("rate_limit_hits")
