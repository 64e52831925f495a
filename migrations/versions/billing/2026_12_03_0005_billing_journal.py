"""billing: the tamper-evident journal of issued invoices and credit notes

- `document_journal`: one row per issued document, per series (`FAC-2026`, `AV-2026`) and
  number, with the SHA-256 of its canonical content, the previous document's hash and its
  own chained hash (docs/audit-journal.md). Written by the event recorder in the transaction
  that numbers the documents.
- The documents issued before this revision are recorded now, in number order, from the
  stored invoices and credit notes (run it with the services stopped, as every migration).

Revision ID: billing_0005
Revises: billing_0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "billing_0005"
down_revision = "billing_0004"
branch_labels = None
depends_on = None

LOSSY_DOWNGRADE = """the tamper-evident journal (document_journal) is dropped: the upgrade
records the documents again from the tables as they are then, with the same hashes only if
none was altered meanwhile. Its evidence is lost: run `mtf audit verify` and keep the heads
(or `pg_dump -t billing.document_journal`) before downgrading"""


def upgrade() -> None:
    op.create_table(
        "document_journal",
        sa.Column("series", sa.String(16), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("number", sa.String(20), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("document_id", postgresql.UUID(as_uuid=True), nullable=False, unique=True),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("previous_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column(
            "recorded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.CheckConstraint("kind IN ('invoice', 'credit_note')", name="document_journal_kind"),
        sa.CheckConstraint("seq >= 1", name="document_journal_seq_positive"),
    )
    from mtf.billing.adapters.postgres.journal import record_existing

    record_existing(op.get_bind())


def downgrade() -> None:
    op.drop_table("document_journal")
