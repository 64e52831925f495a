"""contracts: self-service sessions, server side (the client holds only a random token)

Revision ID: contracts_0006
Revises: contracts_0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "contracts_0006"
down_revision = "contracts_0005"
branch_labels = None
depends_on = None

# What `downgrade` loses (`mtf migrate --to` refuses without --accept-loss).
LOSSY_DOWNGRADE = """open self-service sessions end (clients sign in again)"""


def upgrade() -> None:
    op.create_table(
        "self_service_sessions",
        # sha256 of the token: a copy of the table opens no session
        sa.Column("token_hash", sa.String(64), primary_key=True),
        # NULL for a CIN that matched no client (the token looks the same)
        sa.Column("client_id", postgresql.UUID(as_uuid=True)),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_index("self_service_sessions_expires_at", "self_service_sessions", ["expires_at"])


def downgrade() -> None:
    op.drop_table("self_service_sessions")
