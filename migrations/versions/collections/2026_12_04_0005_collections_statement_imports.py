"""collections: bank statement imports (issue 14 point 5)

An import is the operator's working copy of a statement between its upload and its
confirmation: its credit lines, how each was matched (or assigned by the operator) and, once
confirmed, the payment each line posted. The payments themselves are event-sourced as any
other (`Payment.Posted`, their id derived from the bank reference): this table is a staging
area, not a record of money.

Revision ID: collections_0005
Revises: collections_0004
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "collections_0005"
down_revision = "collections_0004"
branch_labels = None
depends_on = None

# What `downgrade` loses (`mtf migrate --to` refuses without --accept-loss).
LOSSY_DOWNGRADE = """bank statement imports (statement_imports, statement_lines) are dropped:
previews not yet confirmed must be uploaded again; the payments confirmed imports posted stay
(they are events), and a statement imported again still posts none of them twice (the
payment id derives from the bank reference)"""

UUID = postgresql.UUID(as_uuid=True)
MONEY = sa.Numeric(14, 2)
CEILING = "999999999999.99"


def upgrade() -> None:
    op.create_table(
        "statement_imports",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("lines_total", sa.Integer, nullable=False),
        sa.Column("debits_ignored", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_by", sa.String(200)),
        sa.Column("confirmed_at", sa.DateTime(timezone=True)),
        sa.Column("posted", sa.Integer, nullable=False, server_default="0"),
        sa.Column("skipped", sa.Integer, nullable=False, server_default="0"),
        sa.Column("posted_amount", MONEY, nullable=False, server_default="0"),
        sa.CheckConstraint(
            "status IN ('preview', 'posting', 'posted')", name="statement_imports_status_known"
        ),
    )
    op.create_table(
        "statement_lines",
        sa.Column(
            "import_id",
            UUID,
            sa.ForeignKey("statement_imports.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("line", sa.Integer, primary_key=True),
        sa.Column("booked_on", sa.Date, nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("label", sa.String(500), nullable=False),
        sa.Column("bank_reference", sa.String(100), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("client_id", UUID),
        sa.Column("invoice_ids", postgresql.ARRAY(UUID), nullable=False),
        sa.Column("candidates", postgresql.ARRAY(UUID), nullable=False),
        sa.Column("assigned", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("outcome", sa.String(16)),
        sa.Column("payment_id", UUID),
        sa.CheckConstraint(
            f"amount >= 0.01 AND amount <= {CEILING}", name="statement_lines_amount_in_bounds"
        ),
        sa.CheckConstraint(
            "state IN ('matched', 'ambiguous', 'unmatched', 'already_posted')",
            name="statement_lines_state_known",
        ),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('posted', 'skipped')",
            name="statement_lines_outcome_known",
        ),
        sa.UniqueConstraint("import_id", "bank_reference", name="statement_lines_reference_once"),
    )
    op.create_index("statement_lines_bank_reference", "statement_lines", ["bank_reference"])


def downgrade() -> None:
    op.drop_index("statement_lines_bank_reference", table_name="statement_lines")
    op.drop_table("statement_lines")
    op.drop_table("statement_imports")
