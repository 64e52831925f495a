"""identity: sign-in rate-limit hits (shared by every identity process) and the audit
history of identity commands (who created or revoked a key, subscribed, replayed)

Revision ID: identity_0003
Revises: identity_0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "identity_0003"
down_revision = "identity_0002"
branch_labels = None
depends_on = None

# What `downgrade` loses for good (`mtf migrate --to` refuses without --accept-loss): the
# identity audit history is a table of its own, not events, so it cannot come back.
LOSSY_DOWNGRADE = """identity_audit (who created or revoked a key, subscribed, replayed,
seeded) is dropped and does not come back; sign-in throttle counters restart"""


def upgrade() -> None:
    op.create_table(
        "rate_limit_hits",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("rate_limit_hits_key_at", "rate_limit_hits", ["key", "at"])
    op.create_table(
        "identity_audit",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("subject_type", sa.String(40), nullable=False),
        sa.Column("subject_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("details", postgresql.JSONB, nullable=False, server_default="{}"),
    )
    op.create_index("identity_audit_subject", "identity_audit", ["subject_type", "subject_id", "id"])


def downgrade() -> None:
    op.drop_table("identity_audit")
    op.drop_table("rate_limit_hits")
