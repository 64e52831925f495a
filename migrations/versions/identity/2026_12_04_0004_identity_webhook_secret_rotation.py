"""identity: a webhook subscription's previous signing secret, kept for an overlap window

`POST /api/v1/webhooks/subscriptions/{id}/rotate-secret` makes a new secret; the old one is
kept in `previous_secret` until `previous_secret_expires_at`, and every delivery made before
then carries `X-MTF-Signature-Previous` (the old secret's signature) beside
`X-MTF-Signature` (the new one's), so a receiver verifies with either while it switches.

Revision ID: identity_0004
Revises: identity_0003
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "identity_0004"
down_revision = "identity_0003"
branch_labels = None
depends_on = None

LOSSY_DOWNGRADE = """the previous webhook signing secrets of rotations still in their overlap
window are dropped: those receivers that still verify with the old secret fail (retried)
until they switch to the new one"""


def upgrade() -> None:
    op.add_column("webhook_subscriptions", sa.Column("previous_secret", sa.String(100)))
    op.add_column(
        "webhook_subscriptions",
        sa.Column("previous_secret_expires_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_column("webhook_subscriptions", "previous_secret_expires_at")
    op.drop_column("webhook_subscriptions", "previous_secret")
