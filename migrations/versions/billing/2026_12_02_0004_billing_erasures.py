"""billing: erased clients (followed from the customer feed) and re-rendered PDFs

- `erased_clients`: the ids of clients whose personal data was erased (pseudonymous ids
  only), written by the follower of the customer feed; an archived PDF rendered with a
  person's data is never stored for a client listed here.
- `invoice_documents.redacted_at` / `replaced_sha256`: when an archived PDF was re-rendered
  without the person, and the hash of the document it replaced (the invoice itself, its
  number and figures, never change).

Revision ID: billing_0004
Revises: billing_0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "billing_0004"
down_revision = "billing_0003"
branch_labels = None
depends_on = None

# What `downgrade` loses (`mtf migrate --to` refuses without --accept-loss). The list of
# erased clients comes back: `upgrade` follows the customer feed again from its start.
LOSSY_DOWNGRADE = """the redaction records of re-rendered PDFs (redacted_at,
replaced_sha256) are dropped; the redacted PDFs themselves stay (the upgrade follows the
customer feed again from its start and records the redactions anew)"""


def upgrade() -> None:
    op.create_table(
        "erased_clients",
        sa.Column("client_id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.add_column(
        "invoice_documents", sa.Column("redacted_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("invoice_documents", sa.Column("replaced_sha256", sa.String(64), nullable=True))
    # after a downgrade and this upgrade again: the erasures are followed again from the start
    # of the customer feed (the list was dropped, the follower's position was not)
    op.execute("DELETE FROM feed_tracking WHERE follower = 'billing.erasures<-customer'")


def downgrade() -> None:
    op.drop_column("invoice_documents", "replaced_sha256")
    op.drop_column("invoice_documents", "redacted_at")
    op.drop_table("erased_clients")
