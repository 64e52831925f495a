"""collections: settlements, the write-side ledger of what is paid on each invoice

Written in the same transaction as the payment events (so allocating never waits for the read
models); started from the allocations recorded so far.

Revision ID: collections_0003
Revises: collections_0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "collections_0003"
down_revision = "collections_0002"
branch_labels = None
depends_on = None

UUID = postgresql.UUID(as_uuid=True)
MONEY = sa.Numeric(14, 2)


def upgrade() -> None:
    op.create_table(
        "settlements",
        sa.Column("invoice_id", UUID, primary_key=True),
        sa.Column("client_id", UUID, nullable=False, index=True),
        sa.Column("paid", MONEY, nullable=False, server_default="0"),
        sa.CheckConstraint("paid >= 0", name="settlements_paid_not_negative"),
    )
    op.execute(
        "INSERT INTO settlements (invoice_id, client_id, paid) "
        "SELECT invoice_id, min(client_id::text)::uuid, sum(amount) FROM allocations "
        "WHERE NOT reversed GROUP BY invoice_id"
    )


def downgrade() -> None:
    op.drop_table("settlements")
