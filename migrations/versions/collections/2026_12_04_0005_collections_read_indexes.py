"""collections: the open receivables by due date, for the aging report

`GET /api/v1/collections/aging` (and the balance's overdue part) read the receivables past
due that are not settled. With only `ix_receivables_due_date`, PostgreSQL walks every
receivable due before today, paid ones included: most of them, growing with every month
billed (9 ms at 23,000 receivables on the 5,000-client dataset, ~180 ms at 100,000 clients).
A partial index holds the open ones only (0.5 ms on the same data). Issue #13, reads.

Revision ID: collections_0005
Revises: collections_0004
Create Date: 2026-12-04
"""

from alembic import op

revision = "collections_0005"
down_revision = "collections_0004"
branch_labels = None
depends_on = None

# the condition the queries state (`credited + paid < total`), word for word, so the
# planner can use the index
OPEN = "credited + paid < total"


def upgrade() -> None:
    op.execute(f"CREATE INDEX ix_receivables_open_due ON receivables (due_date) WHERE {OPEN}")


def downgrade() -> None:
    op.execute("DROP INDEX ix_receivables_open_due")
