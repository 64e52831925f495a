"""billing: the business figures of the console's home (GET /api/v1/analytics/*)

- `analytics_periods`: per billing month, invoices issued, billed, credited, collected.
- `analytics_credit_months`: per calendar month, the credit notes issued in it.
- `analytics_due` / `analytics_settled`: what became due and what was settled, per due date
  and day (the amount overdue on any day sums these rows).
- `analytics_lines`, `analytics_client_lines`, `analytics_line_months`: active lines and
  their fees per service, clients with an active line, new and ended lines per month.

Filled from what is stored (run it with the services stopped, as every migration): the
invoices, credit notes and billable contracts as they are. Settlements made before this
revision are dated on the invoice's issue date (the day of each payment is not kept by
billing), and the new and ended lines of the past from the contracts' start and end dates.

Revision ID: billing_0006
Revises: billing_0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "billing_0006"
down_revision = "billing_0005"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(14, 2)
SUM = sa.Numeric(16, 2)


def upgrade() -> None:
    op.create_table(
        "analytics_periods",
        sa.Column("period", sa.String(7), primary_key=True),
        sa.Column("invoices", sa.Integer, nullable=False, server_default="0"),
        sa.Column("billed", MONEY, nullable=False, server_default="0"),
        sa.Column("credited", MONEY, nullable=False, server_default="0"),
        sa.Column("collected", MONEY, nullable=False, server_default="0"),
    )
    op.create_table(
        "analytics_credit_months",
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("credit_notes", sa.Integer, nullable=False, server_default="0"),
        sa.Column("amount", SUM, nullable=False, server_default="0"),
    )
    for name in ("analytics_due", "analytics_settled"):
        op.create_table(
            name,
            sa.Column("due_date", sa.Date, primary_key=True),
            sa.Column("on_date", sa.Date, primary_key=True),
            sa.Column("amount", SUM, nullable=False),
        )
    op.create_table(
        "analytics_lines",
        sa.Column("service", sa.String(16), primary_key=True),
        sa.Column("active", sa.Integer, nullable=False, server_default="0"),
        sa.Column("mrr", SUM, nullable=False, server_default="0"),
    )
    op.create_table(
        "analytics_client_lines",
        sa.Column("client_id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("active", sa.Integer, nullable=False),
    )
    op.create_table(
        "analytics_line_months",
        sa.Column("period", sa.String(7), primary_key=True),
        sa.Column("new_lines", sa.Integer, nullable=False, server_default="0"),
        sa.Column("ended_lines", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_billable_contracts_subscriber_id", "billable_contracts", ["subscriber_id"])
    for statement in BACKFILL:
        op.execute(statement)


BACKFILL = (
    "INSERT INTO analytics_credit_months (month, credit_notes, amount) "
    "SELECT to_char(issue_date, 'YYYY-MM'), count(*), sum(total) FROM credit_notes "
    "GROUP BY 1",
    "INSERT INTO analytics_periods (period, invoices, billed, credited, collected) "
    "SELECT period, count(*), sum(total), sum(credited), sum(paid) FROM invoices GROUP BY period",
    "INSERT INTO analytics_due (due_date, on_date, amount) SELECT due_date, on_date, sum(amount) "
    "FROM (SELECT due_date, issue_date AS on_date, total AS amount FROM invoices UNION ALL "
    "SELECT i.due_date, (SELECT max(c.issue_date) FROM credit_notes c WHERE c.invoice_id = i.id), "
    "-i.credited FROM invoices i WHERE i.credited <> 0) d "
    "WHERE on_date IS NOT NULL GROUP BY due_date, on_date",
    "INSERT INTO analytics_settled (due_date, on_date, amount) SELECT due_date, issue_date, "
    "sum(paid) FROM invoices WHERE paid <> 0 GROUP BY due_date, issue_date",
    "INSERT INTO analytics_lines (service, active, mrr) SELECT service, count(*), "
    "sum(monthly_fee) FROM billable_contracts WHERE status = 'active' GROUP BY service",
    "INSERT INTO analytics_client_lines (client_id, active) SELECT client_id, count(*) "
    "FROM billable_contracts WHERE status = 'active' GROUP BY client_id",
    "INSERT INTO analytics_line_months (period, new_lines, ended_lines) "
    "SELECT period, sum(n), sum(e) FROM ("
    "SELECT to_char(min(start_date), 'YYYY-MM') AS period, 1 AS n, 0 AS e "
    "FROM billable_contracts WHERE status NOT IN ('cancelled', 'pending') "
    "GROUP BY subscriber_id UNION ALL "
    "SELECT to_char(end_date, 'YYYY-MM'), 0, 1 FROM billable_contracts "
    "WHERE status = 'terminated') m GROUP BY period",
)


def downgrade() -> None:
    op.drop_index("ix_billable_contracts_subscriber_id", "billable_contracts")
    for name in (
        "analytics_line_months",
        "analytics_client_lines",
        "analytics_lines",
        "analytics_settled",
        "analytics_due",
        "analytics_periods",
        "analytics_credit_months",
    ):
        op.drop_table(name)
