"""collections: CHECK constraints that agree with the money rules; runs with several passes;
the credit notes followed from billing

The money rules (kernel/money.py): an input amount is 0.01 to MTF_MAX_AMOUNT, which a
deployment may set up to 999,999,999,999.99 (what numeric(14,2) holds). The database holds
the bounds no configuration can move: a payment's amount is at least 0.01 and at most that
ceiling, derived amounts are never negative and never exceed the payment, allocations are
positive except the part of a credit note returned to credit (kind `refund`, negative). So
nothing the domain accepts can be refused by a projection, and nothing it refuses is stored.

Revision ID: collections_0004
Revises: collections_0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "collections_0004"
down_revision = "collections_0003"
branch_labels = None
depends_on = None

# What `downgrade` loses (`mtf migrate --to` refuses without --accept-loss).
LOSSY_DOWNGRADE = """collections' copy of billing's credit notes (credit_notes) is dropped:
the amounts stay in receivables.credited, but credit returned for a note issued before the
downgrade names no note; runs forget how many passes they had (one, updated when made, after
the upgrade; `mtf rebuild collections` counts them again from the events)"""

UUID = postgresql.UUID(as_uuid=True)
MONEY = sa.Numeric(14, 2)
CEILING = "999999999999.99"

CHECKS = (
    ("payments", "payments_amount_in_bounds", f"amount >= 0.01 AND amount <= {CEILING}"),
    ("payments", "payments_credit_within_amount", "credit >= 0 AND credit <= amount"),
    ("payments", "payments_credit_left_within_amount", "credit_left >= 0 AND credit_left <= amount"),
    ("payments", "payments_status_known", "status IN ('posted', 'reversed')"),
    (
        "allocations",
        "allocations_amount_signed_by_kind",
        "kind IN ('payment', 'credit', 'refund') AND amount <> 0 "
        "AND (kind = 'refund') = (amount < 0)",
    ),
    ("receivables", "receivables_amounts_not_negative", "total >= 0 AND credited >= 0"),
    ("cases", "cases_status_known", "status IN ('open', 'closed')"),
)


def upgrade() -> None:
    op.create_table(
        "credit_notes",
        sa.Column("credit_note_id", UUID, primary_key=True),
        sa.Column("invoice_id", UUID, nullable=False, index=True),
        sa.Column("client_id", UUID, nullable=False),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("refundable", MONEY),
        sa.CheckConstraint("amount >= 0", name="credit_notes_amount_not_negative"),
    )
    op.add_column(
        "collections_runs", sa.Column("passes", sa.Integer, nullable=False, server_default="1")
    )
    op.add_column("collections_runs", sa.Column("updated_at", sa.DateTime(timezone=True)))
    # runs recorded before (or kept through a downgrade): one pass, last updated when made,
    # as the projector records a run's first pass
    op.execute("UPDATE collections_runs SET updated_at = created_at")
    for table, name, condition in CHECKS:
        op.create_check_constraint(name, table, condition)


def downgrade() -> None:
    for table, name, _ in reversed(CHECKS):
        op.drop_constraint(name, table, type_="check")
    op.drop_column("collections_runs", "updated_at")
    op.drop_column("collections_runs", "passes")
    op.drop_table("credit_notes")
